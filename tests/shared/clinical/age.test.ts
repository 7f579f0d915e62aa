import { describe, expect, it } from 'vitest';
import { ageAt, daysBetween, formatAge } from '../../../shared/clinical';

describe('ageAt()', () => {
  it.each([
    ['2015-03-10', '2025-03-10', 10, 0],
    ['2015-03-11', '2025-03-10', 9, 11],
    ['2020-01-31', '2020-02-29', 0, 0],
    ['2020-01-31', '2020-03-01', 0, 1],
    ['2020-02-29', '2021-02-28', 0, 11],
    ['2020-02-29', '2021-03-01', 1, 0],
    ['2025-03-10', '2025-03-10', 0, 0],
  ])('born %s, on %s: %i years %i months', (dob, on, years, months) => {
    expect(ageAt(dob, on)).toMatchObject({ years, months, totalMonths: years * 12 + months });
  });

  it('does not count a birthday before the day is reached', () => {
    expect(ageAt('2020-03-10', '2025-03-09').years).toBe(4);
  });

  it('refuses a visit before birth and impossible dates', () => {
    expect(() => ageAt('2025-03-11', '2025-03-10')).toThrow(/before the date of birth/);
    expect(() => ageAt('2025-02-30', '2025-03-10')).toThrow(/real date/);
  });

  it('says the age in words', () => {
    expect(formatAge(ageAt('2021-11-10', '2025-03-10'))).toBe('3 years 4 months');
    expect(formatAge(ageAt('2024-08-10', '2025-03-10'))).toBe('7 months');
    expect(formatAge({ years: 1, months: 1, totalMonths: 13 })).toBe('1 year 1 month');
  });
});

describe('daysBetween()', () => {
  it('counts calendar days across a leap day and a daylight-saving change', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-03-01', '2025-04-01')).toBe(31);
    expect(daysBetween('2025-03-10', '2025-03-05')).toBe(-5);
  });
});
