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
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { createDispatcher, withWriteAccounting, type Handlers } from '../../../electron/main/ipc/dispatch';
import { createIntakeRepository } from '../../../electron/main/store/intakes';
import { buildExportModel } from '../../../electron/main/export/model';
import { familyHtml, noteHtml } from '../../../electron/main/export/html';
import { buildFhirBundle } from '../../../electron/main/export/fhir';
import { WARNING_SIGN_IDS } from '../../../shared/clinical';
import { validPatient } from '../../support/db';
import { openServicesHarness } from '../../support/services';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const NOW = '2026-11-27T10:00:00.000Z';
const allNo = Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no']));
const sender = { frameUrl: 'app://console/index.html', isTopFrame: true, isKnownWindow: true };

async function setup() {
  const h = await openServicesHarness({ idSeed: 14, now: NOW });
  cleanup = h.close;
  const { db, services, actor, call, clock } = h;
  const patient = await services.patients.create(validPatient);
  const visit = await services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T09:30:00Z', durationMinutes: 20 });
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
    // Issue 13: the family's "no" answers are confirmed with them, and the movements not examined get a reason.
    expect((await call('flags:confirmFamilyAnswers', { visitId })).ok).toBe(true);
    expect((await call('observations:skipNotExamined', { visitId, reason: 'Child too tired to continue.' })).ok).toBe(true);
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

  it('a plan dose the store accepts but the room cannot show (over 1000 mg) is left out with a note, never INTERNAL', async () => {
    const { visitId, actor, services, call, exportAll } = await setup();
    await services.record.savePlan(
      visitId,
      { advice: [], analgesia: [{ drug: 'acetaminophen', doseMg: 5000, mgPerKg: null, intervalHours: 6, maxDosesPer24h: 4, note: null }], followUp: { when: null, withWhom: null, instructions: null }, bodyMap: [] },
      actor,
    );
    const opened = await call('visits:open', { visitId });
    expect(opened).toMatchObject({ ok: true, value: { plan: { analgesia: [] } } });
    expect((opened as { value: { dataNotes: string[] } }).value.dataNotes.join(' ')).toMatch(/dose in the saved plan/);
    await exportAll();
  });

  it('a date of birth the column lets through but no calendar has keeps the home lists, the patient and the room working', async () => {
    const { db, visitId, patientId, call, exportAll } = await setup();
    db.prepare(`UPDATE patients SET date_of_birth = '2016-02-30' WHERE id = ?`).run(patientId);
    for (const [channel, payload] of [
      ['patients:list', {}],
      ['visits:list', {}],
      ['patients:get', { patientId }],
      ['visits:open', { visitId }],
    ] as const) {
      expect(await call(channel, payload), channel).toMatchObject({ ok: true });
    }
    const opened = (await call('visits:peek', { visitId })) as { value: { dataNotes: string[] } };
    expect(opened.value.dataNotes.join(' ')).toMatch(/date of birth could not be read/);
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

describe('dates are checked where they enter', () => {
  it('refuses a family pain-onset date after today or before birth, naming the field, and stores nothing', async () => {
    const { db, services, visitId } = await setup();
    for (const [onsetDate, message] of [
      ['2026-11-28', /after today/],
      ['2016-04-11', /before the date of birth/],
    ] as const) {
      const error = await services.intakes.save(visitId, JSON.stringify({ onsetDate, warningSigns: {} }), 'en', 'family').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'VALIDATION' });
      expect((error as { fields: { path: string; message: string }[] }).fields).toEqual([{ path: 'answers.onsetDate', message: expect.stringMatching(message) }]);
    }
    expect(db.prepare(`SELECT count(*) AS n FROM intakes`).pluck().get()).toBe(0);
    // Today and the birthday itself are fine.
    await services.intakes.save(visitId, JSON.stringify({ onsetDate: '2026-11-27', warningSigns: {} }), 'en', 'family');
    await services.intakes.save(visitId, JSON.stringify({ onsetDate: validPatient.dateOfBirth, warningSigns: {} }), 'en', 'family');
  });
});

describe('the clinician corrects the family intake', () => {
  it('replaces the answers (audited with the clinician and the fields), keeps the original, and a later family submission cannot undo it', async () => {
    const { db, visitId, actor, call } = await setup();
    createIntakeRepository(db).saveIntake(visitId, JSON.stringify({ onsetDate: '2027-03-01', symptoms: 'sore back', warningSigns: allNo }), 'es', 'family');
    const refused = await call('intakes:correct', { visitId, answers: { onsetDate: '2027-01-01', symptoms: 'sore back', warningSigns: allNo } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: [{ path: 'answers.onsetDate' }] } });

    const corrected = await call('intakes:correct', { visitId, answers: { onsetDate: '2026-10-01', symptoms: 'sore back', warningSigns: allNo } });
    expect(corrected).toMatchObject({ ok: true, value: { intake: { submittedBy: 'clinician', language: 'es', answers: { onsetDate: '2026-10-01' } }, dataNotes: [] } });
    // Eight weeks of pain now raises the persistent-pain flag that the unusable date could not.
    const flags = (corrected as { value: { flags: { id: string; state: string; evidence: string[] }[] } }).value.flags;
    expect(flags.some((f) => f.state === 'present' && f.evidence.join(' ').includes('2026-10-01'))).toBe(true);

    const revision = db.prepare(`SELECT old_json FROM clinical_revisions WHERE entity = 'intake' AND entity_id = ?`).pluck().get(visitId) as string;
    expect(JSON.parse(revision)).toMatchObject({ submitted_by: 'family' });
    expect(revision).toContain('2027-03-01');
    const audit = db.prepare(`SELECT actor, detail_json FROM audit_log WHERE entity = 'intake' ORDER BY seq DESC LIMIT 1`).get() as { actor: string; detail_json: string };
    expect(audit.actor).toBe(actor);
    expect(JSON.parse(audit.detail_json)).toMatchObject({ change: 'corrected_by_clinician', fields: ['onsetDate'], replacedVersion: 1 });
    expect(audit.detail_json).not.toContain('2026-10-01');

    createIntakeRepository(db).saveIntake(visitId, JSON.stringify({ onsetDate: '2027-03-01', warningSigns: {} }), 'es', 'family');
    expect(await call('visits:peek', { visitId })).toMatchObject({ ok: true, value: { intake: { submittedBy: 'clinician', answers: { onsetDate: '2026-10-01' } } } });
  });
});

describe('an unexpected error says whether anything was saved', () => {
  it('never answers "Nothing was changed" after a write went through, and says it when none did', async () => {
    const { services, visitId, actor, db } = await setup();
    const real = createHandlers(services, { appName: 'x', appVersion: '0', contentVersion: null });
    // The handler's failure is the stimulus; the write before it is real (the audited opening of the visit).
    const failing: Handlers = withWriteAccounting(
      {
        ...real,
        'visits:open': async (req) => {
          await services.record.openVisit(req.visitId, actor);
          throw new TypeError('boom after a committed write');
        },
        'visits:peek': () => {
          throw new TypeError('boom before any write');
        },
      },
      services.writes,
    );
    const dispatch = createDispatcher({ appOrigin: 'app://console', handlers: failing });
    const auditRows = () => db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'visit.open'`).pluck().get() as number;
    const before = auditRows();
    const afterWrite = await dispatch(sender, 'visits:open', { visitId });
    expect(auditRows()).toBe(before + 1);
    expect(afterWrite).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect((afterWrite as { error: { message: string } }).error.message).not.toMatch(/nothing was changed/i);
    expect((afterWrite as { error: { message: string } }).error.message).toMatch(/reload/i);
    const noWrite = await dispatch(sender, 'visits:peek', { visitId });
    expect(noWrite).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong. Nothing was changed.' } });
    // Without the accounting the dispatcher cannot know, so it never claims it.
    const bare = createDispatcher({ appOrigin: 'app://console', handlers: { ...real, 'visits:peek': () => { throw new TypeError('x'); } } as Handlers });
    expect(((await bare(sender, 'visits:peek', { visitId })) as { error: { message: string } }).error.message).not.toMatch(/nothing was changed/i);
  });
});
