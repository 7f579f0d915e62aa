/**
 * The media session's state machine (renderer/src/video/media-state.ts; issue
 * 15 item 7): what the clinician and the family see of a call's connection,
 * the remote feeds and mute, driven through the events a real call produces.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  initialState,
  RESTART_DELAYS_MS,
  transition,
  type ConsumerState,
  type SessionEvent,
  type SessionState,
  type Transition,
} from '../../renderer/src/video/media-state';

const consumer = (id: string, participantId: string, kind: 'audio' | 'video'): ConsumerState => ({
  consumerId: id,
  producerId: `p-${id}`,
  participantId,
  role: 'family',
  kind,
  source: kind === 'audio' ? 'mic' : 'camera',
});

/** The event of a consumer arriving for `participantId` (its producer paused or not). */
const added = (id: string, participantId: string, kind: 'audio' | 'video', producerPaused = false): SessionEvent => ({ type: 'consumerAdded', consumer: consumer(id, participantId, kind), producerPaused });

/** Apply events in order; every one must be accepted. Returns the last state and every effect. */
function run(events: SessionEvent[], from: SessionState = initialState()) {
  let state = from;
  const effects: unknown[] = [];
  for (const event of events) {
    const r = transition(state, event);
    if (!r.ok) throw new Error(`refused ${event.type}: ${r.reason}`);
    state = r.state;
    effects.push(...r.effects);
  }
  return { state, effects };
}

const refused = (r: Transition) => {
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.reason;
};

const connected = () => run([{ type: 'start' }, { type: 'transport', state: 'connecting' }, { type: 'transport', state: 'connected' }]).state;

describe('media session state machine', () => {
  it('starts new, connects on start (admission), and is connected when a transport connects', () => {
    const s0 = initialState({ muted: true });
    expect(s0.connection).toBe('new');
    expect(s0.muted).toBe(true);
    const started = run([{ type: 'start' }], s0).state;
    expect(started.connection).toBe('connecting');
    expect(run([{ type: 'transport', state: 'connected' }], started).state.connection).toBe('connected');
    // Mute chosen before the call is kept through it.
    expect(run([{ type: 'transport', state: 'connected' }], started).state.muted).toBe(true);
  });

  it('shows a remote participant when their first consumer appears, and their video when the camera does', () => {
    const s = run([added('a1', 'fam', 'audio'), added('v1', 'fam', 'video', true)], connected()).state;
    expect([...s.feeds.values()]).toEqual([{ participantId: 'fam', role: 'family', hasVideo: true, videoPaused: true, audioPaused: false }]);
    // The family turns the camera on.
    const on = run([{ type: 'producerPaused', consumerId: 'v1', paused: false }], s).state;
    expect(on.feeds.get('fam')!.videoPaused).toBe(false);
    // A camera that stops leaves the participant (audio still there) without video.
    const noCam = run([{ type: 'consumerClosed', consumerId: 'v1' }], on).state;
    expect(noCam.feeds.get('fam')).toMatchObject({ hasVideo: false, audioPaused: false });
    // The last track gone: the participant disappears.
    expect(run([{ type: 'consumerClosed', consumerId: 'a1' }], noCam).state.feeds.size).toBe(0);
  });

  it('a new camera consumer for the same participant replaces the old one (one video per person)', () => {
    const s = run([added('v1', 'fam', 'video'), added('v2', 'fam', 'video')], connected()).state;
    expect([...s.consumers.keys()]).toEqual(['v2']);
    // The old one's close (which comes later from the server) is refused and changes nothing.
    expect(refused(transition(s, { type: 'consumerClosed', consumerId: 'v1' }))).toMatch(/No such consumer/);
    expect(s.feeds.get('fam')!.hasVideo).toBe(true);
  });

  it('keeps the feeds in the order the participants appeared', () => {
    const s = run([added('c1', 'caregiver', 'video'), added('f1', 'family', 'video'), added('c2', 'caregiver', 'audio')], connected()).state;
    expect([...s.feeds.keys()]).toEqual(['caregiver', 'family']);
  });

  it('a transport that drops shows reconnecting and schedules an ICE restart, backing off, reset once connected', () => {
    let s = connected();
    const drop = run([{ type: 'transport', state: 'disconnected' }], s);
    expect(drop.state.connection).toBe('reconnecting');
    expect(drop.effects).toEqual([{ type: 'scheduleRestart', delayMs: RESTART_DELAYS_MS[0] }]);
    // The other transport dropping too does not schedule a second restart.
    expect(run([{ type: 'transport', state: 'failed' }], drop.state).effects).toEqual([]);
    const due = run([{ type: 'restartDue' }], drop.state);
    expect(due.effects).toEqual([{ type: 'restartIce' }]);
    // The restart request fails (the server is unreachable for a moment): try again, later each time.
    const again = run([{ type: 'restartFailed', code: 'DISCONNECTED' }], due.state);
    expect(again.effects).toEqual([{ type: 'scheduleRestart', delayMs: RESTART_DELAYS_MS[1] }]);
    s = run([{ type: 'restartDue' }, { type: 'restartFailed', code: 'DISCONNECTED' }, { type: 'restartDue' }], again.state).state;
    expect(s.restartAttempt).toBe(3);
    s = run([{ type: 'transport', state: 'connected' }], s).state;
    expect(s.connection).toBe('connected');
    expect(s.restartAttempt).toBe(0);
    expect(run([{ type: 'transport', state: 'disconnected' }], s).effects).toEqual([{ type: 'scheduleRestart', delayMs: RESTART_DELAYS_MS[0] }]);
  });

  it('the delay stops growing at its last step', () => {
    let s = run([{ type: 'transport', state: 'failed' }], connected()).state;
    const delays: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const r = run([{ type: 'restartDue' }, { type: 'restartFailed', code: null }], s);
      s = r.state;
      delays.push((r.effects.find((e) => (e as { type: string }).type === 'scheduleRestart') as { delayMs: number }).delayMs);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000]);
  });

  it('when the server no longer has the transports, the restart becomes a rejoin that rebuilds the media', () => {
    const withFeed = run([added('v1', 'fam', 'video'), { type: 'setPaused', source: 'mic', paused: true }], connected()).state;
    const lost = run([{ type: 'transport', state: 'failed' }, { type: 'restartDue' }, { type: 'restartFailed', code: 'NOT_FOUND' }], withFeed);
    expect(lost.effects.at(-1)).toEqual({ type: 'rejoin' });
    const rejoined = run([{ type: 'rejoin' }], lost.state).state;
    expect(rejoined.connection).toBe('connecting');
    expect(rejoined.feeds.size).toBe(0);
    expect(rejoined.consumers.size).toBe(0);
    // Mute survives the rebuild.
    expect(rejoined.muted).toBe(true);
    // The family comes back with its camera: shown again.
    const back = run([{ type: 'transport', state: 'connected' }, added('v9', 'fam', 'video')], rejoined).state;
    expect(back.connection).toBe('connected');
    expect([...back.feeds.keys()]).toEqual(['fam']);
  });

  it('a failed start shows the error, forgets the media, and may be started again', () => {
    const failed = run([{ type: 'start' }, { type: 'startFailed', message: 'Camera is busy.' }]).state;
    expect(failed).toMatchObject({ connection: 'failed', error: 'Camera is busy.' });
    const retry = run([{ type: 'start' }], failed).state;
    expect(retry).toMatchObject({ connection: 'connecting', error: null });
  });

  it('leaving closes the call, and nothing afterwards changes it', () => {
    const s = run([added('v1', 'fam', 'video'), { type: 'close' }], connected()).state;
    expect(s.connection).toBe('closed');
    expect(s.feeds.size).toBe(0);
    const late: SessionEvent[] = [
      { type: 'close' },
      { type: 'start' },
      { type: 'rejoin' },
      { type: 'transport', state: 'connected' },
      { type: 'restartDue' },
      added('v2', 'fam', 'video'),
      { type: 'setPaused', source: 'camera', paused: true },
    ];
    for (const event of late) expect(refused(transition(s, event))).toBe('The call has ended.');
  });

  it('refuses transitions that make no sense, naming why', () => {
    const fresh = initialState();
    expect(refused(transition(fresh, { type: 'transport', state: 'connected' }))).toMatch(/new/);
    expect(refused(transition(fresh, added('v1', 'x', 'video')))).toMatch(/Cannot receive/);
    expect(refused(transition(fresh, { type: 'startFailed', message: 'x' }))).toMatch(/Not starting/);
    expect(refused(transition(fresh, { type: 'restartDue' }))).toMatch(/No ICE restart/);
    const c = connected();
    expect(refused(transition(c, { type: 'start' }))).toMatch(/Already connected/);
    expect(refused(transition(c, { type: 'producerPaused', consumerId: 'nope', paused: true }))).toMatch(/No such consumer/);
    const withOne = run([added('v1', 'fam', 'video')], c).state;
    expect(refused(transition(withOne, added('v1', 'fam', 'video')))).toMatch(/already/);
  });

  it('a refused event leaves the state exactly as it was; any event sequence keeps feeds and consumers consistent', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const event = fc.oneof(
      fc.constant<SessionEvent>({ type: 'start' }),
      fc.constant<SessionEvent>({ type: 'startFailed', message: 'x' }),
      fc.constantFrom<SessionEvent>(...(['new', 'connecting', 'connected', 'disconnected', 'failed', 'closed'] as const).map((state) => ({ type: 'transport' as const, state }))),
      fc.constant<SessionEvent>({ type: 'restartDue' }),
      fc.constantFrom<SessionEvent>({ type: 'restartFailed', code: 'NOT_FOUND' }, { type: 'restartFailed', code: null }),
      fc.constant<SessionEvent>({ type: 'rejoin' }),
      fc.record({ id: fc.constantFrom(...ids), who: fc.constantFrom('fam', 'cg'), kind: fc.constantFrom('audio' as const, 'video' as const), paused: fc.boolean() })
        .map(({ id, who, kind, paused }) => added(id, who, kind, paused)),
      fc.constantFrom(...ids).map((consumerId): SessionEvent => ({ type: 'consumerClosed', consumerId })),
      fc.record({ consumerId: fc.constantFrom(...ids), paused: fc.boolean() }).map((e): SessionEvent => ({ type: 'producerPaused', ...e })),
      fc.record({ source: fc.constantFrom('mic' as const, 'camera' as const), paused: fc.boolean() }).map((e): SessionEvent => ({ type: 'setPaused', ...e })),
      fc.constant<SessionEvent>({ type: 'close' }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let s = initialState();
        for (const e of events) {
          const before = JSON.stringify(s, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
          const r = transition(s, e);
          if (!r.ok) {
            expect(JSON.stringify(s, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v))).toBe(before);
            continue;
          }
          s = r.state;
          // Every feed has a consumer and every consumer's participant has a feed; one consumer per kind per person.
          const people = new Set([...s.consumers.values()].map((c) => c.participantId));
          expect(new Set(s.feeds.keys())).toEqual(people);
          for (const [pid, feed] of s.feeds) {
            const mine = [...s.consumers.values()].filter((c) => c.participantId === pid);
            expect(feed.hasVideo).toBe(mine.some((c) => c.kind === 'video'));
            expect(mine.filter((c) => c.kind === 'video').length).toBeLessThanOrEqual(1);
            expect(mine.filter((c) => c.kind === 'audio').length).toBeLessThanOrEqual(1);
          }
          if (s.connection === 'closed' || s.connection === 'new' || s.connection === 'failed') expect(s.consumers.size).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
