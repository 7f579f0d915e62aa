/**
 * Server mode in the console's main process (issue 11, item 2): startLiveVideo
 * with an enrolment answers the same video channels through the visit server
 * (no local worker, no local port), and the enrolment is kept sealed with the
 * database key.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { VisitServer } from '../../../electron/main/visit-server/server';
import { enrolConsole } from '../../../electron/main/visit-server-client/client';
import { ENROLMENT_FILE, EnrolmentError, readEnrolment, writeEnrolment } from '../../../electron/main/visit-server-client/enrolment';
import { startLiveVideo, type LiveVideo } from '../../../electron/main/media/live-video';
import { setupVideo, validIntake, type VideoHarness } from '../media/harness';
import { openFamilySocket, tempDir, waitFor } from './support';
import { closeLoopbackVisitServers, startLoopbackVisitServer } from '../../support/visit-server';

let server: VisitServer | undefined;
let h: VideoHarness | undefined;
let live: LiveVideo | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await live?.close();
  live = undefined;
  await server?.close();
  server = undefined;
  await closeLoopbackVisitServers();
  h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('console enrolment file', () => {
  const enrolment = { url: 'wss://visits.example.org/console', deviceId: 'dev-1', credential: 'C'.repeat(43) };

  it('is sealed with the database key: no credential in the clear; another key or a changed byte is refused', () => {
    const dir = tempDir();
    dirs.push(dir);
    const key = randomBytes(32);
    writeEnrolment(dir, key, enrolment);
    const text = readFileSync(join(dir, ENROLMENT_FILE), 'utf8');
    expect(text).not.toContain(enrolment.credential);
    expect(text).not.toContain('visits.example.org');
    expect(readEnrolment(dir, key)).toEqual(enrolment);
    expect(() => readEnrolment(dir, randomBytes(32))).toThrow(EnrolmentError);
    const sealed = JSON.parse(text) as { data: string };
    const bytes = Buffer.from(sealed.data, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(join(dir, ENROLMENT_FILE), JSON.stringify({ ...sealed, data: bytes.toString('base64') }));
    expect(() => readEnrolment(dir, key)).toThrow(EnrolmentError);
    expect(readEnrolment(tempDir(), key)).toBeNull();
  });
});

describe('startLiveVideo in server mode', () => {
  it('answers the renderer’s video channels through the visit server: https links, events with the console’s visit id, answers into the local record', async () => {
    const { dir, cert, server: started } = await startLoopbackVisitServer({ ports: [47000, 47999] });
    server = started;
    const url = `${server.origin.replace(/^https/, 'wss')}/console`;
    const creds = await enrolConsole(url, server.devices.issueEnrolment('Room 2').code, cert.ca);
    h = await setupVideo();
    const { patientId } = await h.store.services.visits.get(h.visitId);
    const visit = await h.store.services.visits.schedule({ patientId, scheduledStart: new Date(Date.now() + 24 * 3600_000).toISOString(), durationMinutes: 30 });
    const events: { name: string; payload: { type: string; visitId: string } }[] = [];
    const store = h.store;
    live = await startLiveVideo({
      db: store.db,
      services: store.services,
      actor: () => store.services.session.requireActor(),
      getVisit: (id) => store.services.visits.get(id),
      rendererDir: dir,
      env: {},
      emit: (name, payload) => events.push({ name, payload: payload as { type: string; visitId: string } }),
      log: () => {},
      visitServer: { url, ...creds, ca: cert.ca },
    });
    // No family page server on this machine.
    expect(live.family).toBeNull();
    await waitFor('connected', () => server!.consoles.connectedDevices() === 1);
    const link = (await live.handlers['visits:createJoinLink']({ visitId: visit.id, role: 'family' })) as { url: string };
    expect(link.url).toMatch(/^https:\/\/visits\.example\.org\/join#t=/);
    await live.handlers['video:open']({ visitId: visit.id });

    const family = await openFamilySocket(server.origin, cert.ca);
    family.ws.send(JSON.stringify({ type: 'hello', token: link.url.split('#t=')[1], lang: 'en' }));
    await waitFor('welcome', () => family.messages.find((m) => m.type === 'welcome'));
    family.ws.send(JSON.stringify({ type: 'consent', id: 1, video: true, stills: false }));
    family.ws.send(JSON.stringify({ type: 'intake', id: 2, answers: validIntake }));
    expect(await waitFor('intake result', () => family.messages.find((m) => m.type === 'result' && m.id === 2))).toMatchObject({ ok: true });
    expect(await store.services.intakes.get(visit.id)).toMatchObject({ submittedBy: 'family' });
    await waitFor('participants event', () => events.find((e) => e.payload.type === 'participants'));
    expect(events.every((e) => e.name === 'video:event' && e.payload.visitId === visit.id)).toBe(true);
    family.ws.close();
  }, 60_000);
});

describe('consoleEnrolment at start-up', () => {
  it('is standalone without settings, enrols once with the administrator’s code, then reads the sealed file', async () => {
    const { consoleEnrolment } = await import('../../../electron/main/visit-server-client/enrolment');
    const dir = tempDir();
    dirs.push(dir);
    const key = randomBytes(32);
    const logs: string[] = [];
    const calls: string[] = [];
    const enrol = (url: string, code: string) => {
      calls.push(`${url} ${code}`);
      return Promise.resolve({ deviceId: 'dev-9', credential: 'D'.repeat(43) });
    };
    const base = { dir, key, enrol, log: (e: { code: string }) => logs.push(e.code) };
    expect(await consoleEnrolment({ ...base, env: {} })).toBeNull();
    expect(await consoleEnrolment({ ...base, env: { BPTC_VISIT_SERVER_URL: 'http://visits.example.org', BPTC_VISIT_SERVER_ENROLMENT_CODE: 'x' } })).toBeNull();
    expect(logs).toEqual(['VISIT_SERVER_URL_INVALID']);
    const env = { BPTC_VISIT_SERVER_URL: 'https://visits.example.org', BPTC_VISIT_SERVER_ENROLMENT_CODE: 'code-from-admin-1234' };
    expect(await consoleEnrolment({ ...base, env })).toEqual({ url: 'wss://visits.example.org/console', deviceId: 'dev-9', credential: 'D'.repeat(43) });
    // The code is used once: later starts read the sealed file.
    expect(await consoleEnrolment({ ...base, env })).toMatchObject({ deviceId: 'dev-9' });
    expect(calls).toEqual(['wss://visits.example.org/console code-from-admin-1234']);
    // Another database key cannot read it: standalone, and the log says why.
    expect(await consoleEnrolment({ ...base, key: randomBytes(32), env })).toBeNull();
    expect(logs).toContain('VISIT_SERVER_ENROLMENT_UNREADABLE');
  });
});
