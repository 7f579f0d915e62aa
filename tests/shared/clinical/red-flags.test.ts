import { describe, expect, it } from 'vitest';
import { clinicalContent, deriveFlags, mergeFlagStates, resolveSettings } from '../../../shared/clinical';
import { snapshot } from './fixtures';

const stateOf = (flags: { id: string; state: string }[], id: string) => flags.find((f) => f.id === id)?.state;

describe('deriveFlags()', () => {
  it('returns every catalog flag, so a panel can show them all', () => {
    expect(deriveFlags(snapshot()).map((f) => f.id)).toEqual(clinicalContent.redFlags.flags.map((f) => f.id));
  });

  it('marks every flag absent for a well child with a fresh strain, each with the negative evidence', () => {
    const flags = deriveFlags(snapshot());
    expect(flags.filter((f) => f.state !== 'absent')).toEqual([]);
    expect(flags.find((f) => f.id === 'young-age')?.evidence[0]).toBe('Age 12 years 0 months is at or over the young-age cut-off of 5 years.');
  });

  it('quotes the question the family answered as evidence', () => {
    const fever = deriveFlags(snapshot({ answers: { fever: 'yes' } })).find((f) => f.id === 'fever');
    expect(fever).toMatchObject({ state: 'present', source: 'family_intake', evidence: ['Family answered yes: "Has your child had a fever?"'] });
  });

  it('names the maneuver and result that raised a flag', () => {
    const weak = deriveFlags(snapshot({ observations: { 'heel-walk': { result: 'unable' } } })).find((f) => f.id === 'leg-weakness');
    expect(weak).toMatchObject({ state: 'present', source: 'observation', evidence: ['Heel walk: unable'] });
  });

  it('says how long the pain has lasted against the threshold', () => {
    const flag = deriveFlags(snapshot({ onsetDate: '2025-02-01' })).find((f) => f.id === 'persistent-pain');
    expect(flag?.evidence).toEqual(['Pain began 2025-02-01, 37 days before the visit; the persistent-pain threshold is 4 weeks.']);
  });

  it('lets a positive finding win over a family "no": the child who says no weakness but cannot toe-walk', () => {
    const flags = deriveFlags(snapshot({ answers: { 'leg-weakness': 'no' }, observations: { 'toe-walk': { result: 'unable' } } }));
    expect(stateOf(flags, 'leg-weakness')).toBe('present');
  });

  it('keeps a doubt open over a negative: stool change unsure though urine is normal', () => {
    const flags = deriveFlags(snapshot({ observations: { 'saddle-bladder-bowel-history': { stoolChange: 'unsure' } } }));
    expect(stateOf(flags, 'bladder-bowel-change')).toBe('could_not_assess');
  });

  it('leaves a flag not screened when nobody asked or looked', () => {
    const flags = deriveFlags(
      snapshot({ answers: { 'night-pain': undefined }, observations: { 'squat-rise': null }, onsetDate: null }),
    );
    expect(stateOf(flags, 'night-pain')).toBe('not_screened');
    expect(stateOf(flags, 'functional-disability')).toBe('not_screened');
    expect(stateOf(flags, 'persistent-pain')).toBe('not_screened');
    expect(flags.find((f) => f.id === 'night-pain')?.source).toBeNull();
  });

  it('reads the thresholds from the settings it is given', () => {
    const input = snapshot({ onsetDate: '2025-02-20' }); // 18 days
    expect(stateOf(deriveFlags(input, resolveSettings()), 'persistent-pain')).toBe('absent');
    expect(stateOf(deriveFlags(input, resolveSettings({ persistentPainWeeks: 2 })), 'persistent-pain')).toBe('present');
    const rotated = snapshot({ observations: { 'adams-forward-bend': { hump: 'no', trunkRotationDegrees: 6 } } });
    expect(stateOf(deriveFlags(rotated, resolveSettings()), 'spinal-deformity')).toBe('present');
    expect(stateOf(deriveFlags(rotated, resolveSettings({ adamsTrunkRotationDegrees: 7 })), 'spinal-deformity')).toBe('absent');
  });

  it('mentions a competitive athlete only as context for posterior-element pain', () => {
    const athlete = snapshot({ answers: { 'competitive-athlete': 'yes' }, observations: { 'stork-left': { result: 'pain' } } });
    const flag = deriveFlags(athlete).find((f) => f.id === 'posterior-element-pain');
    expect(flag?.evidence.at(-1)).toMatch(/^Context, family answered yes: "Does your child train or compete/);
    const quiet = deriveFlags(snapshot({ answers: { 'competitive-athlete': 'yes' } }));
    expect(quiet.filter((f) => f.state !== 'absent')).toEqual([]);
  });
});

describe('mergeFlagStates()', () => {
  it('lets the clinician override and keeps what the family said in the evidence', () => {
    const derived = deriveFlags(snapshot({ answers: { fever: 'yes' } }));
    const fever = mergeFlagStates(derived, [{ flagId: 'fever', state: 'absent', note: '36.8 °C on the call' }]).find((f) => f.id === 'fever');
    expect(fever).toMatchObject({ state: 'absent', source: 'clinician', derivedState: 'present', clinicianNote: '36.8 °C on the call' });
    expect(fever?.evidence).toEqual(['Family answered yes: "Has your child had a fever?"', 'Clinician assessed: absent (36.8 °C on the call)']);
  });

  it('treats a blank note as no note', () => {
    const merged = mergeFlagStates(deriveFlags(snapshot()), [{ flagId: 'fever', state: 'present', note: '   ' }]);
    expect(merged.find((f) => f.id === 'fever')?.clinicianNote).toBeNull();
  });

  it('fills flags missing from the derived list as not screened', () => {
    const merged = mergeFlagStates([]);
    expect(merged).toHaveLength(clinicalContent.redFlags.flags.length);
    expect(new Set(merged.map((f) => f.state))).toEqual(new Set(['not_screened']));
  });
});
