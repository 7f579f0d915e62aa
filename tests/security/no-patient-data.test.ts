import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppStore } from '../../electron/main/app-store';
import { createServices } from '../../electron/main/services';
import { createHandlers } from '../../electron/main/ipc/handlers';
import { defaultDeps } from '../../electron/main/services/deps';
import { createDispatcher } from '../../electron/main/ipc/dispatch';
import { backupDatabase, defaultBackupDir } from '../../electron/main/store/backup';
import type { IpcResult } from '../../shared/ipc/errors';
import { MediaConfig } from '../../electron/main/media/config';
import { WorkerManager } from '../../electron/main/media/worker';
import { RoomManager } from '../../electron/main/media/rooms';
import { createVideoRecord } from '../../electron/main/media/visit-record';
import { createVideoHandlers } from '../../electron/main/media/handlers';
import { createJoinTokenRepository } from '../../electron/main/store/join-tokens';

/**
 * Runs a whole visit through the real dispatcher with a sentinel patient name
 * and then looks everywhere the console could leak it: everything written to
 * the console, error envelopes, every file under a private TMPDIR (which
 * holds the encrypted database, its WAL and a backup), and every URL made.
 */
const SENTINEL = 'Quenby Xylophone-Sentinel';
const captured: string[] = [];
const originals = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
let tmp: string;
let previousTmp: string | undefined;

beforeAll(() => {
  previousTmp = process.env.TMPDIR;
  tmp = mkdtempSync(join(tmpdir(), 'bptc-sentinel-'));
  process.env.TMPDIR = tmp;
  for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
    console[name] = (...args: unknown[]) => captured.push(args.map(String).join(' '));
  }
});
afterAll(() => {
  Object.assign(console, originals);
  if (previousTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmp;
  rmSync(tmp, { recursive: true, force: true });
});

function allBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push(readFileSync(join(entry.parentPath, entry.name)));
  }
  return Buffer.concat(parts);
}

describe('no patient data outside the encrypted record', () => {
  it('a sentinel name appears in no log line, error, URL or file written', async () => {
    const file = join(tmp, 'visits.sqlite');
    const key = randomBytes(32);
    const { db } = openAppStore(file, { key });
    const services = createServices(defaultDeps(db));
    const log = (e: { level: string; code: string; channel: string; detail?: string }) => console.warn(`[ipc] ${e.level} ${e.code} ${e.channel} ${e.detail ?? ''}`);
    // Real join links (the token store and the link maker; no room is opened, so no worker starts), at a time
    // inside the visit's window, so the URL check below really runs.
    const config = MediaConfig.parse({ portMin: 42000, portMax: 42999 });
    const workers = new WorkerManager(config);
    const linkTime = () => new Date('2026-11-27T09:05:00Z');
    const record = createVideoRecord(services, config);
    const rooms = new RoomManager({ workers, config, tokens: createJoinTokenRepository(db), record, now: linkTime, emitClinician: () => {} });
    const video = createVideoHandlers({
      rooms,
      record,
      actor: () => services.session.requireActor(),
      getVisit: (id) => services.visits.get(id),
      joinUrl: (t) => `https://visit.example/join#t=${t}`,
      now: linkTime,
    });
    const dispatch = createDispatcher({ appOrigin: 'app://console', handlers: createHandlers(services, { appName: 'x', appVersion: '0', contentVersion: null }, video), log });
    const sender = { frameUrl: 'app://console/index.html', isTopFrame: true, isKnownWindow: true };
    const results: IpcResult<unknown>[] = [];
    const call = async (channel: string, payload: unknown) => {
      const r = await dispatch(sender, channel, payload);
      results.push(r);
      return r as { ok: boolean; value?: unknown };
    };

    await call('session:setup', { displayName: 'Dr Sentinel Check', credentials: 'MD', passcode: 'sentinel-pass' });
    const patient = (await call('patients:create', {
      childName: SENTINEL, dateOfBirth: '2015-02-03', sex: 'male', weightKg: 28, guardianName: `${SENTINEL} Senior`, guardianPhone: '+1 555 0199',
    })).value as { id: string };
    // Refused requests carrying the name must not echo it.
    await call('patients:create', { childName: SENTINEL, dateOfBirth: '2099-01-01', sex: 'male', weightKg: 28, guardianName: SENTINEL, guardianPhone: '1' });
    await call('patients:create', { childName: SENTINEL, [SENTINEL]: SENTINEL });
    const visit = (await call('visits:schedule', { patientId: patient.id, scheduledStart: '2026-11-27T09:00:00Z', durationMinutes: 20, reason: `${SENTINEL} back pain` })).value as { id: string };
    await call('visits:list', { search: SENTINEL });
    await call('visits:open', { visitId: visit.id });
    await call('observations:record', { visitId: visit.id, maneuverId: 'gait', values: { result: 'limp', note: `${SENTINEL} limps` } });
    await call('observations:record', { visitId: visit.id, maneuverId: 'gait', values: { result: SENTINEL } });
    await call('flags:assess', { visitId: visit.id, flagId: 'fever', state: 'absent', note: SENTINEL });
    await call('visits:decide', { visitId: visit.id, tier: 'C', familyTold: `${SENTINEL}, come in tomorrow` });
    // The link is made while the visit is open, so it is really made and really checked below.
    const link = await call('visits:createJoinLink', { visitId: visit.id, role: 'family' });
    await call('visits:sign', { visitId: visit.id });
    backupDatabase(db, { dir: defaultBackupDir(file), key });
    db.close();

    expect(results[1]!.ok).toBe(true);
    for (const r of results) if (!r.ok) expect(JSON.stringify(r.error)).not.toContain('Quenby');
    expect(link.ok).toBe(true);
    expect(JSON.stringify(link.value)).toContain('https://visit.example/join#t=');
    expect(JSON.stringify(link.value)).not.toContain('Quenby');
    rooms.closeAll();
    workers.close();
    expect(captured.join('\n')).not.toContain('Quenby');
    const written = allBytes(tmp);
    expect(written.length).toBeGreaterThan(0);
    expect(written.includes(Buffer.from('Quenby'))).toBe(false);
  });
});
