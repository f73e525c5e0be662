// Who the service sends mail as: the SES identity of the sender (the domain with DKIM, or the one address) and
// the configuration set every send goes through, with SES's own suppression list on. `grantSendEmail` lets a
// function send as that identity through that set, and nothing more.
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { SenderIdentityKind } from '../config.js';
import { Capability } from './capability.js';

export interface MailSenderProps {
  /** The bare From address, e.g. `digest@example.com`. */
  readonly senderAddress: string;
  /** The domain of the From address, lower-cased. */
  readonly senderDomain: string;
  /**
   * What SES verifies: the whole domain (DKIM records in DNS, needed for DMARC alignment) or the address alone.
   * @default 'domain'
   */
  readonly identityKind?: SenderIdentityKind;
  /**
   * Route 53 public hosted zone of the sender domain; only with identityKind 'domain'.
   * @default - no zone: the DKIM records are left to the operator (see `dkimRecords`)
   */
  readonly hostedZoneId?: string;
  /**
   * Verified recipients of an account still in the SES sandbox, where SES also checks send permission on them.
   * @default - none: the send permission covers only the sender identity and the configuration set
   */
  readonly sandboxRecipients?: readonly string[];
}

export class MailSender extends Capability {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  /** `name CNAME value` lines to add to the sender domain's DNS; empty when SES needs none from the operator. */
  readonly dkimRecords: readonly string[];
  private readonly sendResources: string[];

  constructor(scope: Construct, id: string, props: MailSenderProps) {
    super(scope, id);
    const kind = props.identityKind ?? 'domain';
    const stack = Stack.of(this);

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // SES itself also stops mail to addresses that bounced or complained, whatever our table says.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    const hostedZone = props.hostedZoneId
      ? route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'SenderZone', {
          hostedZoneId: props.hostedZoneId,
          zoneName: props.senderDomain,
        })
      : undefined;
    this.identity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity:
        kind === 'address'
          ? ses.Identity.email(props.senderAddress)
          : hostedZone
            ? ses.Identity.publicHostedZone(hostedZone)
            : ses.Identity.domain(props.senderDomain),
      configurationSet: this.configurationSet,
    });

    const identityArn = (name: string) =>
      stack.formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: name,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    // SES authorises a send against the sender's identity (the domain and, when it is verified through its
    // domain, the address too), the configuration set, and, in the sandbox, the recipients' identities.
    this.sendResources = [
      this.identity.emailIdentityArn,
      ...(kind === 'domain' ? [identityArn(props.senderAddress)] : []),
      stack.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: this.configurationSet.configurationSetName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
      ...(props.sandboxRecipients ?? []).map(identityArn),
    ];

    const identity = this.identity;
    this.dkimRecords =
      kind === 'domain' && !hostedZone
        ? [
            `${identity.dkimDnsTokenName1} CNAME ${identity.dkimDnsTokenValue1}`,
            `${identity.dkimDnsTokenName2} CNAME ${identity.dkimDnsTokenValue2}`,
            `${identity.dkimDnsTokenName3} CNAME ${identity.dkimDnsTokenValue3}`,
          ]
        : [];
  }

  /** Lets `grantee` send (SendEmail, SendRawEmail) as the sender identity through the configuration set. */
  grantSendEmail(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resourceArns: this.sendResources,
    });
  }
}
