// The SES client for sending digests.
// - Paced: SendRawEmail calls leave at most at this instance's share of SES's maximum send rate (fixed, or shared
//   among the instances sending now when given a registry: see rate-limit.ts). The pacing sits in
//   the client, after the message is built and signed and just before it goes on the wire, so uneven time spent
//   building messages cannot bunch sends up into a burst.
// - No blind retries: a send that fails in transit may have been accepted by SES, so the SDK's retries are off (our
//   deliver loop retries only what SES refused, such as throttling).
// - No stale sockets: reusing a keep-alive socket the server has just closed fails a send with a reset that looks like
//   any other lost response, so idle sockets are dropped after a few seconds, before a server would close them, and
//   requests get a deadline well inside the deliver function's reserve.
import { SESClient } from '@aws-sdk/client-ses';
import { createSendLimiter, type SendRateOptions } from './rate-limit.js';

/** Idle sockets are closed by us after this long (servers commonly allow 5 seconds or more). */
export const IDLE_SOCKET_MS = 4_000;

export function createSendingSesClient(rate?: SendRateOptions): SESClient {
  const agent = { keepAlive: true, timeout: IDLE_SOCKET_MS };
  const client = new SESClient({
    maxAttempts: 1,
    requestHandler: { httpAgent: agent, httpsAgent: agent, connectionTimeout: 3_000, requestTimeout: 10_000 },
  });
  if (rate && Number.isFinite(rate.maxPerSecond)) {
    const limiter = createSendLimiter(rate);
    client.middlewareStack.add(
      (next, context) => (args) =>
        context.commandName === 'SendRawEmailCommand' ? limiter.schedule(() => next(args)) : next(args),
      // The deserialize step wraps the HTTP call itself: everything before it (building, signing) is done.
      { step: 'deserialize', priority: 'high', name: 'paceSends' },
    );
  }
  return client;
}
