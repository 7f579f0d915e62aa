import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openAppStore } from '../../../electron/main/app-store';
import { createServices } from '../../../electron/main/services';
import { fixedClock } from '../../../electron/main/services/deps';
import { backupDatabase, verifyBackup } from '../../../electron/main/store/backup';
import { StoreError } from '../../../electron/main/store/errors';
import { sequentialIds, tempDbFile, validPatient } from '../../support/db';

let tmp: ReturnType<typeof tempDbFile> | undefined;
afterEach(() => tmp?.cleanup());

const SENTINEL = 'Zebulon Quixotic-Sentinel';

/** Every byte the store wrote: the database, its WAL and shared memory, and any backups. */
function filesBytes(dir: string): Buffer {
  const out: Buffer[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) walk(p);
      else out.push(readFileSync(p));
    }
  };
  walk(dir);
  return Buffer.concat(out);
}

async function writeSentinelVisit(key: Buffer) {
  tmp = tempDbFile();
  const { db } = openAppStore(tmp.file, { key });
  const services = createServices({ db, clock: fixedClock('2026-11-27T10:00:00.000Z'), newId: sequentialIds(3) });
  const { current } = await services.session.setup({ displayName: 'Dr Key', credentials: 'MD', passcode: 'correct-horse-42' });
  const p = await services.patients.create({ ...validPatient, childName: SENTINEL, guardianName: `${SENTINEL} Parent` });
  const v = await services.visits.schedule({ patientId: p.id, scheduledStart: '2026-11-27T09:00:00Z', durationMinutes: 20, reason: `${SENTINEL} reason` });
  await services.visitRoom.recordObservation(v.id, 'gait', { result: 'limp', note: `${SENTINEL} note` }, current!.id);
  return { db, file: tmp.file, dir: tmp.dir };
}

describe('encryption at rest', () => {
  it('keeps a sentinel patient name out of the database file and its WAL while open and after closing', async () => {
    const key = randomBytes(32);
    const { db, file, dir } = await writeSentinelVisit(key);
    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(filesBytes(dir).includes(Buffer.from(SENTINEL))).toBe(false);
    expect(filesBytes(dir).includes(Buffer.from('SQLite format 3'))).toBe(false);
    db.close();
    expect(filesBytes(dir).includes(Buffer.from(SENTINEL))).toBe(false);
    // And it reads back with the right key.
    const again = openAppStore(file, { key }).db;
    expect((again.prepare('SELECT child_name FROM patients').get() as { child_name: string }).child_name).toBe(SENTINEL);
    again.close();
  });

  it('refuses a wrong key with a typed error, leaves the file untouched and never creates a new database', async () => {
    const key = randomBytes(32);
    const { db, file } = await writeSentinelVisit(key);
    db.close();
    const before = readFileSync(file);
    let error: unknown;
    try {
      openAppStore(file, { key: randomBytes(32) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('WRONG_KEY');
    expect(readFileSync(file).equals(before)).toBe(true);
    // Without any key the encrypted file is not mistaken for an empty new one either.
    expect(() => openAppStore(file)).toThrow(StoreError);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('writes encrypted, verified backups with VACUUM INTO that open only with the key', async () => {
    const key = randomBytes(32);
    const { db, dir } = await writeSentinelVisit(key);
    const backup = backupDatabase(db, { dir: join(dir, 'backups'), key });
    expect(readFileSync(backup.file).includes(Buffer.from(SENTINEL))).toBe(false);
    expect(verifyBackup(backup.file, { key })).toBeGreaterThan(0);
    expect(() => verifyBackup(backup.file, { key: randomBytes(32) })).toThrow();
    db.close();
  });
});
