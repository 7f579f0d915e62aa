/**
 * The visit room's view, pure (services/visit-room.ts is the service around
 * it): from a stored record and the shared clinical rules, every catalog
 * flag with its state and evidence, the minimum tier, the close gate, the
 * flags the rules derive, and the state the clinician's screen shows. No
 * store access and no clock: the service passes today's date in.
 */
import {
  coarseFinding,
  currentByManeuver,
  findingSide,
  safeAgeAt,
  storedResultOf,
  clinicalContent,
  CONTENT_VERSION,
  evaluateStoredRecord,
  intakeAnswersOf,
  visitDateOf,
  Observation as ObservationSchema,
  type RecordEvaluation,
  type Maneuver,
  type Observation as ClinicalObservation,
  type CallContext,
} from '../../../shared/clinical';
import { AnalgesiaEntry, type VisitRoomState } from '../../../shared/domain/visit-room';
import { fromStoreDose } from './plan-doses';
import type { FlagAssessmentInput } from './record';
import type { BodySide, Observation, ObservationResult, VisitRecord } from '../store/record-types';

/** One value of a finding as the room's contract allows it. */
const ObservationValue = ObservationSchema.valueType;

export const MANEUVERS = new Map(clinicalContent.maneuvers.maneuvers.map((m) => [m.id, m]));

/**
 * The store's coarse summary of a maneuver's fields (used by lists and FHIR):
 * the shared coarse finding in the store's four values, and the shared side rule.
 */
export function coarseObservation(m: Maneuver, values: ClinicalObservation): {
  result: ObservationResult;
  side: BodySide;
  painScore: number | null;
  painScale: string | null;
  note: string | null;
} {
  const pain = values.pain as { scale: string; score: number } | undefined;
  const note = typeof values.note === 'string' && values.note.trim() ? values.note.trim() : null;
  return {
    result: storedResultOf(coarseFinding(m, values)),
    side: findingSide(m, values) ?? 'not_applicable',
    painScore: pain ? pain.score : null,
    painScale: pain ? pain.scale : null,
    note,
  };
}

/** The current (latest, not struck out) observation of each maneuver (shared/clinical/findings.ts). */
export function currentObservations(record: VisitRecord): Map<string, Observation> {
  return currentByManeuver(record.observations);
}

/** The stored record read by the shared rules (shared/clinical/stored-record.ts): one copy for the room and the exports. */
export { intakeAnswersOf, visitDateOf, type RecordEvaluation };

/** Evaluate a stored visit with the shared clinical rules (evaluateStoredRecord: never throws on what is stored). */
export function evaluateRecord(record: VisitRecord, today: string, call: CallContext = {}): RecordEvaluation {
  return evaluateStoredRecord(record, today, call);
}

/** Age on a date, counted as 0 when the stored date of birth is after it (shared/clinical/age.ts). */
export { safeAgeAt };

/**
 * The flag assessments the rules derive (from the intake, observations, age
 * and duration) that the record does not hold yet, wherever the clinician
 * has not assessed the flag: written by 'system' with their source, so the
 * store's close gate sees them too. Pure.
 */
export function derivedFlagWrites(r: VisitRecord, evaluation: RecordEvaluation): FlagAssessmentInput[] {
  const out: FlagAssessmentInput[] = [];
  for (const f of evaluation.allFlags) {
    const stored = r.flagAssessments.find((a) => a.flagId === f.id);
    if (stored?.source === 'clinician' || f.derivedState === 'not_screened' || f.source === 'clinician') continue;
    const state = f.derivedState;
    const source = f.source ?? 'derived';
    if (stored && stored.state === state && stored.source === source) continue;
    out.push({ flagId: f.id, state, source, note: null });
  }
  return out;
}

/** The visit room's view of a record. */
export function viewOf(record: VisitRecord, evaluation: RecordEvaluation, authors: Record<string, string>): VisitRoomState {
  const age = safeAgeAt(record.patient.dateOfBirth, visitDateOf(record, new Date().toISOString().slice(0, 10)));
  const observations: VisitRoomState['observations'] = {};
  for (const [id, o] of currentObservations(record)) {
    // Only values the room can show: a finding an older version stored with other shapes (true, null, nested objects)
    // keeps its readable fields here, and the rules leave it out with a note (dataNotes).
    const readable = Object.entries(o.fields as Record<string, unknown>).filter(([, v]) => ObservationValue.safeParse(v).success);
    observations[id] = { values: Object.fromEntries(readable) as ClinicalObservation, savedAt: o.updatedAt, author: o.updatedBy };
  }
  const intake = intakeAnswersOf(record);
  const plan = record.plan;
  // A dose the store holds but the room's contract cannot show (written by the CLI or an older version, e.g. over
  // 1000 mg) is left out of the plan view with a note, rather than failing the whole room (issue 14).
  const doses = (plan?.analgesia ?? []).map((d) => AnalgesiaEntry.safeParse(fromStoreDose(d)));
  const dataNotes = [
    ...evaluation.dataNotes,
    ...(doses.some((d) => !d.success)
      ? ['A medicine dose in the saved plan is outside what this version can show; it is left out of the plan here. Check and re-enter the plan.']
      : []),
  ];
  return {
    contentVersion: CONTENT_VERSION,
    visit: {
      id: record.visit.id,
      status: record.visit.status,
      scheduledStart: record.visit.scheduledStart,
      durationMinutes: record.visit.durationMinutes,
      reason: record.visit.reason,
      startedAt: record.visit.startedAt,
      signedAt: record.visit.signedAt,
      signedBy: record.visit.signedBy,
    },
    patient: {
      id: record.patient.id,
      childName: record.patient.childName,
      dateOfBirth: record.patient.dateOfBirth,
      sex: record.patient.sex,
      weightKg: record.patient.weightKg,
      weightRecordedAt: record.patient.weightRecordedAt,
      isDemo: record.patient.isDemo,
    },
    guardians: record.guardians.map((g) => ({ name: g.name, phone: g.phone })),
    age: { years: age.years, months: age.months, totalMonths: age.totalMonths },
    painScale: evaluation.painScale,
    intake:
      intake && record.intake
        ? { answers: intake, submittedAt: record.intake.submittedAt, submittedBy: record.intake.submittedBy, language: record.intake.language }
        : null,
    observations,
    flags: evaluation.allFlags.map((f) => ({
      id: f.id,
      label: f.label,
      tier: f.tier,
      state: f.state,
      derivedState: f.derivedState,
      source: f.source,
      evidence: f.evidence,
      clinicianNote: f.clinicianNote,
      familyAbsence: f.familyAbsence,
    })),
    minimumTier: evaluation.minimumTier,
    minimumTierProvisional: record.visit.status !== 'signed' && evaluation.minimumTierProvisional,
    notExamined: evaluation.notExamined,
    gate: {
      canClose: record.visit.status === 'signed' || evaluation.gate.canClose,
      decisionRequired: evaluation.flags.length > 0,
      reasons: record.visit.status === 'signed' ? [] : evaluation.gate.blockingReasons.map((r) => ({ ...r })),
    },
    decision: record.decision
      ? {
          tier: record.decision.tier,
          rationale: record.decision.rationale,
          familyTold: record.decision.familyTold,
          decidedAt: record.decision.decidedAt,
          decidedBy: record.decision.decidedBy,
        }
      : null,
    plan: plan
      ? {
          adviceIds: plan.advice,
          analgesia: doses.flatMap((d) => (d.success ? [d.data] : [])),
          followUp: plan.followUp,
          bodyMap: plan.bodyMap,
          updatedAt: plan.updatedAt,
        }
      : null,
    stillCaptureConsent: record.consents.some((c) => c.kind === 'still_capture' && !c.withdrawnAt),
    addenda: record.addenda.map((a) => ({ id: a.id, author: a.author, createdAt: a.createdAt, reason: a.reason, text: a.text })),
    authors,
    dataNotes,
  };
}
