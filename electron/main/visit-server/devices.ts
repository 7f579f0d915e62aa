/**
 * Consoles enrolled on a visit server. An administrator issues a one-time
 * enrolment code (`npm run visit-server -- --config FILE --enrol LABEL`); the
 * console exchanges it, once and within 24 hours, for its own device
 * credential. Both are stored only as SHA-256 hashes; a device can be revoked
 * (`--revoke DEVICE_ID`), after which its credential is refused.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
export const ENROLMENT_TTL_MS = 24 * 3600_000;
export const CODE_PATTERN = /^[A-Za-z0-9_-]{20}$/;
export const CREDENTIAL_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface DeviceRow {
  id: string;
  label: string;
  created_at: string;
  enrolled_at: string | null;
  revoked_at: string | null;
}

export function createDeviceRegistry(db: Database, now: () => Date = () => new Date()) {
  return {
    /** A new device slot and its one-time code (shown once to the administrator). */
    issueEnrolment(label: string): { deviceId: string; code: string; expiresAt: string } {
      const clean = label.trim().slice(0, 100);
      if (!clean) throw new Error('A label is needed (for example the room or the clinician).');
      const deviceId = randomUUID();
      const code = randomBytes(15).toString('base64url');
      const expiresAt = new Date(now().getTime() + ENROLMENT_TTL_MS).toISOString();
      db.prepare(`INSERT INTO devices (id, label, enrolment_hash, enrolment_expires_at, created_at) VALUES (?, ?, ?, ?, ?)`).run(
        deviceId, clean, sha256(code), expiresAt, now().toISOString(),
      );
      return { deviceId, code, expiresAt };
    },

    /** Exchange a code for a credential; null when the code is unknown, used, expired or revoked. */
    enrol(code: string): { deviceId: string; credential: string } | null {
      if (!CODE_PATTERN.test(code)) return null;
      const credential = randomBytes(32).toString('base64url');
      const at = now().toISOString();
      // One conditional UPDATE: of two concurrent uses of a code exactly one wins.
      const row = db
        .prepare(
          `UPDATE devices SET credential_hash = ?, enrolled_at = ?, enrolment_hash = NULL, enrolment_expires_at = NULL
             WHERE enrolment_hash = ? AND enrolment_expires_at > ? AND revoked_at IS NULL RETURNING id`,
        )
        .get(sha256(credential), at, sha256(code), at) as { id: string } | undefined;
      return row ? { deviceId: row.id, credential } : null;
    },

    /** True when the credential is this device's and the device is not revoked. */
    authenticate(deviceId: string, credential: string): boolean {
      if (!CREDENTIAL_PATTERN.test(credential) || deviceId.length > 64) return false;
      const row = db.prepare(`SELECT credential_hash FROM devices WHERE id = ? AND revoked_at IS NULL`).get(deviceId) as
        | { credential_hash: string | null }
        | undefined;
      if (!row?.credential_hash) return false;
      return timingSafeEqual(Buffer.from(row.credential_hash, 'hex'), Buffer.from(sha256(credential), 'hex'));
    },

    revoke(deviceId: string): boolean {
      return db.prepare(`UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`).run(now().toISOString(), deviceId).changes === 1;
    },

    list(): DeviceRow[] {
      return db.prepare(`SELECT id, label, created_at, enrolled_at, revoked_at FROM devices ORDER BY created_at`).all() as DeviceRow[];
    },
  };
}
export type DeviceRegistry = ReturnType<typeof createDeviceRegistry>;
