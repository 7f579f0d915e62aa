/**
 * The record's small parts in one statement (issue 15, cost per write): the
 * visit, its patient, guardians, intake, decision, plan, consents and
 * addenda. A key press used to read each with its own SELECT (ten per press);
 * now the visit's one-row parts are LEFT JOINed and its short lists come as
 * ordered JSON arrays, so reading the whole record takes this statement, the
 * observations, the flag assessments and (with a plan) its doses.
 *
 * Each part is read back with the same row reader as its own SELECT
 * (store/record-rows.ts), so both ways give the same objects;
 * tests/main/services/keypress-cost.test.ts compares a key press's record
 * with a fresh read.
 */
import type { Database } from 'better-sqlite3';
import type { Addendum, Consent, EscalationDecision, Guardian, Intake, PatientDetail, VisitDetail } from './record-types';
import { toAddendum, toConsent, toDecision, toIntake, toPatient, toVisit, type Row } from './record-rows';

/** The parts of a visit's record read in one statement; `planRow` still needs its doses. */
export interface RecordHead {
  visit: VisitDetail;
  /** Null only if the patient row is missing (the foreign key makes that a damaged file). */
  patient: PatientDetail | null;
  guardians: Guardian[];
  intake: Intake | null;
  decision: EscalationDecision | null;
  planRow: Row | null;
  consents: Consent[];
  addenda: Addendum[];
}

const PATIENT_COLUMNS = ['id', 'child_name', 'date_of_birth', 'sex', 'weight_kg', 'weight_recorded_at', 'is_demo'];

export function createRecordHeadReader(db: Database): (visitId: string) => RecordHead | undefined {
  // The columns as the schema has them now (read once, when the repository is made, after migrations).
  const columns = (table: string) => db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[];
  const prefixed = (alias: string, cols: readonly string[]) => cols.map((c) => `${alias}."${c}" AS "${alias}.${c}"`);
  const jsonRow = (cols: readonly string[]) => `json_object(${cols.map((c) => `'${c}', "${c}"`).join(', ')})`;
  const tables = { v: 'visits', i: 'intakes', d: 'escalation_decisions', pl: 'plans' } as const;
  const select = [
    ...Object.entries(tables).flatMap(([alias, table]) => prefixed(alias, columns(table))),
    ...prefixed('p', PATIENT_COLUMNS),
    `(SELECT json_group_array(json_object('id', id, 'name', name, 'phone', phone) ORDER BY created_at, id) FROM guardians WHERE patient_id = v.patient_id) AS guardians_json`,
    `(SELECT json_group_array(${jsonRow(columns('consents'))} ORDER BY recorded_at, id) FROM consents WHERE visit_id = v.id) AS consents_json`,
    `(SELECT json_group_array(${jsonRow(columns('addenda'))} ORDER BY created_at, id) FROM addenda WHERE visit_id = v.id) AS addenda_json`,
  ];
  const head = db.prepare(
    `SELECT ${select.join(', ')}
     FROM visits v
     LEFT JOIN patients p ON p.id = v.patient_id
     LEFT JOIN intakes i ON i.visit_id = v.id
     LEFT JOIN escalation_decisions d ON d.visit_id = v.id
     LEFT JOIN plans pl ON pl.visit_id = v.id
     WHERE v.id = ?`,
  );
  /** The columns of one joined table, without their prefix; null when the LEFT JOIN found no row. */
  const part = (r: Row, alias: string, key: string): Row | null => {
    if (r[`${alias}.${key}`] === null || r[`${alias}.${key}`] === undefined) return null;
    const out: Row = {};
    const p = `${alias}.`;
    for (const [k, v] of Object.entries(r)) if (k.startsWith(p)) out[k.slice(p.length)] = v;
    return out;
  };
  const list = (json: unknown) => JSON.parse(String(json ?? '[]')) as Row[];

  return (visitId) => {
    const r = head.get(visitId) as Row | undefined;
    if (!r) return undefined;
    const patient = part(r, 'p', 'id');
    const intake = part(r, 'i', 'visit_id');
    const decision = part(r, 'd', 'visit_id');
    return {
      visit: toVisit(part(r, 'v', 'id')!),
      patient: patient ? toPatient(patient) : null,
      guardians: list(r.guardians_json) as unknown as Guardian[],
      intake: intake ? toIntake(intake) : null,
      decision: decision ? toDecision(decision) : null,
      planRow: part(r, 'pl', 'visit_id'),
      consents: list(r.consents_json).map(toConsent),
      addenda: list(r.addenda_json).map(toAddendum),
    };
  };
}
