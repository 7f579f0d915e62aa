import { z } from 'zod';

/** Opaque record id (UUID v4 made by the main process). */
export const RecordId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
  error: 'Not a valid record id.',
});

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written as YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A calendar date, YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .max(10, { error: 'Use the format YYYY-MM-DD.' })
  .refine(isCalendarDate, { error: 'Use a real date in the format YYYY-MM-DD.' });

/** An instant with an explicit offset, as produced by Date.prototype.toISOString(). */
export const IsoDateTime = z.iso.datetime({ offset: true, error: 'Use a date and time with a time zone.' });
