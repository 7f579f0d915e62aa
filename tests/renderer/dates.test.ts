/** The renderer's date helpers (renderer/src/app/dates.ts). */
import { describe, expect, it } from 'vitest';
import { localInputToIso, localToday, shortAge } from '../../renderer/src/app/dates';

describe('dates', () => {
  it('gives the local calendar date, zero-padded', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(localToday(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31');
  });

  it('writes age in months under two years, then years and months, counting a birthday only once reached', () => {
    expect(shortAge('2025-03-15', '2026-03-14')).toBe('11 m');
    expect(shortAge('2025-03-15', '2026-03-15')).toBe('12 m');
    expect(shortAge('2024-03-15', '2026-03-15')).toBe('2 y 0 m');
    expect(shortAge('2016-04-12', '2026-11-27')).toBe('10 y 7 m');
    expect(shortAge('2016-02-29', '2026-02-28')).toBe('9 y 11 m');
  });

  it('shows a dash for a birth date after today rather than a negative age', () => {
    expect(shortAge('2027-01-01', '2026-11-27')).toBe('—');
  });

  it('turns a datetime-local value into an ISO instant, and nothing for blank or nonsense', () => {
    const iso = localInputToIso('2026-11-27T14:30');
    expect(iso).toBe(new Date(2026, 10, 27, 14, 30).toISOString());
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('not a date')).toBeUndefined();
  });
});
