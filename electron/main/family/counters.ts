/**
 * What the family signaling path refused, by reason. Counts only: no
 * payloads, no addresses, no ids. Logged periodically and exposed for tests.
 */
export interface FamilyCounters {
  connections: number;
  received: number;
  accepted: number;
  refused: {
    oversized: number;
    malformed: number;
    unknown: number;
    outOfOrder: number;
    rateLimited: number;
    badToken: number;
    forbiddenOrigin: number;
    tooManyConnections: number;
    /** Unauthenticated WebSockets refused: the pool for sockets that have not said hello was full. */
    unauthenticatedFull: number;
    /** Refused because that client address already held its share of connections or sockets. */
    perAddress: number;
    /** Refused because the address is locked out after bad tokens. */
    lockedOut: number;
    /** Sockets closed because no hello came in time. */
    helloTimeout: number;
    /** HTTP requests refused by the per-address request rate. */
    httpRateLimited: number;
  };
}

export function newCounters(): FamilyCounters {
  return {
    connections: 0,
    received: 0,
    accepted: 0,
    refused: {
      oversized: 0,
      malformed: 0,
      unknown: 0,
      outOfOrder: 0,
      rateLimited: 0,
      badToken: 0,
      forbiddenOrigin: 0,
      tooManyConnections: 0,
      unauthenticatedFull: 0,
      perAddress: 0,
      lockedOut: 0,
      helloTimeout: 0,
      httpRateLimited: 0,
    },
  };
}

export function totalRefused(c: FamilyCounters): number {
  return Object.values(c.refused).reduce((a, b) => a + b, 0);
}
