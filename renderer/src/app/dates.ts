import { CONSOLE } from '../../../shared/words/console';

/** The clinician's local calendar date, YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "Mon 3 Mar, 14:30" in the clinician's locale and time zone. */
export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Age as "7 y 3 m" from a date of birth, for list display. */
export function shortAge(dateOfBirth: string, today = localToday()): string {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  let months = (ty - by) * 12 + (tm - bm);
  if (td < bd) months -= 1;
  if (months < 0) return '—';
  return months < 24 ? CONSOLE.app.age.months(months) : CONSOLE.app.age.years(Math.floor(months / 12), months % 12);
}

/** A datetime-local input value ("2026-11-27T14:30") as an ISO instant with offset. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
