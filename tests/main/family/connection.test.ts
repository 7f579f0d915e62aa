import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FamilyConnection } from '../../../electron/main/family/connection';
import { newCounters, totalRefused } from '../../../electron/main/family/counters';
import { setupVideo, storedIntake, validIntake, type VideoHarness } from '../media/harness';
import { MAX_SIGNAL_MESSAGE_BYTES } from '../../../shared/signaling/limits';
import { FamilyClientMessage, type FamilyServerMessage } from '../../../shared/signaling/family';

let h: VideoHarness;
afterEach(() => h?.close());

function connect(harness: VideoHarness, rate = { capacity: 1e9, perSecond: 1e9 }) {
  const sent: FamilyServerMessage[] = [];
  const closed: number[] = [];
  const counters = newCounters();
  const conn = new FamilyConnection(
    { send: (t) => sent.push(JSON.parse(t) as FamilyServerMessage), close: (code) => closed.push(code) },
    { rooms: harness.rooms, counters, rate },
  );
  return { conn, sent, closed, counters, send: (m: unknown) => conn.receive(JSON.stringify(m)) };
}

const intakeRows = () => (h.store.db.prepare('SELECT count(*) AS n FROM intakes').get() as { n: number }).n;
const usedTokens = () => (h.store.db.prepare('SELECT count(*) AS n FROM join_tokens WHERE used_at IS NOT NULL').get() as { n: number }).n;

/** Valid messages for every type, to mutate. */
const SAMPLES: unknown[] = [
  { type: 'hello', token: 'A'.repeat(43), lang: 'en' },
  { type: 'resume', resumeKey: 'B'.repeat(43), lang: 'es' },
  { type: 'consent', id: 1, video: true, stills: false },
  { type: 'intake', id: 2, answers: validIntake },
  { type: 'ready', id: 3 },
  { type: 'join', id: 4, rtpCapabilities: { codecs: [] } },
  { type: 'createTransport', id: 5, direction: 'send' },
  { type: 'connectTransport', id: 6, transportId: '00000000-0000-4000-8000-000000000000', dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AB' }] } },
  { type: 'consume', id: 7, producerId: '00000000-0000-4000-8000-000000000000' },
  { type: 'restartIce', id: 8, transportId: '00000000-0000-4000-8000-000000000000' },
  { type: 'leave' },
];

/** A sample with one field removed, retyped, or an extra key added. */
const mutated = fc
  .tuple(fc.constantFrom(...SAMPLES), fc.nat(), fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.object(), fc.boolean()), fc.string({ minLength: 1, maxLength: 12 }), fc.nat(2))
  .map(([sample, pick, value, extraKey, how]) => {
    const copy = structuredClone(sample) as Record<string, unknown>;
    const keys = Object.keys(copy);
    const key = keys[pick % keys.length]!;
    if (how === 0) delete copy[key];
    else if (how === 1) copy[key] = value;
    else copy[extraKey] = value;
    return copy;
  })
  .filter((m) => !FamilyClientMessage.safeParse(m).success);

const junk = fc.oneof(
  fc.string(),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  mutated.map((m) => JSON.stringify(m)),
  fc.uint8Array({ maxLength: 200 }),
);

describe('FamilyConnection', () => {
  it('never throws and never changes state for random or mutated messages before hello', async () => {
    h = await setupVideo();
    const token = h.issue();
    await fc.assert(
      fc.asyncProperty(fc.array(junk, { maxLength: 8 }), async (messages) => {
        const c = connect(h);
        for (const m of messages) {
          const before = totalRefused(c.counters);
          await c.conn.receive(m);
          expect(totalRefused(c.counters)).toBe(before + 1);
        }
        expect(c.conn.phase).toBe('new');
        expect(c.counters.accepted).toBe(0);
      }),
      { numRuns: 300 },
    );
    expect(usedTokens()).toBe(0);
    expect(intakeRows()).toBe(0);
    // The real token still works afterwards.
    const c = connect(h);
    await c.send({ type: 'hello', token, lang: 'en' });
    expect(c.sent[0]).toMatchObject({ type: 'welcome', phase: 'lobby' });
  });

  it('never changes a lobby participant for random, mutated or out-of-order messages', async () => {
    h = await setupVideo();
    const c = connect(h);
    await c.send({ type: 'hello', token: h.issue(), lang: 'en' });
    expect(c.conn.phase).toBe('lobby');
    const outOfOrder = fc.constantFrom(
      { type: 'hello', token: 'A'.repeat(43), lang: 'en' },
      { type: 'createTransport', id: 9, direction: 'send' },
      { type: 'join', id: 10, rtpCapabilities: {} },
      { type: 'restartIce', id: 11, transportId: '00000000-0000-4000-8000-000000000000' },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(junk, outOfOrder.map((m) => JSON.stringify(m))), { maxLength: 6 }), async (messages) => {
        for (const m of messages) await c.conn.receive(m);
        expect(c.conn.phase).toBe('lobby');
        expect(c.counters.accepted).toBe(1);
        expect(h.rooms.summaries(h.visitId)[0]).toMatchObject({ consent: null, intakeSubmitted: false, phase: 'lobby' });
      }),
      { numRuns: 200 },
    );
    expect(intakeRows()).toBe(0);
    expect(c.counters.refused.outOfOrder).toBeGreaterThan(0);
    expect(c.counters.refused.unknown + c.counters.refused.malformed).toBeGreaterThan(0);
  });

  it('walks the lobby in order: consent, intake (saved into the visit), ready; then waits for the clinician', async () => {
    h = await setupVideo();
    const c = connect(h);
    await c.send({ type: 'hello', token: h.issue(), lang: 'es' });
    await c.send({ type: 'ready', id: 1 });
    expect(c.sent.at(-1)).toMatchObject({ type: 'result', id: 1, ok: false, error: { code: 'CONFLICT' } });
    await c.send({ type: 'consent', id: 2, video: true, stills: true });
    await c.send({ type: 'intake', id: 3, answers: validIntake });
    await c.send({ type: 'ready', id: 4 });
    expect(c.sent.slice(-3).map((m) => m.type === 'result' && m.ok)).toEqual([true, true, true]);
    expect(c.conn.phase).toBe('waiting');
    const row = storedIntake(h)!;
    expect(row.language).toBe('es');
    expect(row.submitted_by).toBe('family');
    // Exactly the clinical intake: consent is not part of it.
    expect(JSON.parse(row.answers_json)).toEqual(validIntake);
    expect((await h.store.services.record.getVisitRecord(h.visitId)).visit.status).toBe('waiting');
    // Media is refused until admitted.
    await c.send({ type: 'createTransport', id: 5, direction: 'send' });
    expect(c.sent.at(-1)).toMatchObject({ type: 'result', id: 5, ok: false, error: { code: 'OUT_OF_ORDER' } });
    expect(h.events.at(-1)).toMatchObject({ type: 'participants', participants: [expect.objectContaining({ phase: 'waiting' })] });
    h.rooms.admit(h.visitId, c.conn.participantId!);
    expect(c.sent.at(-1)).toEqual({ type: 'admitted', iceServers: [] });
    await c.send({ type: 'createTransport', id: 6, direction: 'send' });
    expect(c.sent.at(-1)).toMatchObject({ type: 'result', id: 6, ok: true });
  });

  it('refuses an oversized message and counts it', async () => {
    h = await setupVideo();
    const c = connect(h);
    await c.conn.receive(JSON.stringify({ type: 'hello', token: 'x'.repeat(MAX_SIGNAL_MESSAGE_BYTES), lang: 'en' }));
    expect(c.counters.refused.oversized).toBe(1);
    expect(c.conn.phase).toBe('new');
  });

  it('rate-limits a sender and closes one that keeps sending refused messages', async () => {
    h = await setupVideo();
    const c = connect(h, { capacity: 5, perSecond: 1 });
    for (let i = 0; i < 60; i += 1) await c.conn.receive('{"type":"nope"}');
    expect(c.counters.refused.rateLimited).toBeGreaterThan(40);
    expect(c.closed).toEqual([1008]);
  });

  it('of two concurrent hellos with one token, exactly one is welcomed', async () => {
    h = await setupVideo();
    const token = h.issue();
    const a = connect(h);
    const b = connect(h);
    await Promise.all([a.send({ type: 'hello', token, lang: 'en' }), b.send({ type: 'hello', token, lang: 'en' })]);
    const kinds = [a.sent[0]?.type, b.sent[0]?.type].sort();
    expect(kinds).toEqual(['refused', 'welcome']);
    const refused = [a, b].find((x) => x.sent[0]?.type === 'refused')!;
    expect(refused.sent[0]).toEqual({ type: 'refused', reason: 'used' });
    expect(refused.closed).toEqual([4003]);
  });

  it('refuses an expired token and a reused one', async () => {
    h = await setupVideo();
    const expired = h.tokens.issue(h.visitId, new Date('2026-11-27T09:00:00Z'), new Date('2026-11-27T09:30:00Z'), 'family');
    const a = connect(h);
    await a.send({ type: 'hello', token: expired, lang: 'en' });
    expect(a.sent).toEqual([{ type: 'refused', reason: 'expired' }]);
    const token = h.issue();
    const b = connect(h);
    await b.send({ type: 'hello', token, lang: 'en' });
    b.conn.close(1000, 'test');
    const again = connect(h);
    await again.send({ type: 'hello', token, lang: 'en' });
    expect(again.sent).toEqual([{ type: 'refused', reason: 'used' }]);
  });

  it('resumes with the key after a drop: same participant, same phase, a fresh key; the old key is dead', async () => {
    h = await setupVideo();
    const a = connect(h);
    await a.send({ type: 'hello', token: h.issue(), lang: 'en' });
    const welcome = a.sent[0] as Extract<FamilyServerMessage, { type: 'welcome' }>;
    await a.send({ type: 'consent', id: 1, video: true, stills: false });
    a.conn.close(1006, 'drop');
    const b = connect(h);
    await b.send({ type: 'resume', resumeKey: welcome.resumeKey, lang: 'en' });
    const again = b.sent[0] as Extract<FamilyServerMessage, { type: 'welcome' }>;
    expect(again).toMatchObject({ type: 'welcome', participantId: welcome.participantId, phase: 'lobby', consentRecorded: true });
    expect(again.resumeKey).not.toBe(welcome.resumeKey);
    const c = connect(h);
    await c.send({ type: 'resume', resumeKey: welcome.resumeKey, lang: 'en' });
    expect(c.sent).toEqual([{ type: 'refused', reason: 'unknown' }]);
  });

  it('lets no more than four people into a visit', async () => {
    h = await setupVideo();
    await h.rooms.openForClinician(h.visitId);
    const results = [];
    for (let i = 0; i < 4; i += 1) {
      const c = connect(h);
      await c.send({ type: 'hello', token: h.issue(), lang: 'en' });
      results.push(c.sent[0]?.type === 'welcome' ? 'welcome' : (c.sent[0] as { reason: string }).reason);
    }
    expect(results).toEqual(['welcome', 'welcome', 'welcome', 'full']);
  });

  it('ending the call tells the family, closes the socket and revokes unused links', async () => {
    h = await setupVideo();
    const a = connect(h);
    await a.send({ type: 'hello', token: h.issue(), lang: 'en' });
    const spare = h.issue('interpreter');
    h.rooms.end(h.visitId);
    expect(a.sent.at(-1)).toEqual({ type: 'ended' });
    expect(a.closed).toEqual([1000]);
    const b = connect(h);
    await b.send({ type: 'hello', token: spare, lang: 'en' });
    expect(b.sent).toEqual([{ type: 'refused', reason: 'revoked' }]);
  });
});
