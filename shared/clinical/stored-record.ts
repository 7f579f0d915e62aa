/**
 * A stored visit read by the clinical rules (issue 15, item 2: each rule
 * once). The visit room (electron/main/services/visit-room-view.ts) and the
 * exports (electron/main/export/model.ts) both judge a stored record with
 * these, so the note says what the room showed. The record is described by
 * the few fields the rules read; the store's VisitRecord fits it as is.
 */
import { currentByManeuver, type ObservationVersion } from './findings';
import { clinicalContent } from './content';
import { evaluateVisit, type VisitEvaluation } from './evaluate';
import type { CallContext } from './gate';
import type { IntakeAnswers } from './visit-input';
import { readableIntake, UNREADABLE, usableSnapshot } from './usable';
import type { FlagSource, TierId } from './schema';

/** The part of a stored visit record the rules read. */
export interface StoredRecordInput {
  visit: { signedAt: string | null };
  patient: { dateOfBirth: string; weightKg: number | null };
  intake: { answersJson: string } | null;
  observations: readonly (ObservationVersion & { fields: Record<string, unknown> })[];
  flagAssessments: readonly { flagId: string; state: string; source: FlagSource; note: string | null }[];
  decision: { tier: TierId; rationale: string | null } | null;
}

const MANEUVER_IDS: ReadonlySet<string> = new Set(clinicalContent.maneuvers.maneuvers.map((m) => m.id));

/** The calendar date the rules judge the visit on: the signing date once signed, else today. */
export function visitDateOf(record: Pick<StoredRecordInput, 'visit'>, today: string): string {
  return record.visit.signedAt ? record.visit.signedAt.slice(0, 10) : today;
}

/** The stored intake's JSON, parsed; `UNREADABLE` when it is not JSON, undefined when there is none. */
function storedIntake(record: Pick<StoredRecordInput, 'intake'>): unknown {
  if (!record.intake) return undefined;
  try {
    return JSON.parse(record.intake.answersJson) as unknown;
  } catch {
    return UNREADABLE;
  }
}

/**
 * The family's intake as the clinical rules read it: the answers this
 * version can read (an answer it cannot read counts as not given; the room
 * says which, see evaluateStoredRecord), or null when there is none or none
 * of it can be read.
 */
export function intakeAnswersOf(record: Pick<StoredRecordInput, 'intake'>): IntakeAnswers | null {
  const raw = storedIntake(record);
  if (raw === UNREADABLE) return null;
  const read = readableIntake(raw);
  return read && !read.unreadable.includes('(all)') ? read.answers : null;
}

/** The rules' evaluation of a stored visit, and a sentence for each stored value they could not use. */
export type RecordEvaluation = VisitEvaluation & { dataNotes: string[] };

/**
 * Evaluate a stored visit with the shared clinical rules. Never throws on
 * what is stored: a value the rules cannot use (a pain-onset date after the
 * visit, a finding an older checklist allowed...) is treated as missing and
 * named in `dataNotes` (usable.ts).
 */
export function evaluateStoredRecord(record: StoredRecordInput, today: string, call: CallContext = {}): RecordEvaluation {
  const observations: Record<string, unknown> = {};
  for (const [id, o] of currentByManeuver(record.observations)) if (MANEUVER_IDS.has(id)) observations[id] = o.fields;
  const { snapshot, notes } = usableSnapshot({
    dateOfBirth: record.patient.dateOfBirth,
    visitDate: visitDateOf(record, today),
    weightKg: record.patient.weightKg,
    intake: storedIntake(record),
    observations,
    flagAssessments: record.flagAssessments
      .filter((a) => a.source === 'clinician')
      .map((a) => ({ flagId: a.flagId, state: a.state, ...(a.note ? { note: a.note } : {}) })),
    ...(record.decision
      ? { escalation: { tier: record.decision.tier, ...(record.decision.rationale ? { rationale: record.decision.rationale } : {}) } }
      : {}),
  });
  return { ...evaluateVisit(snapshot, {}, call), dataNotes: notes };
}
