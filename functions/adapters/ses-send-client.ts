// The SES client for sending digests. A send that fails in transit may have been accepted by SES, so it is never
// retried blindly (the SDK's retries are off; our deliver loop retries only what SES refused, such as throttling).
// That makes stale keep-alive sockets dangerous: reusing a socket the server has just closed fails the send with a
// reset that looks like any other lost response. So idle sockets are dropped after a few seconds, before a server
// would close them, and requests get a deadline well inside the deliver function's reserve.
import { SESClient } from '@aws-sdk/client-ses';

/** Idle sockets are closed by us after this long (servers commonly allow 5 seconds or more). */
export const IDLE_SOCKET_MS = 4_000;

export function createSendingSesClient(): SESClient {
  const agent = { keepAlive: true, timeout: IDLE_SOCKET_MS };
  return new SESClient({
    maxAttempts: 1,
    requestHandler: { httpAgent: agent, httpsAgent: agent, connectionTimeout: 3_000, requestTimeout: 10_000 },
  });
}
