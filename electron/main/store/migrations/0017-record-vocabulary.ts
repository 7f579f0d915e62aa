import type { Database } from 'better-sqlite3';
import type { Migration } from './types';
import { guard, neverDeleted } from './sql';

/**
 * The products the dose notes named when this step was written (content
 * 0.x, resources/clinical/analgesics.json), frozen here: a migration reads
 * old rows the way the code of its day did, whatever the content says later.
 */
const PRODUCTS_AT_0017 = [
  { id: 'acetaminophen-160mg-5ml', drug: 'acetaminophen', name: 'Acetaminophen oral suspension 160 mg / 5 mL', mg: 160, ml: 5 },
  { id: 'ibuprofen-100mg-5ml', drug: 'ibuprofen', name: 'Ibuprofen oral suspension 100 mg / 5 mL', mg: 100, ml: 5 },
  { id: 'ibuprofen-50mg-1.25ml', drug: 'ibuprofen', name: 'Ibuprofen infant drops 50 mg / 1.25 mL', mg: 50, ml: 1.25 },
] as const;
/** How services/plan-doses.ts wrote a weight override into the note before this step. */
const OVERRIDE_PREFIX = 'Weight outside the 0.1st-99.9th percentile for age, dosed on the clinician\'s override:';

interface DoseRow {
  drug: string;
  productId: string | null;
  strengthMg: number | null;
  strengthMl: number | null;
  doseMg: number;
  doseMl: number | null;
  mgPerKg: number | null;
  intervalHours: number;
  maxDosesPer24h: number;
  maxMgPer24h: number;
  stopAfterDays: number | null;
  weightOverrideReason: string | null;
  note: string | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * One dose of the old `analgesia_json` ({drug, doseMg, mgPerKg, intervalHours,
 * maxDosesPerDay, note}, the product and volume in the note as
 * "<product name>: <mL> mL per dose." and a weight override after it), read
 * the way services/plan-doses.ts read it. Exported for the migration test.
 */
export function doseFromNote(raw: Record<string, unknown>, where: string): DoseRow {
  const drug = typeof raw.drug === 'string' ? raw.drug : '';
  const doseMg = num(raw.doseMg);
  const intervalHours = num(raw.intervalHours);
  const maxDoses = num(raw.maxDosesPer24h ?? raw.maxDosesPerDay);
  if (!drug || doseMg === null || intervalHours === null || maxDoses === null) {
    throw new Error(`0017: a dose in the plan of visit ${where} cannot be read (drug, mg, interval and doses a day are needed)`);
  }
  const note = typeof raw.note === 'string' ? raw.note : '';
  const product =
    PRODUCTS_AT_0017.find((p) => p.drug === drug && (raw.productId === p.id || note.startsWith(`${p.name}:`))) ??
    PRODUCTS_AT_0017.find((p) => p.drug === drug) ??
    null;
  const ml = /([\d.]+) mL per dose/.exec(note);
  const at = note.indexOf(OVERRIDE_PREFIX);
  const override = at >= 0 ? note.slice(at + OVERRIDE_PREFIX.length).trim() : '';
  const rest = (at >= 0 ? note.slice(0, at) : note).replace(/^[^:]+: [\d.]+ mL per dose\.\s*/, '').trim();
  const doseMl = num(raw.doseMl) ?? (ml ? Number(ml[1]) : product ? Math.round((doseMg / (product.mg / product.ml)) * 100) / 100 : null);
  const stop = num(raw.stopAfterDays);
  return {
    drug,
    productId: product?.id ?? null,
    strengthMg: product?.mg ?? null,
    strengthMl: product?.ml ?? null,
    doseMg,
    doseMl: doseMl !== null && doseMl > 0 ? doseMl : null,
    mgPerKg: num(raw.mgPerKg),
    intervalHours,
    maxDosesPer24h: maxDoses,
    maxMgPer24h: num(raw.maxMgPer24h) ?? doseMg * maxDoses,
    stopAfterDays: stop !== null && Number.isInteger(stop) && stop >= 1 ? stop : null,
    weightOverrideReason: override || null,
    note: rest || null,
  };
}

/** Run `body` with the named tables' triggers dropped, then put them back exactly as they were. */
function withoutTriggers(db: Database, table: string, body: () => void): void {
  const triggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`).all(table) as { name: string; sql: string }[];
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  body();
  for (const t of triggers) db.exec(t.sql);
}

/**
 * One vocabulary for the record (issue 15):
 * - a flag that could not be assessed is stored as `could_not_assess`, the
 *   name shared/ and every screen use (it was `unassessable` here and mapped
 *   in two places); the table is rebuilt for its CHECK, its triggers and the
 *   close gate are put back with the new name;
 * - a confirmed dose becomes a structured row of `plan_doses` (product,
 *   strength, mg and mL per dose, interval, most doses and mg a day, stop
 *   after days, weight override, note) per plan version, instead of a
 *   free-text note parsed back with regular expressions; existing notes are
 *   read the way the code read them, and `plans.analgesia_json` is left as
 *   '[]' (the column stays for the history trigger and older revisions).
 *
 * Assigned number 0017; `version` is its place in this registry (the lead
 * renumbers at merge while 0014-0016 land).
 */
export const m0017RecordVocabulary: Migration = {
  version: 17,
  name: '0017-record-vocabulary',
  up(db) {
    // --- flag states -------------------------------------------------------
    // Triggers elsewhere that read the table (the close gate on visits) are dropped first, so the rebuild's
    // rename finds nothing pointing at a missing table, and come back with the new name for the state.
    const readers = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IS NOT 'flag_assessments' AND sql LIKE '%flag_assessments%'`)
      .all() as { name: string; sql: string }[];
    const flagTriggers = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'flag_assessments'`).all() as { name: string; sql: string }[];
    for (const t of readers) db.exec(`DROP TRIGGER "${t.name}"`);
    db.exec(`
      CREATE TABLE flag_assessments_0017 (
        visit_id TEXT NOT NULL REFERENCES visits(id),
        flag_id TEXT NOT NULL CHECK (length(flag_id) BETWEEN 1 AND 100),
        state TEXT NOT NULL CHECK (state IN ('present', 'absent', 'could_not_assess')),
        source TEXT NOT NULL CHECK (source IN ('family_intake', 'observation', 'derived', 'clinician')),
        note TEXT CHECK (note IS NULL OR length(note) <= 2000),
        -- a clinician id, 'family' or 'system'
        author TEXT NOT NULL CHECK (length(author) BETWEEN 1 AND 64),
        assessed_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL CHECK (length(updated_by) BETWEEN 1 AND 64),
        PRIMARY KEY (visit_id, flag_id)
      ) STRICT;
      INSERT INTO flag_assessments_0017
        SELECT visit_id, flag_id, CASE state WHEN 'unassessable' THEN 'could_not_assess' ELSE state END,
               source, note, author, assessed_at, version, updated_at, updated_by
        FROM flag_assessments;
      DROP TABLE flag_assessments;
      ALTER TABLE flag_assessments_0017 RENAME TO flag_assessments;
    `);
    for (const t of flagTriggers) db.exec(t.sql);
    for (const t of readers) db.exec(t.sql.replaceAll(`'unassessable'`, `'could_not_assess'`));

    // --- doses ---------------------------------------------------------------
    db.exec(`
      CREATE TABLE plan_doses (
        visit_id TEXT NOT NULL REFERENCES plans(visit_id),
        -- the plan version these doses belong to; older versions' rows stay (the plan's dose history)
        plan_version INTEGER NOT NULL CHECK (plan_version >= 1),
        position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 19),
        drug TEXT NOT NULL CHECK (length(drug) BETWEEN 1 AND 100),
        product_id TEXT CHECK (product_id IS NULL OR length(product_id) BETWEEN 1 AND 100),
        strength_mg REAL CHECK (strength_mg IS NULL OR strength_mg > 0),
        strength_ml REAL CHECK (strength_ml IS NULL OR strength_ml > 0),
        dose_mg REAL NOT NULL CHECK (dose_mg > 0),
        dose_ml REAL CHECK (dose_ml IS NULL OR dose_ml > 0),
        mg_per_kg REAL CHECK (mg_per_kg IS NULL OR mg_per_kg > 0),
        interval_hours REAL NOT NULL CHECK (interval_hours > 0),
        max_doses_per_24h INTEGER NOT NULL CHECK (max_doses_per_24h >= 1),
        max_mg_per_24h REAL NOT NULL CHECK (max_mg_per_24h > 0),
        stop_after_days INTEGER CHECK (stop_after_days IS NULL OR stop_after_days BETWEEN 1 AND 365),
        weight_override_reason TEXT CHECK (weight_override_reason IS NULL OR length(weight_override_reason) BETWEEN 1 AND 500),
        note TEXT CHECK (note IS NULL OR length(note) <= 500),
        CHECK ((strength_mg IS NULL) = (strength_ml IS NULL)),
        PRIMARY KEY (visit_id, plan_version, position)
      ) STRICT;
    `);
    const insert = db.prepare(
      `INSERT INTO plan_doses (visit_id, plan_version, position, drug, product_id, strength_mg, strength_ml, dose_mg, dose_ml, mg_per_kg,
         interval_hours, max_doses_per_24h, max_mg_per_24h, stop_after_days, weight_override_reason, note)
       VALUES (@visitId, @planVersion, @position, @drug, @productId, @strengthMg, @strengthMl, @doseMg, @doseMl, @mgPerKg,
         @intervalHours, @maxDosesPer24h, @maxMgPer24h, @stopAfterDays, @weightOverrideReason, @note)`,
    );
    const plans = db.prepare(`SELECT visit_id, version, analgesia_json FROM plans`).all() as { visit_id: string; version: number; analgesia_json: string }[];
    for (const p of plans) {
      const entries = JSON.parse(p.analgesia_json) as unknown[];
      entries.forEach((e, position) => {
        const raw = e !== null && typeof e === 'object' ? (e as Record<string, unknown>) : {};
        insert.run({ visitId: p.visit_id, planVersion: p.version, position, ...doseFromNote(raw, p.visit_id) });
      });
    }
    // The notes now live as rows: the column is emptied without a new version (a format change, not a clinical
    // edit; the frozen, version and history triggers would refuse or record it, so they step aside and come back).
    withoutTriggers(db, 'plans', () => db.exec(`UPDATE plans SET analgesia_json = '[]'`));

    const signed = `(SELECT status FROM visits WHERE id = NEW.visit_id) = 'signed'`;
    db.exec(`
      -- doses are written only for the plan's current version, only before signing, and never changed or removed
      ${guard('plan_doses_current_version', ['BEFORE INSERT ON plan_doses', 'WHEN NEW.plan_version IS NOT (SELECT version FROM plans WHERE visit_id = NEW.visit_id)'], 'a dose belongs to the current plan version')}
      ${guard('plan_doses_frozen_when_signed_insert', `BEFORE INSERT ON plan_doses WHEN ${signed}`, 'visit is signed: add an addendum instead')}
      ${guard('plan_doses_no_update', 'BEFORE UPDATE ON plan_doses', 'a saved dose cannot be changed: save the plan again')}
      ${neverDeleted('plan_doses')}
    `);
  },
};
