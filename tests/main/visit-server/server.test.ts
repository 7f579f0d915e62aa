/**
 * The visit server (issue 11, item 1) against the real thing on loopback:
 * real mediasoup workers with WebRtcServers, TLS with a real certificate,
 * the family server and its signaling, the health endpoint, the state file,
 * and the command-line entry point started as a process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { get as httpsGet } from 'node:https';
import { readFileSync, rmSync } from 'node:fs';
import { ConfigError, loadVisitServerConfig } from '../../../electron/main/visit-server/config';
import { roomKey } from '../../../electron/main/visit-server/server';
import { CLINICIAN_ID } from '../../../electron/main/media/rooms';
import type { VideoEvent } from '../../../shared/signaling/clinician';
import { BUILT_VISIT_SERVER, makeCert, openFamilySocket, spawnVisitServer, tempDir, waitFor, writeConfig } from './support';
import { closeLoopbackVisitServers, loopbackConfig, startLoopbackVisitServer } from '../../support/visit-server';

const EXPIRES = () => new Date(Date.now() + 3600_000);

/** Two workers on their own port range, a longer shutdown grace (the process test waits for it). */
const SERVER_TEST = { ports: [45000, 45999] as [number, number], config: { workers: 2, shutdownGraceMs: 2000 } };
const baseConfig = (dir: string, cert: { certFile: string; keyFile: string }, extra: Record<string, unknown> = {}) =>
  loopbackConfig(dir, cert, { ...SERVER_TEST, config: { ...SERVER_TEST.config, ...extra } });

function getJson(url: string, ca: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((ok, fail) => {
    httpsGet(url, { ca }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    }).on('error', fail);
  });
}

const dirs: string[] = [];
afterEach(async () => {
  await closeLoopbackVisitServers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const startInProcess = (extra: Record<string, unknown> = {}) => startLoopbackVisitServer({ ...SERVER_TEST, config: { ...SERVER_TEST.config, ...extra } });

describe('visit server (issue 11, item 1)', () => {
  it('runs one worker per configured core, each with one WebRtcServer; visits go to the least-loaded worker and share its two ports', async () => {
    const { server: s, cert } = await startInProcess();
    const before = await s.pool.stats();
    expect(before.map((w) => w.routers)).toEqual([0, 0]);
    for (const w of before) expect(w.ports.map((p) => p.protocol).sort()).toEqual(['tcp', 'udp']);
    expect(new Set(before.map((w) => w.pid)).size).toBe(2);

    await s.rooms.openForClinician(roomKey('dev-a', 'visit-1'));
    await s.rooms.openForClinician(roomKey('dev-b', 'visit-1'));
    const after = await s.pool.stats();
    // Two visits, two workers: one each, not both on the first.
    expect(after.map((w) => w.routers)).toEqual([1, 1]);

    // Every transport of a visit uses its worker's single UDP and TCP port (no per-transport port range to open).
    const portsOf = (info: { iceCandidates: { protocol: string; port: number }[] }) => info.iceCandidates.map((c) => `${c.protocol}:${c.port}`).sort();
    const workerPorts = after.map((w) => w.ports.map((p) => `${p.protocol}:${p.port}`).sort());
    const sessionA = s.rooms.session(roomKey('dev-a', 'visit-1'));
    const send = await sessionA.createTransport(CLINICIAN_ID, 'send');
    const recv = await sessionA.createTransport(CLINICIAN_ID, 'recv');
    expect(portsOf(send)).toEqual(portsOf(recv));
    expect(workerPorts).toContainEqual(portsOf(send));
    const sendB = await s.rooms.session(roomKey('dev-b', 'visit-1')).createTransport(CLINICIAN_ID, 'send');
    expect(portsOf(sendB)).not.toEqual(portsOf(send));
    expect(workerPorts).toContainEqual(portsOf(sendB));

    const health = await getJson(`${s.origin}/healthz`, cert.ca);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', workers: { configured: 2, running: 2 }, rooms: 2 });
    // Counts only: no visit or device ids in what anyone may read.
    expect(JSON.stringify(health.body)).not.toMatch(/dev-a|visit-1/);
  });

  it('serves the family page over TLS and writes the public https origin into links; a link opens only its own console’s visit', async () => {
    const { server: s, cert } = await startInProcess();
    const events: { owner: string; event: VideoEvent }[] = [];
    s.onClinicianEvent = (owner, event) => events.push({ owner, event });
    const url = s.issueLink('dev-a', 'visit-1', 'family', EXPIRES());
    expect(url).toMatch(/^https:\/\/visits\.example\.org\/join#t=[A-Za-z0-9_-]{43}$/);
    const token = url.split('#t=')[1]!;

    const page = await new Promise<{ status: number; csp: string }>((ok, fail) =>
      httpsGet(`${s.origin}/join`, { ca: cert.ca }, (res) => {
        res.resume();
        ok({ status: res.statusCode ?? 0, csp: String(res.headers['content-security-policy']) });
      }).on('error', fail),
    );
    expect(page.status).toBe(200);
    expect(page.csp).toContain('wss://visits.example.org');

    const family = await openFamilySocket(s.origin, cert.ca, s.linkOrigin);
    family.ws.send(JSON.stringify({ type: 'hello', token, lang: 'en' }));
    const welcome = await waitFor('welcome', () => family.messages.find((m) => m.type === 'welcome' || m.type === 'refused'));
    expect(welcome.type).toBe('welcome');
    // No TURN before admission, as in the console.
    expect(welcome.iceServers).toEqual([]);
    // The owning console hears about its own visit id; the room key never leaves the server.
    await waitFor('participants event', () => events.find((e) => e.event.type === 'participants'));
    expect(events.every((e) => e.owner === 'dev-a' && e.event.visitId === 'visit-1')).toBe(true);
    expect(s.rooms.room(roomKey('dev-b', 'visit-1'))).toBeUndefined();
    family.ws.close();
  });

  it('replaces a worker that dies: its visits end, health says degraded, then a new worker takes new visits', async () => {
    const { server: s, cert, logs } = await startInProcess();
    await s.rooms.openForClinician(roomKey('dev-a', 'visit-1'));
    const [first] = (await s.pool.stats()).filter((w) => w.routers === 1);
    process.kill(first!.pid, 'SIGKILL');
    // The replacement starts 500 ms after the death: health is read in that window.
    await waitFor('worker gone', () => s.pool.size.running === 1);
    expect((await getJson(`${s.origin}/healthz`, cert.ca)).body).toMatchObject({ status: 'degraded', workers: { configured: 2, running: 1 } });
    await waitFor('room closed', () => s.rooms.room(roomKey('dev-a', 'visit-1')) === undefined);
    await waitFor('worker replaced', () => s.pool.size.running === 2, 20_000);
    const after = await s.pool.stats();
    expect(after.map((w) => w.pid)).not.toContain(first!.pid);
    expect((await getJson(`${s.origin}/healthz`, cert.ca)).body).toMatchObject({ status: 'ok' });
    await s.rooms.openForClinician(roomKey('dev-a', 'visit-2'));
    expect(logs.map((l) => l.code)).toContain('WORKER_DIED');
  });

  it('tells connected pages it is restarting (close 1012) on shutdown', async () => {
    const { server: s, cert, logs } = await startInProcess();
    const token = s.issueLink('dev-a', 'visit-9', 'family', EXPIRES()).split('#t=')[1]!;
    const family = await openFamilySocket(s.origin, cert.ca);
    family.ws.send(JSON.stringify({ type: 'hello', token, lang: 'en' }));
    await waitFor('welcome', () => family.messages.find((m) => m.type === 'welcome'));
    await s.close();
    expect(await family.closed).toEqual({ code: 1012, reason: 'server restarting' });
    expect(logs.map((l) => l.code)).toContain('SHUTDOWN');
    expect(JSON.stringify(logs)).not.toContain(token);
    expect(JSON.stringify(logs)).not.toContain('visit-9');
  });
});

describe('visit server configuration', () => {
  const cases: [string, (c: Record<string, unknown>) => void, string][] = [
    ['an unknown top-level key', (c) => (c.wokers = 2), 'wokers'],
    ['zero workers', (c) => (c.workers = 0), 'workers'],
    ['a port as text', (c) => ((c.http as Record<string, unknown>).port = '443'), 'http.port'],
    ['a missing public origin', (c) => delete (c.http as Record<string, unknown>).publicOrigin, 'http.publicOrigin'],
    ['a listen address that is a name', (c) => ((c.media as Record<string, unknown>).listenIp = 'example.org'), 'media.listenIp'],
    ['a short TURN secret', (c) => (c.turn = { urls: ['turn:turn.example.org:3478'], secret: 'short' }), 'turn.secret'],
  ];
  it.each(cases)('refuses %s and names the field', (_name, mutate, field) => {
    const dir = tempDir();
    dirs.push(dir);
    const config = baseConfig(dir, { certFile: 'c.pem', keyFile: 'k.pem' }) as Record<string, unknown>;
    mutate(config);
    const file = writeConfig(dir, config);
    let error: unknown;
    try {
      loadVisitServerConfig(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(field);
  });

  it('resolves relative paths against the configuration file', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = writeConfig(dir, { http: { publicOrigin: 'https://v.example.org', tls: { certFile: 'c.pem', keyFile: 'k.pem' } }, stateDir: 'state' });
    const config = loadVisitServerConfig(file);
    expect(config.stateDir).toBe(`${dir}/state`);
    expect(config.http.tls?.certFile).toBe(`${dir}/c.pem`);
  });
});

describe('npm run visit-server (the process)', () => {
  it('exits 2 naming the field when the configuration is bad, and binds nothing', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = writeConfig(dir, { http: { publicOrigin: 'https://v.example.org', port: 70000 }, stateDir: 'state' });
    const child = spawnVisitServer(file);
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(2);
    expect(child.stderrText()).toContain('http.port');
  }, 90_000);

  it('the built out/visit-server/main.js starts under plain node (no tsx), answers /healthz, and on SIGTERM tells the page and exits 0', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const cert = makeCert(dir);
    const file = writeConfig(dir, baseConfig(dir, cert, { workers: 1 }));
    const child = spawnVisitServer(file);
    // Plain node on the bundle: no loader flag, and the bundle loads neither tsx nor electron.
    expect(child.spawnargs.slice(1, 2)).toEqual([BUILT_VISIT_SERVER]);
    expect(child.spawnargs).not.toContain('--import');
    const bundle = readFileSync(BUILT_VISIT_SERVER, 'utf8');
    expect(bundle).not.toMatch(/from ["'](tsx|electron)["']/);
    try {
      const started = await waitFor('STARTED log line', () => child.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.code === 'STARTED'), 80_000);
      const origin = String(started.origin);
      const health = await getJson(`${origin}/healthz`, cert.ca);
      expect(health.body).toMatchObject({ status: 'ok', workers: { configured: 1, running: 1 } });
      const page = await openFamilySocket(origin, cert.ca);
      const exit = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      child.kill('SIGTERM');
      expect((await page.closed).code).toBe(1012);
      expect(await exit).toBe(0);
      // Every line is one JSON object.
      for (const line of child.lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
      expect(child.lines.map((l) => (JSON.parse(l) as { code: string }).code)).toEqual(expect.arrayContaining(['STARTED', 'SIGNAL', 'SHUTDOWN']));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
