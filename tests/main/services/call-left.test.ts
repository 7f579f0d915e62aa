/**
 * The family leaves on their own (issue 16 item 3 follow-up), with the real
 * services and SQLite: once every admitted guest's page is gone and none is
 * back within the rejoin window, the call's end is recorded at the time they
 * left, as `system`, append-only and audited; a quick rejoin records nothing;
 * a signed visit takes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCallLeftWatch } from '../../../electron/main/services/call-left';
import type { VideoEvent } from '../../../shared/signaling/clinician';
import { openClockedVisit } from '../../support/clocked-visit';
import { screenAllAbsent } from '../../support/room-signing';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const WINDOW = 30_000;

async function setup() {
  const { db, services, actor, visitId, clock, now, advance, close } = await openClockedVisit({ idSeed: 61 });
  cleanup = close;
  // Timers the test runs by hand: the window passes when `elapse` says so, on the test's clock.
  const timers: { at: number; fn: () => void; done: boolean }[] = [];
  const watch = createCallLeftWatch({
    callTimes: services.callTimes,
    rejoinWindowMs: WINDOW,
    now: clock.now,
    setTimer: (fn, ms) => {
      const t = { at: now() + ms, fn, done: false };
      timers.push(t);
      return t;
    },
    clearTimer: (t) => ((t as { done: boolean }).done = true),
  });
  const elapse = (ms: number) => {
    advance(ms);
    for (const t of timers) {
      if (t.done || t.at > now()) continue;
      t.done = true;
      t.fn();
    }
  };
  const family = (phase: 'admitted' | 'left' | 'gone', connected: boolean): VideoEvent => ({
    type: 'participants',
    visitId,
    participants:
      phase === 'gone'
        ? []
        : [{ id: 'p-family0123456789', role: 'family', phase: phase === 'left' ? 'admitted' : phase, connected, consent: null, intakeSubmitted: true, muted: false, cameraOff: false, language: 'en' }],
  } as VideoEvent);
  return { db, services, actor, visitId, watch, elapse, family };
}

const rows = (db: import('better-sqlite3').Database) =>
  db.prepare(`SELECT kind, at, recorded_by AS by FROM call_events ORDER BY id`).all() as { kind: string; at: string; by: string }[];

describe('call end when the family leaves on its own', () => {
  it('records the end at the time the family left once the rejoin window passes, audited, and only once', async () => {
    const { db, services, actor, visitId, watch, elapse, family } = await setup();
    services.callTimes.familyAdmitted(visitId, actor);
    watch.observe(family('admitted', true));
    elapse(7 * 60_000);
    // The family's page closes (hang-up or closed tab): its connection goes, then it is gone from the call.
    watch.observe(family('admitted', false));
    elapse(10_000);
    watch.observe(family('gone', false));
    expect(rows(db)).toHaveLength(1);
    elapse(WINDOW);
    expect(rows(db)).toEqual([
      { kind: 'family_admitted', at: '2026-11-27T10:00:00.000Z', by: actor },
      { kind: 'call_ended', at: '2026-11-27T10:07:00.000Z', by: 'system' },
    ]);
    expect(services.callTimes.times(visitId).minutes).toBe(7);
    const audit = db.prepare(`SELECT actor, detail_json FROM audit_log WHERE action = 'call.event' ORDER BY seq`).all() as { actor: string; detail_json: string }[];
    expect(audit.at(-1)?.actor).toBe('system');
    expect(JSON.parse(audit.at(-1)!.detail_json)).toEqual({ visitId, kind: 'call_ended' });
    // The clinician's End call afterwards adds nothing; the store refuses to change the row.
    expect(services.callTimes.callEnded(visitId, actor)).toBe(false);
    expect(() => db.prepare(`UPDATE call_events SET at = '2026-11-27T10:30:00.000Z'`).run()).toThrow(/never changed/);
    expect(rows(db)).toHaveLength(2);
    expect(watch.pending).toBe(0);
  });

  it('a family back within the window records nothing; back after the end, the call opens again', async () => {
    const { db, services, actor, visitId, watch, elapse, family } = await setup();
    services.callTimes.familyAdmitted(visitId, actor);
    watch.observe(family('admitted', false));
    elapse(WINDOW - 1_000);
    watch.observe(family('admitted', true));
    elapse(5 * WINDOW);
    expect(rows(db).map((r) => r.kind)).toEqual(['family_admitted']);
    // Gone for longer than the window, then back: an end, then a new admission; End call closes the call.
    watch.observe(family('admitted', false));
    elapse(2 * WINDOW);
    watch.observe(family('admitted', true));
    elapse(60_000);
    expect(services.callTimes.callEnded(visitId, actor)).toBe(true);
    expect(rows(db).map((r) => `${r.kind}:${r.by === 'system' ? 'system' : 'clinician'}`)).toEqual([
      'family_admitted:clinician',
      'call_ended:system',
      'family_admitted:system',
      'call_ended:clinician',
    ]);
  });

  it('records nothing before the family is admitted, after the clinician ended the call, or on a signed visit', async () => {
    const { db, services, actor, visitId, watch, elapse, family } = await setup();
    // Waiting, never admitted: no call to end.
    watch.observe(family('gone', false));
    elapse(2 * WINDOW);
    expect(rows(db)).toEqual([]);
    // The clinician ends the call; the family's page then goes.
    services.callTimes.familyAdmitted(visitId, actor);
    watch.observe(family('admitted', false));
    services.callTimes.callEnded(visitId, actor);
    watch.observe({ type: 'ended', visitId } as VideoEvent);
    elapse(2 * WINDOW);
    expect(rows(db).map((r) => r.by)).toEqual([actor, actor]);
    // A new call, then the visit is signed while the family is away: nothing is written to the signed visit.
    elapse(60_000);
    services.callTimes.familyAdmitted(visitId, actor);
    watch.observe(family('admitted', false));
    await screenAllAbsent(services, visitId, actor);
    await services.visitRoom.skipNotExamined(visitId, 'Phone visit: no video.', actor);
    await services.visitRoom.decide(visitId, { tier: 'E', familyTold: 'Home care.' }, actor);
    await services.visitRoom.sign(visitId, actor);
    elapse(2 * WINDOW);
    expect(rows(db)).toHaveLength(3);
    expect(rows(db).at(-1)?.kind).toBe('family_admitted');
  });
});
