/**
 * Clinicians: the users of the console. Passcodes are stored as scrypt
 * hashes with a per-user random salt and checked in constant time. The key
 * derivation runs on libuv's thread pool (async scrypt), never on the main
 * thread: a wrong-passcode storm used to freeze the window and every IPC
 * answer for its whole length (issue 14).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { passcodeProblem } from '../../../shared/domain/session';
import { AppError } from '../../../shared/ipc/errors';
import { appendAudit } from '../store/audit';
import type { Clinician } from '../store/record-types';
import { storageGuard, type ServiceDeps } from './deps';

/** scrypt cost: N=2^15, r=8, p=1 (OWASP's minimum for scrypt), 32-byte key. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keyLen: 32 } as const;
const MAXMEM = 64 * 1024 * 1024;

function scryptAsync(passcode: string, salt: Buffer, keyLen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(passcode, salt, keyLen, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPasscode(passcode: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const key = await scryptAsync(passcode.normalize('NFKC'), salt, SCRYPT.keyLen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: MAXMEM });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function checkPasscode(passcode: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== SCRYPT.keyLen) return false;
  const actual = await scryptAsync(passcode.normalize('NFKC'), salt, expected.length, { N, r, p, maxmem: MAXMEM });
  return timingSafeEqual(actual, expected);
}

/**
 * The unlock back-off (issue 14): no pause for the first few wrong
 * passcodes in a row, then a pause that doubles with every further one, up
 * to an hour. Kept in the store (0011), so a restart does not reset it.
 */
export const UNLOCK_BACKOFF = { freeFailures: 4, firstPauseMs: 30_000, maxPauseMs: 60 * 60_000 } as const;

export function pauseAfter(failures: number): number {
  if (failures <= UNLOCK_BACKOFF.freeFailures) return 0;
  const doublings = Math.min(failures - UNLOCK_BACKOFF.freeFailures - 1, 20);
  return Math.min(UNLOCK_BACKOFF.firstPauseMs * 2 ** doublings, UNLOCK_BACKOFF.maxPauseMs);
}

export interface NewClinicianInput {
  displayName: string;
  credentials: string;
  passcode: string;
}

let dummyHash: Promise<string> | undefined;

export function createClinicianService(deps: ServiceDeps) {
  const { db, clock, newId } = deps;
  const insert = db.prepare(
    `INSERT INTO clinicians (id, display_name, credentials, passcode_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare(`SELECT id, display_name, credentials, created_at FROM clinicians WHERE id = ?`);
  const hashOf = db.prepare(`SELECT passcode_hash FROM clinicians WHERE id = ?`);
  const all = db.prepare(`SELECT id, display_name, credentials, created_at FROM clinicians ORDER BY display_name, id`);
  const hasGuard = (db.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'unlock_guard'`).pluck().get() as number) === 1;
  const guardRow = hasGuard ? db.prepare(`SELECT failures, paused_until FROM unlock_guard WHERE id = 1`) : db.prepare(`SELECT 0 AS failures, NULL AS paused_until`);
  const guardFail = hasGuard
    ? db.prepare(`INSERT INTO unlock_guard (id, failures, paused_until, last_failure_at) VALUES (1, ?, ?, ?)
                  ON CONFLICT(id) DO UPDATE SET failures = excluded.failures, paused_until = excluded.paused_until, last_failure_at = excluded.last_failure_at`)
    : { run: () => undefined };
  const guardReset = hasGuard ? db.prepare(`UPDATE unlock_guard SET failures = 0, paused_until = NULL WHERE id = 1`) : { run: () => undefined };
  const toClinician = (r: { id: string; display_name: string; credentials: string; created_at: string }): Clinician => ({
    id: r.id,
    displayName: r.display_name,
    credentials: r.credentials,
    createdAt: r.created_at,
  });
  type Row = Parameters<typeof toClinician>[0];

  return {
    async create(input: NewClinicianInput): Promise<Clinician> {
      const fields = [];
      const name = input.displayName.trim();
      if (name.length < 1 || name.length > 200) fields.push({ path: 'displayName', message: 'Enter a name of 1 to 200 characters.' });
      if (input.credentials.length > 100) fields.push({ path: 'credentials', message: 'Credentials must be 100 characters or fewer.' });
      const weak = passcodeProblem(input.passcode);
      if (weak) fields.push({ path: 'passcode', message: weak });
      if (fields.length) throw new AppError('VALIDATION', 'Some of the information is not valid.', fields);
      const id = newId();
      const hash = await hashPasscode(input.passcode);
      const at = clock.now().toISOString();
      storageGuard(() =>
        db.transaction(() => {
          insert.run(id, name, input.credentials.trim(), hash, at);
          appendAudit(db, { actor: 'system', action: 'clinician.create', entity: 'clinician', entityId: id, at });
        })(),
      );
      return this.get(id);
    },

    async get(id: string): Promise<Clinician> {
      const r = byId.get(id) as Row | undefined;
      if (!r) throw new AppError('NOT_FOUND', 'That clinician was not found.');
      return toClinician(r);
    },

    async list(): Promise<Clinician[]> {
      return (all.all() as Row[]).map(toClinician);
    },

    /** True when `passcode` is this clinician's; false for a wrong passcode or an unknown clinician. */
    async verifyPasscode(id: string, passcode: string): Promise<boolean> {
      const r = hashOf.get(id) as { passcode_hash: string } | undefined;
      if (!r) {
        // Same work for an unknown id, so timing does not reveal which ids exist.
        dummyHash ??= hashPasscode('unknown-clinician');
        await checkPasscode(passcode, await dummyHash);
        return false;
      }
      return checkPasscode(passcode, r.passcode_hash);
    },

    /** The console-wide unlock back-off as stored: wrong passcodes in a row, and until when unlocking is paused. */
    unlockGuard(): { failures: number; pausedUntil: number } {
      const row = guardRow.get() as { failures: number; paused_until: string | null } | undefined;
      return { failures: row?.failures ?? 0, pausedUntil: row?.paused_until ? Date.parse(row.paused_until) : 0 };
    },

    /** One more wrong passcode: stored before the answer goes out, with the pause it earns. */
    recordUnlockFailure(): { failures: number; pausedUntil: number } {
      const now = clock.now();
      const failures = this.unlockGuard().failures + 1;
      const pause = pauseAfter(failures);
      const pausedUntil = pause > 0 ? now.getTime() + pause : 0;
      storageGuard(() => guardFail.run(failures, pausedUntil ? new Date(pausedUntil).toISOString() : null, now.toISOString()));
      return { failures, pausedUntil };
    },

    resetUnlockGuard(): void {
      storageGuard(() => guardReset.run());
    },
  };
}
export type ClinicianService = ReturnType<typeof createClinicianService>;
