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

/**
 * A calendar date as the store holds it, in answers the main process sends
 * (issue 14): the column only checks the NNNN-NN-NN shape, so a value from a
 * script or an older build ("2016-02-30") must still be shown, not turn the
 * whole list or room into an INTERNAL. Input schemas use {@link IsoDate}.
 */
export const StoredDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** An instant with an explicit offset, as produced by Date.prototype.toISOString(). */
export const IsoDateTime = z.iso.datetime({ offset: true, error: 'Use a date and time with a time zone.' });

/**
 * Control characters in a search box (pasted from a PDF, a terminal, a
 * scanner) are removed before anything else sees the text (issue 14: a NUL
 * reached the full-text index and came back as INTERNAL). Whitespace-like
 * controls (tab, new line, NEL, line and paragraph separators) become a
 * space so "first<TAB>last" still reads as two words; the rest (C0, DEL, C1,
 * zero-width space, byte-order mark) are dropped. Joiners (U+200C/U+200D)
 * are kept: they are part of how some names are written.
 */
export function stripSearchControls(text: string): string {
  return text
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b\ufeff]/g, '');
}

/** A search box's text: bounded raw, control characters stripped, trimmed, then bounded again. */
export const SearchText = (max: number) =>
  z
    .string()
    .max(max * 4, { error: 'Search is too long.' })
    .transform((s) => stripSearchControls(s).trim())
    .pipe(z.string().max(max, { error: 'Search is too long.' }));
