import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/main/store/database';
import { StoreError } from '../../electron/main/store/errors';
import { createServices } from '../../electron/main/services';
import { fixedClock, type ServiceDeps } from '../../electron/main/services/deps';

/** A real SQLite file in a fresh temp folder, removed by `cleanup`. */
export function tempDbFile(): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'bptc-test-'));
  return { dir, file: join(dir, 'visits.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The StoreError openDatabase refuses `file` with; throws when the file opens or the error is of another kind. */
export function openRefusal(file: string): StoreError {
  try {
    openDatabase(file).close();
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw new Error(`expected a StoreError, got ${String(e)}`);
  }
  throw new Error('expected openDatabase to refuse the file');
}

/** Fresh temp folders named `prefix…` (`make`), every one removed by `removeAll` (for afterAll). */
export function tempFolders(prefix: string): { make: () => string; removeAll: () => void } {
  const dirs: string[] = [];
  return {
    make: () => {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
    removeAll: () => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** Deterministic UUID-shaped ids, so tests can predict them. */
export function sequentialIds(prefix = 0): () => string {
  return () => {
    counter += 1;
    const n = (prefix * 1_000_000 + counter).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${n}`;
  };
}

export const TEST_NOW = '2026-11-27T10:00:00.000Z';

/** Open a temp database with services on a fixed clock. */
export function openTestStore(now = TEST_NOW) {
  const tmp = tempDbFile();
  const db = openDatabase(tmp.file);
  const deps: ServiceDeps = { db, clock: fixedClock(now), newId: sequentialIds() };
  const services = createServices(deps);
  return {
    ...tmp,
    db,
    deps,
    services,
    close: () => {
      if (db.open) db.close();
      tmp.cleanup();
    },
  };
}

export const validPatient = {
  childName: 'Mia Example',
  dateOfBirth: '2016-04-12',
  sex: 'female' as const,
  weightKg: 31.5,
  guardianName: 'Ana Example',
  guardianPhone: '+1 555 010 2000',
};
