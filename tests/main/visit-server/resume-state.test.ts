/**
 * A call survives a restart of the visit server (issue 11): what resuming
 * needs is in stateDir/rooms.json (no names, no answers), a page's resume key
 * brings its room back on a new router with its place and mute state, and a
 * damaged file is set aside with a clear log while the server starts empty.
 * Real server, real mediasoup worker, real TLS signaling on loopback; the
 * kill-and-restart with real browsers is in restart-netns.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { enrolConsole, VisitServerClient } from '../../../electron/main/visit-server-client/client';
import { roomKey } from '../../../electron/main/visit-server/server';
import { MAX_ROOMS_FILE_BYTES, ROOMS_FILE } from '../../../electron/main/visit-server/resume-state';
import { CLINICIAN_ID } from '../../../electron/main/media/rooms';
import { validIntake } from '../media/harness';
import { openFamilySocket, waitFor } from './support';
import { closeLoopbackVisitServers, loopbackVisitServer } from '../../support/visit-server';

let client: VisitServerClient | undefined;
afterEach(async () => {
  client?.close();
  client = undefined;
  await closeLoopbackVisitServers();
});

/** A loopback visit server, not started yet (start() again restarts it on the same state folder). */
const setUp = () => loopbackVisitServer();

type Msg = { type: string; [k: string]: unknown };

describe('a call survives a restart of the visit server', () => {
  it('the console and the family page come back after the restart: same place (admitted), mute kept, the room rebuilt on demand on a new router; the file holds no answers', async () => {
    const { cert, start, stateDir, logs } = setUp();
    let s = await start();
    // The console that owns the visit, connected out (the family's answers are relayed to it).
    const url = `${s.origin.replace(/^https/, 'wss')}/console`;
    const creds = await enrolConsole(url, s.devices.issueEnrolment('Room 1').code, cert.ca);
    client = new VisitServerClient({ url, ca: cert.ca, ...creds, onEvent: () => {}, onDeliver: async () => {} });
    expect(await client.ready()).toBe('ready');
    const visitId = randomUUID();
    const key = roomKey(creds.deviceId, visitId);
    await client.call('video:open', { visitId });
    const link = s.issueLink(creds.deviceId, visitId, 'family', new Date(Date.now() + 3600_000));
    const family = await openFamilySocket(s.origin, cert.ca);
    family.ws.send(JSON.stringify({ type: 'hello', token: link.split('#t=')[1], lang: 'es' }));
    const welcome = await waitFor('welcome', () => family.messages.find((m) => m.type === 'welcome'));
    family.ws.send(JSON.stringify({ type: 'consent', id: 1, video: true, stills: true }));
    family.ws.send(JSON.stringify({ type: 'intake', id: 2, answers: validIntake }));
    expect(await waitFor('intake', () => family.messages.find((m) => m.type === 'result' && m.id === 2))).toMatchObject({ ok: true });
    family.ws.send(JSON.stringify({ type: 'ready', id: 3 }));
    expect(await waitFor('ready', () => family.messages.find((m) => m.type === 'result' && m.id === 3))).toMatchObject({ ok: true });
    const id = welcome.participantId as string;
    s.rooms.admit(key, id);
    // The family muted (the SFU learns it from the paused producer; here the state is set and saved as notePaused would).
    s.rooms.participant(key, id)!.muted = true;
    s.saved.save();
    const routerBefore = s.rooms.session(key).rtpCapabilities;
    expect(routerBefore).toBeTruthy();

    const text = readFileSync(join(stateDir, ROOMS_FILE), 'utf8');
    expect(text).not.toContain(validIntake.symptoms);
    expect(text).not.toContain('visits.example.org');
    expect(text).not.toContain(welcome.resumeKey as string);
    expect(JSON.parse(text)).toMatchObject({ v: 1, rooms: [{ key, clinician: true, participants: [{ id, phase: 'admitted', muted: true, language: 'es', consent: { video: true, stills: true } }] }] });

    await s.close();
    const closed = await family.closed;
    expect(closed.code).toBe(1012);
    s = await start(); // on a new port: the console and the page come to the new origin
    // Nothing is rebuilt until someone asks for it.
    expect(s.rooms.roomCount).toBe(0);
    expect(s.saved.pendingCount).toBe(1);
    client.close();
    const url2 = `${s.origin.replace(/^https/, 'wss')}/console`;
    client = new VisitServerClient({ url: url2, ca: cert.ca, ...creds, onEvent: () => {}, onDeliver: async () => {} });
    expect(await client.ready()).toBe('ready');
    // The owning console's first call brings the room back: the family is still admitted and muted.
    const { participants } = (await client.call('video:participants', { visitId })) as { participants: { role: string; phase: string; muted: boolean; connected: boolean }[] };
    expect(participants.map((p) => [p.role, p.phase, p.muted, p.connected])).toEqual([
      ['clinician', 'admitted', false, true],
      ['family', 'admitted', true, false],
    ]);
    expect(s.rooms.roomCount).toBe(1);

    const again = await openFamilySocket(s.origin, cert.ca);
    again.ws.send(JSON.stringify({ type: 'resume', resumeKey: welcome.resumeKey, lang: 'es' }));
    const back = (await waitFor('welcome after the restart', () => again.messages.find((m) => m.type === 'welcome' || m.type === 'refused'))) as Msg;
    expect(back).toMatchObject({ type: 'welcome', participantId: id, phase: 'admitted', muted: true, consentRecorded: true, intakeSubmitted: true, mediaKept: false });
    // TURN/ICE servers come again with an admitted welcome; a fresh resume key replaced the old one.
    expect(back.resumeKey).not.toBe(welcome.resumeKey);
    const people = s.rooms.summaries(key);
    expect(people.map((p) => [p.role, p.phase, p.muted])).toEqual([
      ['clinician', 'admitted', false],
      ['family', 'admitted', true],
    ]);
    expect(s.rooms.participant(key, CLINICIAN_ID)).toBeDefined();
    expect(logs.map((l) => l.code)).toContain('ROOM_RESTORED');
    // The old key is worthless now; the new one is on disk (as its hash).
    const old = await openFamilySocket(s.origin, cert.ca);
    old.ws.send(JSON.stringify({ type: 'resume', resumeKey: welcome.resumeKey, lang: 'es' }));
    expect(await waitFor('refused', () => old.messages.find((m) => m.type === 'refused'))).toMatchObject({ reason: 'unknown' });
    again.ws.close();
    old.ws.close();
  }, 60_000);

  it.each([
    ['not JSON', '{"v":1,"rooms":[', 'not JSON'],
    ['a field of the wrong kind', JSON.stringify({ v: 1, rooms: [{ key: 'd/v', savedAt: new Date().toISOString(), clinician: true, clinicianAdmittedAt: null, movementCard: null, participants: [{ id: 'p-x', role: 'admin' }] }] }), 'invalid at rooms.0.participants.0'],
    ['too large', 'x'.repeat(MAX_ROOMS_FILE_BYTES + 1), 'too large'],
  ])('a rooms file that is %s is set aside with a clear log; the server starts empty and writes a good one', async (_what, content, why) => {
    const { start, stateDir, logs } = setUp();
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, ROOMS_FILE), content);
    const s = await start();
    const damaged = logs.find((l) => l.code === 'ROOMS_FILE_DAMAGED');
    expect(damaged?.level).toBe('error');
    expect(String(damaged?.fields.why)).toContain(why);
    expect(s.saved.pendingCount).toBe(0);
    // The bad file is kept aside for a person to look at, not lost and not read again.
    const aside = readdirSync(stateDir).filter((f) => f.startsWith(`${ROOMS_FILE}.damaged-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(stateDir, aside[0]!), 'utf8')).toBe(content);
    await s.rooms.openForClinician(roomKey('dev-1', 'visit-2'));
    s.saved.save();
    expect(JSON.parse(readFileSync(join(stateDir, ROOMS_FILE), 'utf8'))).toMatchObject({ v: 1, rooms: [{ key: 'dev-1/visit-2' }] });
    expect(existsSync(join(stateDir, `${ROOMS_FILE}.tmp`))).toBe(false);
  }, 60_000);
});
