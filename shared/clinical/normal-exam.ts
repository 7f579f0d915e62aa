/**
 * A normal examination: every maneuver of the content with its "nothing
 * wrong" findings. The demo visits (electron/main/export/demo-data.ts) and
 * the rules' tests start from it and change only what makes their case.
 * tests/shared/clinical/normal-exam.test.ts proves it covers every maneuver
 * and that the rules find nothing in it.
 */

/** Maneuvers whose normal finding is the same `result`, in the order given. */
function withResult(result: string, ...maneuverIds: string[]): Record<string, { result: string }> {
  return Object.fromEntries(maneuverIds.map((id) => [id, { result }]));
}

export const NORMAL_EXAM: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  setup: { examQuality: 'adequate', generalAppearance: 'well' },
  gait: { result: 'normal' },
  'standing-inspection': { asymmetry: 'none', skinMarks: 'none' },
  'adams-forward-bend': { hump: 'no' },
  ...withResult('full', 'lumbar-flexion', 'lumbar-extension', 'side-bend-left', 'side-bend-right', 'rotation-left', 'rotation-right'),
  ...withResult('no_pain', 'stork-left', 'stork-right'),
  ...withResult('able', 'heel-walk', 'toe-walk', 'calf-raises', 'squat-rise'),
  palpation: { result: 'none' },
  'slump-slr': { result: 'no_leg_pain' },
  'injury-history': { recentInjury: 'no' },
  'saddle-bladder-bowel-history': { saddleNumbness: 'no', urineChange: 'no', stoolChange: 'no' },
};
