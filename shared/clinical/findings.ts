/**
 * How a maneuver's recorded fields read as one finding (issue 15, item 2:
 * each rule written once). The store's `result` column, the exports'
 * "coarse finding" (clinical-sources.md, "FHIR R4 mapping") and the side a
 * finding concerns all come from here; the visit room, the record service
 * and the exports import these instead of keeping their own copies.
 */
import type { Maneuver } from './schema';

/** The coarse finding the FHIR mapping names. */
export type CoarseFinding = 'normal' | 'limited' | 'painful' | 'unable' | 'abnormal' | 'not-assessed';

/** The store's four-valued summary column (observations.result). */
export type StoredResult = 'normal' | 'abnormal' | 'unable' | 'not_tested';

/** Choice values that mean "nothing wrong". */
export const NORMAL_VALUES: ReadonlySet<string> = new Set(['normal', 'full', 'able', 'no_pain', 'none', 'no', 'no_leg_pain', 'adequate', 'well']);

/** Values that say nothing about the finding: looked but could not tell, or the family was not sure. */
const NO_ANSWER: ReadonlySet<string> = new Set(['not_assessed', 'unsure']);

/**
 * The maneuver's coarse finding from its fields: its `result` field when it
 * has one, else every choice field but `side`. Nothing answered is
 * not-assessed; then unable, painful, limited, normal (every answer a
 * "nothing wrong" value), else abnormal, in that order.
 */
export function coarseFinding(m: Pick<Maneuver, 'fields'>, values: Readonly<Record<string, unknown>>): CoarseFinding {
  const main =
    typeof values.result === 'string'
      ? [values.result]
      : m.fields.filter((f) => f.kind === 'choice' && f.id !== 'side').map((f) => values[f.id]).filter((v): v is string => typeof v === 'string');
  const answered = main.filter((v) => !NO_ANSWER.has(v));
  if (answered.length === 0) return 'not-assessed';
  if (answered.includes('unable') || answered.includes('very_unwell')) return 'unable';
  if (answered.includes('painful') || answered.includes('pain')) return 'painful';
  if (answered.includes('limited')) return 'limited';
  if (answered.every((v) => NORMAL_VALUES.has(v))) return 'normal';
  return 'abnormal';
}

/** The coarse finding in the store's four values (limited and painful are abnormal). */
export function storedResultOf(coarse: CoarseFinding): StoredResult {
  switch (coarse) {
    case 'not-assessed':
      return 'not_tested';
    case 'unable':
      return 'unable';
    case 'normal':
      return 'normal';
    default:
      return 'abnormal';
  }
}

/**
 * The side a finding concerns: the `side` field when recorded, else the
 * maneuver's own side (`…-left`, `…-right`), else null (no side).
 */
export function findingSide(m: Pick<Maneuver, 'id'>, values: Readonly<Record<string, unknown>>): 'left' | 'right' | 'both' | null {
  const v = values.side;
  if (v === 'left' || v === 'right' || v === 'both') return v;
  if (m.id.endsWith('-left')) return 'left';
  if (m.id.endsWith('-right')) return 'right';
  return null;
}

/** The part of an observation the "current observation" rule reads. */
export interface ObservationVersion {
  maneuverId: string;
  retracted: boolean;
  updatedAt: string;
}

/**
 * The current observation of each maneuver: the latest one (by update time;
 * the later of equal times in list order) that is not struck out.
 */
export function currentByManeuver<T extends ObservationVersion>(observations: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const o of observations) {
    if (o.retracted) continue;
    const prev = out.get(o.maneuverId);
    if (!prev || o.updatedAt >= prev.updatedAt) out.set(o.maneuverId, o);
  }
  return out;
}
