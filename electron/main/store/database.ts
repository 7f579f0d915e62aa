/**
 * The one owner of the SQLite file. Opening never creates, replaces or
 * "repairs" an existing file it cannot trust: a zero-length, foreign,
 * damaged or too-new file is refused with a StoreError and left untouched.
 */
import type { Database } from 'better-sqlite3';
import { applyKey, Sqlite as BetterSqlite3, type DatabaseKey } from './sqlite';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { classifySqliteError, StoreError } from './errors';
import { assertRegistry, MIGRATIONS, type Migration } from './migrations';
import { backupDatabase, defaultBackupDir, DEFAULT_BACKUPS_KEPT, type BackupInfo } from './backup';
import { deriveAuditKey, sealUnkeyedAuditRows, useAuditKey } from './audit';

export interface OpenOptions {
  /** Encryption key (32 bytes). Without it the file is plain SQLite (tests and CLIs on test data). */
  key?: DatabaseKey;
  /** Path to an Electron-ABI build of better-sqlite3 (the app); tests use the default Node build. */
  nativeBinding?: string;
  /** Schema steps to apply (tests pass a prefix of MIGRATIONS). */
  migrations?: readonly Migration[];
  /**
   * Called before migrating an existing database; must leave a verified copy
   * or throw. Default: a verified VACUUM INTO backup in `backups/` next to the
   * file, keeping the newest `backupsKept`. `false` turns it off (tests only).
   */
  backupBeforeMigrate?: ((db: Database, fromVersion: number) => void) | false;
  /** How many rotating backups the default pre-migration backup keeps. */
  backupsKept?: number;
  readonly?: boolean;
  /** The audit chain's HMAC key; default: derived from `key`. Tests on plain files may pass one. */
  auditKey?: Buffer;
}

/** What opening found and did, for the start-up log (no paths to patient data, no content). */
export interface OpenReport {
  created: boolean;
  /** A non-empty -wal file was left behind: the last session did not close the database. */
  uncleanShutdown: boolean;
  check: 'none' | 'quick_check' | 'integrity_check';
  fromVersion: number;
  toVersion: number;
  backup: BackupInfo | null;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Check the file's first bytes without opening it through SQLite (which would accept anything). */
function checkExistingFile(file: string, encrypted = false): void {
  const size = statSync(file).size;
  if (size === 0) throw new StoreError('EMPTY_FILE');
  if (size < 100) throw new StoreError('NOT_A_DATABASE');
  // An encrypted file has no plain header; SQLite itself judges it once keyed.
  if (encrypted) return;
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    if (!header.equals(SQLITE_HEADER)) throw new StoreError('NOT_A_DATABASE');
  } finally {
    closeSync(fd);
  }
}

/** The pragmas every connection gets (docs/security.md, store requirements 8). */
export function applyConnectionPragmas(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('trusted_schema = OFF');
}

export function userVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Apply pending steps, each in its own transaction together with its user_version bump. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  assertRegistry(migrations);
  const current = userVersion(db);
  if (current > migrations.length) throw new StoreError('TOO_NEW', `user_version ${current}`);
  for (const step of migrations.slice(current)) {
    const run = db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    });
    try {
      run();
    } catch (error) {
      throw new StoreError('MIGRATION_FAILED', `${step.name}: ${(error as { code?: string }).code ?? 'error'}`);
    }
  }
  return userVersion(db);
}

/**
 * Open (or create) the visit database. A new file is created only when no
 * file exists at `file`.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database {
  return openStore(file, options).db;
}

/** A leftover, non-empty WAL means the last connection did not close cleanly (crash, kill, power loss). */
function walLeftBehind(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0;
  } catch {
    return false;
  }
}

/**
 * openDatabase, plus a report of what was checked and done: quick_check on
 * every start, the full integrity_check after an unclean shutdown, and a
 * verified backup before any migration of an existing file.
 */
export function openStore(file: string, options: OpenOptions = {}): { db: Database; report: OpenReport } {
  const migrations = options.migrations ?? MIGRATIONS;
  const exists = file !== ':memory:' && existsSync(file);
  if (exists) checkExistingFile(file, options.key !== undefined);
  const uncleanShutdown = exists && walLeftBehind(file);
  const report: OpenReport = {
    created: !exists,
    uncleanShutdown,
    check: 'none',
    fromVersion: 0,
    toVersion: 0,
    backup: null,
  };
  let db: Database;
  try {
    db = new BetterSqlite3(file, {
      fileMustExist: exists,
      readonly: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    // Only SQLite's own errors say something about the file. A driver that
    // cannot load (missing, or built for another ABI) is not a damaged
    // database: pass it on as it is (the app reports it, native.ts).
    if (!(error as { code?: unknown } | null)?.code?.toString().startsWith('SQLITE_')) throw error;
    throw classifySqliteError(error) ?? new StoreError('NOT_A_DATABASE', 'open failed');
  }
  try {
    if (options.key) applyKey(db, options.key);
    // Read the version before touching journal mode: switching to WAL writes to the file.
    let version: number;
    try {
      version = userVersion(db);
      // With a key, a wrong key (or a plain file) reads as "not a database": say which.
      if (options.key && exists) db.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (error) {
      const classified = classifySqliteError(error);
      if (options.key && classified?.code === 'NOT_A_DATABASE') throw new StoreError('WRONG_KEY');
      throw classified ?? new StoreError('CORRUPT');
    }
    if (version > migrations.length) throw new StoreError('TOO_NEW', `user_version ${version}`);
    report.fromVersion = version;
    report.toVersion = version;
    if (exists) {
      report.check = uncleanShutdown ? 'integrity_check' : 'quick_check';
      const check = db.pragma(report.check, { simple: true });
      if (check !== 'ok') throw new StoreError('CORRUPT', report.check);
    }
    if (!options.readonly) applyConnectionPragmas(db);
    const hasAuditMac = () => (db.prepare(`SELECT count(*) FROM pragma_table_info('audit_log') WHERE name = 'mac'`).pluck().get() as number) === 1;
    const auditMacBefore = hasAuditMac();
    if (version < migrations.length && !options.readonly) {
      if (exists && version > 0 && options.backupBeforeMigrate !== false) {
        if (options.backupBeforeMigrate) {
          options.backupBeforeMigrate(db, version);
        } else {
          report.backup = backupDatabase(db, {
            dir: defaultBackupDir(file),
            keep: options.backupsKept ?? DEFAULT_BACKUPS_KEPT,
            ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
            ...(options.key ? { key: options.key } : {}),
          });
        }
      }
      report.toVersion = migrate(db, migrations);
    }
    // The audit chain is keyed with a key derived from the database key (issue 14); older rows are sealed on first keyed open.
    const auditKey = options.auditKey ?? (options.key ? deriveAuditKey(options.key) : undefined);
    if (auditKey) {
      useAuditKey(db, auditKey);
      // Rows older than the keyed chain are sealed once, in the open that keyed it, never later (see sealUnkeyedAuditRows).
      if (!options.readonly && !auditMacBefore && hasAuditMac()) sealUnkeyedAuditRows(db, auditKey);
    }
    return { db, report };
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw classifySqliteError(error) ?? new StoreError('CORRUPT');
  }
}
