/**
 * Issue 11, items 2 and 3 (server side and the console's client), against the
 * real visit server on loopback and a real console store: a console enrols
 * with a one-time code, connects out over WSS with its device credential,
 * makes links carrying the server's public https origin, receives the
 * family's answers into its own record (the server keeps nothing after
 * delivery, holds them in memory while the console is offline), admits
 * through the server, and is refused once revoked. One console cannot reach
 * another's visits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VisitServer } from '../../../electron/main/visit-server/server';
import { enrolConsole, VisitServerClient } from '../../../electron/main/visit-server-client/client';
import { applyRelayed, createRemoteVideoHandlers } from '../../../electron/main/visit-server-client/handlers';
import { setupVideo, validIntake, type VideoHarness } from '../media/harness';
import { openFamilySocket, spawnVisitServer, waitFor } from './support';
import { closeLoopbackVisitServers, startLoopbackVisitServer } from '../../support/visit-server';

const INTAKE = validIntake;

let server: VisitServer | undefined;
let configFile = '';
let h: VideoHarness | undefined;
const clients: VisitServerClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await closeLoopbackVisitServers();
  server = undefined;
  h?.close();
  h = undefined;
});

async function setup() {
  const loopback = await startLoopbackVisitServer({
    config: { turn: { urls: ['turn:visits.example.org:3478'], secret: 'a-long-shared-turn-secret', credentialTtlSeconds: 600 }, shutdownGraceMs: 500 },
  });
  server = loopback.server;
  configFile = loopback.configFile;
  const cert = loopback.cert;
  // The console: its own store with a visit tomorrow, a signed-in clinician.
  h = await setupVideo({ now: () => new Date() });
  const { patientId } = await h.store.services.visits.get(h.visitId);
  const visit = await h.store.services.visits.schedule({ patientId, scheduledStart: new Date(Date.now() + 24 * 3600_000).toISOString(), durationMinutes: 30 });
  const consoleUrl = `${server.origin.replace(/^https/, 'wss')}/console`;
  return { cert, consoleUrl, visitId: visit.id };
}

function connect(consoleUrl: string, ca: string, creds: { deviceId: string; credential: string }, events: unknown[] = []) {
  const client = new VisitServerClient({ url: consoleUrl, ca, ...creds, onEvent: (e) => events.push(e), onDeliver: applyRelayed(h!.record) });
  clients.push(client);
  return client;
}

function handlersFor(client: VisitServerClient) {
  const store = h!.store;
  return createRemoteVideoHandlers({
    client,
    record: h!.record,
    actor: () => store.services.session.requireActor(),
    getVisit: (id) => store.services.visits.get(id),
    now: () => new Date(),
  });
}

describe('console connects out to the visit server (issue 11, items 2 and 3)', () => {
  it('enrols once, links carry the public https origin, the answers land in the console’s record, admission brings TURN', async () => {
    const { cert, consoleUrl, visitId } = await setup();
    const { code } = server!.devices.issueEnrolment('Exam room 3');
    const creds = await enrolConsole(consoleUrl, code, cert.ca);
    // A code works once.
    await expect(enrolConsole(consoleUrl, code, cert.ca)).rejects.toThrow(/refused/);
    const events: { type: string; visitId?: string }[] = [];
    const client = connect(consoleUrl, cert.ca, creds, events);
    expect(await client.ready()).toBe('ready');
    const video = handlersFor(client);

    const link = (await video['visits:createJoinLink']({ visitId, role: 'family' })) as { url: string };
    expect(link.url).toMatch(/^https:\/\/visits\.example\.org\/join#t=[A-Za-z0-9_-]{43}$/);
    await video['video:open']({ visitId });

    const family = await openFamilySocket(server!.origin, cert.ca, server!.linkOrigin);
    family.ws.send(JSON.stringify({ type: 'hello', token: link.url.split('#t=')[1], lang: 'en' }));
    await waitFor('welcome', () => family.messages.find((m) => m.type === 'welcome'));
    family.ws.send(JSON.stringify({ type: 'consent', id: 1, video: true, stills: true }));
    family.ws.send(JSON.stringify({ type: 'intake', id: 2, answers: INTAKE }));
    await waitFor('intake result', () => family.messages.find((m) => m.type === 'result' && m.id === 2));
    expect(family.messages.find((m) => m.type === 'result' && m.id === 2)).toMatchObject({ ok: true });
    family.ws.send(JSON.stringify({ type: 'ready', id: 3 }));
    await waitFor('ready result', () => family.messages.find((m) => m.type === 'result' && m.id === 3));

    // Delivered into the console's own record, in the clinical schema; the visit is waiting.
    const intake = await h!.store.services.intakes.get(visitId);
    expect(intake).toMatchObject({ submittedBy: 'family', version: 1 });
    expect(JSON.parse(intake!.answersJson)).toMatchObject({ symptoms: INTAKE.symptoms });
    expect((await h!.store.services.visits.get(visitId)).status).toBe('waiting');
    // …and nothing of it stays on the server.
    expect(server!.relay.heldCount).toBe(0);

    // The console hears its own visit id (never the server's scoped key).
    await waitFor('participants event', () => events.find((e) => e.type === 'participants'));
    expect(events.every((e) => e.visitId === visitId)).toBe(true);
    const waiting = ((await video['video:participants']({ visitId })) as { participants: { id: string; phase: string }[] }).participants.find((p) => p.phase === 'waiting')!;
    await video['video:admit']({ visitId, participantId: waiting.id });
    const admitted = await waitFor('admitted', () => family.messages.find((m) => m.type === 'admitted'));
    expect((admitted.iceServers as { username: string }[])[0]!.username).toMatch(/^\d+:p-/);
    // The still-capture consent was written on the console before admission.
    const rec = await h!.store.services.record.getVisitRecord(visitId);
    expect(rec.consents.some((c) => c.kind === 'still_capture' && c.withdrawnAt === null)).toBe(true);
    family.ws.close();
  }, 60_000);

  it('one console cannot see or open another console’s visit with the same id', async () => {
    const { cert, consoleUrl, visitId } = await setup();
    const a = connect(consoleUrl, cert.ca, await enrolConsole(consoleUrl, server!.devices.issueEnrolment('A').code, cert.ca));
    const b = connect(consoleUrl, cert.ca, await enrolConsole(consoleUrl, server!.devices.issueEnrolment('B').code, cert.ca));
    expect(await a.ready()).toBe('ready');
    expect(await b.ready()).toBe('ready');
    const link = (await handlersFor(a)['visits:createJoinLink']({ visitId, role: 'family' })) as { url: string };
    const family = await openFamilySocket(server!.origin, cert.ca);
    family.ws.send(JSON.stringify({ type: 'hello', token: link.url.split('#t=')[1], lang: 'en' }));
    await waitFor('welcome', () => family.messages.find((m) => m.type === 'welcome'));
    // B asks about the same visit id: it sees nobody, and cannot admit A's family.
    const seenByB = (await b.call('video:participants', { visitId })) as { participants: unknown[] };
    expect(seenByB.participants).toEqual([]);
    const seenByA = (await a.call('video:participants', { visitId })) as { participants: { id: string }[] };
    expect(seenByA.participants.length).toBe(1);
    await expect(b.call('video:admit', { visitId, participantId: seenByA.participants[0]!.id })).rejects.toThrow();
    family.ws.close();
  }, 60_000);

  it('while the console is offline the family is told, the answers wait in memory only, and arrive when it connects', async () => {
    const { cert, consoleUrl, visitId } = await setup();
    const creds = await enrolConsole(consoleUrl, server!.devices.issueEnrolment('Room 1').code, cert.ca);
    const client = connect(consoleUrl, cert.ca, creds);
    await client.ready();
    const link = (await handlersFor(client)['visits:createJoinLink']({ visitId, role: 'family' })) as { url: string };
    client.close();
    await waitFor('console gone', () => server!.consoles.connectedDevices() === 0);

    const family = await openFamilySocket(server!.origin, cert.ca);
    family.ws.send(JSON.stringify({ type: 'hello', token: link.url.split('#t=')[1], lang: 'en' }));
    await waitFor('welcome', () => family.messages.find((m) => m.type === 'welcome'));
    family.ws.send(JSON.stringify({ type: 'consent', id: 1, video: true, stills: false }));
    family.ws.send(JSON.stringify({ type: 'intake', id: 2, answers: INTAKE }));
    const result = await waitFor('intake result', () => family.messages.find((m) => m.type === 'result' && m.id === 2));
    expect(result).toMatchObject({ ok: false });
    expect(JSON.stringify(result)).toMatch(/offline/);
    expect(server!.relay.heldCount).toBe(1);
    expect(await h!.store.services.intakes.get(visitId)).toBeNull();
    // The server's state file never holds the answers.
    expect(JSON.stringify(server!.db.prepare('SELECT * FROM join_tokens').all())).not.toContain('football');

    const again = connect(consoleUrl, cert.ca, creds);
    expect(await again.ready()).toBe('ready');
    await waitFor('delivered', () => server!.relay.heldCount === 0);
    expect(await h!.store.services.intakes.get(visitId)).toMatchObject({ submittedBy: 'family' });
    family.ws.close();
  }, 60_000);

  it('a revoked console is refused and stops retrying; a wrong credential is refused', async () => {
    const { cert, consoleUrl } = await setup();
    const creds = await enrolConsole(consoleUrl, server!.devices.issueEnrolment('Old laptop').code, cert.ca);
    const wrong = connect(consoleUrl, cert.ca, { deviceId: creds.deviceId, credential: 'A'.repeat(43) });
    expect(await wrong.ready()).toBe('refused');
    const client = connect(consoleUrl, cert.ca, creds);
    expect(await client.ready()).toBe('ready');
    expect(server!.devices.revoke(creds.deviceId)).toBe(true);
    // The next connection (after a server restart or a drop) is refused for good.
    const later = connect(consoleUrl, cert.ca, creds);
    expect(await later.ready()).toBe('refused');
    await expect(later.call('video:participants', { visitId: 'x' })).rejects.toThrow(/no longer enrolled/);
  }, 60_000);

  it('locks out an address that keeps presenting bad credentials; a console on another address still connects', async () => {
    const { cert, consoleUrl } = await setup();
    const creds = await enrolConsole(consoleUrl, server!.devices.issueEnrolment('Good').code, cert.ca);
    const { default: WebSocket } = await import('ws');
    const attempt = (localAddress: string) =>
      new Promise<number>((ok) => {
        const ws = new WebSocket(consoleUrl, { ca: cert.ca, localAddress });
        ws.on('unexpected-response', (_req, res) => ok(res.statusCode ?? 0));
        ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', deviceId: creds.deviceId, credential: 'B'.repeat(43) })));
        ws.on('close', (code) => ok(code));
        ws.on('error', () => undefined);
      });
    // The family server's default: 10 refusals, then the address waits.
    for (let i = 0; i < 10; i += 1) expect(await attempt('127.0.0.5')).toBe(4003);
    expect(await attempt('127.0.0.5')).toBe(429);
    expect(await connect(consoleUrl, cert.ca, creds).ready()).toBe('ready');
  }, 60_000);

  it('refuses a browser page (a request with an Origin) on the console socket', async () => {
    const { cert, consoleUrl } = await setup();
    const { default: WebSocket } = await import('ws');
    const status = await new Promise<number>((ok) => {
      const ws = new WebSocket(consoleUrl, { ca: cert.ca, origin: 'https://evil.example' });
      ws.on('unexpected-response', (_req, res) => ok(res.statusCode ?? 0));
      ws.on('open', () => ok(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  }, 60_000);

  it('the administrator enrols and revokes consoles from the command line, on the running server’s state', async () => {
    const { cert, consoleUrl } = await setup();
    const run = async (args: string[]) => {
      const child = spawnVisitServer(configFile, args);
      const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      return { code, lines: child.lines.map((l) => JSON.parse(l) as Record<string, string>) };
    };
    const issued = await run(['--enrol', 'Exam room 7']);
    expect(issued.code).toBe(0);
    const { code, deviceId } = issued.lines[0]!;
    const creds = await enrolConsole(consoleUrl, code!, cert.ca);
    expect(creds.deviceId).toBe(deviceId);
    const listed = await run(['--devices']);
    expect(listed.lines.map((d) => d.label)).toEqual(['Exam room 7']);
    expect(JSON.stringify(listed.lines)).not.toContain(creds.credential);
    expect((await run(['--revoke', deviceId!])).code).toBe(0);
    expect(await connect(consoleUrl, cert.ca, creds).ready()).toBe('refused');
    expect((await run(['--revoke', deviceId!])).code).toBe(2);
  }, 120_000);
});
