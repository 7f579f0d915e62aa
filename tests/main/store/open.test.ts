/**
 * Opening damaged files (typed error, file untouched), detecting an unclean
 * shutdown, and verified rotating backups with a tested restore.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, openStore } from '../../../electron/main/store/database';
import { StoreError } from '../../../electron/main/store/errors';
import { backupDatabase, listBackups, restoreBackup, verifyBackup } from '../../../electron/main/store/backup';
import { seedVisits } from '../../support/seed';
import { openRefusal, tempDbFile } from '../../support/db';

let tmp: ReturnType<typeof tempDbFile>;
afterEach(() => tmp?.cleanup());

/** A closed database of several hundred pages. */
function populated(): { file: string; pageSize: number; pages: number } {
  tmp = tempDbFile();
  const db = openDatabase(tmp.file);
  seedVisits(db, { patients: 300, visits: 3000 });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.close();
  return { file: tmp.file, pageSize, pages };
}

function rootPage(file: string, name: string): number {
  const db = openDatabase(file);
  const { rootpage } = db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = ?`).get(name) as { rootpage: number };
  db.close();
  return rootpage;
}

describe('opening a damaged file', () => {
  it('refuses a truncated file with CORRUPT and leaves it untouched', () => {
    const { file, pageSize, pages } = populated();
    truncateSync(file, pageSize * Math.floor(pages / 2));
    const before = readFileSync(file);
    expect(openRefusal(file).code).toBe('CORRUPT');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it.each([
    ['the page type of a table’s root page', (page: number, size: number) => (page - 1) * size, 'visits'],
    ['the cell count of an index root page', (page: number, size: number) => (page - 1) * size + 3, 'visits_by_start'],
    ['the first cell pointer of a table root page', (page: number, size: number) => (page - 1) * size + 13, 'patients'],
  ])('refuses a bit flipped in %s and leaves the file untouched', (_label, offsetOf, table) => {
    const { file, pageSize } = populated();
    const offset = offsetOf(rootPage(file, table), pageSize);
    const bytes = readFileSync(file);
    bytes[offset] = bytes[offset]! ^ 0x40;
    writeFileSync(file, bytes);
    expect(['CORRUPT', 'NOT_A_DATABASE']).toContain(openRefusal(file).code);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a file whose header was damaged', () => {
    const { file } = populated();
    const bytes = readFileSync(file);
    bytes[16] = 0x03; // page size 0x03xx: not a power of two
    writeFileSync(file, bytes);
    expect(['CORRUPT', 'NOT_A_DATABASE']).toContain(openRefusal(file).code);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('runs quick_check on a clean start', () => {
    const { file } = populated();
    const { db, report } = openStore(file);
    db.close();
    expect(report).toMatchObject({ created: false, uncleanShutdown: false, check: 'quick_check' });
  });
});

describe('after an unclean shutdown', () => {
  it('sees the leftover WAL, runs integrity_check and keeps every committed row', () => {
    tmp = tempDbFile();
    const db = openDatabase(tmp.file);
    seedVisits(db, { patients: 10, visits: 20 });
    // Copy the files while the connection is still open: what a crash leaves on disk.
    const crashed = join(tmp.dir, 'crashed.sqlite');
    copyFileSync(tmp.file, crashed);
    copyFileSync(`${tmp.file}-wal`, `${crashed}-wal`);
    db.close();
    const { db: reopened, report } = openStore(crashed);
    expect(report).toMatchObject({ uncleanShutdown: true, check: 'integrity_check' });
    expect(reopened.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 20 });
    reopened.close();
  });
});

describe('backups', () => {
  it('keeps the newest N verified backups', () => {
    tmp = tempDbFile();
    const db = openDatabase(tmp.file);
    const dir = join(tmp.dir, 'backups');
    for (let i = 0; i < 5; i += 1) backupDatabase(db, { dir, keep: 3, now: new Date(Date.UTC(2026, 10, 27, 10, i)) });
    db.close();
    const kept = listBackups(dir);
    expect(kept.map((b) => b.takenAt)).toEqual(['20261127T100400000Z', '20261127T100300000Z', '20261127T100200000Z']);
    for (const b of kept) expect(verifyBackup(b.file)).toBeGreaterThan(0);
  });

  it('refuses to treat a damaged backup as verified', () => {
    tmp = tempDbFile();
    const db = openDatabase(tmp.file);
    seedVisits(db, { patients: 100, visits: 500 });
    const info = backupDatabase(db, { dir: join(tmp.dir, 'backups') });
    db.close();
    truncateSync(info.file, 8192);
    expect(() => verifyBackup(info.file)).toThrow(/verified backup could not be made/);
  });

  it('restores a backup, moving the current file and its WAL aside instead of deleting them', () => {
    tmp = tempDbFile();
    const db = openDatabase(tmp.file);
    seedVisits(db, { patients: 5, visits: 5 });
    const info = backupDatabase(db, { dir: join(tmp.dir, 'backups') });
    db.prepare(`UPDATE visits SET reason = 'after the backup'`).run();
    db.close();
    const { movedAside } = restoreBackup(info.file, tmp.file, new Date('2026-11-27T12:00:00Z'));
    expect(movedAside).toEqual([`${tmp.file}.before-restore-20261127T120000000Z`]);
    const restored = openDatabase(tmp.file);
    expect(restored.prepare(`SELECT count(*) AS n FROM visits WHERE reason IS NOT NULL`).get()).toEqual({ n: 0 });
    expect(restored.prepare(`SELECT count(*) AS n FROM visits`).get()).toEqual({ n: 5 });
    restored.close();
    const aside = openDatabase(movedAside[0]!);
    expect(aside.prepare(`SELECT count(*) AS n FROM visits WHERE reason = 'after the backup'`).get()).toEqual({ n: 5 });
    aside.close();
  });

  it('refuses to restore from a file that is not a good backup, changing nothing', () => {
    tmp = tempDbFile();
    openDatabase(tmp.file).close();
    const before = readFileSync(tmp.file);
    const bad = join(tmp.dir, 'bad.sqlite');
    writeFileSync(bad, 'not a database');
    expect(() => restoreBackup(bad, tmp.file)).toThrow(StoreError);
    expect(readFileSync(tmp.file).equals(before)).toBe(true);
    expect(existsSync(`${tmp.file}.restoring`)).toBe(false);
  });
});
