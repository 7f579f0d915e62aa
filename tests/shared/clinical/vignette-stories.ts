/**
 * Vignettes for content 0.2, each written from a short story the way a
 * clinician would record the visit (the family's form as they filled it in,
 * what was seen on video, what the clinician asked), then the tier the story
 * calls for (issue 13). They were written from the stories, not from the
 * rules: where a rule and a story disagree, the rule is wrong.
 */
import type { RuleSettings, TierId } from '../../../shared/clinical';
import { dobFor, type SnapshotOptions } from './fixtures';

/** What the rules must find. A visit that may not close names the gate's reasons; one that may names none. */
export interface Outcome {
  present: string[];
  couldNotAssess?: string[];
  minimumTier: TierId;
  blocking?: string[];
}

export interface Vignette extends Outcome {
  name: string;
  /** The story as told, in a sentence or two. */
  story?: string;
  input: SnapshotOptions;
  settings?: Partial<RuleSettings>;
  canClose: boolean;
}

/** A vignette from what was recorded and what the rules must find: it may close exactly when no blocking reason is expected. */
function vignette(name: string, input: SnapshotOptions, outcome: Outcome, settings?: Partial<RuleSettings>): Vignette {
  return { name, input, settings, ...outcome, canClose: outcome.blocking === undefined };
}

/** A vignette written from a story: the family's form, what was seen on video, what the clinician asked. */
function story(name: string, told: string, input: SnapshotOptions, outcome: Outcome): Vignette {
  return { ...vignette(name, input, outcome), story: told };
}

export const STORY_VIGNETTES: Vignette[] = [
  // Recent injury
  story(
    'fell off the monkey bars four days ago, midline tenderness on parent palpation',
    'Maya, 9, fell off the monkey bars onto her back on Thursday; her parents did not think it was a "major" injury. She walks normally; when her mother presses down the spine she winces over one bump low in the back.',
    {
      dateOfBirth: dobFor(9),
      answers: { 'recent-injury': 'yes', 'major-injury': 'no' },
      observations: { palpation: { result: 'midline_bone', location: 'L2 spinous process' } },
      escalation: { tier: 'B' },
    },
    { present: ['midline-bony-tenderness', 'recent-injury-with-red-flag'], minimumTier: 'B' },
  ),
  story(
    'tackled at football ten days ago, family did not count it, clinician asks; midline tenderness',
    'Leo, 14, was tackled hard at football ten days ago. The family answered "no" to a recent injury on the form (they thought sport did not count). Asked in the visit, he describes the tackle; pressing over L4 hurts.',
    {
      dateOfBirth: dobFor(14),
      answers: { 'recent-injury': 'no' },
      observations: {
        'injury-history': { recentInjury: 'yes', description: 'Tackled at football 10 days ago, landed on his back.' },
        palpation: { result: 'midline_bone', location: 'L4' },
      },
      escalation: { tier: 'B' },
    },
    { present: ['midline-bony-tenderness', 'recent-injury-with-red-flag'], minimumTier: 'B' },
  ),
  story(
    'bike fall three days ago and now will not walk',
    'Sam, 11, came off his bike on Sunday. Since yesterday he will not walk; his father carries him to the camera.',
    {
      dateOfBirth: dobFor(11),
      answers: { 'recent-injury': 'yes', 'cannot-walk': 'yes' },
      observations: { gait: { result: 'unable' } },
      escalation: { tier: 'B' },
    },
    { present: ['cannot-walk', 'recent-injury-with-red-flag'], minimumTier: 'B' },
  ),
  story(
    'skateboard fall a week ago, only the muscles are sore, walks normally',
    'Ava, 12, fell off her skateboard last week. The sore spot is in the muscle beside the spine; she walks and bends normally.',
    {
      dateOfBirth: dobFor(12),
      answers: { 'recent-injury': 'yes' },
      observations: { palpation: { result: 'muscle', location: 'right paraspinal, L3' } },
      escalation: { tier: 'E' },
    },
    { present: [], minimumTier: 'E' },
  ),
  story(
    'family unsure about a fall, midline tenderness, injury not asked in the visit',
    'Ruby, 10, plays rough at break; her mother is not sure whether she fell. Pressing on the middle of her back hurts. The clinician ran out of time before asking about injury.',
    {
      dateOfBirth: dobFor(10),
      answers: { 'recent-injury': 'unsure' },
      observations: { palpation: { result: 'midline_bone', location: 'T12' }, 'injury-history': null },
      escalation: { tier: 'D' },
    },
    { present: ['midline-bony-tenderness'], couldNotAssess: ['recent-injury-with-red-flag'], minimumTier: 'D' },
  ),
  story(
    'gymnast who fell from the beam five days ago, pain on extension, no bony tenderness',
    'Ben, 16, a competitive gymnast, fell from the beam on Monday. Bending back and standing on the left leg leaning back hurt; no tender spot over the spine.',
    {
      dateOfBirth: dobFor(16),
      answers: { 'recent-injury': 'yes', 'competitive-athlete': 'yes' },
      observations: { 'lumbar-extension': { result: 'painful' }, 'stork-left': { result: 'pain' }, palpation: { result: 'none' } },
      escalation: { tier: 'D' },
    },
    { present: ['posterior-element-pain'], minimumTier: 'D' },
  ),

  // Weakness seen on video
  story(
    'cannot heel-walk on the left and cannot stay up on the toes on the right',
    'Noah, 8: on the heel walk his left foot slaps down; on the toe walk his right heel keeps dropping. The family ticked "no" to weakness in both legs.',
    {
      dateOfBirth: dobFor(8),
      answers: { 'weakness-spreading': 'no' },
      observations: { 'heel-walk': { result: 'unable', side: 'left' }, 'toe-walk': { result: 'unable', side: 'right' } },
      escalation: { tier: 'A' },
    },
    { present: ['leg-weakness', 'progressive-or-bilateral-weakness'], minimumTier: 'A' },
  ),
  story(
    'cannot heel-walk with either foot',
    'Zoe, 15, cannot lift the front of either foot to walk on her heels.',
    { dateOfBirth: dobFor(15), observations: { 'heel-walk': { result: 'unable', side: 'both' } }, escalation: { tier: 'B' } },
    { present: ['leg-weakness', 'progressive-or-bilateral-weakness'], minimumTier: 'A', blocking: ['rationale_required_below_minimum'] },
  ),
  story(
    'left heel walk and left calf raises both weak: more than one level',
    'Ethan, 13: the left foot drops on the heel walk and the left calf raise gives out after three.',
    {
      dateOfBirth: dobFor(13),
      observations: { 'heel-walk': { result: 'asymmetric', side: 'left' }, 'calf-raises': { result: 'asymmetric', side: 'left' } },
      escalation: { tier: 'A' },
    },
    { present: ['leg-weakness', 'progressive-or-bilateral-weakness'], minimumTier: 'A' },
  ),
  story(
    'only the right toe walk is weak',
    'Lily, 10: heel walk fine, calf raises fine, the right heel drops on the toe walk.',
    { dateOfBirth: dobFor(10), observations: { 'toe-walk': { result: 'asymmetric', side: 'right' } }, escalation: { tier: 'B' } },
    { present: ['leg-weakness'], minimumTier: 'B' },
  ),
  story(
    'cannot heel-walk, side not recorded',
    'Jack, 7, could not walk on his heels; the clinician did not note which foot. Toe walk and calf raises were fine.',
    { dateOfBirth: dobFor(7), observations: { 'heel-walk': { result: 'unable' } }, escalation: { tier: 'B' } },
    { present: ['leg-weakness'], couldNotAssess: ['progressive-or-bilateral-weakness'], minimumTier: 'B' },
  ),

  // Fever: suspected spinal infection
  story(
    'fever with pain that wakes her and never lets up',
    'Isla, 6, has had a fever of 38.9 °C for two days; the back pain wakes her at night and is there all the time.',
    { dateOfBirth: dobFor(6), answers: { fever: 'yes', 'night-pain': 'yes', 'constant-pain': 'yes' }, escalation: { tier: 'C' } },
    { present: ['constant-pain', 'fever', 'night-pain', 'suspected-spinal-infection'], minimumTier: 'B', blocking: ['rationale_required_below_minimum'] },
  ),
  story(
    'three-year-old with fever who refuses to stand',
    'Oliver, 3, has a fever and since this morning refuses to stand; he wants to be carried.',
    { dateOfBirth: dobFor(3, 2), answers: { fever: 'yes', 'cannot-walk': 'yes' }, observations: { gait: { result: 'unable' } }, escalation: { tier: 'B' } },
    { present: ['cannot-walk', 'fever', 'suspected-spinal-infection', 'young-age'], minimumTier: 'B' },
  ),
  story(
    'fever, pale and lying on the sofa on video',
    'Grace, 12, has a fever; on video she is pale, lying on the sofa and answers slowly, though she can sit up.',
    {
      dateOfBirth: dobFor(12),
      answers: { fever: 'yes' },
      observations: { setup: { examQuality: 'limited', limitedReason: 'Lying down', generalAppearance: 'unwell' } },
      escalation: { tier: 'B' },
    },
    { present: ['fever', 'suspected-spinal-infection'], minimumTier: 'B' },
  ),
  story(
    'toddler with fever who is still walking',
    'Henry, 2 and a half, has had a fever since yesterday and is grumpy, but still toddles around.',
    { dateOfBirth: dobFor(2, 6), verbal: false, answers: { fever: 'yes' }, escalation: { tier: 'B' } },
    { present: ['fever', 'suspected-spinal-infection', 'young-age'], minimumTier: 'B' },
  ),
  story(
    'temperature taken during the call though the form said no fever; night pain',
    'Liam, 11: the form said no fever, but he felt hot, and his father measured 38.6 °C during the call. The pain wakes him at night.',
    {
      dateOfBirth: dobFor(11),
      answers: { fever: 'no', 'night-pain': 'yes' },
      flagAssessments: [{ flagId: 'fever', state: 'present', note: '38.6 °C measured by the father during the call.' }],
      escalation: { tier: 'B' },
    },
    { present: ['fever', 'night-pain', 'suspected-spinal-infection'], minimumTier: 'B' },
  ),

  // Urinary symptoms without fever
  story(
    'burning on passing urine, no fever',
    'Chloe, 9, has a low backache and says it stings when she pees; no fever.',
    { dateOfBirth: dobFor(9), answers: { 'urinary-symptoms': 'yes', fever: 'no' }, escalation: { tier: 'C' } },
    { present: ['urinary-symptoms'], minimumTier: 'C' },
  ),
  story(
    'peeing often told only to the clinician, sent home without a reason',
    'Mia, 14, ticked no on the form but tells the clinician she has been running to the toilet all week; no fever. The clinician chooses home care and writes nothing.',
    {
      dateOfBirth: dobFor(14),
      answers: { 'urinary-symptoms': 'no' },
      flagAssessments: [{ flagId: 'urinary-symptoms', state: 'present', note: 'Frequency for a week, told in the visit.' }],
      escalation: { tier: 'E' },
    },
    { present: ['urinary-symptoms'], minimumTier: 'C', blocking: ['rationale_required_below_minimum'] },
  ),

  // Constitutional symptoms
  story(
    'night sweats for three weeks and pain that wakes him',
    'Lucas, 13, has soaked his sheets most nights for three weeks and the back pain wakes him; no fever noticed.',
    { dateOfBirth: dobFor(13), answers: { 'night-sweats': 'yes', 'night-pain': 'yes' }, escalation: { tier: 'C' } },
    { present: ['constitutional-symptoms', 'constitutional-symptoms-with-night-pain-or-young-age', 'night-pain'], minimumTier: 'C' },
  ),
  story(
    'four-year-old with fevers on and off without a cause',
    'Amelia, 4, has had fevers on and off for ten days with no cold or tummy bug; no night pain.',
    { dateOfBirth: dobFor(4), answers: { 'unexplained-fever': 'yes' }, escalation: { tier: 'B' } },
    {
      present: ['constitutional-symptoms', 'constitutional-symptoms-with-night-pain-or-young-age', 'fever', 'suspected-spinal-infection', 'young-age'],
      minimumTier: 'B',
    },
  ),
  story(
    'night sweats only in a teenager',
    'Jacob, 15, wakes up sweaty some nights; the pain does not wake him and he has no fever.',
    { dateOfBirth: dobFor(15), answers: { 'night-sweats': 'yes' }, escalation: { tier: 'D' } },
    { present: ['constitutional-symptoms'], minimumTier: 'D' },
  ),
  story(
    'unexplained fever with night pain',
    'Ella, 11, has had a fever with no obvious cause for four days and the back pain wakes her.',
    { dateOfBirth: dobFor(11), answers: { 'unexplained-fever': 'yes', 'night-pain': 'yes' }, escalation: { tier: 'B' } },
    {
      present: ['constitutional-symptoms', 'constitutional-symptoms-with-night-pain-or-young-age', 'fever', 'night-pain', 'suspected-spinal-infection'],
      minimumTier: 'B',
    },
  ),
];
