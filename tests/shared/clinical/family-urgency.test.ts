/**
 * One source for family urgency: the "when to get help" list is built from
 * the red-flag catalog, so for every flag the family is told the urgency of
 * the flag's own tier (issue 13, item 3).
 */
import { describe, expect, it } from 'vitest';
import { clinicalContent, familyReturnPrecautions, loadClinicalContent, TIER_IDS } from '../../../shared/clinical';
import { RAW_CLINICAL_CONTENT } from '../../../shared/clinical/content';

/** Flags a family cannot watch for at home; each says why (the test fails if the list drifts). */
const NOT_A_FAMILY_SIGN: Record<string, string> = {
  'young-age': 'an age, not a sign',
  'persistent-pain': 'covered by the tier E safety net: call if not better in 2 weeks',
  'malignancy-or-immunosuppression': 'a history, asked at the visit',
  'midline-bony-tenderness': 'an examination finding',
  'posterior-element-pain': 'an examination finding',
};

describe('family return precautions', () => {
  const precautions = familyReturnPrecautions();

  it.each(clinicalContent.redFlags.flags.map((f) => [f.id, f] as const))('%s: told to the family at its own tier, in English and Spanish', (_id, flag) => {
    const holding = precautions.filter((p) => p.flagIds.includes(flag.id));
    if (flag.familySign === null) {
      expect(NOT_A_FAMILY_SIGN[flag.id], `${flag.id} has no family sign: say why in NOT_A_FAMILY_SIGN`).toBeTruthy();
      expect(holding).toEqual([]);
      return;
    }
    expect(NOT_A_FAMILY_SIGN[flag.id]).toBeUndefined();
    expect(holding.map((p) => p.tier)).toEqual([flag.tier]);
    const p = holding[0]!;
    const i = p.flagIds.indexOf(flag.id);
    expect(p.signs.en[i]).toBe(flag.familySign.en);
    expect(p.signs.es[i]).toBe(flag.familySign.es);
    // No other heading tells the family the same sign with another urgency.
    for (const other of precautions.filter((x) => x !== p)) expect(other.signs.en).not.toContain(flag.familySign.en);
  });

  it('has one heading per tier, most urgent first, and E is the 2-week safety net', () => {
    expect(precautions.map((p) => p.tier)).toEqual([...TIER_IDS]);
    expect(precautions.find((p) => p.tier === 'E')).toMatchObject({ signs: { en: [], es: [] } });
    expect(precautions[0]?.heading.en).toMatch(/911/);
  });

  it('moves a sign when its flag changes tier (the list is derived, not written twice)', () => {
    const raw = structuredClone(RAW_CLINICAL_CONTENT) as { redFlags: { flags: { id: string; tier: string }[] } };
    raw.redFlags.flags.find((f) => f.id === 'night-pain')!.tier = 'C';
    const moved = familyReturnPrecautions(loadClinicalContent(raw as never));
    expect(moved.find((p) => p.tier === 'C')?.signs.en).toContain('the pain wakes your child at night');
    expect(moved.find((p) => p.tier === 'D')?.signs.en).not.toContain('the pain wakes your child at night');
  });
});
