/**
 * Builders for visit snapshots in tests: a well child with a fresh strain,
 * every warning sign answered "no" and every maneuver normal, so a test names
 * only what differs.
 */
import { NORMAL_EXAM, VisitSnapshot, WARNING_SIGN_IDS, type FlagAssessment, type EscalationDecision } from '../../../shared/clinical';

export const VISIT_DATE = '2025-03-10';

/** Date of birth for a child aged `years` and `months` on VISIT_DATE. */
export function dobFor(years: number, months = 0): string {
  const total = 2025 * 12 + 2 - (years * 12 + months);
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}-10`;
}

/** Every maneuver normal (shared/clinical/normal-exam.ts). */
export const NORMAL_OBSERVATIONS: Record<string, Record<string, unknown>> = NORMAL_EXAM;

export interface SnapshotOptions {
  dateOfBirth?: string;
  onsetDate?: string | null;
  answers?: Record<string, 'yes' | 'no' | 'unsure' | undefined>;
  /** Per-maneuver overrides merged over the normal findings; `null` drops the maneuver. */
  observations?: Record<string, Record<string, unknown> | null>;
  flagAssessments?: FlagAssessment[];
  escalation?: EscalationDecision;
  verbal?: boolean;
  /** Defaults to true: the clinician went over the family's answers. False leaves the family's "no" unconfirmed. */
  familyAnswersConfirmed?: boolean;
}

/** The raw JSON a family and clinician would produce. */
export function rawSnapshot(o: SnapshotOptions = {}): Record<string, unknown> {
  const warningSigns: Record<string, string> = {};
  for (const id of WARNING_SIGN_IDS) warningSigns[id] = 'no';
  for (const [k, v] of Object.entries(o.answers ?? {})) {
    if (v === undefined) delete warningSigns[k];
    else warningSigns[k] = v;
  }
  const observations: Record<string, unknown> = {};
  for (const [id, normal] of Object.entries(NORMAL_OBSERVATIONS)) {
    const override = o.observations?.[id];
    if (override === null) continue;
    observations[id] = { ...normal, ...(override ?? {}) };
  }
  const intake: Record<string, unknown> = { symptoms: 'Back pain.', warningSigns };
  if (o.onsetDate !== null) intake.onsetDate = o.onsetDate ?? '2025-03-05';
  const raw: Record<string, unknown> = {
    dateOfBirth: o.dateOfBirth ?? dobFor(12),
    visitDate: VISIT_DATE,
    weightKg: 40,
    intake,
    observations,
    flagAssessments: o.flagAssessments ?? [],
  };
  if (o.escalation) raw.escalation = o.escalation;
  raw.familyAnswersConfirmed = o.familyAnswersConfirmed ?? true;
  if (o.verbal !== undefined) raw.verbal = o.verbal;
  return raw;
}

/** A parsed snapshot; throws (failing the test) when the builder produced invalid input. */
export function snapshot(o: SnapshotOptions = {}): VisitSnapshot {
  return VisitSnapshot.parse(rawSnapshot(o));
}
