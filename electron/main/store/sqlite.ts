/**
 * The SQLite driver: better-sqlite3-multiple-ciphers (better-sqlite3's API,
 * with SQLite3 Multiple Ciphers compiled in) so the visit database is
 * encrypted at rest. Types come from @types/better-sqlite3.
 */
import type BetterSqlite3 from 'better-sqlite3';
import Driver from 'better-sqlite3-multiple-ciphers';
import type { Database } from 'better-sqlite3';

export const Sqlite = Driver as unknown as typeof BetterSqlite3;

/** A 256-bit database key (32 bytes). */
export type DatabaseKey = Buffer;

/**
 * Apply the key before anything else reads the file. The key is given as
 * hex so it never passes through string escaping; the cipher is ChaCha20-
 * Poly1305 (the library's default), which also encrypts the WAL.
 */
export function applyKey(db: Database, key: DatabaseKey): void {
  if (key.length !== 32) throw new Error('applyKey: the database key must be 32 bytes');
  db.pragma(`cipher = 'chacha20'`);
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}
