/**
 * The rules that hold in SQL itself, proven with raw statements that skip
 * the service: the close gate, frozen signed visits, no deletes, consent
 * before images, status changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALLOWED_TRANSITIONS } from '../../../electron/main/store/migrations/0006-signed-record-guards';
import { VISIT_TRANSITIONS } from '../../../electron/main/store/record-types';
import { assessAllAbsent, readyToSign, fakeJpeg, openRecordStore, TEST_FLAGS } from '../../support/record';

let store: Awaited<ReturnType<typeof openRecordStore>>;
afterEach(() => store?.close());

const AT = '2026-11-27T10:30:00.000Z';
function rawSign() {
  return store.db
    .prepare(`UPDATE visits SET status = 'signed', signed_at = ?, signed_by = ? WHERE id = ?`)
    .run(AT, store.clinicianId, store.visitId);
}
function rawAssess(flagId: string, state: string) {
  store.db
    .prepare(
      `INSERT INTO flag_assessments (visit_id, flag_id, state, source, author, assessed_at, updated_at, updated_by)
       VALUES (?, ?, ?, 'clinician', ?, ?, ?, ?)`,
    )
    .run(store.visitId, flagId, state, store.clinicianId, AT, AT, store.clinicianId);
}
const status = () => (store.db.prepare('SELECT status FROM visits WHERE id = ?').get(store.visitId) as { status: string }).status;

describe('the close gate in SQL', () => {
  it('refuses a raw UPDATE to signed while a catalog flag has no assessment', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    rawAssess(TEST_FLAGS[0].id, 'absent');
    // A decision is there (0018 asks for one always), so the missing assessments are what refuses.
    store.db
      .prepare(`INSERT INTO escalation_decisions (visit_id, tier, rationale, decided_by, decided_at, updated_at, updated_by) VALUES (?, 'E', NULL, ?, ?, ?, ?)`)
      .run(store.visitId, store.clinicianId, AT, AT, store.clinicianId);
    expect(rawSign).toThrow(/close gate: a red flag in the active catalog has no assessment/);
    expect(status()).toBe('awaiting_decision');
  });

  it('refuses it when a flag is present or could not be assessed and no decision exists', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    for (const f of TEST_FLAGS) rawAssess(f.id, f.id === 'flag-fever' ? 'could_not_assess' : 'absent');
    expect(rawSign).toThrow(/no escalation decision/);
  });

  it('refuses home care (tier E) without a rationale when a flag is present, and allows it with one', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    for (const f of TEST_FLAGS) rawAssess(f.id, f.id === 'flag-fever' ? 'present' : 'absent');
    const decide = store.db.prepare(
      `INSERT INTO escalation_decisions (visit_id, tier, rationale, decided_by, decided_at, updated_at, updated_by) VALUES (?, 'E', ?, ?, ?, ?, ?)`,
    );
    decide.run(store.visitId, '  ', store.clinicianId, AT, AT, store.clinicianId);
    expect(rawSign).toThrow(/needs a written rationale/);
    store.db
      .prepare(`UPDATE escalation_decisions SET rationale = 'Reviewed; family to return if worse', version = 2 WHERE visit_id = ?`)
      .run(store.visitId);
    rawSign();
    expect(status()).toBe('signed');
  });

  it('refuses signing without who and when, or with an empty catalog', async () => {
    store = await openRecordStore({ status: 'awaiting_decision' });
    await readyToSign(store);
    expect(() => store.db.prepare(`UPDATE visits SET status = 'signed' WHERE id = ?`).run(store.visitId)).toThrow(/who and when/);
    store.db.prepare('DELETE FROM catalog_red_flags').run();
    expect(rawSign).toThrow(/no active red-flag catalog/);
  });

  it('refuses a jump to signed from any status but awaiting decision', async () => {
    store = await openRecordStore({ status: 'in_progress' });
    await readyToSign(store);
    expect(rawSign).toThrow(/not allowed/);
  });

  it('keeps its transition list in step with the service', () => {
    expect(ALLOWED_TRANSITIONS).toEqual(VISIT_TRANSITIONS);
  });
});

describe('a signed visit in SQL', () => {
  async function signedWithEverything() {
    store = await openRecordStore({ status: 'awaiting_decision' });
    const r = store.services.record;
    await store.services.intakes.save(store.visitId, '{"q":1}', 'en', 'family');
    const o = await r.addObservation(store.visitId, { maneuverId: 'walk', result: 'normal', side: 'both' }, store.clinicianId);
    await r.updateObservation(o.id, { side: 'left' }, store.clinicianId); // leaves a row in clinical_revisions
    await assessAllAbsent(store);
    await r.decide(store.visitId, { tier: 'D', rationale: 'ok' }, store.clinicianId);
    await r.savePlan(store.visitId, { advice: ['a'], analgesia: [], followUp: { when: null, withWhom: null, instructions: null } }, store.clinicianId);
    await r.recordConsent(store.visitId, { kind: 'still_capture', givenBy: 'guardian' }, store.clinicianId);
    await r.addImage(store.visitId, { mime: 'image/jpeg', data: fakeJpeg() }, store.clinicianId);
    await r.sign(store.visitId, store.clinicianId);
  }

  it.each([
    ['visits', `UPDATE visits SET reason = 'x'`],
    ['visits', `UPDATE visits SET status = 'in_progress'`],
    ['observations', `UPDATE observations SET note = 'x', version = version + 1`],
    ['flag_assessments', `UPDATE flag_assessments SET state = 'present', version = version + 1`],
    ['escalation_decisions', `UPDATE escalation_decisions SET tier = 'A', version = version + 1`],
    ['plans', `UPDATE plans SET advice_json = '[]', version = version + 1`],
    ['intakes', `UPDATE intakes SET answers_json = '{}', version = version + 1`],
    ['consents', `UPDATE consents SET withdrawn_at = 'x', withdrawn_by = (SELECT id FROM clinicians)`],
    ['still_images', `UPDATE still_images SET caption = 'x'`],
  ])('refuses a raw UPDATE of %s', async (_t, sql) => {
    await signedWithEverything();
    const before = JSON.stringify(await store.services.record.getVisitRecord(store.visitId));
    expect(() => store.db.prepare(sql).run()).toThrow(/signed|cannot be changed|not allowed/);
    expect(JSON.stringify(await store.services.record.getVisitRecord(store.visitId))).toBe(before);
  });

  it.each(['visits', 'patients', 'guardians', 'observations', 'flag_assessments', 'escalation_decisions', 'plans', 'intakes', 'consents', 'still_images', 'clinical_revisions'])(
    'refuses a raw DELETE from %s (clinical rows are never deleted)',
    async (table) => {
      await signedWithEverything();
      expect(() => store.db.prepare(`DELETE FROM ${table}`).run()).toThrow(/never deleted|append-only/);
    },
  );

  it('refuses new clinical rows for it in SQL', async () => {
    await signedWithEverything();
    expect(() =>
      store.db
        .prepare(
          `INSERT INTO observations (id, visit_id, maneuver_id, result, side, author, observed_at, updated_at, updated_by)
           VALUES ('late', ?, 'walk', 'normal', 'both', ?, ?, ?, ?)`,
        )
        .run(store.visitId, store.clinicianId, AT, AT, store.clinicianId),
    ).toThrow(/signed/);
  });

  it('accepts addenda but never changes or removes them', async () => {
    await signedWithEverything();
    await store.services.record.addAddendum(store.visitId, { reason: 'typo', text: 'Left, not right.' }, store.clinicianId);
    expect(() => store.db.prepare(`UPDATE addenda SET text = 'x'`).run()).toThrow(/cannot be changed/);
    expect(() => store.db.prepare(`DELETE FROM addenda`).run()).toThrow(/never deleted/);
  });
});

describe('other rules in SQL', () => {
  it('refuses a still image without a live consent for the same visit', async () => {
    store = await openRecordStore();
    const insert = (consentId: string) =>
      store.db
        .prepare(
          `INSERT INTO still_images (id, visit_id, consent_id, mime, byte_size, data, captured_by, captured_at)
           VALUES (lower(hex(randomblob(8))), ?, ?, 'image/jpeg', 4, x'ffd8ffe0', ?, ?)`,
        )
        .run(store.visitId, consentId, store.clinicianId, AT);
    expect(() => insert('none')).toThrow(/FOREIGN KEY|consent/);
    const consent = await store.services.record.recordConsent(store.visitId, { kind: 'still_capture', givenBy: 'guardian' }, store.clinicianId);
    insert(consent.id);
    await store.services.record.withdrawConsent(consent.id, store.clinicianId);
    expect(() => insert(consent.id)).toThrow(/no still-capture consent/);
  });

  it('refuses a change that does not raise the version by one (history cannot be skipped)', async () => {
    store = await openRecordStore();
    const o = await store.services.record.addObservation(store.visitId, { maneuverId: 'walk', result: 'normal', side: 'both' }, store.clinicianId);
    expect(() => store.db.prepare(`UPDATE observations SET note = 'quiet' WHERE id = ?`).run(o.id)).toThrow(/version by one/);
  });
});
