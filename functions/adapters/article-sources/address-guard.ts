// Keeps http(s) article fetches off private networks (SSRF): an undici dispatcher that refuses to connect to any
// address that is not public unicast. The check is made at connect time, on the addresses a name resolved to and on
// the socket's remote address, so DNS rebinding and redirects to an internal host are refused as well as literal
// IPs; a check of the URL's host string alone would miss both. Address ranges come from ipaddr.js.
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';

/** How a non-public address is named in messages, by ipaddr.js range; other ranges are "reserved". */
const RANGE_NAMES: Readonly<Record<string, string>> = {
  private: 'a private',
  loopback: 'a loopback',
  linkLocal: 'a link-local',
  uniqueLocal: 'a unique-local',
  unspecified: 'an unspecified',
  multicast: 'a multicast',
  broadcast: 'a broadcast',
  carrierGradeNat: 'a carrier-grade NAT',
};

/**
 * What kind of non-public address `address` is ("a private", "a loopback", ...), or undefined when it is public
 * unicast. IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries; anything unparsable, and
 * every special range (NAT64, 6to4 and Teredo included, since they can carry any IPv4 address), is not public.
 */
export function nonPublicKind(address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() unwraps IPv4-mapped IPv6 and accepts a zone index (fe80::1%eth0).
    parsed = ipaddr.process(address);
  } catch {
    return 'an unrecognised';
  }
  const range: string = parsed.range();
  if (range === 'unicast') return undefined;
  return RANGE_NAMES[range] ?? 'a reserved';
}

/** A connection refused because its address is not public; its message is the reason, fit for one line. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  readonly code = 'EBLOCKEDADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
    kind: string,
  ) {
    const what = host === address ? `${address} is ${kind}` : `${host} resolves to ${address}, ${kind}`;
    super(`${what} address; only public addresses are fetched here`);
  }
}

/** Wraps a lookup so that a name resolving to any non-public address fails instead of connecting. */
export function publicOnlyLookup(lookup: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      // With `all: true` (Node's default autoSelectFamily asks for it) every address may be tried: all must pass.
      for (const candidate of typeof address === 'string' ? [address] : address.map((a) => a.address)) {
        const kind = nonPublicKind(candidate);
        if (kind !== undefined)
          return callback(new BlockedAddressError(hostname, candidate, kind), address, family);
      }
      callback(null, address, family);
    });
  };
}

export type PrivateNetwork = 'allow' | 'block';

/**
 * The dispatcher for one article fetch. With 'block', a literal IP host is checked before connecting, a name's
 * resolved addresses before connecting (publicOnlyLookup), and the connected socket's remote address once more.
 * `lookup` replaces DNS (tests resolve made-up names with it).
 */
export function articleDispatcher(privateNetwork: PrivateNetwork, lookup?: LookupFunction): Agent {
  if (privateNetwork === 'allow') return new Agent(lookup ? { connect: { lookup } } : {});
  const connect = buildConnector({ lookup: publicOnlyLookup(lookup) });
  return new Agent({
    connect(options, callback) {
      // undici passes an IPv6 literal without its brackets; Node skips the lookup for any literal IP.
      const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
      if (isIP(host) !== 0) {
        const kind = nonPublicKind(host);
        if (kind !== undefined) return callback(new BlockedAddressError(host, host, kind), null);
      }
      connect(options, (error, socket) => {
        if (error !== null) return callback(error, null);
        const remote = socket.remoteAddress;
        const kind = remote === undefined ? 'an unknown' : nonPublicKind(remote);
        if (kind !== undefined) {
          socket.destroy();
          return callback(new BlockedAddressError(host, remote ?? 'its address', kind), null);
        }
        callback(null, socket);
      });
    },
  });
}
