import { describe, expect, it } from 'vitest';
import { assessFraming, FramingSmoother, FramingStatus } from '../../../shared/pose/framing';
import { LANDMARK, POSE_LANDMARK_NAMES, type PoseLandmark, type PoseLandmarkName } from '../../../shared/pose/landmarks';

/** A standing child in a 16:9 picture: centre x, shoulder half-width (in picture-width units), a vertical offset, visibility overrides. */
function standing(options: { halfWidth: number; dy?: number; vis?: Partial<Record<PoseLandmarkName, number>> }): PoseLandmark[] {
  const { halfWidth, dy = 0, vis = {} } = options;
  const pts: Partial<Record<PoseLandmarkName, [number, number]>> = {
    nose: [0.5, 0.12],
    left_shoulder: [0.5 + halfWidth, 0.25],
    right_shoulder: [0.5 - halfWidth, 0.25],
    left_hip: [0.5 + halfWidth * 0.7, 0.52],
    right_hip: [0.5 - halfWidth * 0.7, 0.52],
    left_knee: [0.5 + halfWidth * 0.6, 0.72],
    right_knee: [0.5 - halfWidth * 0.6, 0.72],
    left_ankle: [0.5 + halfWidth * 0.6, 0.92],
    right_ankle: [0.5 - halfWidth * 0.6, 0.92],
  };
  return POSE_LANDMARK_NAMES.map((name) => {
    const [x, y] = pts[name] ?? [0.5, 0.5];
    return { x, y: y + dy, z: 0, visibility: vis[name] ?? 0.95 };
  });
}
const ASPECT = 16 / 9;
// Torso height 0.27 of the picture height; in pixels (height units) shoulder width = 2 * halfWidth * aspect.
const FACING = 0.07; // ratio 2*0.07*1.78/0.27 ≈ 0.92
const SIDE = 0.01; // ratio ≈ 0.13
const HALF_TURNED = 0.025; // ratio ≈ 0.33

describe('assessFraming', () => {
  it('whole body in view, facing: in view for a front or back movement, turn side-on for a side one', () => {
    const a = assessFraming(standing({ halfWidth: FACING }), ASPECT, 'front');
    expect(a).toMatchObject({ status: 'in-view', wholeBody: true, orientation: 'facing', missing: [] });
    expect(a.widthRatio!).toBeCloseTo(0.92, 1);
    expect(assessFraming(standing({ halfWidth: FACING }), ASPECT, 'back').status).toBe('in-view');
    expect(assessFraming(standing({ halfWidth: FACING }), ASPECT, 'side').status).toBe('turn-side');
  });

  it('side-on, with the far side hidden behind the body: in view for a side movement, face the camera for a front one', () => {
    const farHidden = { right_shoulder: 0.1, right_hip: 0.1, right_knee: 0.2, right_ankle: 0.2 };
    const lm = standing({ halfWidth: SIDE, vis: farHidden });
    expect(assessFraming(lm, ASPECT, 'side')).toMatchObject({ status: 'in-view', orientation: 'side-on', wholeBody: true });
    expect(assessFraming(lm, ASPECT, 'front').status).toBe('face-camera');
  });

  it('with no movement open, only whether the whole body is in view', () => {
    expect(assessFraming(standing({ halfWidth: HALF_TURNED }), ASPECT, null)).toMatchObject({ status: 'in-view', orientation: 'turned' });
    expect(assessFraming(standing({ halfWidth: FACING, dy: 0.15 }), ASPECT, null).status).toBe('step-back');
  });

  it('half turned is neither: the card asks for the view the movement needs', () => {
    const lm = standing({ halfWidth: HALF_TURNED });
    expect(assessFraming(lm, ASPECT, 'side')).toMatchObject({ status: 'turn-side', orientation: 'turned' });
    expect(assessFraming(lm, ASPECT, 'front')).toMatchObject({ status: 'face-camera', orientation: 'turned' });
  });

  it('feet below the picture (too close): step back, naming what is cut off', () => {
    const a = assessFraming(standing({ halfWidth: FACING, dy: 0.15 }), ASPECT, 'front');
    expect(a).toMatchObject({ status: 'step-back', wholeBody: false });
    expect(a.missing).toEqual(['left_ankle', 'right_ankle']);
  });

  it('both ankles unseen (hidden by furniture, or guessed): step back', () => {
    const a = assessFraming(standing({ halfWidth: FACING, vis: { left_ankle: 0.2, right_ankle: 0.3 } }), ASPECT, 'front');
    expect(a.status).toBe('step-back');
    expect(a.missing).toEqual(['left_ankle', 'right_ankle']);
  });

  it('head out of the top of the picture: step back', () => {
    expect(assessFraming(standing({ halfWidth: FACING, dy: -0.15 }), ASPECT, 'side').status).toBe('step-back');
  });

  it('nobody found (or a malformed frame): no person', () => {
    expect(assessFraming(null, ASPECT, 'front')).toMatchObject({ status: 'no-person', orientation: null, widthRatio: null });
    expect(assessFraming([], ASPECT, 'front').status).toBe('no-person');
  });

  it('uses the picture aspect: the same normalised landmarks in a narrower picture are a narrower body', () => {
    const lm = standing({ halfWidth: 0.04 }); // ratio 0.53 at 16:9, 0.22 at 3:4 portrait
    expect(assessFraming(lm, ASPECT, 'front').orientation).toBe('facing');
    expect(assessFraming(lm, 3 / 4, 'front').orientation).toBe('side-on');
  });

  it('every status is a value the family protocol accepts', () => {
    for (const lm of [null, standing({ halfWidth: FACING }), standing({ halfWidth: SIDE })]) {
      expect(FramingStatus.safeParse(assessFraming(lm, ASPECT, 'side').status).success).toBe(true);
    }
    expect(LANDMARK.nose).toBe(0);
  });
});

describe('FramingSmoother', () => {
  it('shows a new status only after it has held for the hold time; a single odd frame changes nothing', () => {
    const s = new FramingSmoother(400);
    expect(s.push('in-view', 0)).toBeNull();
    expect(s.push('in-view', 200)).toBeNull();
    expect(s.push('in-view', 400)).toBe('in-view');
    expect(s.push('step-back', 500)).toBe('in-view');
    expect(s.push('in-view', 560)).toBe('in-view');
    expect(s.push('step-back', 600)).toBe('in-view');
    expect(s.push('step-back', 900)).toBe('in-view');
    expect(s.push('step-back', 1000)).toBe('step-back');
    s.reset();
    expect(s.push('no-person', 1100)).toBeNull();
  });
});
