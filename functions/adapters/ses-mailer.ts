// The Mailer port on Amazon SES: SendRawEmail with our own MIME bytes, so headers such as List-Unsubscribe are ours.
// The endpoint comes from AWS_ENDPOINT_URL_SES, so the same code talks to aws-ses-v2-local.
import { SESClient, SESServiceException, SendRawEmailCommand } from '@aws-sdk/client-ses';
import {
  type Mailer,
  type OutgoingMessage,
  PermanentSendError,
  type SendResult,
  ThrottledError,
} from '../email/mail.js';
import { buildMime } from './mime.js';

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'AccountSendingPausedException',
]);

export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESClient,
    private readonly options: { configurationSet?: string } = {},
  ) {}

  async send(message: OutgoingMessage): Promise<SendResult> {
    const raw = await buildMime(message);
    try {
      const out = await this.client.send(
        new SendRawEmailCommand({
          RawMessage: { Data: raw },
          Destinations: [message.to],
          ...(this.options.configurationSet ? { ConfigurationSetName: this.options.configurationSet } : {}),
        }),
      );
      return { messageId: out.MessageId ?? '' };
    } catch (error) {
      if (error instanceof SESServiceException || (error instanceof Error && 'name' in error)) {
        const name = (error as Error).name;
        if (THROTTLING.has(name) || /maximum sending rate/i.test((error as Error).message)) {
          throw new ThrottledError((error as Error).message);
        }
        if (PERMANENT.has(name)) throw new PermanentSendError((error as Error).message);
      }
      throw error;
    }
  }
}

/** One client per process, created at module scope by the entry points that need it. */
export function createSesClient(): SESClient {
  return new SESClient({});
}
