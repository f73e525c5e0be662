// Subscribers as the domain sees them: states, the rules between them, and the store port.
// PARTIAL: the subscriber-store work extends this file; delivery relies on the members marked below.

export type SubscriberStatus = 'pending' | 'active' | 'unsubscribed' | 'bounced' | 'complained';

export interface Subscriber {
  /** Derived from the normalised address; safe to put in logs and tokens. */
  readonly id: string;
  readonly email: string;
  readonly status: SubscriberStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly confirmedAt?: string;
  readonly unsubscribedAt?: string;
  readonly bouncedAt?: string;
  readonly complainedAt?: string;
}

/** One page of active subscribers from one shard of the sparse index. */
export interface ActivePage {
  readonly subscribers: ReadonlyArray<Pick<Subscriber, 'id' | 'email'>>;
  /** Opaque; absent on the last page. */
  readonly cursor?: string;
}

/** Port. Delivery uses `get`, `listActive` and `shards`; tests and seeding use `subscribe` and `confirm`. */
export interface SubscriberStore {
  readonly shards: number;
  get(subscriberId: string): Promise<Subscriber | undefined>;
  listActive(shard: number, cursor?: string, limit?: number): Promise<ActivePage>;
}

/** Masks an address for logs: "jane.doe@example.com" -> "j***@e***.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot >= 0 ? domain.slice(dot) : '';
  return `${email[0]}***@${domain[0] ?? ''}***${tld}`;
}
