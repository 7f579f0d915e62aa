/**
 * Times in the exports: when the call took place as far as the record shows
 * it, and instants printed in the export's time zone with the zone.
 */
import type { VisitRecord } from '../store/record-types';

/**
 * When the call took place, as far as the record shows it, for a visit with
 * no recorded admission and call end (migration 0019 records both; a family
 * that left without End call, or a visit from before 0019, has neither): the
 * span is computed from the times of the
 * record's own entries, the same instants as their audit rows: it starts at
 * the first of the still-picture consent recorded on admission, the visit
 * going "in progress" and the first exam entry, and ends at the last exam
 * entry (an observation written or changed, a still, a red flag the
 * clinician assessed), never after the visit left "in progress". Talking
 * before the first entry or after the last is not counted.
 */
export interface CallSpan {
  start: string | null;
  end: string | null;
  /** Whole minutes, rounded; null when the record has no exam entries. */
  minutes: number | null;
  basis: 'call' | 'record-entries' | 'none';
}

export function callSpanOf(record: VisitRecord): CallSpan {
  const clinicianEntry = (author: string) => author !== 'system' && author !== 'family';
  const exam: string[] = [
    ...record.observations.flatMap((o) => [o.observedAt, o.updatedAt]),
    ...record.images.map((i) => i.capturedAt),
    ...record.flagAssessments.filter((a) => clinicianEntry(a.author) && a.source !== 'family_intake').map((a) => a.assessedAt),
  ].filter((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
  if (exam.length === 0) return { start: null, end: null, minutes: null, basis: 'none' };
  const ms = (t: string) => Date.parse(t);
  const limit = record.visit.endedAt ? ms(record.visit.endedAt) : Infinity;
  const inCall = exam.filter((t) => ms(t) <= limit);
  const entries = inCall.length > 0 ? inCall : exam;
  const starts = [
    ...entries,
    ...(record.visit.startedAt ? [record.visit.startedAt] : []),
    ...record.consents.filter((c) => c.kind === 'still_capture').map((c) => c.recordedAt),
  ].filter((t) => !Number.isNaN(ms(t)));
  const start = starts.reduce((a, b) => (ms(b) < ms(a) ? b : a));
  const end = entries.reduce((a, b) => (ms(b) > ms(a) ? b : a));
  const minutes = Math.max(0, Math.round((ms(end) - ms(start)) / 60_000));
  return { start, end: ms(end) < ms(start) ? start : end, minutes, basis: 'record-entries' };
}

/** "2026-11-27 11:05 UTC" in the export's time zone. */
export function formatInstant(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')} ${p('timeZoneName')}`.trim();
}

/** "11:05 CST": the time of day in the export's time zone, with the zone. */
export function formatTime(iso: string | null | undefined, timeZone: string, withZone = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('hour')}:${p('minute')}${withZone ? ` ${p('timeZoneName')}` : ''}`;
}
