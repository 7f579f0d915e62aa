/**
 * Which client an HTTP request or WebSocket comes from, for per-address
 * limits and lockouts. Directly connected clients are their socket's address.
 * Behind a reverse proxy every socket comes from the proxy, so a request from
 * a configured trusted proxy is attributed to the address the proxy appended
 * to X-Forwarded-For (the rightmost entry that is not itself a trusted proxy).
 * The header is ignored from anyone else: a client could write any address
 * into it, to hide or to get someone else locked out.
 */
import { isIP } from 'node:net';

/** `::ffff:127.0.0.1` and `127.0.0.1` are one client. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped ? mapped[1]! : a;
}

export function clientAddress(
  remote: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: ReadonlySet<string>,
): string {
  const peer = normalizeAddress(remote);
  if (!trustedProxies.has(peer) || forwardedFor === undefined) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((s) => normalizeAddress(s))
    .filter((s) => s !== 'unknown' && s !== '');
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i]!;
    // A proxy that wrote something other than an address: count it against the proxy, not a guess.
    if (isIP(hop) === 0) return peer;
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}

export function trustedSet(addresses: readonly string[]): ReadonlySet<string> {
  return new Set(addresses.map((a) => normalizeAddress(a)));
}
