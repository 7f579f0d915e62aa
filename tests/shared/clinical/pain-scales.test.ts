import { describe, expect, it } from 'vitest';
import { PainScore, scaleForAge } from '../../../shared/clinical';

describe('scaleForAge()', () => {
  it.each([
    { ageMonths: 18, verbal: true, scale: 'FLACC', why: 'toddlers cannot self-report reliably' },
    { ageMonths: 47, verbal: true, scale: 'FLACC', why: 'FPS-R starts at about 4 years' },
    { ageMonths: 48, verbal: true, scale: 'FPS-R', why: 'a verbal 4-year-old points at faces' },
    { ageMonths: 95, verbal: true, scale: 'FPS-R', why: 'under 8, faces rather than numbers' },
    { ageMonths: 96, verbal: true, scale: 'NRS-11', why: 'from 8 years the numeric scale' },
    { ageMonths: 200, verbal: true, scale: 'NRS-11', why: 'teenagers use numbers' },
    { ageMonths: 60, verbal: false, scale: 'FLACC', why: 'a non-verbal 5-year-old is observed' },
  ])('offers $scale at $ageMonths months (verbal: $verbal): $why', ({ ageMonths, verbal, scale }) => {
    const choice = scaleForAge(ageMonths, { verbal });
    expect(choice.scale.id).toBe(scale);
    expect(choice.caution).toBeNull();
  });

  it('offers FPS-R as an alternative to an 8-year-old and FLACC to a 6-year-old', () => {
    expect(scaleForAge(96, { verbal: true }).alternatives.map((s) => s.id)).toContain('FPS-R');
    expect(scaleForAge(72, { verbal: true }).alternatives.map((s) => s.id)).toEqual(['FLACC']);
  });

  it('falls back to FLACC with a caution for a non-verbal teenager or a newborn', () => {
    for (const ageMonths of [160, 1]) {
      const choice = scaleForAge(ageMonths, { verbal: false });
      expect(choice.scale.id).toBe('FLACC');
      expect(choice.caution).toMatch(/outside its validated age range/);
    }
  });
});

describe('PainScore', () => {
  it('keeps the scale with the score and refuses a score the scale does not have', () => {
    expect(PainScore.safeParse({ scale: 'FPS-R', score: 4 }).success).toBe(true);
    const odd = PainScore.safeParse({ scale: 'FPS-R', score: 5 });
    expect(odd.success).toBe(false);
    expect(odd.error?.issues[0]?.message).toBe('A FPS-R score is one of 0, 2, 4, 6, 8, 10.');
    expect(PainScore.safeParse({ scale: 'NRS-11', score: 11 }).success).toBe(false);
    expect(PainScore.safeParse({ scale: 'Wong-Baker', score: 4 }).success).toBe(false);
  });
});
