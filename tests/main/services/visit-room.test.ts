import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import { AppError } from '../../../shared/ipc/errors';
import { clinicalContent, WARNING_SIGN_IDS } from '../../../shared/clinical';
import { validPatient } from '../../support/db';
import { openServicesHarness, seedVisit } from '../../support/services';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const PASS = 'correct-horse-42';

async function setup(intake?: Record<string, unknown>) {
  const { db, services, actor, close } = await openServicesHarness({ idSeed: 7 });
  cleanup = close;
  const { patientId, visitId } = await seedVisit(services, intake ? { intake } : {});
  return { db, services, actor, visitId, patientId };
}

const allNo = Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no']));

describe('visit room service', () => {
  it('shows every catalog flag, derives states from the family intake, and writes them for the SQL gate', async () => {
    const { services, actor, visitId, db } = await setup({ onsetDate: '2026-11-20', warningSigns: { ...allNo, fever: 'yes' } });
    const state = await services.visitRoom.open(visitId, actor);
    expect(state.flags.map((f) => f.id)).toEqual(clinicalContent.redFlags.flags.map((f) => f.id));
    const fever = state.flags.find((f) => f.id === 'fever')!;
    expect(fever).toMatchObject({ state: 'present', source: 'family_intake' });
    expect(fever.evidence.join(' ')).toMatch(/fever/i);
    const stored = db.prepare(`SELECT state, source, author FROM flag_assessments WHERE visit_id = ? AND flag_id = 'fever'`).get(visitId);
    expect(stored).toEqual({ state: 'present', source: 'family_intake', author: 'system' });
    expect(state.gate.canClose).toBe(false);
    expect(state.gate.reasons.map((r) => r.code)).toContain('decision_missing');
  });

  it('saves a checklist finding with the maneuver\'s own fields, raises its flag, and keeps the history of a change', async () => {
    const { services, actor, visitId, db } = await setup({ warningSigns: allNo });
    let state = await services.visitRoom.recordObservation(visitId, 'heel-walk', { result: 'unable', side: 'left' }, actor);
    expect(state.observations['heel-walk']!.values).toEqual({ result: 'unable', side: 'left' });
    expect(state.visit.status).toBe('in_progress');
    const raised = state.flags.filter((f) => f.state === 'present').map((f) => f.id);
    expect(raised.length).toBeGreaterThan(0);
    expect(state.flags.find((f) => raised.includes(f.id))!.source).toBe('observation');
    state = await services.visitRoom.recordObservation(visitId, 'heel-walk', { result: 'able' }, actor);
    expect(state.observations['heel-walk']!.values).toEqual({ result: 'able' });
    const row = db.prepare(`SELECT result, side, fields_json, version FROM observations WHERE visit_id = ?`).get(visitId);
    expect(row).toEqual({ result: 'normal', side: 'not_applicable', fields_json: '{"result":"able"}', version: 2 });
    expect((db.prepare(`SELECT count(*) AS n FROM clinical_revisions WHERE entity = 'observation'`).get() as { n: number }).n).toBe(1);
  });

  it('refuses findings a maneuver does not allow, naming the field, and writes nothing', async () => {
    const { services, actor, visitId, db } = await setup();
    const error = await services.visitRoom.recordObservation(visitId, 'heel-walk', { result: 'flying' }, actor).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields.map((f) => f.path)).toContain('values.result');
    expect((db.prepare(`SELECT count(*) AS n FROM observations`).get() as { n: number }).n).toBe(0);
  });

  it('blocks signing with every reason in words, then signs once every flag is screened and a tier is chosen', async () => {
    const { services, actor, visitId, db } = await setup({ onsetDate: '2026-11-25', warningSigns: { ...allNo, 'cannot-walk': 'yes' } });
    await services.visitRoom.open(visitId, actor);
    const blocked = await services.visitRoom.sign(visitId, actor).catch((e: unknown) => e as AppError);
    expect(blocked).toBeInstanceOf(AppError);
    expect((blocked as AppError).code).toBe('GATE_BLOCKED');
    expect((blocked as AppError).fields.map((f) => f.message).join('\n')).toMatch(/Record an escalation decision/);
    // A raw SQL update cannot bypass the gate either.
    expect(() => db.prepare(`UPDATE visits SET status = 'signed' WHERE id = ?`).run(visitId)).toThrow();

    let state = await services.visitRoom.state(visitId);
    for (const f of state.flags.filter((x) => x.state === 'not_screened')) {
      state = await services.visitRoom.assessFlag(visitId, { flagId: f.id, state: 'absent' }, actor);
    }
    expect(state.minimumTier).toBe('B');
    // The family's "no" answers are "absent per family, not confirmed" until the clinician goes over them.
    expect(state.flags.find((f) => f.id === 'night-pain')).toMatchObject({ state: 'absent', source: 'family_intake', familyAbsence: 'unconfirmed' });
    state = await services.visitRoom.decide(visitId, { tier: 'B', familyTold: 'Please come in today.' }, actor);
    expect(state.gate.reasons.map((r) => r.code)).toEqual(['family_absence_unconfirmed', 'call_check_missing', 'movements_not_examined']);
    expect(state.minimumTierProvisional).toBe(true);
    // Nothing was examined on video (a phone visit): signing asks why, and records each movement as not assessed with it.
    const movements = state.notExamined!.length;
    expect(movements).toBeGreaterThan(10);
    state = await services.visitRoom.skipNotExamined(visitId, 'Audio-only visit: no video.', actor);
    expect(state.notExamined).toEqual([]);
    expect(state.observations['heel-walk']?.values).toEqual({ result: 'not_assessed', note: 'Audio-only visit: no video.' });
    expect(state.gate.reasons.map((r) => r.code)).toEqual(['family_absence_unconfirmed', 'call_check_missing']);
    const stillBlocked = await services.visitRoom.sign(visitId, actor).catch((e: unknown) => e as AppError);
    expect((stillBlocked as AppError).fields.map((f) => f.message).join('\n')).toMatch(/absent only by the family's answers, not confirmed/);
    state = await services.visitRoom.confirmFamilyAnswers(visitId, actor);
    expect(state.flags.find((f) => f.id === 'night-pain')).toMatchObject({ state: 'absent', source: 'clinician', familyAbsence: 'confirmed' });
    expect(state.flags.find((f) => f.id === 'night-pain')?.clinicianNote).toMatch(/gone over with the family/);
    expect(state.minimumTierProvisional).toBe(false);
    // Home care below the minimum tier needs a rationale.
    state = await services.visitRoom.decide(visitId, { tier: 'E', familyTold: 'Rest at home.' }, actor);
    expect(state.gate.canClose).toBe(false);
    state = await services.visitRoom.decide(visitId, { tier: 'B', familyTold: 'Please come in today.' }, actor);
    // Same-day in person (tier B) also needs where the child is and a call-back number (issue 16).
    expect(state.gate.reasons.map((r) => r.code)).toEqual(['call_check_missing']);
    services.callChecks.record({ visitId, childLocation: 'At home, 12 Elm Street', callbackPhone: '+1 555 010 2000' }, actor);
    state = await services.visitRoom.state(visitId);
    expect(state.gate).toMatchObject({ canClose: true, reasons: [] });
    const signed = await services.visitRoom.sign(visitId, actor);
    expect(signed.visit.status).toBe('signed');
    expect(signed.decision).toMatchObject({ tier: 'B', familyTold: 'Please come in today.' });

    const late = await services.visitRoom.recordObservation(visitId, 'gait', { result: 'normal' }, actor).catch((e: unknown) => e as AppError);
    expect((late as AppError).code).toBe('CONFLICT');
    const withAddendum = await services.visitRoom.addAddendum(visitId, { reason: 'Family called back', text: 'Seen in clinic; fine.' }, actor);
    expect(withAddendum.addenda).toHaveLength(1);
    expect(withAddendum.authors[actor]).toBe('Dr Test, MD');
  });

  it('charts pain scores across visits on their own scales', async () => {
    const { services, actor, visitId, patientId } = await setup({ warningSigns: allNo, painScore: { scale: 'NRS-11', score: 6 } });
    await services.visitRoom.recordObservation(visitId, 'lumbar-extension', { result: 'painful', pain: { scale: 'NRS-11', score: 7 } }, actor);
    const points = await services.visitRoom.painHistory(patientId);
    expect(points.map((p) => [p.source, p.scale, p.score])).toEqual([
      ['intake', 'NRS-11', 6],
      ['observation', 'NRS-11', 7],
    ]);
  });
});

describe('session', () => {
  it('answers LOCKED to patient-data channels while locked, and signs entries with the unlocked clinician', async () => {
    const { services, actor } = await setup();
    const handlers = createHandlers(services, { appName: 'x', appVersion: '0', contentVersion: null });
    const dispatch = createDispatcher({ appOrigin: 'app://console', handlers });
    const sender = { frameUrl: 'app://console/index.html', isTopFrame: true, isKnownWindow: true };
    expect((await dispatch(sender, 'visits:list', {})).ok).toBe(true);
    const booked = await dispatch(sender, 'visits:schedule', { patientId: (await services.patients.list())[0]!.id, scheduledStart: '2026-12-01T09:00:00Z', durationMinutes: 20 });
    expect(booked.ok).toBe(true);
    const bookedId = (booked as { value: { id: string } }).value.id;
    expect((await services.audit.rowsFor(bookedId)).map((r: { actor: string }) => r.actor)).toEqual([actor]);
    await services.session.lock();
    for (const channel of ['visits:list', 'patients:list', 'patients:create']) {
      const result = await dispatch(sender, channel, channel === 'patients:create' ? validPatient : {});
      expect(result).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    }
    expect((await dispatch(sender, 'session:status', {})).ok).toBe(true);
    const wrong = await dispatch(sender, 'session:unlock', { clinicianId: actor, passcode: 'nope-nope' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const right = await dispatch(sender, 'session:unlock', { clinicianId: actor, passcode: PASS });
    expect(right).toMatchObject({ ok: true, value: { locked: false, current: { id: actor } } });
  });

  it('pauses unlocking after five wrong passcodes in a row', async () => {
    const { services, actor } = await setup();
    await services.session.lock();
    for (let i = 0; i < 5; i += 1) {
      await expect(services.session.unlock({ clinicianId: actor, passcode: 'wrong-code' })).rejects.toMatchObject({ code: 'VALIDATION' });
    }
    await expect(services.session.unlock({ clinicianId: actor, passcode: PASS })).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('refuses a second first-run setup', async () => {
    const { services } = await setup();
    await expect(services.session.setup({ displayName: 'Eve', credentials: '', passcode: 'another-pass' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
