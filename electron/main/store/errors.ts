/** Why the visit store refused to open or change a database file. */
export type StoreErrorCode =
  | 'EMPTY_FILE'
  | 'NOT_A_DATABASE'
  | 'CORRUPT'
  | 'TOO_NEW'
  | 'MIGRATION_FAILED'
  | 'BACKUP_FAILED'
  | 'DISK_FULL'
  | 'READ_ONLY'
  | 'BUSY'
  | 'WRONG_KEY';

const MESSAGES: Record<StoreErrorCode, string> = {
  EMPTY_FILE: 'The visit database file is empty. It was left untouched; restore it from a backup.',
  NOT_A_DATABASE: 'The visit database file is not a database. It was left untouched; restore it from a backup.',
  CORRUPT: 'The visit database is damaged. It was left untouched; restore it from a backup.',
  TOO_NEW: 'The visit database was written by a newer version of the console. Update the console to open it.',
  MIGRATION_FAILED: 'The visit database could not be upgraded. It was left as it was.',
  BACKUP_FAILED: 'A verified backup could not be made, so the database was not changed.',
  DISK_FULL: 'The disk is full. The last change was not saved; free some space and try again.',
  READ_ONLY: 'The visit database cannot be written. The last change was not saved.',
  BUSY: 'The visit database is busy. The last change was not saved; try again.',
  WRONG_KEY: 'The visit database could not be unlocked with this key. It was left untouched; nothing new was created.',
};

/** A typed store failure; its message is safe to show and to log (no data, no paths). */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, detail?: string) {
    super(MESSAGES[code]);
    this.name = 'StoreError';
    this.code = code;
    if (detail) this.detail = detail;
  }
  /** Technical detail for developers (an SQLite error code); never patient data. */
  detail?: string;
}

/** Map an SQLite error from better-sqlite3 to a StoreError where it is one we expect. */
export function classifySqliteError(error: unknown): StoreError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) return new StoreError('DISK_FULL', code);
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) return new StoreError('READ_ONLY', code);
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_')) return new StoreError('BUSY', code);
  if (code === 'SQLITE_NOTADB') return new StoreError('NOT_A_DATABASE', code);
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) return new StoreError('CORRUPT', code);
  return null;
}
