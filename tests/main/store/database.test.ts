import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { Sqlite as BetterSqlite3 } from '../../../electron/main/store/sqlite';
import { openDatabase, userVersion } from '../../../electron/main/store/database';
import { SCHEMA_VERSION } from '../../../electron/main/store/migrations';
import { openRefusal, tempDbFile } from '../../support/db';

let tmp: ReturnType<typeof tempDbFile>;
afterEach(() => tmp?.cleanup());

describe('openDatabase', () => {
  it('creates a new database with WAL, synchronous=FULL and foreign keys on', () => {
    tmp = tempDbFile();
    const db = openDatabase(tmp.file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    db.close();
  });

  it.each([
    ['a zero-length file', Buffer.alloc(0), 'EMPTY_FILE'],
    ['a text file', Buffer.from('patient notes, definitely not sqlite\n'.repeat(20)), 'NOT_A_DATABASE'],
    ['random bytes', Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)), 'NOT_A_DATABASE'],
  ])('refuses %s with a typed error and leaves it untouched', (_l, bytes, code) => {
    tmp = tempDbFile();
    writeFileSync(tmp.file, bytes);
    expect(openRefusal(tmp.file).code).toBe(code);
    expect(readFileSync(tmp.file).equals(bytes)).toBe(true);
  });

  it('refuses a database from a newer version of the console and does not change it', () => {
    tmp = tempDbFile();
    const raw = new BetterSqlite3(tmp.file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = readFileSync(tmp.file);
    expect(openRefusal(tmp.file).code).toBe('TOO_NEW');
    expect(readFileSync(tmp.file).equals(before)).toBe(true);
  });
});
