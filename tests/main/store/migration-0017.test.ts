/**
 * Migration 0017 (issue 15) on a database written before it: a flag stored
 * as 'unassessable' is read as 'could_not_assess' and the close gate still
 * holds for it; dose notes ("<product>: <mL> mL per dose." and a weight
 * override) become `plan_doses` rows, on a signed visit too, without a new
 * plan version or a revision; then the real services read and write them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../electron/main/store/database';
import { MIGRATIONS } from '../../../electron/main/store/migrations';
import { doseFromNote } from '../../../electron/main/store/migrations/0017-record-vocabulary';
import { createServices } from '../../../electron/main/services';
import { fixedClock } from '../../../electron/main/services/deps';
import { sequentialIds, tempDbFile } from '../../support/db';

const AT = '2026-11-27T10:00:00.000Z';
const P = '00000000-0000-4000-8000-00000000000a';
const C = '00000000-0000-4000-8000-00000000000c';
const OPEN = '00000000-0000-4000-8000-0000000000b1';
const SIGNED = '00000000-0000-4000-8000-0000000000b2';
const V17 = MIGRATIONS.findIndex((m) => m.name === '0017-record-vocabulary') + 1;
const OVERRIDE = "Weight outside the 0.1st-99.9th percentile for age, dosed on the clinician's override:";

let db: Database | undefined;
let tmp: ReturnType<typeof tempDbFile> | undefined;
afterEach(() => {
  if (db?.open) db.close();
  tmp?.cleanup();
  db = undefined;
  tmp = undefined;
});

/** A file at the step before 0017 with both old forms: an 'unassessable' flag and dose notes, on an open and a signed visit. */
function oldDatabase(): { file: string } {
  tmp = tempDbFile();
  const d = openDatabase(tmp.file, { migrations: MIGRATIONS.slice(0, V17 - 1), backupBeforeMigrate: false, auditKey: Buffer.alloc(32, 1) });
  d.prepare(`INSERT INTO clinicians (id, display_name, credentials, passcode_hash, created_at) VALUES (?, 'Dr Old', 'MD', 'scrypt$x', ?)`).run(C, AT);
  d.prepare(
    `INSERT INTO patients (id, child_name, name_search, date_of_birth, sex, weight_kg, weight_recorded_at, created_at)
     VALUES (?, 'Ana Old', 'ana old', '2015-01-01', 'female', 30, ?, ?)`,
  ).run(P, AT, AT);
  d.prepare(`DELETE FROM catalog_red_flags`).run();
  d.prepare(`INSERT INTO catalog_red_flags (flag_id, label, content_version) VALUES ('fever', 'Fever', 'old'), ('night-pain', 'Night pain', 'old')`).run();
  for (const v of [OPEN, SIGNED]) {
    d.prepare(`INSERT INTO visits (id, patient_id, scheduled_start, duration_minutes, status, created_at, created_by) VALUES (?, ?, ?, 20, 'in_progress', ?, ?)`).run(v, P, AT, AT, C);
    const assess = d.prepare(
      `INSERT INTO flag_assessments (visit_id, flag_id, state, source, author, assessed_at, updated_at, updated_by) VALUES (?, ?, ?, 'clinician', ?, ?, ?, ?)`,
    );
    assess.run(v, 'fever', 'unassessable', C, AT, AT, C);
    assess.run(v, 'night-pain', 'absent', C, AT, AT, C);
  }
  const plan = d.prepare(
    `INSERT INTO plans (visit_id, advice_json, analgesia_json, follow_up_json, author, written_at, updated_at, updated_by) VALUES (?, '[]', ?, '{}', ?, ?, ?, ?)`,
  );
  plan.run(OPEN, JSON.stringify([
    { drug: 'ibuprofen', doseMg: 100, mgPerKg: 3.3, intervalHours: 6, maxDosesPerDay: 4, note: 'Ibuprofen infant drops 50 mg / 1.25 mL: 2.5 mL per dose.' },
    { drug: 'acetaminophen', doseMg: 320, mgPerKg: null, intervalHours: 4, maxDosesPerDay: 5, note: 'With food.' },
  ]), C, AT, AT, C);
  // A second plan version, so the rows must land on version 2.
  d.prepare(`UPDATE plans SET version = 2, updated_at = ? WHERE visit_id = ?`).run(AT, OPEN);
  plan.run(SIGNED, JSON.stringify([
    { drug: 'ibuprofen', doseMg: 300, mgPerKg: 10, intervalHours: 8, maxDosesPerDay: 3,
      note: `Ibuprofen oral suspension 100 mg / 5 mL: 15 mL per dose. ${OVERRIDE} Weighed at the GP last week.` },
  ]), C, AT, AT, C);
  d.prepare(`INSERT INTO escalation_decisions (visit_id, tier, rationale, family_told, decided_by, decided_at, updated_at, updated_by) VALUES (?, 'C', NULL, 'See the GP tomorrow', ?, ?, ?, ?)`).run(SIGNED, C, AT, AT, C);
  d.prepare(`UPDATE visits SET status = 'awaiting_decision' WHERE id = ?`).run(SIGNED);
  d.prepare(`UPDATE visits SET status = 'signed', signed_at = ?, signed_by = ? WHERE id = ?`).run(AT, C, SIGNED);
  d.close();
  return { file: tmp.file };
}

const revisions = () => (db!.prepare(`SELECT count(*) AS n FROM clinical_revisions`).get() as { n: number }).n;

describe('migration 0017: one vocabulary for the record', () => {
  it('renames the stored flag state and keeps the close gate on it', () => {
    const { file } = oldDatabase();
    // Up to 0017 only: the 0006 gate's own refusal is what this checks (0018's gate asks for a decision first).
    db = openDatabase(file, { migrations: MIGRATIONS.slice(0, V17), backupBeforeMigrate: false, auditKey: Buffer.alloc(32, 1) });
    expect(db.prepare(`SELECT visit_id, flag_id, state, version FROM flag_assessments ORDER BY visit_id, flag_id`).all()).toEqual([
      { visit_id: OPEN, flag_id: 'fever', state: 'could_not_assess', version: 1 },
      { visit_id: OPEN, flag_id: 'night-pain', state: 'absent', version: 1 },
      { visit_id: SIGNED, flag_id: 'fever', state: 'could_not_assess', version: 1 },
      { visit_id: SIGNED, flag_id: 'night-pain', state: 'absent', version: 1 },
    ]);
    // The old name is gone from the schema: refused by the CHECK, absent from every trigger.
    const insertOld = () =>
      db!.prepare(`INSERT INTO flag_assessments (visit_id, flag_id, state, source, author, assessed_at, updated_at, updated_by) VALUES (?, 'x', 'unassessable', 'clinician', ?, ?, ?, ?)`).run(OPEN, C, AT, AT, C);
    expect(insertOld).toThrow(/CHECK/);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE sql LIKE '%unassessable''%'`).all()).toEqual([]);
    // The table's own triggers came back: history on change, one version at a time, frozen when signed, never deleted.
    const before = revisions();
    db.prepare(`UPDATE flag_assessments SET state = 'present', version = 2 WHERE visit_id = ? AND flag_id = 'night-pain'`).run(OPEN);
    expect(revisions()).toBe(before + 1);
    expect(() => db!.prepare(`UPDATE flag_assessments SET state = 'absent', version = 9 WHERE visit_id = ? AND flag_id = 'fever'`).run(OPEN)).toThrow(/raise version by one/);
    expect(() => db!.prepare(`UPDATE flag_assessments SET state = 'absent', version = 2 WHERE visit_id = ? AND flag_id = 'fever'`).run(SIGNED)).toThrow(/visit is signed/);
    expect(() => db!.prepare(`DELETE FROM flag_assessments WHERE visit_id = ?`).run(OPEN)).toThrow(/never deleted/);
    // The close gate reads the new name: a flag that could not be assessed still needs a decision.
    db.prepare(`UPDATE visits SET status = 'awaiting_decision' WHERE id = ?`).run(OPEN);
    expect(() => db!.prepare(`UPDATE visits SET status = 'signed', signed_at = ?, signed_by = ? WHERE id = ?`).run(AT, C, OPEN)).toThrow(
      /close gate: a red flag is present or could not be assessed and no escalation decision is recorded/,
    );
  });

  it('turns dose notes into rows of the plan version, on a signed visit too, without a new version or revision', () => {
    const { file } = oldDatabase();
    db = openDatabase(file, { backupBeforeMigrate: false, auditKey: Buffer.alloc(32, 1) });
    expect(db.prepare(`SELECT visit_id, version, analgesia_json FROM plans ORDER BY visit_id`).all()).toEqual([
      { visit_id: OPEN, version: 2, analgesia_json: '[]' },
      { visit_id: SIGNED, version: 1, analgesia_json: '[]' },
    ]);
    expect(revisions()).toBe(1); // the setup's own change to version 2; the migration added none
    expect(db.prepare(`SELECT * FROM plan_doses ORDER BY visit_id, plan_version, position`).all()).toEqual([
      {
        visit_id: OPEN, plan_version: 2, position: 0, drug: 'ibuprofen', product_id: 'ibuprofen-50mg-1.25ml', strength_mg: 50, strength_ml: 1.25,
        dose_mg: 100, dose_ml: 2.5, mg_per_kg: 3.3, interval_hours: 6, max_doses_per_24h: 4, max_mg_per_24h: 400, stop_after_days: null,
        weight_override_reason: null, note: null,
      },
      {
        // no product in the note: the drug's first product, mL from its strength (as the old reader did); the note stays a note
        visit_id: OPEN, plan_version: 2, position: 1, drug: 'acetaminophen', product_id: 'acetaminophen-160mg-5ml', strength_mg: 160, strength_ml: 5,
        dose_mg: 320, dose_ml: 10, mg_per_kg: null, interval_hours: 4, max_doses_per_24h: 5, max_mg_per_24h: 1600, stop_after_days: null,
        weight_override_reason: null, note: 'With food.',
      },
      {
        visit_id: SIGNED, plan_version: 1, position: 0, drug: 'ibuprofen', product_id: 'ibuprofen-100mg-5ml', strength_mg: 100, strength_ml: 5,
        dose_mg: 300, dose_ml: 15, mg_per_kg: 10, interval_hours: 8, max_doses_per_24h: 3, max_mg_per_24h: 900, stop_after_days: null,
        weight_override_reason: 'Weighed at the GP last week.', note: null,
      },
    ]);
    // The plans' triggers came back, and the new table is guarded like the rest of the record.
    expect(() => db!.prepare(`UPDATE plans SET advice_json = '["x"]', version = 2 WHERE visit_id = ?`).run(SIGNED)).toThrow(/visit is signed/);
    expect(() => db!.prepare(`UPDATE plans SET advice_json = '["x"]', version = 9 WHERE visit_id = ?`).run(OPEN)).toThrow(/raise version by one/);
    expect(() => db!.prepare(`UPDATE plan_doses SET dose_mg = 1`).run()).toThrow(/cannot be changed/);
    expect(() => db!.prepare(`DELETE FROM plan_doses`).run()).toThrow(/never deleted/);
    const dose = (visit: string, version: number) =>
      db!.prepare(`INSERT INTO plan_doses (visit_id, plan_version, position, drug, dose_mg, interval_hours, max_doses_per_24h, max_mg_per_24h) VALUES (?, ?, 5, 'ibuprofen', 1, 6, 4, 4)`).run(visit, version);
    expect(() => dose(SIGNED, 1)).toThrow(/visit is signed/);
    expect(() => dose(OPEN, 1)).toThrow(/current plan version/);
    expect(() => db!.prepare(`INSERT INTO plan_doses (visit_id, plan_version, position, drug, strength_mg, dose_mg, interval_hours, max_doses_per_24h, max_mg_per_24h) VALUES (?, 2, 6, 'ibuprofen', 50, 1, 6, 4, 4)`).run(OPEN)).toThrow(/CHECK/);
  });

  it('the services read the migrated rows through the shared schemas, and a new plan version keeps the old doses by version', async () => {
    const { file } = oldDatabase();
    db = openDatabase(file, { backupBeforeMigrate: false, auditKey: Buffer.alloc(32, 1) });
    const services = createServices({ db, clock: fixedClock(AT), newId: sequentialIds(17) });
    const record = await services.record.getVisitRecord(SIGNED);
    expect(record.flagAssessments.find((a) => a.flagId === 'fever')?.state).toBe('could_not_assess');
    expect(record.plan?.analgesia).toEqual([
      {
        drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml', strengthMg: 100, strengthMl: 5, doseMg: 300, doseMl: 15, mgPerKg: 10, intervalHours: 8,
        maxDosesPer24h: 3, maxMgPer24h: 900, stopAfterDays: null, weightOverrideReason: 'Weighed at the GP last week.', note: null,
      },
    ]);
    const plan = await services.record.savePlan(
      OPEN,
      { advice: [], analgesia: [{ drug: 'ibuprofen', doseMg: 200, intervalHours: 8, maxDosesPer24h: 3, stopAfterDays: 5 }], followUp: { when: null, withWhom: null, instructions: null } },
      C,
    );
    expect(plan.version).toBe(3);
    expect(plan.analgesia).toEqual([
      { drug: 'ibuprofen', productId: null, strengthMg: null, strengthMl: null, doseMg: 200, doseMl: null, mgPerKg: null, intervalHours: 8, maxDosesPer24h: 3, maxMgPer24h: 600, stopAfterDays: 5, weightOverrideReason: null, note: null },
    ]);
    expect(db.prepare(`SELECT plan_version, count(*) AS n FROM plan_doses WHERE visit_id = ? GROUP BY plan_version`).all(OPEN)).toEqual([
      { plan_version: 2, n: 2 },
      { plan_version: 3, n: 1 },
    ]);
  });

  it('reads an old note the way the old code did, and refuses a dose it cannot read rather than guessing', () => {
    expect(doseFromNote({ drug: 'naproxen', doseMg: 250, intervalHours: 12, maxDosesPerDay: 2, note: 'Some syrup: 5 mL per dose.' }, 'v')).toMatchObject({
      productId: null, strengthMg: null, doseMl: 5, note: null,
    });
    expect(() => doseFromNote({ drug: 'ibuprofen', doseMg: 'lots', intervalHours: 6, maxDosesPerDay: 4 }, 'v')).toThrow(/cannot be read/);
  });
});
