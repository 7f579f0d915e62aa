/**
 * A normal examination: every maneuver of the content with its "nothing
 * wrong" findings. The demo visits (electron/main/export/demo-data.ts) and
 * the rules' tests start from it and change only what makes their case.
 * tests/shared/clinical/normal-exam.test.ts proves it covers every maneuver
 * and that the rules find nothing in it.
 */
export const NORMAL_EXAM: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  setup: { examQuality: 'adequate', generalAppearance: 'well' },
  gait: { result: 'normal' },
  'standing-inspection': { asymmetry: 'none', skinMarks: 'none' },
  'adams-forward-bend': { hump: 'no' },
  'lumbar-flexion': { result: 'full' },
  'lumbar-extension': { result: 'full' },
  'side-bend-left': { result: 'full' },
  'side-bend-right': { result: 'full' },
  'rotation-left': { result: 'full' },
  'rotation-right': { result: 'full' },
  'stork-left': { result: 'no_pain' },
  'stork-right': { result: 'no_pain' },
  'heel-walk': { result: 'able' },
  'toe-walk': { result: 'able' },
  'calf-raises': { result: 'able' },
  'squat-rise': { result: 'able' },
  palpation: { result: 'none' },
  'slump-slr': { result: 'no_leg_pain' },
  'injury-history': { recentInjury: 'no' },
  'saddle-bladder-bowel-history': { saddleNumbness: 'no', urineChange: 'no', stoolChange: 'no' },
};
