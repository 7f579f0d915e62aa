/**
 * Verified, rotating backups and a restore that never destroys the file it
 * replaces. A backup is written with VACUUM INTO (a consistent snapshot that
 * works on a live WAL database), fsynced, opened read-only and quick_checked,
 * and only then given its final name.
 */
import type { Database } from 'better-sqlite3';
import { applyKey, Sqlite as BetterSqlite3, type DatabaseKey } from './sqlite';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StoreError } from './errors';

export const DEFAULT_BACKUPS_KEPT = 5;
const NAME = /^visits-(\d{8}T\d{9}Z)-v(\d+)(?:-(\d+))?\.sqlite$/;

export interface BackupInfo {
  file: string;
  takenAt: string;
  schemaVersion: number;
  bytes: number;
}

/** Backups live next to the database, in `backups/`. */
export function defaultBackupDir(dbFile: string): string {
  return join(dirname(dbFile), 'backups');
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Open a backup read-only and quick_check it; returns its schema version. Throws BACKUP_FAILED. */
export function verifyBackup(file: string, options: { nativeBinding?: string; key?: DatabaseKey } = {}): number {
  let db: Database | undefined;
  try {
    db = new BetterSqlite3(file, {
      readonly: true,
      fileMustExist: true,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    // An encrypted database's backup (VACUUM INTO) is encrypted with the same key.
    if (options.key) applyKey(db, options.key);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new StoreError('BACKUP_FAILED', 'quick_check');
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError('BACKUP_FAILED', (error as { code?: string }).code ?? 'verify');
  } finally {
    db?.close();
  }
}

/** Backups in `dir`, newest first. */
export function listBackups(dir: string): BackupInfo[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, m: NAME.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => ({
      file: join(dir, name),
      takenAt: m[1]!,
      schemaVersion: Number(m[2]),
      bytes: statSync(join(dir, name)).size,
      order: `${m[1]}-${(m[3] ?? '0').padStart(6, '0')}`,
    }))
    .sort((a, b) => (a.order < b.order ? 1 : a.order > b.order ? -1 : 0))
    .map(({ order: _order, ...info }) => info);
}

export interface BackupOptions {
  dir: string;
  /** How many backups to keep (older ones are removed only after the new one verified). */
  keep?: number;
  now?: Date;
  nativeBinding?: string;
  key?: DatabaseKey;
}

/**
 * Write a verified backup of `db` into `dir` and rotate. Must not run inside
 * a transaction. Throws StoreError('BACKUP_FAILED') and leaves no partial file.
 */
export function backupDatabase(db: Database, options: BackupOptions): BackupInfo {
  const keep = options.keep ?? DEFAULT_BACKUPS_KEPT;
  if (keep < 1) throw new Error('backupDatabase: keep must be at least 1');
  const version = db.pragma('user_version', { simple: true }) as number;
  const base = `visits-${stamp(options.now ?? new Date())}-v${version}`;
  let name = `${base}.sqlite`;
  for (let n = 1; existsSync(join(options.dir, name)); n += 1) name = `${base}-${n}.sqlite`;
  const final = join(options.dir, name);
  const partial = `${final}.partial`;
  try {
    mkdirSync(options.dir, { recursive: true });
    rmSync(partial, { force: true });
    db.prepare('VACUUM INTO ?').run(partial);
    fsyncPath(partial);
    const verified = verifyBackup(partial, options);
    if (verified !== version) throw new StoreError('BACKUP_FAILED', 'version mismatch');
    renameSync(partial, final);
    fsyncPath(options.dir);
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof StoreError) throw error;
    throw new StoreError('BACKUP_FAILED', (error as { code?: string }).code ?? 'write');
  }
  for (const old of listBackups(options.dir).slice(keep)) rmSync(old.file, { force: true });
  const info = listBackups(options.dir).find((b) => b.file === final);
  if (!info) throw new StoreError('BACKUP_FAILED', 'rotation');
  return info;
}

/**
 * Put a verified backup in place of `targetFile`, which must not be open.
 * The current file and its -wal/-shm are moved aside (never deleted), so a
 * wrong restore can itself be undone. Returns the paths moved aside.
 */
export function restoreBackup(
  backupFile: string,
  targetFile: string,
  now: Date = new Date(),
  options: { key?: DatabaseKey; nativeBinding?: string } = {},
): { movedAside: string[] } {
  verifyBackup(backupFile, options);
  const suffix = `.before-restore-${stamp(now)}`;
  const movedAside: string[] = [];
  const incoming = `${targetFile}.restoring`;
  copyFileSync(backupFile, incoming);
  fsyncPath(incoming);
  // The same driver and key as the first check: the copy is as encrypted as its source.
  verifyBackup(incoming, options);
  // The -wal must go with its database: replayed onto another file it would corrupt it.
  for (const part of [targetFile, `${targetFile}-wal`, `${targetFile}-shm`]) {
    if (existsSync(part)) {
      renameSync(part, `${part}${suffix}`);
      movedAside.push(`${part}${suffix}`);
    }
  }
  renameSync(incoming, targetFile);
  fsyncPath(dirname(targetFile));
  return { movedAside: movedAside.map((p) => join(dirname(p), basename(p))) };
}
