/**
 * Clinicians: the users of the console. Passcodes are stored as scrypt
 * hashes with a per-user random salt and checked in constant time.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../shared/ipc/errors';
import { appendAudit } from '../store/audit';
import type { Clinician } from '../store/record-types';
import { storageGuard, type ServiceDeps } from './deps';

/** scrypt cost: N=2^15, r=8, p=1 (OWASP's minimum for scrypt), 32-byte key. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keyLen: 32 } as const;
const MAXMEM = 64 * 1024 * 1024;

export function hashPasscode(passcode: string, salt: Buffer = randomBytes(16)): string {
  const key = scryptSync(passcode.normalize('NFKC'), salt, SCRYPT.keyLen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: MAXMEM });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export function checkPasscode(passcode: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== SCRYPT.keyLen) return false;
  const actual = scryptSync(passcode.normalize('NFKC'), salt, expected.length, { N, r, p, maxmem: MAXMEM });
  return timingSafeEqual(actual, expected);
}

export interface NewClinicianInput {
  displayName: string;
  credentials: string;
  passcode: string;
}

export const PASSCODE_MIN = 6;
let dummyHash: string | undefined;

export function createClinicianService(deps: ServiceDeps) {
  const { db, clock, newId } = deps;
  const insert = db.prepare(
    `INSERT INTO clinicians (id, display_name, credentials, passcode_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare(`SELECT id, display_name, credentials, created_at FROM clinicians WHERE id = ?`);
  const hashOf = db.prepare(`SELECT passcode_hash FROM clinicians WHERE id = ?`);
  const all = db.prepare(`SELECT id, display_name, credentials, created_at FROM clinicians ORDER BY display_name, id`);
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
      if (input.passcode.length < PASSCODE_MIN || input.passcode.length > 200) {
        fields.push({ path: 'passcode', message: `Use a passcode of at least ${PASSCODE_MIN} characters.` });
      }
      if (fields.length) throw new AppError('VALIDATION', 'Some of the information is not valid.', fields);
      const id = newId();
      const hash = hashPasscode(input.passcode);
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
        checkPasscode(passcode, dummyHash);
        return false;
      }
      return checkPasscode(passcode, r.passcode_hash);
    },
  };
}
export type ClinicianService = ReturnType<typeof createClinicianService>;
