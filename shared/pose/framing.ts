/**
 * The framing check (issue 17): from one frame's pose landmarks, is the
 * child's whole body in view, and does the child face the camera or stand
 * side-on as the open movement needs (the movement card's `view`)? Pure and
 * runtime-neutral, so it is unit-tested on landmark sets with known answers.
 *
 * Only the resulting status — a word, never a landmark — is sent to the
 * family's card.
 */
import { z } from 'zod';
import { LANDMARK, type PoseLandmark, type PoseLandmarkName } from './landmarks';

/**
 * What the family's card and the clinician's stage say:
 * - `in-view`: the whole body is in view, in the view the movement needs;
 * - `step-back`: part of the body (usually the feet or the head) is outside the frame;
 * - `turn-side`: the movement needs a side view, the child faces the camera (or is half turned);
 * - `face-camera`: the movement needs a front or back view, the child stands side-on (or half turned);
 * - `no-person`: nobody is found in the picture.
 */
export const FramingStatus = z.enum(['in-view', 'step-back', 'turn-side', 'face-camera', 'no-person']);
export type FramingStatus = z.infer<typeof FramingStatus>;

/** The view a movement card asks for (resources/movement-cards/cards.json). */
export type MovementView = 'front' | 'back' | 'side';

export type Orientation = 'facing' | 'side-on' | 'turned';

export interface FramingAssessment {
  status: FramingStatus;
  /** Every key landmark inside the picture, and each left/right pair seen on at least one side. */
  wholeBody: boolean;
  /** null when nobody is found. */
  orientation: Orientation | null;
  /** Shoulder width over torso height in pixels (about 0.45–0.9 facing, under 0.25 side-on); null when nobody is found. */
  widthRatio: number | null;
  /** Key landmarks that are outside the picture or not seen, for the clinician's tooltip. */
  missing: PoseLandmarkName[];
}

/** A landmark counts as seen at or above this visibility. */
export const MIN_VISIBILITY = 0.5;
/** At or above: facing (or back to) the camera (a child a little turned measures about 0.45). At or below SIDE_MAX: side-on. Between: half turned. */
export const FACING_MIN_RATIO = 0.4;
export const SIDE_MAX_RATIO = 0.25;

const PAIRS: readonly (readonly [PoseLandmarkName, PoseLandmarkName])[] = [
  ['left_shoulder', 'right_shoulder'],
  ['left_hip', 'right_hip'],
  ['left_knee', 'right_knee'],
  ['left_ankle', 'right_ankle'],
];
const KEY: readonly PoseLandmarkName[] = ['nose', ...PAIRS.flat()];

const inside = (l: PoseLandmark) => l.x >= 0 && l.x <= 1 && l.y >= 0 && l.y <= 1;

/**
 * Assess one frame (landmarks in image coordinates 0..1; aspect = width / height), or null for no person.
 * `view` null (no movement open): only whether the whole body is in view.
 */
export function assessFraming(landmarks: readonly PoseLandmark[] | null, aspect: number, view: MovementView | null): FramingAssessment {
  if (!landmarks || landmarks.length <= LANDMARK.right_foot_index) {
    return { status: 'no-person', wholeBody: false, orientation: null, widthRatio: null, missing: [...KEY] };
  }
  const at = (name: PoseLandmarkName) => landmarks[LANDMARK[name]]!;
  const missing = new Set<PoseLandmarkName>();
  // The model places every landmark, seen or not: one outside the picture means that part of the body is cut off.
  for (const name of KEY) if (!inside(at(name))) missing.add(name);
  if (at('nose').visibility < MIN_VISIBILITY) missing.add('nose');
  // Side-on, the far shoulder, hip, knee and ankle are hidden behind the body: one of each pair is enough.
  for (const [a, b] of PAIRS) {
    if (Math.max(at(a).visibility, at(b).visibility) < MIN_VISIBILITY) {
      missing.add(a);
      missing.add(b);
    }
  }
  const px = (l: PoseLandmark) => ({ x: l.x * aspect, y: l.y });
  const ls = px(at('left_shoulder'));
  const rs = px(at('right_shoulder'));
  const lh = px(at('left_hip'));
  const rh = px(at('right_hip'));
  const shoulderWidth = Math.hypot(ls.x - rs.x, ls.y - rs.y);
  const torso = Math.hypot((ls.x + rs.x) / 2 - (lh.x + rh.x) / 2, (ls.y + rs.y) / 2 - (lh.y + rh.y) / 2);
  const widthRatio = torso > 1e-6 ? shoulderWidth / torso : null;
  const orientation: Orientation | null =
    widthRatio === null ? null : widthRatio >= FACING_MIN_RATIO ? 'facing' : widthRatio <= SIDE_MAX_RATIO ? 'side-on' : 'turned';
  const wholeBody = missing.size === 0;
  let status: FramingStatus;
  if (!wholeBody) status = 'step-back';
  else if (view === null) status = 'in-view';
  else if (view === 'side') status = orientation === 'side-on' ? 'in-view' : 'turn-side';
  else status = orientation === 'facing' ? 'in-view' : 'face-camera';
  return { status, wholeBody, orientation, widthRatio, missing: KEY.filter((k) => missing.has(k)) };
}

/**
 * Steadies the status for people to read: a new status is shown only after
 * it has held for `holdMs` of frames (a single odd frame changes nothing).
 */
export class FramingSmoother {
  private shown: FramingStatus | null = null;
  private candidate: FramingStatus | null = null;
  private since = 0;

  constructor(private readonly holdMs = 400) {}

  /** Feed one frame's status at time `t` (ms); returns the status to show (null until the first one has held). */
  push(status: FramingStatus, t: number): FramingStatus | null {
    if (status === this.shown) {
      this.candidate = null;
      return this.shown;
    }
    if (status !== this.candidate) {
      this.candidate = status;
      this.since = t;
    }
    if (t - this.since >= this.holdMs) {
      this.shown = status;
      this.candidate = null;
    }
    return this.shown;
  }

  reset(): void {
    this.shown = null;
    this.candidate = null;
  }
}
