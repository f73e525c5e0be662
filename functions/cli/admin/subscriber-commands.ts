// `subscribers show EMAIL` (a data-access request: everything held about one address, with every issue sent to
// it) and `subscribers delete EMAIL` (erasure: subscribers/erasure.ts). The address is shown to the operator who
// typed it; nothing here logs it.
import { DynamoIssueAdmin } from '../../adapters/dynamo/issue-admin.js';
import { DynamoSubscriberAdmin } from '../../adapters/dynamo/subscriber-admin.js';
import { keys } from '../../adapters/dynamo/table-schema.js';
import { InvalidAddressError, type NormalisedAddress, normaliseAddress } from '../../subscribers/address.js';
import { type ErasureReport, eraseSubscriber } from '../../subscribers/erasure.js';
import { refFor } from '../../subscribers/subscriber.js';
import { suppressionKeyFor } from '../../subscribers/suppression.js';
import { AdminError, EXIT } from './errors.js';
import type { AdminIo } from './io.js';
import type { AdminTarget } from './target.js';

function addressOf(email: string): NormalisedAddress {
  try {
    return normaliseAddress(email);
  } catch (error) {
    if (error instanceof InvalidAddressError) throw new AdminError(`not an email address: ${error.message}`);
    throw error;
  }
}

const label = (key: string) => key.replace(/([A-Z])/g, ' $1').toLowerCase();

export async function runShow(
  target: AdminTarget,
  email: string,
  json: boolean,
  io: AdminIo,
): Promise<number> {
  const address = addressOf(email);
  const who = refFor(address);
  const subscribers = new DynamoSubscriberAdmin(target.doc, target.tableName);
  const issues = new DynamoIssueAdmin(target.doc, target.tableName);
  const key = suppressionKeyFor(await target.tokenSecret(), address);
  const [subscriber, suppression, deliveries] = await Promise.all([
    subscribers.get(who.id),
    subscribers.getSuppression(key),
    issues.deliveriesOf(who.id),
  ]);
  if (!subscriber && !suppression && deliveries.length === 0) {
    throw new AdminError(`${target.label} holds nothing about ${address.address}`);
  }
  const sends = deliveries.map(({ issue, send }) => ({
    issueId: issue.issueId,
    subject: issue.subject,
    issueCreatedAt: issue.createdAt,
    result: send.result ?? 'in flight',
    ...(send.reason ? { reason: send.reason } : {}),
    ...(send.messageId ? { messageId: send.messageId } : {}),
    at: new Date(send.completedAt ?? send.claimedAt).toISOString(),
  }));
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ email: subscriber?.email ?? address.address, subscriberId: who.id, subscriber: subscriber ?? null, suppression: suppression ?? null, deliveries: sends }, null, 2)}\n`,
    );
    return EXIT.ok;
  }
  const out = (k: string, v: unknown) => io.stdout.write(`${k.padEnd(22)}${String(v)}\n`);
  out('email', subscriber?.email ?? address.address);
  out('subscriber id', who.id);
  if (subscriber) {
    const { id: _id, email: _email, ...rest } = subscriber;
    for (const [k, v] of Object.entries(rest))
      out(label(k), k === 'expiresAt' ? new Date(Number(v) * 1000).toISOString() : v);
  } else {
    out('record', 'none (erased, or never subscribed)');
  }
  if (suppression) {
    out(
      'suppressed',
      `${suppression.reason} since ${suppression.since}, erased ${suppression.erasedAt} (kept as a keyed hash: item ${keys.suppression(suppression.key).pk})`,
    );
  }
  out('issues sent to them', sends.length);
  for (const s of sends) {
    const why = s.reason ? ` (${s.reason})` : '';
    io.stdout.write(`  ${s.at}  ${s.issueId}  ${s.result}${why}  ${JSON.stringify(s.subject)}\n`);
  }
  return EXIT.ok;
}

export async function runDelete(
  target: AdminTarget,
  email: string,
  options: { yes: boolean; json: boolean },
  io: AdminIo,
  now: Date,
): Promise<number> {
  const address = addressOf(email);
  if (!options.yes) {
    if (!io.confirm) {
      throw new AdminError(`add --yes to erase ${address.address} (no terminal to ask on)`, EXIT.usage);
    }
    const go = await io.confirm(
      `Erase ${address.address} from ${target.label}: the record and every send record naming them? [y/N] `,
    );
    if (!go) throw new AdminError('nothing erased');
  }
  const subscribers = new DynamoSubscriberAdmin(target.doc, target.tableName);
  const issues = new DynamoIssueAdmin(target.doc, target.tableName);
  const report = await eraseSubscriber(
    {
      get: (id) => subscribers.get(id),
      getSuppression: (key) => subscribers.getSuppression(key),
      putSuppression: (s) => subscribers.putSuppression(s),
      deleteSubscriber: (id) => subscribers.deleteSubscriber(id),
      forgetDeliveries: (id) => issues.forgetSubscriber(id),
      forgetDerived: (who) => subscribers.forgetQuota(who),
    },
    await target.tokenSecret(),
    address.address,
    now,
  );
  if (options.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const line of describeErasure(report)) io.stdout.write(`${line}\n`);
  return EXIT.ok;
}

export function describeErasure(r: ErasureReport): string[] {
  const lines = [`Erased ${r.email} (subscriber ${r.subscriberId}):`];
  lines.push(r.deletedStatus ? `  record deleted (it was ${r.deletedStatus})` : '  no record held');
  lines.push(`  send records deleted: ${r.sendRecords}; issue summaries cleared of their id: ${r.summaries}`);
  if (r.derived > 0) lines.push(`  its mailbox's confirmation-email count deleted`);
  if (r.suppression) {
    lines.push(
      `  kept: a keyed hash of the address, not the address, so it is never mailed again (${r.suppression.reason} since ${r.suppression.since})`,
    );
  }
  if (r.stillSending.length > 0) {
    lines.push(
      `  issues still being delivered may yet record them: ${r.stillSending.join(', ')}; run this again once they complete`,
    );
  }
  return lines;
}
