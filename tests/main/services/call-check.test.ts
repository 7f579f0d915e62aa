/**
 * Call logistics through the real dispatcher, services and SQLite: the call
 * check (validated, audited without patient data, required to sign tier A or
 * B) and sending the join link through the system's handlers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import { unavailableVideoHandlers } from '../../../electron/main/media/handlers';
import { unavailableExportHandlers } from '../../../electron/main/export/ipc';
import { unavailableEhrHandlers } from '../../../electron/main/ehr/ipc';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { CONSOLE_SENDER, openServicesHarness, seedVisit } from '../../support/services';
import { validPatient } from '../../support/db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const TOKEN = 'T'.repeat(43);

async function setup(patient: Parameters<typeof seedVisit>[1] = {}) {
  const { db, services, actor, close } = await openServicesHarness({ idSeed: 31 });
  cleanup = close;
  const visit = { id: (await seedVisit(services, patient)).visitId };
  const opened: string[] = [];
  const external = vi.fn(async (url: string) => {
    opened.push(url);
  });
  let n = 0;
  const video = {
    ...unavailableVideoHandlers(),
    'visits:createJoinLink': async () => ({
      url: `http://127.0.0.1:4443/join#t=${TOKEN.slice(0, 42)}${(n++ % 10).toString()}`,
      role: 'family' as const,
      expiresAt: '2026-11-27T11:00:00.000Z',
    }),
  };
  const handlers = createHandlers(services, { appName: 'x', appVersion: '0', contentVersion: null }, video, unavailableExportHandlers(), unavailableEhrHandlers(), undefined, external);
  const dispatch = createDispatcher({ appOrigin: 'app://console', handlers });
  const call = async (channel: string, payload: unknown) => dispatch(CONSOLE_SENDER, channel, payload);
  return { db, services, actor, visitId: visit.id, call, opened };
}

const count = (db: import('better-sqlite3').Database, sql: string) => (db.prepare(sql).pluck().get() as number);

describe('the call check', () => {
  it('records where the child is and a call-back number, shows it in the room, and audits ids only', async () => {
    const { db, call, visitId } = await setup();
    const res = await call('calls:recordCheck', { visitId, childLocation: '  Home, 12 Elm Street, Springfield ', callbackPhone: '+1 (555) 010-2000' });
    expect(res.ok).toBe(true);
    const state = (res as { value: VisitRoomState }).value;
    expect(state.callCheck).toMatchObject({ childLocation: 'Home, 12 Elm Street, Springfield', callbackPhone: '+1 (555) 010-2000' });
    const audit = db.prepare(`SELECT action, detail_json FROM audit_log WHERE action = 'call.check'`).all() as { action: string; detail_json: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail_json).not.toMatch(/Elm|555/);
    // A correction is a new row; the latest is shown.
    const again = await call('calls:recordCheck', { visitId, childLocation: 'At school', callbackPhone: '555 010 3000' });
    expect((again as { value: VisitRoomState }).value.callCheck?.childLocation).toBe('At school');
    expect(count(db, `SELECT count(*) FROM call_checks`)).toBe(2);
  });

  it('refuses a bad number or location with a clear message naming the field, and writes nothing', async () => {
    const { db, call, visitId } = await setup();
    for (const [payload, field, message] of [
      [{ visitId, childLocation: 'Home', callbackPhone: '12' }, 'callbackPhone', /7 to 15 digits/],
      [{ visitId, childLocation: 'Home', callbackPhone: '555-CALL-NOW' }, 'callbackPhone', /digits, spaces/],
      [{ visitId, childLocation: 'Home', callbackPhone: '1'.repeat(40) }, 'callbackPhone', /too long/],
      [{ visitId, childLocation: '   ', callbackPhone: '555 010 2000' }, 'childLocation', /where the child is/],
      [{ visitId, childLocation: 'x'.repeat(201), callbackPhone: '555 010 2000' }, 'childLocation', /under 200/],
      [{ visitId, childLocation: 'Home\nBCC', callbackPhone: '555 010 2000' }, 'childLocation', /line breaks/],
    ] as const) {
      const res = await call('calls:recordCheck', payload);
      expect(res.ok, JSON.stringify(payload)).toBe(false);
      const error = (res as { error: { code: string; fields?: { path: string; message: string }[] } }).error;
      expect(error.code).toBe('INVALID_REQUEST');
      expect(error.fields?.find((f) => f.path === field)?.message).toMatch(message);
    }
    expect(count(db, `SELECT count(*) FROM call_checks`)).toBe(0);
    expect(count(db, `SELECT count(*) FROM audit_log WHERE action = 'call.check'`)).toBe(0);
  });

  it('is required to sign an emergency-now decision, by the service and by the store', async () => {
    const { db, services, actor, visitId, call } = await setup();
    let state = await services.visitRoom.open(visitId, actor);
    for (const f of state.flags.filter((x) => x.state === 'not_screened')) {
      state = await services.visitRoom.assessFlag(visitId, { flagId: f.id, state: 'absent' }, actor);
    }
    await services.visitRoom.skipNotExamined(visitId, 'Phone visit: no video.', actor);
    state = await services.visitRoom.decide(visitId, { tier: 'A', familyTold: 'Call 911 now.' }, actor);
    expect(state.gate.reasons.map((r) => r.code)).toEqual(['call_check_missing']);
    const refused = await call('visits:sign', { visitId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'GATE_BLOCKED' } });
    expect(JSON.stringify(refused)).toMatch(/where the child is and a call-back number/);
    // The store's own trigger refuses it too.
    expect(() =>
      db.prepare(`UPDATE visits SET status = 'signed', signed_at = '2026-11-27T10:00:00.000Z', signed_by = ? WHERE id = ?`).run(actor, visitId),
    ).toThrow(/call-back number/);
    await call('calls:recordCheck', { visitId, childLocation: 'Home, 12 Elm Street', callbackPhone: '+1 555 010 2000' });
    const signed = await call('visits:sign', { visitId });
    expect(signed).toMatchObject({ ok: true, value: { visit: { status: 'signed' } } });
    // A signed visit takes no new check.
    const late = await call('calls:recordCheck', { visitId, childLocation: 'Hospital', callbackPhone: '+1 555 010 2000' });
    expect(late).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(count(db, `SELECT count(*) FROM call_checks`)).toBe(1);
  });
});

describe('sending the join link', () => {
  it('texts a link this console made to the guardian\'s number on file, and mails it with no recipient', async () => {
    const { call, visitId, opened } = await setup();
    const link = (await call('visits:createJoinLink', { visitId, role: 'family' })) as { ok: true; value: { url: string } };
    const sms = await call('visits:sendJoinLink', { visitId, via: 'sms', url: link.value.url });
    expect(sms).toEqual({ ok: true, value: { via: 'sms', to: validPatient.guardianPhone } });
    const mail = await call('visits:sendJoinLink', { visitId, via: 'email', url: link.value.url });
    expect(mail).toEqual({ ok: true, value: { via: 'email', to: null } });
    expect(opened).toHaveLength(2);
    expect(opened[0]!.startsWith('sms:+15550102000?body=')).toBe(true);
    expect(opened[1]!.startsWith('mailto:?subject=')).toBe(true);
    for (const url of opened) {
      const text = decodeURIComponent(url);
      expect(text).toContain(link.value.url);
      // No patient data: not the child's name, nor the guardian's, nor the date of birth.
      for (const secret of [validPatient.childName, 'Mia', validPatient.guardianName, validPatient.dateOfBirth]) expect(text).not.toContain(secret);
    }
  });

  it('mails the link to the guardian\'s e-mail on file when there is one (issue 16), still with no patient data', async () => {
    const { call, visitId, opened } = await setup({ patient: { guardianEmail: 'ana.example+visits@mail.example.org' } });
    const link = (await call('visits:createJoinLink', { visitId, role: 'family' })) as { ok: true; value: { url: string } };
    const mail = await call('visits:sendJoinLink', { visitId, via: 'email', url: link.value.url });
    expect(mail).toEqual({ ok: true, value: { via: 'email', to: 'ana.example+visits@mail.example.org' } });
    expect(opened).toHaveLength(1);
    expect(opened[0]!.startsWith('mailto:ana.example+visits@mail.example.org?subject=')).toBe(true);
    const text = decodeURIComponent(opened[0]!.slice(opened[0]!.indexOf('?')));
    for (const secret of [validPatient.childName, validPatient.guardianName, validPatient.dateOfBirth]) expect(text).not.toContain(secret);
  });

  it('refuses a link it did not make for this visit, and opens nothing', async () => {
    const { call, visitId, opened } = await setup();
    const forged = await call('visits:sendJoinLink', { visitId, via: 'sms', url: `https://evil.example/join#t=${TOKEN}` });
    expect(forged).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const bad = await call('visits:sendJoinLink', { visitId, via: 'fax', url: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(opened).toEqual([]);
  });
});
