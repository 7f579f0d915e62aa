/**
 * Schedule in, the conflict rule (docs/ehr.md "Schedule in"), pure: schedule
 * fields (start, length, reason, cancelled) follow the EHR unless they were
 * changed here since the last pull; a visit that has started or holds any
 * clinical data is never changed or cancelled by the EHR. Either way the
 * local visit is kept and the conflict is reported, on every pull, until the
 * two agree. schedule-write.ts applies the judgement in its transaction.
 */
import type { Fields } from './schedule-read';

/** The appointment's schedule fields in words: "2026-12-04 09:00 UTC, 20 min", or "cancelled (the appointment at …)". */
export function describe(f: Fields): string {
  const when = `${f.start.slice(0, 16).replace('T', ' ')} UTC, ${f.minutes} min`;
  return f.cancelled ? `cancelled (the appointment at ${when})` : when;
}

export const sameFields = (a: Fields, b: Fields) => a.start === b.start && a.minutes === b.minutes && a.reason === b.reason && a.cancelled === b.cancelled;

/** The names of the fields that differ: start, length, reason, cancelled. */
export function differing(a: Fields, b: Fields): string[] {
  const out: string[] = [];
  if (a.start !== b.start) out.push('start');
  if (a.minutes !== b.minutes) out.push('length');
  if (a.reason !== b.reason) out.push('reason');
  if (a.cancelled !== b.cancelled) out.push('cancelled');
  return out;
}

/** The conflict when the EHR names another patient for a linked appointment: the console's visit and patient are kept. */
export const OTHER_PATIENT_CONFLICT = "The EHR now names a different patient for this appointment: the console's visit and patient are kept. Settle it in the EHR.";

export type ScheduleJudgement =
  /** The EHR and the console agree. */
  | { kind: 'agree' }
  /** Untouched here since the last pull: the EHR's fields win. */
  | { kind: 'follow'; fields: string[] }
  /** The console's visit is kept; `message` says why, in words. */
  | { kind: 'conflict'; fields: string[]; reason: 'started' | 'clinical-data' | 'changed-here'; message: string };

/**
 * The rule for a linked appointment: `ehr` as the EHR says it now, `local`
 * the console's visit, `last` what the EHR said at the last pull.
 * `holdsClinicalData` is asked only when the visit has not started and the
 * two disagree.
 */
export function judgeSchedule(ehr: Fields, local: Fields, last: Fields, visit: { started: boolean; holdsClinicalData: () => boolean }): ScheduleJudgement {
  if (sameFields(ehr, local)) return { kind: 'agree' };
  const fields = differing(ehr, local);
  const { started } = visit;
  const clinical = started || visit.holdsClinicalData();
  const changedHere = !sameFields(local, last);
  if (!clinical && !changedHere) return { kind: 'follow', fields };
  const why = clinical
    ? started
      ? 'this visit has started, so the EHR does not change it'
      : 'this visit holds clinical data, so the EHR does not change it'
    : `it was changed here (${differing(local, last).join(', ')}) since the last pull`;
  const message = `${ehr.cancelled && !local.cancelled ? 'The EHR cancelled this appointment' : `The EHR says ${describe(ehr)}`}, but ${why}: the console's visit is kept (${describe(local)}). Settle it in the EHR or here.`;
  return { kind: 'conflict', fields, reason: clinical ? (started ? 'started' : 'clinical-data') : 'changed-here', message };
}
