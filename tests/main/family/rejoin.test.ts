/**
 * Rejoining with the same link (issue 16; docs/video.md "Rejoining with the
 * same link"): the family who used a link comes back with it and the rejoin
 * key its browser kept; a stranger holding the used link is still refused.
 * Real store, real mediasoup worker, real room manager and connection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FamilyConnection } from '../../../electron/main/family/connection';
import { newCounters } from '../../../electron/main/family/counters';
import { setupVideo, validIntake, type VideoHarness } from '../media/harness';
import type { FamilyServerMessage } from '../../../shared/signaling/family';

type Welcome = Extract<FamilyServerMessage, { type: 'welcome' }>;
let h: VideoHarness;
afterEach(() => h?.close());

function connect(harness: VideoHarness) {
  const sent: FamilyServerMessage[] = [];
  const closed: number[] = [];
  const conn = new FamilyConnection(
    { send: (t) => sent.push(JSON.parse(t) as FamilyServerMessage), close: (code) => closed.push(code) },
    { rooms: harness.rooms, counters: newCounters(), rate: { capacity: 1e9, perSecond: 1e9 } },
  );
  return { conn, sent, closed, send: (m: unknown) => conn.receive(JSON.stringify(m)) };
}

/** A family through the lobby into the waiting room, admitted; returns their welcome. */
async function familyIn(token: string) {
  const a = connect(h);
  await a.send({ type: 'hello', token, lang: 'en' });
  const welcome = a.sent[0] as Welcome;
  await a.send({ type: 'consent', id: 1, video: true, stills: false });
  await a.send({ type: 'intake', id: 2, answers: validIntake });
  await a.send({ type: 'ready', id: 3 });
  h.rooms.admit(h.visitId, welcome.participantId);
  return { a, welcome };
}

describe('rejoining with the same link', () => {
  it('lets the family who left come back with the link and its rejoin key, into the lobby with their answers kept; the clinician admits them again', async () => {
    h = await setupVideo();
    await h.rooms.openForClinician(h.visitId);
    const token = h.issue();
    const { a, welcome } = await familyIn(token);
    expect(welcome.rejoinKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const summary = h.rooms.summaries(h.visitId).find((p) => p.id === welcome.participantId)!;
    expect(summary.waitingSince).toBe('2026-11-27T10:00:00.000Z');
    expect(summary.admittedAt).toBe('2026-11-27T10:00:00.000Z');
    await a.send({ type: 'leave' });
    expect(h.rooms.summaries(h.visitId).some((p) => p.id === welcome.participantId)).toBe(false);

    const b = connect(h);
    await b.send({ type: 'hello', token, lang: 'es', rejoinKey: welcome.rejoinKey });
    const again = b.sent[0] as Welcome;
    expect(again).toMatchObject({ type: 'welcome', phase: 'lobby', role: 'family', intakeSubmitted: true, consentRecorded: false });
    expect(again.participantId).not.toBe(welcome.participantId);
    expect(again.rejoinKey).toBeDefined();
    expect(again.rejoinKey).not.toBe(welcome.rejoinKey);
    // Consent again, no questions again, then the waiting room: the clinician admits them again.
    await b.send({ type: 'consent', id: 1, video: true, stills: false });
    await b.send({ type: 'ready', id: 2 });
    expect(h.rooms.summaries(h.visitId).find((p) => p.id === again.participantId)?.phase).toBe('waiting');
    h.rooms.admit(h.visitId, again.participantId);
    expect(b.sent.some((m) => m.type === 'admitted')).toBe(true);

    // The old key is dead.
    const c = connect(h);
    await c.send({ type: 'hello', token, lang: 'en', rejoinKey: welcome.rejoinKey });
    expect(c.sent).toEqual([{ type: 'refused', reason: 'used' }]);
  });

  it('still refuses a stranger holding the used link, with no key or a guessed one, and writes nothing', async () => {
    h = await setupVideo();
    const token = h.issue();
    const { welcome } = await familyIn(token);
    const before = h.store.db.prepare(`SELECT rejoin_hash FROM join_tokens`).pluck().get();
    for (const attempt of [{}, { rejoinKey: 'G'.repeat(43) }, { rejoinKey: welcome.resumeKey }]) {
      const s = connect(h);
      await s.send({ type: 'hello', token, lang: 'en', ...attempt });
      expect(s.sent).toEqual([{ type: 'refused', reason: 'used' }]);
      expect(s.closed).toEqual([4003]);
    }
    expect(h.store.db.prepare(`SELECT rejoin_hash FROM join_tokens`).pluck().get()).toBe(before);
    // Only the hash is stored, never the key.
    expect(before).not.toBe(welcome.rejoinKey);
    expect(String(before)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('of two concurrent rejoins with one key, exactly one is welcomed', async () => {
    h = await setupVideo();
    const token = h.issue();
    const { a, welcome } = await familyIn(token);
    await a.send({ type: 'leave' });
    const x = connect(h);
    const y = connect(h);
    await Promise.all([
      x.send({ type: 'hello', token, lang: 'en', rejoinKey: welcome.rejoinKey }),
      y.send({ type: 'hello', token, lang: 'en', rejoinKey: welcome.rejoinKey }),
    ]);
    expect([x.sent[0]?.type, y.sent[0]?.type].sort()).toEqual(['refused', 'welcome']);
  });

  it('a second tab of the same browser takes over the connected participant (the first tab is told it was replaced)', async () => {
    h = await setupVideo();
    const token = h.issue();
    const { a, welcome } = await familyIn(token);
    const b = connect(h);
    await b.send({ type: 'hello', token, lang: 'en', rejoinKey: welcome.rejoinKey });
    expect(b.sent[0]).toMatchObject({ type: 'welcome', participantId: welcome.participantId, phase: 'admitted' });
    expect(a.closed).toEqual([4001]);
  });

  it('ends with the call, and with the link\'s time', async () => {
    h = await setupVideo();
    const token = h.issue();
    const { a, welcome } = await familyIn(token);
    await a.send({ type: 'leave' });
    h.clock.now = () => new Date('2026-11-27T12:00:01Z');
    const late = connect(h);
    await late.send({ type: 'hello', token, lang: 'en', rejoinKey: welcome.rejoinKey });
    expect(late.sent).toEqual([{ type: 'refused', reason: 'used' }]);
    h.clock.now = () => new Date('2026-11-27T10:05:00Z');
    h.rooms.end(h.visitId);
    const after = connect(h);
    await after.send({ type: 'hello', token, lang: 'en', rejoinKey: welcome.rejoinKey });
    expect(after.sent).toEqual([{ type: 'refused', reason: 'used' }]);
    expect(h.store.db.prepare(`SELECT rejoin_hash FROM join_tokens`).pluck().get()).toBeNull();
  });
});
