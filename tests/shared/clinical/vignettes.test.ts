/**
 * Table-driven clinical vignettes: from age, intake and observations to the
 * flags raised, the minimum escalation tier, and whether the visit may close.
 * Each row is a situation a clinician would recognise.
 */
import { describe, expect, it } from 'vitest';
import { clinicalContent, evaluateVisit, TIER_IDS } from '../../../shared/clinical';
import { dobFor, snapshot, type SnapshotOptions } from './fixtures';
import { STORY_VIGNETTES, type Vignette } from './vignette-stories';


const athlete: SnapshotOptions = {
  dateOfBirth: dobFor(15, 2),
  answers: { 'competitive-athlete': 'yes' },
  observations: { 'lumbar-extension': { result: 'painful' }, 'stork-right': { result: 'pain' } },
};

const VIGNETTES: Vignette[] = [
  {
    name: 'uncomplicated backpack strain in a 12-year-old, 5 days, home care',
    input: { escalation: { tier: 'E' } },
    present: [],
    minimumTier: 'E',
    canClose: true,
  },
  {
    name: 'uncomplicated strain, no decision recorded yet',
    input: {},
    present: [],
    minimumTier: 'E',
    canClose: false,
    blocking: ['decision_missing'],
  },
  {
    name: 'adolescent athlete with pain on extension and a positive stork test, prompt in-person visit',
    input: { ...athlete, escalation: { tier: 'D' } },
    present: ['posterior-element-pain'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: 'adolescent athlete with pain on extension sent home without a rationale',
    input: { ...athlete, escalation: { tier: 'E' } },
    present: ['posterior-element-pain'],
    minimumTier: 'D',
    canClose: false,
    blocking: ['rationale_required_below_minimum'],
  },
  {
    name: 'adolescent athlete sent home with a written rationale',
    input: { ...athlete, escalation: { tier: 'E', rationale: 'Seen in sports clinic yesterday; MRI booked Friday.' } },
    present: ['posterior-element-pain'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: '8-year-old with fever who cannot walk',
    input: {
      dateOfBirth: dobFor(8),
      answers: { fever: 'yes', 'cannot-walk': 'yes' },
      observations: { gait: { result: 'unable' } },
      escalation: { tier: 'B' },
    },
    present: ['cannot-walk', 'fever', 'suspected-spinal-infection'],
    minimumTier: 'B',
    canClose: true,
  },
  {
    name: '14-year-old with new bladder change reported by the family',
    input: { dateOfBirth: dobFor(14), answers: { 'bladder-bowel-change': 'yes' }, escalation: { tier: 'A' } },
    present: ['bladder-bowel-change'],
    minimumTier: 'A',
    canClose: true,
  },
  {
    name: 'urine change found only on the clinician history, same-day visit chosen without rationale',
    input: {
      observations: { 'saddle-bladder-bowel-history': { urineChange: 'yes' } },
      escalation: { tier: 'B' },
    },
    present: ['bladder-bowel-change'],
    minimumTier: 'A',
    canClose: false,
    blocking: ['rationale_required_below_minimum'],
  },
  {
    name: '3-year-old who will not heel-walk or do the stork test',
    input: {
      dateOfBirth: dobFor(3, 4),
      verbal: true,
      observations: {
        'heel-walk': { result: 'not_assessed' },
        'stork-left': { result: 'not_assessed' },
        'stork-right': { result: 'unable' },
      },
      escalation: { tier: 'D' },
    },
    present: ['young-age'],
    // A skipped heel walk cannot rule out weakness in both legs either.
    couldNotAssess: ['leg-weakness', 'posterior-element-pain', 'progressive-or-bilateral-weakness'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: '4-year-11-month-old sent home without a rationale',
    input: { dateOfBirth: dobFor(4, 11), escalation: { tier: 'E' } },
    present: ['young-age'],
    minimumTier: 'D',
    canClose: false,
    blocking: ['rationale_required_below_minimum'],
  },
  {
    name: 'child on their 5th birthday is not under the young-age cut-off',
    input: { dateOfBirth: dobFor(5, 0), escalation: { tier: 'E' } },
    present: [],
    minimumTier: 'E',
    canClose: true,
  },
  {
    name: '7-year-old under a 10-year work-up threshold when the setting is changed',
    input: { dateOfBirth: dobFor(7), escalation: { tier: 'D' } },
    settings: { youngAgeYears: 10 },
    present: ['young-age'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: 'pain for 30 days is persistent at the 4-week default',
    input: { onsetDate: '2025-02-08', escalation: { tier: 'D' } },
    present: ['persistent-pain'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: 'pain for exactly 4 weeks is not yet over the threshold',
    input: { onsetDate: '2025-02-10', escalation: { tier: 'E' } },
    present: [],
    minimumTier: 'E',
    canClose: true,
  },
  {
    name: 'pain for 15 days is persistent when the parent-material 2-week threshold is chosen',
    input: { onsetDate: '2025-02-23', escalation: { tier: 'D' } },
    settings: { persistentPainWeeks: 2 },
    present: ['persistent-pain'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: '10-year-old with night pain and constant pain',
    input: { dateOfBirth: dobFor(10), answers: { 'night-pain': 'yes', 'constant-pain': 'yes' }, escalation: { tier: 'D' } },
    present: ['constant-pain', 'night-pain'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: 'teenager with morning stiffness and weight loss',
    input: { dateOfBirth: dobFor(13), answers: { 'morning-stiffness': 'yes', 'weight-loss': 'yes' }, escalation: { tier: 'D' } },
    present: ['morning-stiffness', 'weight-loss'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: 'bruising and swollen glands after leukaemia treatment',
    input: { answers: { 'systemic-signs': 'yes', 'cancer-or-immune-history': 'yes' }, escalation: { tier: 'D' } },
    present: ['malignancy-or-immunosuppression', 'systemic-signs'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: 'leg pain below the knee on the slump test though the family reported none',
    input: { observations: { 'slump-slr': { result: 'below_knee', side: 'left' } }, escalation: { tier: 'D' } },
    present: ['radicular-pain'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: 'parent-guided palpation finds midline bony tenderness',
    input: { observations: { palpation: { result: 'midline_bone', location: 'L5' } }, escalation: { tier: 'D' } },
    present: ['midline-bony-tenderness'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: 'rib hump with 6 degrees of trunk rotation',
    input: { observations: { 'adams-forward-bend': { hump: 'yes', trunkRotationDegrees: 6 } }, escalation: { tier: 'D' } },
    present: ['spinal-deformity'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: '4 degrees of trunk rotation without a hump is under the threshold',
    input: { observations: { 'adams-forward-bend': { hump: 'no', trunkRotationDegrees: 4 } }, escalation: { tier: 'E' } },
    present: [],
    minimumTier: 'E',
    canClose: true,
  },
  {
    name: 'new twisted neck and recurrent worsening pain',
    input: { answers: { 'twisted-neck': 'yes', 'recurrent-or-worsening': 'yes' }, escalation: { tier: 'D' } },
    present: ['acquired-torticollis', 'recurrent-or-worsening-pain'],
    minimumTier: 'D',
    canClose: true,
  },
  {
    name: 'limp on video, next-day visit',
    input: { dateOfBirth: dobFor(6), observations: { gait: { result: 'limp' } }, escalation: { tier: 'C' } },
    present: ['limp-or-altered-gait'],
    minimumTier: 'C',
    canClose: true,
  },
  {
    name: 'fever without toxicity, clinician chooses a more urgent tier than required',
    input: { dateOfBirth: dobFor(9), answers: { fever: 'yes' }, escalation: { tier: 'B' } },
    present: ['fever'],
    minimumTier: 'C',
    canClose: true,
  },
  {
    name: 'fever with burning on passing urine',
    input: { answers: { fever: 'yes', 'urinary-symptoms': 'yes' }, escalation: { tier: 'B' } },
    present: ['fever', 'fever-with-urinary-symptoms', 'urinary-symptoms'],
    minimumTier: 'B',
    canClose: true,
  },
  {
    name: 'family unsure about fever, urinary symptoms present, home care without rationale',
    input: { answers: { fever: 'unsure', 'urinary-symptoms': 'yes' }, escalation: { tier: 'E' } },
    // Urinary symptoms are a flag of their own (urine test within 24 h), fever or not.
    present: ['urinary-symptoms'],
    couldNotAssess: ['fever', 'fever-with-urinary-symptoms'],
    minimumTier: 'C',
    canClose: false,
    blocking: ['rationale_required_below_minimum'],
  },
  {
    name: 'family unsure about fever, home care with a rationale',
    input: {
      answers: { fever: 'unsure' },
      escalation: { tier: 'E', rationale: 'Afebrile on home thermometer during the call; family to recheck tonight.' },
    },
    present: [],
    couldNotAssess: ['fever'],
    minimumTier: 'E',
    canClose: true,
  },
  {
    name: 'cannot heel-walk: new weakness',
    input: { observations: { 'heel-walk': { result: 'unable', side: 'right' } }, escalation: { tier: 'B' } },
    present: ['leg-weakness'],
    minimumTier: 'B',
    canClose: true,
  },
  {
    name: 'uneven toe walk: new weakness',
    input: { observations: { 'toe-walk': { result: 'asymmetric', side: 'left' } }, escalation: { tier: 'B' } },
    present: ['leg-weakness'],
    minimumTier: 'B',
    canClose: true,
  },
  {
    name: 'weakness in both legs and getting worse',
    input: { answers: { 'leg-weakness': 'yes', 'weakness-spreading': 'yes' }, escalation: { tier: 'A' } },
    present: ['leg-weakness', 'progressive-or-bilateral-weakness'],
    minimumTier: 'A',
    canClose: true,
  },
  {
    name: 'tingling in the feet',
    input: { answers: { 'numbness-tingling': 'yes' }, escalation: { tier: 'B' } },
    present: ['numbness-tingling'],
    minimumTier: 'B',
    canClose: true,
  },
  {
    name: 'saddle numbness on the clinician history',
    input: { observations: { 'saddle-bladder-bowel-history': { saddleNumbness: 'yes' } }, escalation: { tier: 'A' } },
    present: ['saddle-numbness'],
    minimumTier: 'A',
    canClose: true,
  },
  {
    name: 'pain after a fall from a trampoline onto concrete from height',
    input: { answers: { 'major-injury': 'yes' }, escalation: { tier: 'A' } },
    present: ['major-trauma'],
    minimumTier: 'A',
    canClose: true,
  },
  {
    name: 'very ill-looking child with fever',
    input: { answers: { fever: 'yes' }, observations: { setup: { generalAppearance: 'very_unwell' } }, escalation: { tier: 'A' } },
    present: ['appears-very-ill', 'fever', 'suspected-spinal-infection'],
    minimumTier: 'A',
    canClose: true,
  },
  {
    name: 'severe pain stopping all activity',
    input: { answers: { 'severe-pain': 'yes' }, escalation: { tier: 'B' } },
    present: ['severe-pain'],
    minimumTier: 'B',
    canClose: true,
  },
  {
    name: 'cannot squat and rise',
    input: { observations: { 'squat-rise': { result: 'unable' } }, escalation: { tier: 'B' } },
    present: ['functional-disability'],
    minimumTier: 'B',
    canClose: true,
  },
  {
    name: 'onset date unknown and general appearance not recorded',
    input: { onsetDate: null, observations: { setup: { generalAppearance: undefined } }, escalation: { tier: 'E' } },
    present: [],
    minimumTier: 'E',
    canClose: false,
    blocking: ['flag_not_screened', 'flag_not_screened'],
  },
  {
    name: 'clinician finds no fever the family reported, without a note',
    input: { answers: { fever: 'yes' }, flagAssessments: [{ flagId: 'fever', state: 'absent' }], escalation: { tier: 'E' } },
    present: [],
    minimumTier: 'E',
    canClose: false,
    blocking: ['absent_overrides_finding_without_note'],
  },
  {
    name: 'clinician finds no fever the family reported, with a note',
    input: {
      answers: { fever: 'yes' },
      flagAssessments: [{ flagId: 'fever', state: 'absent', note: 'Felt warm after sport; 36.8 °C measured during the call.' }],
      escalation: { tier: 'E' },
    },
    present: [],
    minimumTier: 'E',
    canClose: true,
  },
  {
    name: 'clinician hears night pain the family did not tick',
    input: { flagAssessments: [{ flagId: 'night-pain', state: 'present', note: 'Wakes at 3 am twice a week.' }], escalation: { tier: 'D' } },
    present: ['night-pain'],
    minimumTier: 'D',
    canClose: true,
  },
];

describe('clinical vignettes', () => {
  const ALL = [...VIGNETTES, ...STORY_VIGNETTES];

  it.each(ALL)('$name', (v) => {
    const result = evaluateVisit(snapshot(v.input), v.settings);
    const present = result.flags.filter((f) => f.state === 'present').map((f) => f.id).sort();
    const unassessable = result.flags.filter((f) => f.state === 'could_not_assess').map((f) => f.id).sort();
    expect(present).toEqual([...v.present].sort());
    expect(unassessable).toEqual([...(v.couldNotAssess ?? [])].sort());
    expect(result.minimumTier).toBe(v.minimumTier);
    expect(result.gate.canClose).toBe(v.canClose);
    expect(result.gate.blockingReasons.map((r) => r.code)).toEqual(v.blocking ?? []);
    for (const f of result.flags) expect(f.evidence.length, `${f.id} has evidence`).toBeGreaterThan(0);
  });

  it('has at least 25 vignettes covering every tier and every catalog flag', () => {
    expect(VIGNETTES.length).toBeGreaterThanOrEqual(25);
    const tiers = new Set(VIGNETTES.map((v) => v.minimumTier));
    expect([...tiers].sort()).toEqual([...TIER_IDS]);
    const raised = new Set(ALL.flatMap((v) => v.present));
    const missing = clinicalContent.redFlags.flags.map((f) => f.id).filter((id) => !raised.has(id));
    expect(missing).toEqual([]);
  });

  it('has at least 20 vignettes written from stories for the 0.2 combinations', () => {
    expect(STORY_VIGNETTES.length).toBeGreaterThanOrEqual(20);
    for (const v of STORY_VIGNETTES) expect(v.story, v.name).toBeTruthy();
  });

  it('covers children under 5', () => {
    const under5 = ALL.filter((v) => {
      const dob = v.input.dateOfBirth;
      return dob !== undefined && evaluateVisit(snapshot(v.input)).age.years < 5;
    });
    expect(under5.length).toBeGreaterThanOrEqual(2);
  });
});
