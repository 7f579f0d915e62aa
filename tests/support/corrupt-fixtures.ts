/**
 * Damaged database files, each opened the way the app opens its store. A
 * fixture is handled when opening fails with the expected typed StoreError
 * and the file's bytes are exactly as they were (nothing repaired, replaced
 * or created). Shared by tests/security/corrupt.test.ts and security:report.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openAppStore } from '../../electron/main/app-store';
import { createServices } from '../../electron/main/services';
import { fixedClock } from '../../electron/main/services/deps';
import { StoreError, type StoreErrorCode } from '../../electron/main/store/errors';
import { SCHEMA_VERSION } from '../../electron/main/store/migrations';
import { Sqlite } from '../../electron/main/store/sqlite';
import { sequentialIds, tempDbFile, validPatient } from './db';

export interface FixtureResult {
  name: string;
  expected: StoreErrorCode[];
  got: string;
  untouched: boolean;
  handled: boolean;
}

/** A small, real, closed visit database to damage. */
async function goodDatabase(file: string, key?: Buffer): Promise<void> {
  const { db } = openAppStore(file, key ? { key } : {});
  const services = createServices({ db, clock: fixedClock('2026-11-27T10:00:00.000Z'), newId: sequentialIds(9) });
  await services.session.setup({ displayName: 'Dr Fixture', credentials: 'MD', passcode: 'fixture-pass' });
  for (let i = 0; i < 30; i += 1) {
    const p = await services.patients.create({ ...validPatient, childName: `Fixture Child ${i}` });
    await services.visits.schedule({ patientId: p.id, scheduledStart: '2026-11-27T09:00:00Z', durationMinutes: 20 });
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

export async function runCorruptFixtures(): Promise<FixtureResult[]> {
  const tmp = tempDbFile();
  try {
    const good = join(tmp.dir, 'good.sqlite');
    await goodDatabase(good);
    const bytes = readFileSync(good);
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    const key = randomBytes(32);
    const encrypted = join(tmp.dir, 'encrypted.sqlite');
    await goodDatabase(encrypted, key);

    const fixtures: { name: string; make: () => Buffer; expected: StoreErrorCode[]; key?: Buffer }[] = [
      { name: 'zero-length', make: () => Buffer.alloc(0), expected: ['EMPTY_FILE'] },
      { name: 'truncated to half', make: () => bytes.subarray(0, Math.floor(bytes.length / 2)), expected: ['CORRUPT'] },
      { name: 'truncated inside the header', make: () => bytes.subarray(0, 60), expected: ['NOT_A_DATABASE'] },
      { name: 'random bytes', make: () => randomBytes(bytes.length), expected: ['NOT_A_DATABASE'] },
      { name: 'a text file', make: () => Buffer.from('Mia Example, DOB 2016-04-12\n'.repeat(200)), expected: ['NOT_A_DATABASE'] },
      {
        name: 'header magic damaged',
        make: () => {
          const b = Buffer.from(bytes);
          b[3] = 0x00;
          return b;
        },
        expected: ['NOT_A_DATABASE'],
      },
      {
        name: 'b-tree page type bit-flipped',
        make: () => {
          const b = Buffer.from(bytes);
          const page = Math.floor(b.length / pageSize) - 1;
          b[page * pageSize] = b[page * pageSize]! ^ 0xff;
          return b;
        },
        expected: ['CORRUPT'],
      },
      {
        name: 'page count in header bit-flipped',
        make: () => {
          const b = Buffer.from(bytes);
          b[31] = b[31]! ^ 0x40;
          return b;
        },
        expected: ['CORRUPT'],
      },
      {
        name: 'newer than the app',
        make: () => {
          const f = join(tmp.dir, 'newer.sqlite');
          copyFileSync(good, f);
          const db = new Sqlite(f);
          db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
          db.close();
          return readFileSync(f);
        },
        expected: ['TOO_NEW'],
      },
      { name: 'encrypted, opened with the wrong key', make: () => readFileSync(encrypted), expected: ['WRONG_KEY'], key: randomBytes(32) },
      { name: 'encrypted, opened without a key', make: () => readFileSync(encrypted), expected: ['NOT_A_DATABASE'] },
    ];

    const results: FixtureResult[] = [];
    for (const [i, fx] of fixtures.entries()) {
      const dir = join(tmp.dir, `fx-${i}`);
      const file = join(dir, 'visits.sqlite');
      const content = fx.make();
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, content);
      const filesBefore = readdirSync(dir).sort().join(',');
      let got = 'opened';
      try {
        const { db } = openAppStore(file, fx.key ? { key: fx.key } : {});
        db.close();
      } catch (error) {
        got = error instanceof StoreError ? error.code : `untyped ${(error as Error)?.name}`;
      }
      const untouched = existsSync(file) && readFileSync(file).equals(content) && readdirSync(dir).sort().join(',') === filesBefore;
      results.push({ name: fx.name, expected: fx.expected, got, untouched, handled: untouched && fx.expected.includes(got as StoreErrorCode) });
    }
    return results;
  } finally {
    tmp.cleanup();
  }
}
