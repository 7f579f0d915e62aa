/**
 * Reviewing checklists across visits (issue 16, item 7): the same patient's
 * earlier signed visits' findings beside today's, a patient's visit history,
 * and any two visits' checklists side by side. Read-only: nothing here writes.
 *
 * Bounded: the room shows at most HISTORY_VISITS earlier visits, and a
 * patient's history lists at most HISTORY_LIST_MAX visits, newest first.
 */
import { z } from 'zod';
import { RecordId } from './common';
import { VISIT_STATUSES } from './visit';
import { BODY_SIDES, OBSERVATION_RESULTS } from './record';
import { Observation, TierId } from '../clinical';
import { MEASURE_IDS, MEASURE_UNITS } from '../pose/geometry';

/** How many earlier signed visits the room shows beside today's findings. */
export const HISTORY_VISITS = 3;
/** The most visits a patient's history lists (newest first). */
export const HISTORY_LIST_MAX = 200;

/** Declared once with the stored record (shared/domain/record.ts). */
export { OBSERVATION_RESULTS, BODY_SIDES } from './record';

/** A camera estimate attached to a finding (store/pose-estimates.ts): "camera estimate, not a goniometer". */
export const HistoryEstimate = z.strictObject({
  measure: z.enum(MEASURE_IDS),
  label: z.string(),
  value: z.number(),
  unit: z.enum(MEASURE_UNITS),
});
export type HistoryEstimate = z.infer<typeof HistoryEstimate>;

/** One movement's finding as it was signed. */
export const HistoryFinding = z.strictObject({
  /** The store's coarse summary (normal, abnormal, unable, not tested). */
  result: z.enum(OBSERVATION_RESULTS),
  side: z.enum(BODY_SIDES),
  painScore: z.number().int().min(0).max(10).nullable(),
  painScale: z.string().nullable(),
  /** The maneuver's own fields as recorded (values an older version stored in other shapes are left out). */
  values: Observation,
  estimates: z.array(HistoryEstimate),
});
export type HistoryFinding = z.infer<typeof HistoryFinding>;

/** What names a visit in a history or a comparison: when, how far it got, and the tier chosen. */
const VisitHeading = {
  visitId: RecordId,
  scheduledStart: z.string(),
  status: z.enum(VISIT_STATUSES),
  signedAt: z.string().nullable(),
  tier: TierId.nullable(),
};

/** One visit's checklist: its findings by maneuver id. */
export const VisitChecklist = z.strictObject({
  ...VisitHeading,
  findings: z.record(z.string().max(100), HistoryFinding),
});
export type VisitChecklist = z.infer<typeof VisitChecklist>;

/** The earlier signed visits of the visit's own patient, newest first, at most `limit`. */
export const PreviousFindings = z.strictObject({
  visitId: RecordId,
  patientId: RecordId,
  limit: z.number().int().positive(),
  previous: z.array(VisitChecklist),
});
export type PreviousFindings = z.infer<typeof PreviousFindings>;

export const VisitHistoryItem = z.strictObject({
  ...VisitHeading,
  reason: z.string().nullable(),
  /** Movements with a current finding. */
  recorded: z.number().int().nonnegative(),
});
export type VisitHistoryItem = z.infer<typeof VisitHistoryItem>;

export const VisitHistory = z.strictObject({
  patientId: RecordId,
  visits: z.array(VisitHistoryItem),
  /** True when the patient has more visits than HISTORY_LIST_MAX (the oldest are not listed). */
  truncated: z.boolean(),
});
export type VisitHistory = z.infer<typeof VisitHistory>;

export const CompareVisitsInput = z.strictObject({ firstVisitId: RecordId, secondVisitId: RecordId });
export type CompareVisitsInput = z.infer<typeof CompareVisitsInput>;

/** Two visits of one patient, the earlier first. */
export const VisitComparison = z.strictObject({
  patientId: RecordId,
  earlier: VisitChecklist,
  later: VisitChecklist,
});
export type VisitComparison = z.infer<typeof VisitComparison>;
