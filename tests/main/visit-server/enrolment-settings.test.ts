/**
 * The console's "Visit server" card, main side (issue 11): through the real
 * dispatcher and contract, against a real visit server (TLS on loopback, its
 * own device registry), an administrator's one-time code is exchanged for
 * this console's device credential, which is sealed beside the database with
 * the database key and never returned over IPC; the state reads in words the
 * card shows; bad input and a refused code change nothing; "Leave server
 * mode" forgets the credential.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { enrolConsole, VisitServerClient } from '../../../electron/main/visit-server-client/client';
import { ENROLMENT_FILE, readEnrolment } from '../../../electron/main/visit-server-client/enrolment';
import { createVisitServerSettings } from '../../../electron/main/visit-server-client/settings';
import { loadVisitServerConfig } from '../../../electron/main/visit-server/config';
import { startVisitServer, type VisitServer } from '../../../electron/main/visit-server/server';
import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { visitServerWords } from '../../../renderer/src/visit-server/words';
import { CONSOLE_SENDER, openServicesHarness } from '../../support/services';
import { fakeRenderer, makeCert, tempDir, writeConfig } from './support';

let server: VisitServer | undefined;
const closers: (() => void)[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c();
  await server?.close();
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setUp() {
  const dir = tempDir();
  dirs.push(dir);
  const cert = makeCert(dir);
  const file = writeConfig(dir, {
    workers: 1,
    media: { listenIp: '127.0.0.1', rtcPort: 0, portMin: 46000, portMax: 46999 },
    http: { host: '127.0.0.1', port: 0, tls: { certFile: cert.certFile, keyFile: cert.keyFile }, publicOrigin: 'https://visits.example.org' },
    stateDir: join(dir, 'state'),
    rendererDir: fakeRenderer(dir),
    shutdownGraceMs: 100,
  });
  server = await startVisitServer(loadVisitServerConfig(file), () => undefined);
  const consoleDir = join(dir, 'console');
  const key = randomBytes(32);
  mkdirSync(consoleDir);
  const h = await openServicesHarness({ idSeed: 9300 });
  closers.push(() => h.close());
  const settings = createVisitServerSettings({
    dir: consoleDir,
    key,
    enrol: (url, code) => enrolConsole(url, code, cert.ca),
    running: () => ({ enrolment: null, connection: null }),
  });
  const handlers = createHandlers(h.services, { appName: 'x', appVersion: '0', contentVersion: null }, undefined, undefined, undefined, undefined, undefined, settings);
  const dispatch = createDispatcher({ appOrigin: 'app://console', handlers });
  const call = (channel: string, payload: unknown) => dispatch(CONSOLE_SENDER, channel, payload) as Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string; fields?: { path: string }[] } }>;
  return { s: server, cert, consoleDir, key, call, h };
}

describe('visit server enrolment from the console (enrolment:* channels)', () => {
  it('enrols with the administrator’s code against a real server, seals the credential, never returns it, and the credential works', async () => {
    const { s, cert, consoleDir, key, call } = await setUp();
    expect(await call('enrolment:status', {})).toEqual({
      ok: true,
      value: { enrolled: false, server: null, deviceId: null, running: 'standalone', connection: null, problem: null },
    });
    const issued = s.devices.issueEnrolment('Exam room 3');
    // Pasted with spaces around it, as people do.
    const res = await call('enrolment:enrol', { serverUrl: ` ${s.origin} `, code: ` ${issued.code} ` });
    expect(res.ok).toBe(true);
    expect(res.value).toEqual({ enrolled: true, server: s.origin, deviceId: issued.deviceId, running: 'standalone', connection: null, problem: null });

    // Sealed on disk (mode 0600, nothing readable), readable with the database key only.
    const file = join(consoleDir, ENROLMENT_FILE);
    const sealed = readFileSync(file, 'utf8');
    const stored = readEnrolment(consoleDir, key)!;
    expect(stored.deviceId).toBe(issued.deviceId);
    expect(sealed).not.toContain(stored.credential);
    expect(sealed).not.toContain(issued.deviceId);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The credential crosses no IPC answer.
    expect(JSON.stringify(res)).not.toContain(stored.credential);
    expect(JSON.stringify(await call('enrolment:status', {}))).not.toContain(stored.credential);

    // It is the real thing: the server accepts it.
    const url = `${s.origin.replace(/^https/, 'wss')}/console`;
    const client = new VisitServerClient({ url, ca: cert.ca, deviceId: stored.deviceId, credential: stored.credential, onEvent: () => {}, onDeliver: async () => {} });
    closers.unshift(() => client.close());
    expect(await client.ready()).toBe('ready');

    // The code worked once; enrolling again while enrolled is refused and changes nothing.
    const again = await call('enrolment:enrol', { serverUrl: s.origin, code: s.devices.issueEnrolment('x').code });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(again.error!.message).toMatch(/already enrolled/);
    expect(readFileSync(file, 'utf8')).toBe(sealed);

    // The card's words.
    expect(visitServerWords(res.value as never)).toEqual([
      `Enrolled as device ${issued.deviceId} at ${s.origin}.`,
      'Running standalone now: server mode starts the next time the console starts.',
    ]);

    // Leave server mode: the credential is forgotten; standalone again.
    expect(await call('enrolment:leave', {})).toMatchObject({ ok: true, value: { enrolled: false, server: null, deviceId: null } });
    expect(existsSync(file)).toBe(false);
    expect(await call('enrolment:leave', {})).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  }, 60_000);

  it('refuses bad input naming the field, and a used or unknown code, writing nothing', async () => {
    const { s, consoleDir, call } = await setUp();
    const file = join(consoleDir, ENROLMENT_FILE);
    const code = s.devices.issueEnrolment('Exam room 4').code;
    for (const [payload, field] of [
      [{ serverUrl: 'http://visits.example.org', code }, 'serverUrl'],
      [{ serverUrl: 'https://visits.example.org/console', code }, 'serverUrl'],
      [{ serverUrl: s.origin, code: 'short' }, 'code'],
    ] as const) {
      const res = await call('enrolment:enrol', payload);
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(res.error!.fields!.map((f) => f.path)).toContain(field);
    }
    // Unknown keys (a renderer trying to hand in a credential) are refused by the strict schema.
    expect(await call('enrolment:enrol', { serverUrl: s.origin, code, credential: 'x'.repeat(43) })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    // A code the server does not know: refused in words, nothing stored.
    const unknown = await call('enrolment:enrol', { serverUrl: s.origin, code: 'A'.repeat(20) });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(unknown.error!.message).toMatch(/refused/);
    expect(existsSync(file)).toBe(false);
    // A server that is not there: said in words, nothing stored.
    const away = await call('enrolment:enrol', { serverUrl: 'https://127.0.0.1:1', code });
    expect(away).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(away.error!.message).toMatch(/not reachable/);
    expect(existsSync(file)).toBe(false);
    // The unused code still works afterwards.
    expect(await call('enrolment:enrol', { serverUrl: s.origin, code })).toMatchObject({ ok: true, value: { enrolled: true } });
  }, 60_000);

  it('a damaged enrolment file is reported in words, and Leave server mode clears it', async () => {
    const { consoleDir, call } = await setUp();
    writeFileSync(join(consoleDir, ENROLMENT_FILE), '{"v":1,"iv":"x"');
    const res = await call('enrolment:status', {});
    expect(res).toMatchObject({ ok: true, value: { enrolled: false, problem: expect.stringMatching(/damaged/) } });
    expect(visitServerWords(res.value as never)[0]).toMatch(/^The stored enrolment cannot be used: /);
    expect(await call('enrolment:leave', {})).toMatchObject({ ok: true, value: { enrolled: false, problem: null } });
  }, 60_000);

  it('answers nothing while the console is locked', async () => {
    const { call, h } = await setUp();
    await h.services.session.lock();
    expect(await call('enrolment:status', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  }, 60_000);
});
