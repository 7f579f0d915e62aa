/**
 * Call times (issue 16, migration 0019) through the real dispatcher, services
 * and SQLite: admitting a waiting family and ending the call are recorded
 * after the media layer acts, append-only and audited with ids only, and the
 * clinician note's model gives the call's real length.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import { unavailableVideoHandlers, type VideoHandlers } from '../../../electron/main/media/handlers';
import { unavailableExportHandlers } from '../../../electron/main/export/ipc';
import { unavailableEhrHandlers } from '../../../electron/main/ehr/ipc';
import { createExportService } from '../../../electron/main/export/service';
import { callTimesOf } from '../../../electron/main/services/call-times';
import { MIGRATIONS } from '../../../electron/main/store/migrations';
import { CONSOLE_SENDER } from '../../support/services';
import { openClockedVisit } from '../../support/clocked-visit';
import { screenAllAbsent } from '../../support/room-signing';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const FAMILY = 'p-family0123456789';

async function setup(options: { admitFails?: boolean } = {}) {
  const { db, services, actor, visitId, clock, advance, close } = await openClockedVisit({ idSeed: 41 });
  cleanup = close;
  // A stand-in media layer: one family member waiting until admitted.
  let phase: 'waiting' | 'admitted' | 'left' = 'waiting';
  const media: string[] = [];
  const video: VideoHandlers = {
    ...unavailableVideoHandlers(),
    'video:participants': async () => ({
      participants: [{ id: FAMILY, role: 'family', phase, displayName: 'Family' }] as never,
    }),
    'video:admit': async () => {
      if (options.admitFails) throw new Error('The call is not open.');
      phase = 'admitted';
      media.push('admit');
      return {};
    },
    'video:end': async () => {
      phase = 'left';
      media.push('end');
      return {};
    },
  };
  const handlers = createHandlers(services, { appName: 'x', appVersion: '0', contentVersion: null }, video, unavailableExportHandlers(), unavailableEhrHandlers());
  const dispatch = createDispatcher({ appOrigin: 'app://console', handlers });
  const call = async (channel: string, payload: unknown) => dispatch(CONSOLE_SENDER, channel, payload);
  return {
    db,
    services,
    actor,
    visitId,
    call,
    media,
    clock,
    advance: (minutes: number) => advance(minutes * 60_000),
    rejoinAsWaiting: () => (phase = 'waiting'),
  };
}

const count = (db: import('better-sqlite3').Database, sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;

describe('call times', () => {
  it('is migration 0019, found by name', () => {
    expect(MIGRATIONS.some((m) => m.name === '0019-call-times')).toBe(true);
  });

  it('records the admission and the end, audits ids only, and the note gives the real duration', async () => {
    const { db, services, visitId, call, advance, clock } = await setup();
    const admitted = await call('video:admit', { visitId, participantId: FAMILY });
    expect(admitted.ok, JSON.stringify(admitted)).toBe(true);
    advance(12);
    expect((await call('video:end', { visitId })).ok).toBe(true);

    const events = services.callTimes.events(visitId);
    expect(events.map((e) => [e.kind, e.at])).toEqual([
      ['family_admitted', '2026-11-27T10:00:00.000Z'],
      ['call_ended', '2026-11-27T10:12:00.000Z'],
    ]);
    expect(services.callTimes.times(visitId)).toEqual({ admittedAt: '2026-11-27T10:00:00.000Z', endedAt: '2026-11-27T10:12:00.000Z', minutes: 12 });
    const audit = db.prepare(`SELECT entity, entity_id, detail_json FROM audit_log WHERE action = 'call.event' ORDER BY seq`).all() as { entity: string; entity_id: string; detail_json: string }[];
    expect(audit.map((a) => JSON.parse(a.detail_json))).toEqual([
      { kind: 'family_admitted', visitId },
      { kind: 'call_ended', visitId },
    ]);
    expect(audit.map((a) => a.entity_id)).toEqual(events.map((e) => String(e.id)));

    const exporter = createExportService({ record: services.record, clinicians: services.clinicians, clock, printer: () => { throw new Error('no printing'); }, timeZone: 'UTC', callTimes: services.callTimes });
    const m = await exporter.model(visitId);
    expect(m.call).toMatchObject({ basis: 'call', minutes: 12, start: '2026-11-27T10:00:00.000Z', end: '2026-11-27T10:12:00.000Z' });
    expect(m.durationText).toBe('12 min call (family admitted to call ended); 20 min scheduled');
    // Without call times the note still measures its exam entries, as before.
    const old = await createExportService({ record: services.record, clinicians: services.clinicians, clock, printer: () => { throw new Error('no printing'); }, timeZone: 'UTC' }).model(visitId);
    expect(old.call.basis).toBe('none');
  });

  it('a family that drops and is let in again within the call adds no row; a new call after an end does', async () => {
    const { services, visitId, call, advance, rejoinAsWaiting } = await setup();
    await call('video:admit', { visitId, participantId: FAMILY });
    advance(3);
    rejoinAsWaiting();
    await call('video:admit', { visitId, participantId: FAMILY });
    advance(5);
    await call('video:end', { visitId });
    await call('video:end', { visitId });
    expect(services.callTimes.events(visitId).map((e) => e.kind)).toEqual(['family_admitted', 'call_ended']);
    advance(10);
    rejoinAsWaiting();
    await call('video:admit', { visitId, participantId: FAMILY });
    advance(2);
    await call('video:end', { visitId });
    // First admission to last end: 3 + 5 + 10 + 2.
    expect(services.callTimes.times(visitId).minutes).toBe(20);
  });

  it('records nothing when the media layer refuses the admission, or when a call with no family is ended', async () => {
    const failing = await setup({ admitFails: true });
    expect((await failing.call('video:admit', { visitId: failing.visitId, participantId: FAMILY })).ok).toBe(false);
    expect((await failing.call('video:end', { visitId: failing.visitId })).ok).toBe(true);
    expect(count(failing.db, `SELECT count(*) FROM call_events`)).toBe(0);
    expect(count(failing.db, `SELECT count(*) FROM audit_log WHERE action = 'call.event'`)).toBe(0);
    expect(failing.services.callTimes.times(failing.visitId)).toEqual({ admittedAt: null, endedAt: null, minutes: null });
  });

  it('an open call has no length yet', () => {
    expect(callTimesOf([{ kind: 'family_admitted', at: '2026-11-27T10:00:00.000Z' }])).toEqual({ admittedAt: '2026-11-27T10:00:00.000Z', endedAt: null, minutes: null });
  });

  it('the store keeps the rows append-only and refuses a new one on a signed visit', async () => {
    const { db, services, visitId, call, actor } = await setup();
    await call('video:admit', { visitId, participantId: FAMILY });
    expect(() => db.prepare(`UPDATE call_events SET at = '2026-11-27T09:00:00.000Z'`).run()).toThrow(/never changed/);
    expect(() => db.prepare(`DELETE FROM call_events`).run()).toThrow(/never deleted/);
    expect(() => db.prepare(`INSERT INTO call_events (visit_id, kind, at, recorded_by) VALUES (?, 'call_ended', 'yesterday', ?)`).run(visitId, actor)).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO call_events (visit_id, kind, at, recorded_by) VALUES (?, 'paused', '2026-11-27T10:00:00.000Z', ?)`).run(visitId, actor)).toThrow(/CHECK/);
    // Sign the visit the real way (every flag screened, a home-care decision).
    await screenAllAbsent(services, visitId, actor);
    await services.visitRoom.skipNotExamined(visitId, 'Phone visit: no video.', actor);
    await services.visitRoom.decide(visitId, { tier: 'E', familyTold: 'Home care.' }, actor);
    expect((await call('visits:sign', { visitId })).ok).toBe(true);
    expect(() => db.prepare(`INSERT INTO call_events (visit_id, kind, at, recorded_by) VALUES (?, 'call_ended', '2026-11-27T10:30:00.000Z', ?)`).run(visitId, actor)).toThrow(/signed/);
    // Ending the call after signing records nothing and is not an error.
    expect((await call('video:end', { visitId })).ok).toBe(true);
    expect(count(db, `SELECT count(*) FROM call_events`)).toBe(1);
  });
});
