/**
 * Issue 14, item 1: a value the family or clinician typed (a pain-onset date
 * in the future, before birth, an intake or finding written by an older
 * version) must never make a visit unusable. Each case stores the value the
 * way an older build would have (straight through the repository, as the
 * checks at the door did not exist), then runs every room, gate and export
 * path through the real dispatcher on a real SQLite file and asserts none
 * answers INTERNAL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openAppStore } from '../../../electron/main/app-store';
import { createHandlers, createServices } from '../../../electron/main/services';
import { fixedClock } from '../../../electron/main/services/deps';
import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import { createIntakeRepository } from '../../../electron/main/store/intakes';
import { buildExportModel } from '../../../electron/main/export/model';
import { familyHtml, noteHtml } from '../../../electron/main/export/html';
import { buildFhirBundle } from '../../../electron/main/export/fhir';
import { WARNING_SIGN_IDS } from '../../../shared/clinical';
import { sequentialIds, tempDbFile, validPatient } from '../../support/db';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const NOW = '2026-11-27T10:00:00.000Z';
const allNo = Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no']));
const sender = { frameUrl: 'app://console/index.html', isTopFrame: true, isKnownWindow: true };

async function setup() {
  const tmp = tempDbFile();
  const { db } = openAppStore(tmp.file);
  cleanup = () => {
    db.close();
    tmp.cleanup();
  };
  const clock = fixedClock(NOW);
  const services = createServices({ db, clock, newId: sequentialIds(14) });
  const status = await services.session.setup({ displayName: 'Dr Test', credentials: 'MD', passcode: 'correct-horse-42' });
  const actor = status.current!.id;
  const patient = await services.patients.create(validPatient);
  const visit = await services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T09:30:00Z', durationMinutes: 20 });
  const dispatch = createDispatcher({ appOrigin: 'app://console', handlers: createHandlers(services, { appName: 'x', appVersion: '0', contentVersion: null }) });
  const call = (channel: string, payload: unknown) => dispatch(sender, channel, payload);
  const exportAll = async () => {
    const m = buildExportModel(await services.record.getVisitRecord(visit.id), { clinicians: await services.clinicians.list(), now: clock.now(), today: clock.today(), timeZone: 'UTC' });
    return { m, note: noteHtml(m), family: familyHtml(m, 'en'), fhir: buildFhirBundle(m) };
  };
  return { db, services, actor, visitId: visit.id, patientId: patient.id, call, exportAll, clock };
}

describe('a stored value the rules cannot use', () => {
  it('a pain-onset date in the future (stored by an older build) leaves every action working, with a visible note', async () => {
    const { db, visitId, patientId, call, exportAll } = await setup();
    createIntakeRepository(db).saveIntake(visitId, JSON.stringify({ onsetDate: '2027-03-01', warningSigns: allNo }), 'en', 'family');

    const opened = await call('visits:open', { visitId });
    expect(opened).toMatchObject({ ok: true });
    const state = (opened as { value: { dataNotes: string[]; flags: { id: string; state: string }[] } }).value;
    expect(state.dataNotes.join(' ')).toMatch(/onset date.*after the visit date/i);
    expect((await call('visits:peek', { visitId })).ok).toBe(true);
    expect((await call('observations:record', { visitId, maneuverId: 'gait', values: { result: 'normal' } })).ok).toBe(true);
    for (const f of state.flags.filter((x) => x.state === 'not_screened')) {
      expect((await call('flags:assess', { visitId, flagId: f.id, state: 'absent' })).ok).toBe(true);
    }
    expect((await call('visits:decide', { visitId, tier: 'E', familyTold: 'Rest and heat.' })).ok).toBe(true);
    expect((await call('plans:save', { visitId, adviceIds: [], analgesia: [], followUp: {}, bodyMap: [] })).ok).toBe(true);
    expect((await call('patients:painHistory', { patientId })).ok).toBe(true);
    const signed = await call('visits:sign', { visitId });
    expect(signed).toMatchObject({ ok: true, value: { visit: { status: 'signed' } } });
    const { note } = await exportAll();
    expect(note).toMatch(/after the visit date/);
  });

  it('an onset date before the date of birth is treated as not given, with a note', async () => {
    const { db, visitId, call } = await setup();
    createIntakeRepository(db).saveIntake(visitId, JSON.stringify({ onsetDate: '2001-01-01', warningSigns: allNo }), 'en', 'family');
    const opened = await call('visits:open', { visitId });
    expect(opened).toMatchObject({ ok: true });
    expect((opened as { value: { dataNotes: string[] } }).value.dataNotes.join(' ')).toMatch(/before the date of birth/i);
  });

  it('an intake an older version wrote (unknown key, retired answer) is shown as unreadable, never INTERNAL', async () => {
    const { db, visitId, call, exportAll } = await setup();
    createIntakeRepository(db).saveIntake(visitId, JSON.stringify({ schoolYear: 5, warningSigns: { fever: 'maybe' } }), 'en', 'family');
    const opened = await call('visits:open', { visitId });
    expect(opened).toMatchObject({ ok: true });
    expect((opened as { value: { dataNotes: string[] } }).value.dataNotes.join(' ')).toMatch(/intake could not be read/i);
    await exportAll();
  });

  it('a finding an older checklist allowed (a value since retired) is left out with a note, never INTERNAL', async () => {
    const { db, visitId, actor, services, call, exportAll } = await setup();
    await services.visitRoom.recordObservation(visitId, 'gait', { result: 'normal' }, actor);
    db.prepare(`UPDATE observations SET fields_json = '{"result":"wobbly"}', version = version + 1 WHERE visit_id = ?`).run(visitId);
    const opened = await call('visits:open', { visitId });
    expect(opened).toMatchObject({ ok: true });
    expect((opened as { value: { dataNotes: string[] } }).value.dataNotes.join(' ')).toMatch(/finding.*could not be read/i);
    await exportAll();
  });

  it('a date of birth after today (stored before the check) still opens the room', async () => {
    const { db, visitId, patientId, call, exportAll } = await setup();
    db.prepare(`UPDATE patients SET date_of_birth = '2027-06-01' WHERE id = ?`).run(patientId);
    const opened = await call('visits:open', { visitId });
    expect(opened).toMatchObject({ ok: true });
    expect((opened as { value: { dataNotes: string[] } }).value.dataNotes.join(' ')).toMatch(/date of birth.*after the visit date/i);
    await exportAll();
  });
});
