/** A token bucket: `capacity` messages at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Lockout after refused hellos/resumes, per client address, with back-off:
 * `limit` failures within `windowMs` lock the address out for `baseMs`; each
 * further lockout of the same address doubles, up to `maxMs`. An address that
 * stays quiet for twice the longest lockout is forgotten. Only the failing
 * address is locked: a family on another address is never refused because of
 * it (that is why the server keys it by the forwarded client address behind a
 * trusted proxy, not by the proxy's own).
 *
 * The table is bounded (`maxEntries`): when full, the entries that are neither
 * locked nor recently failing are dropped first, then the oldest.
 */
export class AuthLockout {
  private readonly entries = new Map<string, { failures: number[]; lockedUntil: number; strikes: number; lastAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = () => Date.now(),
    private readonly maxEntries = 10_000,
  ) {}

  /** Milliseconds until `key` may try again (0 when it is not locked out). */
  lockedFor(key: string): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    return Math.max(0, e.lockedUntil - this.now());
  }

  record(key: string): void {
    const t = this.now();
    let e = this.entries.get(key);
    if (e && t - e.lastAt > 2 * this.maxMs && e.lockedUntil <= t) {
      this.entries.delete(key);
      e = undefined;
    }
    if (!e) {
      if (this.entries.size >= this.maxEntries) this.sweep(t);
      e = { failures: [], lockedUntil: 0, strikes: 0, lastAt: t };
      this.entries.set(key, e);
    }
    e.lastAt = t;
    e.failures = e.failures.filter((f) => f > t - this.windowMs);
    e.failures.push(t);
    if (e.failures.length >= this.limit) {
      e.strikes += 1;
      e.failures = [];
      e.lockedUntil = t + Math.min(this.maxMs, this.baseMs * 2 ** Math.min(30, e.strikes - 1));
    }
  }

  /** Entries kept (for tests: the table does not grow without bound). */
  get size(): number {
    return this.entries.size;
  }

  private sweep(t: number): void {
    for (const [key, e] of this.entries) {
      if (e.lockedUntil <= t && (t - e.lastAt > this.windowMs || e.strikes === 0)) this.entries.delete(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

/** One token bucket per key (client address), dropped when full again; at most `maxEntries` kept. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, { bucket: TokenBucket; lastAt: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly maxEntries = 10_000,
  ) {}

  take(key: string): boolean {
    const t = this.now();
    let e = this.buckets.get(key);
    if (!e) {
      if (this.buckets.size >= this.maxEntries) this.sweep(t);
      e = { bucket: new TokenBucket(this.capacity, this.perSecond, this.now), lastAt: t };
      this.buckets.set(key, e);
    }
    e.lastAt = t;
    return e.bucket.take();
  }

  private sweep(t: number): void {
    // A bucket idle long enough to have refilled is the same as a new one.
    const refillMs = (this.capacity / this.perSecond) * 1000;
    for (const [key, e] of this.buckets) if (t - e.lastAt > refillMs) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxEntries) break;
      this.buckets.delete(key);
    }
  }
}

/** Counts per key that go up and down (open connections per address); a key at 0 is removed. */
export class OpenCounts {
  private readonly counts = new Map<string, number>();
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  add(key: string): void {
    this.counts.set(key, this.get(key) + 1);
  }
  remove(key: string): void {
    const n = this.get(key) - 1;
    if (n > 0) this.counts.set(key, n);
    else this.counts.delete(key);
  }
  get size(): number {
    return this.counts.size;
  }
}
