import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/ipc/errors';
import { classifySqliteError, StoreError } from '../store/errors';

/** The clock services use; tests pass a fixed one. */
export interface Clock {
  /** The current instant. */
  now(): Date;
  /** The clinician's local calendar date, YYYY-MM-DD. */
  today(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  },
};

/** A clock frozen at one instant, for tests and benchmarks. */
export function fixedClock(iso: string, today = iso.slice(0, 10)): Clock {
  return { now: () => new Date(iso), today: () => today };
}

/**
 * The EHR outbox as the record service sees it (electron/main/ehr/outbox.ts):
 * signing and addenda queue a delivery in their own transaction when an EHR
 * is set up. Absent or disabled = standalone use, nothing is queued.
 */
export interface EhrOutboxHook {
  enabled(): boolean;
  enqueue(visitId: string, reason: 'signed' | 'addendum', at: string, actor: string): unknown;
}

export interface ServiceDeps {
  db: Database;
  clock: Clock;
  newId: () => string;
  ehrOutbox?: EhrOutboxHook;
}

export function defaultDeps(db: Database, clock: Clock = systemClock): ServiceDeps {
  return { db, clock, newId: randomUUID };
}

/**
 * Run a write. SQLite failures the user can act on (disk full, read-only,
 * busy) become a STORAGE AppError; better-sqlite3 has already rolled the
 * transaction back, so nothing is half-written.
 */
export function storageGuard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AppError) throw error;
    const store = error instanceof StoreError ? error : classifySqliteError(error);
    if (store) throw new AppError('STORAGE', store.message);
    throw error;
  }
}
