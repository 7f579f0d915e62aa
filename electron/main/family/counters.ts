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
    },
  };
}

export function totalRefused(c: FamilyCounters): number {
  return Object.values(c.refused).reduce((a, b) => a + b, 0);
}
