/**
 * Age and duration from calendar dates (YYYY-MM-DD), computed in UTC so the
 * answer never depends on the clinician's time zone.
 */
import { isCalendarDate } from '../domain/common';

/** A child's age on a given date, counting completed months. */
export interface Age {
  years: number;
  /** Completed months after the last birthday (0-11). */
  months: number;
  /** Completed months since birth. */
  totalMonths: number;
}

function parts(date: string, what: string): [number, number, number] {
  if (!isCalendarDate(date)) throw new RangeError(`${what} must be a real date written YYYY-MM-DD.`);
  return date.split('-').map(Number) as [number, number, number];
}

/**
 * Age in completed years and months on `onDate`. A month is complete when the
 * day of the month of birth is reached (a child born on 31 January is not yet
 * one month old on 28 February). This never overstates age, so a minimum-age
 * rule is never met early.
 * @throws RangeError when a date is malformed or `onDate` is before birth.
 */
export function ageAt(dateOfBirth: string, onDate: string): Age {
  const [by, bm, bd] = parts(dateOfBirth, 'The date of birth');
  const [vy, vm, vd] = parts(onDate, 'The visit date');
  let totalMonths = (vy - by) * 12 + (vm - bm);
  if (vd < bd) totalMonths -= 1;
  if (totalMonths < 0 || onDate < dateOfBirth) throw new RangeError('The visit date is before the date of birth.');
  return { years: Math.floor(totalMonths / 12), months: totalMonths % 12, totalMonths };
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from, 'The start date');
  const [ty, tm, td] = parts(to, 'The end date');
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

/** "3 years 4 months", "1 year 1 month", "7 months". */
export function formatAge(age: Age): string {
  const m = `${age.months} month${age.months === 1 ? '' : 's'}`;
  if (age.years === 0) return m;
  return `${age.years} year${age.years === 1 ? '' : 's'} ${m}`;
}

/** The calendar date `days` days after `date` (before it when negative), in UTC. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date, 'The date');
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * Age on a date for display and dosing bounds, counted as 0 when the stored
 * date of birth is after it or cannot be read (the room says why in its data
 * notes). Never use it for a minimum-age rule: {@link ageAt} refuses instead.
 */
export function safeAgeAt(dateOfBirth: string, onDate: string): Age {
  try {
    return ageAt(dateOfBirth, onDate);
  } catch {
    return { years: 0, months: 0, totalMonths: 0 };
  }
}
