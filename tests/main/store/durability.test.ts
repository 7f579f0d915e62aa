/**
 * Store requirements 9 and 11: a process kill loses no acknowledged write,
 * and a full disk makes the write fail visibly with nothing half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../shared/ipc/errors';
import { openDatabase } from '../../../electron/main/store/database';
import { verifyAuditChain } from '../../../electron/main/store/audit';
import { syncActiveCatalog } from '../../../electron/main/store/catalog';
import { createServices } from '../../../electron/main/services';
import { fixedClock } from '../../../electron/main/services/deps';
import { runKillTrials } from '../../support/kill-harness';
import { fakeJpeg, openRecordStore, TEST_FLAGS } from '../../support/record';
import { sequentialIds, TEST_NOW, validPatient } from '../../support/db';

describe('kill -9 while writing', () => {
  it('loses no acknowledged observation over 20 random kills, and integrity_check stays ok', { timeout: 300_000 }, async () => {
    const store = await openRecordStore();
    const { file, visitId, clinicianId } = store;
    store.db.close();
    try {
      const trials: { acked: number; lost: number }[] = [];
      const summary = await runKillTrials({ file, visitId, clinicianId, trials: 20, onTrial: (_i, t) => trials.push(t) });
      expect(summary.trials).toBe(20);
      expect(summary.ackedWrites).toBeGreaterThan(20);
      expect(summary.ackedWritesLost).toBe(0);
      expect(summary.integrityFailures).toBe(0);
      expect(summary.auditFailures).toBe(0);
      // The kills really were unclean: SQLite had to recover from a leftover WAL.
      expect(summary.uncleanShutdowns).toBeGreaterThan(0);
    } finally {
      store.cleanup();
    }
  });
});

/** Mount a small tmpfs, or say why not. */
function mountTmpfs(sizeKb: number): { dir: string; unmount: () => void } | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bptc-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): ${(e as Error).message.split('\n')[0]}` };
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const fs = mountTmpfs(3 * 1024);
const skipReason = 'skip' in fs ? fs.skip : null;

describe.skipIf(skipReason !== null)(`a full disk${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const mounted = fs as { dir: string; unmount: () => void };
  afterAll(() => mounted.unmount?.());

  let file: string;
  let saved = 0;
  let failure: unknown = null;
  let services: ReturnType<typeof createServices>;
  let db: ReturnType<typeof openDatabase>;
  let visitId: string;
  let clinicianId: string;

  beforeAll(async () => {
    file = join(mounted.dir, 'visits.sqlite');
    db = openDatabase(file);
    services = createServices({ db, clock: fixedClock(TEST_NOW), newId: sequentialIds(7) });
    syncActiveCatalog(db, 'test', [...TEST_FLAGS]);
    clinicianId = (await services.clinicians.create({ displayName: 'Dr. Full', credentials: 'MD', passcode: 'long enough' })).id;
    const p = await services.patients.create(validPatient);
    visitId = (await services.visits.schedule({ patientId: p.id, scheduledStart: TEST_NOW, durationMinutes: 20 }, clinicianId)).id;
    for (const s of ['waiting', 'in_progress'] as const) await services.record.setStatus(visitId, s, clinicianId);
    await services.record.recordConsent(visitId, { kind: 'still_capture', givenBy: 'guardian' }, clinicianId);
    // 400 kB images until the 3 MB file system is full
    for (let i = 0; i < 20 && failure === null; i += 1) {
      try {
        await services.record.addImage(visitId, { mime: 'image/jpeg', data: fakeJpeg(400_000) }, clinicianId);
        saved += 1;
      } catch (e) {
        failure = e;
      }
    }
  });

  it('fails the write visibly with a STORAGE error the clinician can act on', () => {
    expect(saved).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('STORAGE');
    expect((failure as AppError).message).toMatch(/disk is full/);
  });

  it('leaves nothing half-written: every saved image has its audit row, the failed one has neither', async () => {
    const images = (await services.record.getVisitRecord(visitId)).images;
    expect(images).toHaveLength(saved);
    const audited = (await services.audit.rowsFor(visitId)).length; // create + 2 status + consent is keyed by consent id
    expect(audited).toBe(3);
    const imageAudits = db.prepare(`SELECT count(*) AS n FROM audit_log WHERE entity = 'still_image'`).get() as { n: number };
    expect(imageAudits.n).toBe(saved);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it('still holds exactly the committed rows when the files are copied off the full disk and reopened', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'bptc-after-full-'));
    try {
      copyFileSync(file, join(elsewhere, 'visits.sqlite'));
      if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, join(elsewhere, 'visits.sqlite-wal'));
      db.close();
      const copy = openDatabase(join(elsewhere, 'visits.sqlite'));
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT count(*) AS n FROM still_images').get()).toEqual({ n: saved });
      expect(verifyAuditChain(copy).ok).toBe(true);
      copy.close();
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
