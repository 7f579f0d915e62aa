import { describe, expect, it } from 'vitest';
import {
  addDays,
  clinicalContent,
  coarseFinding,
  currentByManeuver,
  decisionRequired,
  findingSide,
  rationaleNeed,
  safeAgeAt,
  storedResultOf,
} from '../../../shared/clinical';

const maneuver = (id: string) => clinicalContent.maneuvers.maneuvers.find((m) => m.id === id)!;

describe('coarseFinding() and storedResultOf(): one rule for the store, the lists and FHIR', () => {
  it('reads the result field first, in the order unable, painful, limited, normal, abnormal', () => {
    expect(coarseFinding(maneuver('lumbar-flexion'), { result: 'full' })).toBe('normal');
    expect(coarseFinding(maneuver('lumbar-flexion'), { result: 'limited' })).toBe('limited');
    expect(coarseFinding(maneuver('stork-left'), { result: 'pain' })).toBe('painful');
    expect(coarseFinding(maneuver('heel-walk'), { result: 'unable', side: 'left' })).toBe('unable');
    expect(coarseFinding(maneuver('lumbar-flexion'), { result: 'not_assessed' })).toBe('not-assessed');
  });

  it('reads every choice but the side when there is no result field, and "unsure" says nothing', () => {
    const history = maneuver('saddle-bladder-bowel-history');
    expect(coarseFinding(history, { saddleNumbness: 'no', urineChange: 'no', stoolChange: 'no' })).toBe('normal');
    expect(coarseFinding(history, { saddleNumbness: 'yes', urineChange: 'no', stoolChange: 'no' })).toBe('abnormal');
    expect(coarseFinding(history, { saddleNumbness: 'unsure' })).toBe('not-assessed');
  });

  it('maps to the store column: limited and painful are abnormal, not-assessed is not_tested', () => {
    expect(['normal', 'limited', 'painful', 'unable', 'abnormal', 'not-assessed'].map((c) => storedResultOf(c as never))).toEqual([
      'normal', 'abnormal', 'abnormal', 'unable', 'abnormal', 'not_tested',
    ]);
  });
});

describe('findingSide()', () => {
  it('takes the recorded side, else the maneuver\'s own side, else none', () => {
    expect(findingSide(maneuver('heel-walk'), { side: 'both' })).toBe('both');
    expect(findingSide(maneuver('side-bend-left'), {})).toBe('left');
    expect(findingSide(maneuver('rotation-right'), { side: 'not a side' })).toBe('right');
    expect(findingSide(maneuver('gait'), {})).toBeNull();
  });
});

describe('currentByManeuver()', () => {
  it('keeps the latest entry of each maneuver that is not struck out', () => {
    const rows = [
      { id: 'a', maneuverId: 'gait', retracted: false, updatedAt: '2026-01-01T10:00:00.000Z' },
      { id: 'b', maneuverId: 'gait', retracted: false, updatedAt: '2026-01-01T11:00:00.000Z' },
      { id: 'c', maneuverId: 'gait', retracted: true, updatedAt: '2026-01-01T12:00:00.000Z' },
      { id: 'd', maneuverId: 'squat-rise', retracted: true, updatedAt: '2026-01-01T12:00:00.000Z' },
    ];
    const current = currentByManeuver(rows);
    expect(current.get('gait')?.id).toBe('b');
    expect(current.has('squat-rise')).toBe(false);
  });
});

describe('rationaleNeed() and decisionRequired()', () => {
  it('asks for a rationale below the minimum tier, and for home care while a decision is required', () => {
    expect(rationaleNeed('B', 'C', true)).toBe('below_minimum');
    expect(rationaleNeed('B', 'A', true)).toBeNull();
    expect(rationaleNeed('E', 'E', true)).toBe('home_care');
    expect(rationaleNeed('E', 'E', false)).toBeNull();
    expect(decisionRequired([{ state: 'absent' }, { state: 'could_not_assess' }])).toBe(true);
    expect(decisionRequired([{ state: 'absent' }, { state: 'not_screened' }])).toBe(false);
  });
});

describe('addDays() and safeAgeAt()', () => {
  it('counts calendar days in UTC across month and leap-year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('counts a date of birth after the date as age 0 instead of throwing', () => {
    expect(safeAgeAt('2030-01-01', '2026-01-01')).toEqual({ years: 0, months: 0, totalMonths: 0 });
    expect(safeAgeAt('2020-01-15', '2026-01-14').years).toBe(5);
  });
});
