/**
 * Issue 14 ("hostile families and hostile networks"), the family server's
 * part: a link's role survives a restart (item 4), nothing a family page can
 * do grows without bound (item 3), TURN credentials only after admission
 * (item 5). Every test drives the real family server on loopback (port 0)
 * over a real WebSocket, with the real store and mediasoup worker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FamilyClient, startLive, type Live } from './live';
import { storedIntake, validIntake } from '../media/harness';

let live: Live | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

const usedAt = (l: Live, token: string) =>
  (l.h.store.db.prepare(`SELECT used_at FROM join_tokens WHERE token_hash = ?`).get(hashOf(token)) as { used_at: string | null }).used_at;
import { hashToken as hashOf } from '../../../electron/main/store/join-tokens';

/** A family page through hello and consent (and the intake for the family link). */
async function inLobby(l: Live, role: 'family' | 'caregiver' | 'interpreter' = 'family', stills = true) {
  const c = await FamilyClient.open(l.server);
  const welcome = await c.hello(l.h.issue(role));
  expect(welcome.type).toBe('welcome');
  expect(await c.request({ type: 'consent', video: true, stills })).toMatchObject({ ok: true });
  if (role === 'family') expect(await c.request({ type: 'intake', answers: validIntake })).toMatchObject({ ok: true });
  return { c, welcome: welcome as Extract<typeof welcome, { type: 'welcome' }> };
}

describe('item 4: a link keeps its role across a restart', () => {
  it("an interpreter's link made before the app restarted joins as the interpreter, not as the family", async () => {
    live = await startLive();
    const token = live.h.issue('interpreter');
    await live.restart();
    const c = await FamilyClient.open(live.server);
    expect(await c.hello(token)).toMatchObject({ type: 'welcome', role: 'interpreter' });
    // …and so it cannot replace the intake.
    expect(await c.request({ type: 'consent', video: true, stills: true })).toMatchObject({ ok: true });
    expect(await c.request({ type: 'intake', answers: validIntake })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(storedIntake(live.h)).toBeUndefined();
  });

  it('a link stored without a role (made before roles were stored) is refused, not defaulted, and stays unused', async () => {
    live = await startLive();
    const token = live.h.issue('family');
    live.h.store.db.prepare('UPDATE join_tokens SET role = NULL').run();
    const c = await FamilyClient.open(live.server);
    expect(await c.hello(token)).toEqual({ type: 'refused', reason: 'unknown' });
    expect(usedAt(live, token)).toBeNull();
  });
});

describe('item 3: nothing grows without bound', () => {
  it('a participant can resubmit the intake a few times, not thousands', async () => {
    live = await startLive({ media: { maxIntakeSubmissions: 4 } });
    const { c } = await inLobby(live, 'family');
    const results = [];
    for (let i = 0; i < 30; i += 1) results.push(await c.request({ type: 'intake', answers: { ...validIntake, symptoms: `Back pain, try ${i}` } }));
    // One accepted in the lobby walk, three more here, then refused.
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.slice(3).every((r) => !r.ok && r.error?.code === 'CONFLICT')).toBe(true);
    expect(storedIntake(live.h)).toMatchObject({ version: 4 });
    expect(JSON.parse(storedIntake(live.h)!.answers_json)).toMatchObject({ symptoms: 'Back pain, try 2' });
  });

  it("the visit's intake history is capped across links and restarts (the stored version counts)", async () => {
    live = await startLive({ media: { maxIntakeSubmissions: 4, maxIntakeVersionsPerVisit: 6 } });
    let accepted = 0;
    for (let link = 0; link < 3; link += 1) {
      const { c } = await inLobby(live, 'caregiver');
      const family = await FamilyClient.open(live.server);
      expect(await family.hello(live.h.issue('family'))).toMatchObject({ type: 'welcome' });
      for (let i = 0; i < 6; i += 1) if ((await family.request({ type: 'intake', answers: validIntake })).ok) accepted += 1;
      await family.leave();
      await c.leave();
      await live.restart();
    }
    expect(accepted).toBe(6);
    expect(storedIntake(live.h)).toMatchObject({ version: 6 });
    const history = live.h.store.db.prepare(`SELECT count(*) AS n FROM clinical_revisions WHERE entity = 'intake'`).get() as { n: number };
    expect(history.n).toBe(5);
  });

  it('a full room is checked before the link is used up: the same link works once someone leaves', async () => {
    live = await startLive();
    await live.h.handlers()['video:open']({ visitId: live.h.visitId });
    const present = [await inLobby(live, 'family'), await inLobby(live, 'caregiver'), await inLobby(live, 'interpreter')];
    const token = live.h.issue('caregiver');
    const late = await FamilyClient.open(live.server);
    expect(await late.hello(token)).toEqual({ type: 'refused', reason: 'full' });
    expect(usedAt(live, token)).toBeNull();
    await present[1]!.c.leave();
    const again = await FamilyClient.open(live.server);
    expect(await again.hello(token)).toMatchObject({ type: 'welcome', role: 'caregiver' });
  });

  it("waiting-room entries per visit are capped, and a refused link is not used up", async () => {
    live = await startLive({ media: { maxEntriesPerVisit: 3 } });
    await live.h.handlers()['video:open']({ visitId: live.h.visitId });
    for (let i = 0; i < 3; i += 1) {
      const { c } = await inLobby(live, 'family');
      expect(await c.request({ type: 'ready' })).toMatchObject({ ok: true });
      await c.leave();
    }
    const token = live.h.issue('family');
    const c = await FamilyClient.open(live.server);
    expect(await c.hello(token)).toEqual({ type: 'refused', reason: 'full' });
    expect(usedAt(live, token)).toBeNull();
    expect(live.h.rooms.summaries(live.h.visitId)).toEqual([expect.objectContaining({ role: 'clinician' })]);
  });

  it('participants who left, or dropped out of the lobby and did not come back in time, are expired; a room nobody uses is closed', async () => {
    live = await startLive({ media: { lobbyExpiryMs: 200 } });
    const a = await inLobby(live, 'family');
    expect(live.h.rooms.roomCount).toBe(1);
    await a.c.leave();
    expect(live.h.rooms.roomCount).toBe(0);
    const b = await inLobby(live, 'caregiver');
    expect(live.h.rooms.roomCount).toBe(1);
    b.c.ws.terminate();
    await b.c.closed;
    await expect.poll(() => live!.h.rooms.roomCount, { timeout: 5_000 }).toBe(0);
    // The dropped participant's resume key no longer brings them back.
    const back = await FamilyClient.open(live.server);
    expect(await back.resume(b.welcome.resumeKey)).toEqual({ type: 'refused', reason: 'unknown' });
  });

  it('someone who drops out of the lobby does not keep a place: the room does not fill with ghosts', async () => {
    live = await startLive({ media: { lobbyExpiryMs: 200 } });
    await live.h.handlers()['video:open']({ visitId: live.h.visitId });
    for (let i = 0; i < 6; i += 1) {
      const { c } = await inLobby(live, 'caregiver');
      c.ws.terminate();
      await c.closed;
      await expect.poll(() => live!.h.rooms.summaries(live!.h.visitId).length, { timeout: 5_000 }).toBe(1);
    }
    const { welcome } = await inLobby(live, 'family');
    expect(welcome.phase).toBe('lobby');
  });
});

describe('item 5: TURN credentials only after admission, short-lived', () => {
  const turn = { turnServers: [{ urls: ['turn:turn.example.org:3478'], secret: 'a-long-shared-secret-0123' }] };

  it('a link alone gets no TURN credentials; admission brings them, valid for minutes', async () => {
    live = await startLive({ media: turn });
    await live.h.handlers()['video:open']({ visitId: live.h.visitId });
    const { c, welcome } = await inLobby(live, 'family');
    expect(welcome.iceServers).toEqual([]);
    expect(await c.request({ type: 'ready' })).toMatchObject({ ok: true });
    const seen = c.messages.length;
    await live.h.handlers()['video:admit']({ visitId: live.h.visitId, participantId: welcome.participantId });
    const admitted = await c.next('admitted', seen);
    expect(admitted.iceServers).toHaveLength(1);
    const [expiry] = admitted.iceServers[0]!.username!.split(':');
    const now = Math.floor(live.h.clock.now().getTime() / 1000);
    expect(Number(expiry) - now).toBe(600);
    // A reconnect after admission gets a fresh set with the welcome.
    c.ws.terminate();
    await c.closed;
    const back = await FamilyClient.open(live.server);
    const again = await back.resume(welcome.resumeKey);
    expect(again).toMatchObject({ type: 'welcome', phase: 'admitted' });
    expect((again as { iceServers: unknown[] }).iceServers).toHaveLength(1);
  });

  it('a page that resumes while still waiting gets none', async () => {
    live = await startLive({ media: turn });
    const { c, welcome } = await inLobby(live, 'family');
    expect(await c.request({ type: 'ready' })).toMatchObject({ ok: true });
    c.ws.terminate();
    await c.closed;
    const back = await FamilyClient.open(live.server);
    expect(await back.resume(welcome.resumeKey)).toMatchObject({ type: 'welcome', phase: 'waiting', iceServers: [] });
  });
});

describe('item 9: one transport per direction holds under concurrent requests', () => {
  it('eight concurrent createTransport requests per direction leave exactly one open transport each, the last one answered', async () => {
    live = await startLive();
    await live.h.handlers()['video:open']({ visitId: live.h.visitId });
    const { c, welcome } = await inLobby(live, 'family');
    expect(await c.request({ type: 'ready' })).toMatchObject({ ok: true });
    await live.h.handlers()['video:admit']({ visitId: live.h.visitId, participantId: welcome.participantId });
    await c.next('admitted');
    const requests = Array.from({ length: 16 }, (_, i) => c.request({ type: 'createTransport', direction: i % 2 ? 'recv' : 'send' }));
    const results = await Promise.all(requests);
    expect(results.every((r) => r.ok)).toBe(true);
    const session = live.h.rooms.session(live.h.visitId);
    expect(session.openTransports(welcome.participantId)).toEqual({ send: 1, recv: 1 });
    // The transport left open is the one the page was told about last, for each direction.
    const lastSend = (results[14]!.data as { id: string }).id;
    const lastRecv = (results[15]!.data as { id: string }).id;
    expect(await c.request({ type: 'restartIce', transportId: lastSend })).toMatchObject({ ok: true });
    expect(await c.request({ type: 'restartIce', transportId: lastRecv })).toMatchObject({ ok: true });
    expect(await c.request({ type: 'restartIce', transportId: (results[0]!.data as { id: string }).id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
