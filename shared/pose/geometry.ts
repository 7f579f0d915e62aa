/**
 * Measured movement from 2D pose landmarks (issue 17, item 3): forward-bend
 * trunk angle, side-bend angle, single-leg stance hold time and sway, squat
 * depth, walking cadence and step-time asymmetry, each from a sequence of
 * PoseFrames (a few seconds of the live estimator's output).
 *
 * Pure and runtime-neutral: no MediaPipe, no DOM, no clock. Every function
 * returns either a number with its unit and a confidence, or `value: null`
 * with the reason it is not shown. A number is never returned when the body is
 * not fully in view or a required landmark's confidence is below the
 * configured threshold in the latest frame, or in too many frames of the window.
 *
 * These are camera estimates for decision support, not goniometer readings;
 * the accuracy limits and their citations are in resources/clinical/pose-measures.json.
 *
 * Geometry is done in pixel-proportional space: MediaPipe's normalised x is
 * multiplied by the image aspect (width / height), so an angle on screen is the
 * angle computed here. All angles are in degrees.
 */
import { type PoseFrame, type PoseLandmarkName } from './landmarks';
import { type PoseThresholds, type MeasureId, type MeasureResult, DEG, px, mid, sub, len, mean, sd, round, notShown, usableFrames, smooth3, argmax, summarise, value } from './geometry-base';

export * from './geometry-base';

/** The trunk line (hip midpoint to shoulder midpoint) as an angle from the image vertical; signed, + = towards image right. */
export function trunkInclination(frame: PoseFrame): number {
  const hip = mid(px(frame, 'left_hip'), px(frame, 'right_hip'));
  const shoulder = mid(px(frame, 'left_shoulder'), px(frame, 'right_shoulder'));
  const v = sub(shoulder, hip);
  return Math.atan2(v.x, -v.y) * DEG;
}

const TRUNK_POINTS: readonly PoseLandmarkName[] = ['left_shoulder', 'right_shoulder', 'left_hip', 'right_hip'];

/**
 * Forward-bend trunk angle: the largest inclination of the trunk line from
 * vertical over the window, the child filmed side-on. 0° standing upright,
 * 90° trunk horizontal. Assumes the camera is level (a tilted phone adds its tilt).
 */
export function forwardBendAngle(frames: readonly PoseFrame[], th: PoseThresholds): MeasureResult {
  const measure = 'forward-bend-trunk-angle';
  const u = usableFrames(measure, frames, th);
  if (!u.ok) return u.result;
  const angles = smooth3(u.frames.map((f) => Math.abs(trunkInclination(f))));
  const i = argmax(angles);
  return value(measure, angles[i] as number, 'degrees', u.frames, summarise(u.frames, u.frames[i] as PoseFrame, TRUNK_POINTS));
}

/**
 * Side-bend angle: the largest sideways inclination of the trunk line from
 * vertical over the window, the child filmed from the front or back. The
 * direction is recorded in image terms (the camera may face front or back).
 */
export function sideBendAngle(frames: readonly PoseFrame[], th: PoseThresholds): MeasureResult {
  const measure = 'side-bend-angle';
  const u = usableFrames(measure, frames, th);
  if (!u.ok) return u.result;
  const signed = u.frames.map(trunkInclination);
  const angles = smooth3(signed.map(Math.abs));
  const i = argmax(angles);
  const direction = (signed[i] as number) >= 0 ? 'towards image right' : 'towards image left';
  return value(measure, angles[i] as number, 'degrees', u.frames, summarise(u.frames, u.frames[i] as PoseFrame, TRUNK_POINTS, { direction }));
}

/** Knee flexion at one knee: 0° straight, 90° right-angled (180° minus the hip-knee-ankle angle). */
export function kneeFlexion(frame: PoseFrame, side: 'left' | 'right'): number {
  const hip = px(frame, `${side}_hip`);
  const knee = px(frame, `${side}_knee`);
  const ankle = px(frame, `${side}_ankle`);
  const a = sub(hip, knee);
  const b = sub(ankle, knee);
  const cos = (a.x * b.x + a.y * b.y) / (len(a) * len(b));
  const inner = Math.acos(Math.min(1, Math.max(-1, cos))) * DEG;
  return 180 - inner;
}

const LEG_POINTS: readonly PoseLandmarkName[] = ['left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle'];

/**
 * Squat depth: the deepest knee flexion over the window (mean of both knees),
 * best filmed side-on. A joint angle, so it does not depend on camera roll.
 */
export function squatDepth(frames: readonly PoseFrame[], th: PoseThresholds): MeasureResult {
  const measure = 'squat-depth';
  const u = usableFrames(measure, frames, th);
  if (!u.ok) return u.result;
  const flex = smooth3(u.frames.map((f) => (kneeFlexion(f, 'left') + kneeFlexion(f, 'right')) / 2));
  const i = argmax(flex);
  return value(measure, flex[i] as number, 'degrees', u.frames, summarise(u.frames, u.frames[i] as PoseFrame, LEG_POINTS));
}

function legLength(frame: PoseFrame): number {
  return (len(sub(px(frame, 'left_hip'), px(frame, 'left_ankle'))) + len(sub(px(frame, 'right_hip'), px(frame, 'right_ankle')))) / 2;
}

interface Hold {
  frames: PoseFrame[];
  lifted: 'left' | 'right';
}

/** The longest stretch of usable frames with the same foot lifted. */
function longestHold(frames: readonly PoseFrame[], th: PoseThresholds): Hold | null {
  let best: Hold | null = null;
  let current: Hold | null = null;
  let prevT = -Infinity;
  const close = () => {
    if (current && (!best || span(current.frames) > span(best.frames))) best = current;
    current = null;
  };
  for (const f of frames) {
    // image y grows downwards: the lifted ankle has the smaller y
    const d = (px(f, 'left_ankle').y - px(f, 'right_ankle').y) / legLength(f);
    const lifted = d > th.stanceLiftFraction ? 'right' : d < -th.stanceLiftFraction ? 'left' : null;
    if (current && (lifted !== current.lifted || f.t - prevT > th.maxGapMs)) close();
    if (lifted) {
      if (!current) current = { frames: [], lifted };
      current.frames.push(f);
    }
    prevT = f.t;
  }
  close();
  return best;
}
function span(frames: readonly PoseFrame[]): number {
  return frames.length === 0 ? 0 : (frames[frames.length - 1] as PoseFrame).t - (frames[0] as PoseFrame).t;
}

function stance(measure: 'single-leg-stance-hold' | 'single-leg-stance-sway', frames: readonly PoseFrame[], th: PoseThresholds) {
  const u = usableFrames(measure, frames, th);
  if (!u.ok) return u;
  const hold = longestHold(u.frames, th);
  if (!hold || span(hold.frames) < th.stanceMinHoldMs || hold.frames.length < th.minFrames) {
    return { ok: false as const, result: notShown(measure, 'no_movement') };
  }
  return { ok: true as const, frames: u.frames, hold };
}

/**
 * Single-leg stance hold time: the longest time one foot stays lifted
 * (its ankle higher than the other by the configured share of leg length), in seconds.
 */
export function singleLegStanceHold(frames: readonly PoseFrame[], th: PoseThresholds): MeasureResult {
  const measure = 'single-leg-stance-hold';
  const s = stance(measure, frames, th);
  if (!s.ok) return s.result;
  const standing = s.hold.lifted === 'left' ? 'right' : 'left';
  const key = s.hold.frames[s.hold.frames.length - 1] as PoseFrame;
  return value(measure, span(s.hold.frames) / 1000, 'seconds', s.hold.frames,
    summarise(s.hold.frames, key, LEG_POINTS, { standingLeg: standing }));
}

/**
 * Single-leg stance sway: the standard deviation of the hip midpoint's
 * sideways position during the longest hold, as a percentage of leg length
 * (so it does not depend on how far the camera is).
 */
export function singleLegStanceSway(frames: readonly PoseFrame[], th: PoseThresholds): MeasureResult {
  const measure = 'single-leg-stance-sway';
  const s = stance(measure, frames, th);
  if (!s.ok) return s.result;
  const leg = mean(s.hold.frames.map(legLength));
  const xs = s.hold.frames.map((f) => mid(px(f, 'left_hip'), px(f, 'right_hip')).x / leg);
  const standing = s.hold.lifted === 'left' ? 'right' : 'left';
  const key = s.hold.frames[s.hold.frames.length - 1] as PoseFrame;
  return value(measure, sd(xs) * 100, 'percent of leg length', s.hold.frames,
    summarise(s.hold.frames, key, LEG_POINTS, { standingLeg: standing, holdSeconds: round(span(s.hold.frames) / 1000, 1) }));
}

/**
 * Step events: the times the leading foot changes. The ankle-to-ankle vector
 * (each ankle relative to its hip, in leg lengths) is projected on its principal direction — along the
 * walking direction whether the child walks across the image or towards the
 * camera, and independent of camera roll — and each sign change past the
 * hysteresis band is one step, timed where the signal crosses zero.
 */
export function stepTimes(frames: readonly PoseFrame[], hysteresis: number): number[] {
  const d = frames.map((f) => {
    // each ankle relative to its own hip: the feet are hip-width apart at rest seen from the front
    const v = sub(sub(px(f, 'left_ankle'), px(f, 'left_hip')), sub(px(f, 'right_ankle'), px(f, 'right_hip')));
    const l = legLength(f);
    return { x: v.x / l, y: v.y / l, t: f.t };
  });
  // principal direction of the (centred) ankle-to-ankle vectors
  const cx = mean(d.map((p) => p.x));
  const cy = mean(d.map((p) => p.y));
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const p of d) {
    sxx += (p.x - cx) ** 2;
    syy += (p.y - cy) ** 2;
    sxy += (p.x - cx) * (p.y - cy);
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const s = d.map((p) => ({ t: p.t, v: p.x * ux + p.y * uy }));
  const times: number[] = [];
  let state = 0;
  for (let i = 0; i < s.length; i++) {
    const cur = s[i] as { t: number; v: number };
    const sign = cur.v > hysteresis ? 1 : cur.v < -hysteresis ? -1 : 0;
    if (sign === 0) continue;
    if (state !== 0 && sign !== state) {
      // find the last sample before i on the old side, then interpolate the zero between it and its successor
      let j = i - 1;
      while (j > 0 && Math.sign((s[j] as { v: number }).v) !== state) j--;
      const a = s[j] as { t: number; v: number };
      const b = s[j + 1] as { t: number; v: number };
      const t = a.v === b.v ? b.t : a.t + ((b.t - a.t) * a.v) / (a.v - b.v);
      times.push(t);
    }
    state = sign;
  }
  return times;
}

function gait(measure: 'walking-cadence' | 'step-time-asymmetry', frames: readonly PoseFrame[], th: PoseThresholds) {
  const u = usableFrames(measure, frames, th);
  if (!u.ok) return u;
  if (span(u.frames) < th.gaitMinDurationMs) return { ok: false as const, result: notShown(measure, 'too_short') };
  const steps = stepTimes(u.frames, th.gaitHysteresis);
  const intervals = steps.slice(1).map((t, i) => t - (steps[i] as number));
  if (steps.length < th.gaitMinSteps || intervals.length < 2) return { ok: false as const, result: notShown(measure, 'no_movement') };
  return { ok: true as const, frames: u.frames, steps, intervals };
}

const GAIT_POINTS: readonly PoseLandmarkName[] = ['left_hip', 'right_hip', 'left_ankle', 'right_ankle'];

/** Walking cadence over the window: steps per minute, from the mean time between steps. */
export function walkingCadence(frames: readonly PoseFrame[], th: PoseThresholds): MeasureResult {
  const measure = 'walking-cadence';
  const g = gait(measure, frames, th);
  if (!g.ok) return g.result;
  return value(measure, 60_000 / mean(g.intervals), 'steps per minute', g.frames,
    summarise(g.frames, g.frames[g.frames.length - 1] as PoseFrame, GAIT_POINTS, { steps: g.steps.length }));
}

/**
 * Step-time asymmetry: the difference between the mean duration of
 * alternate steps (one foot's, then the other's), as a percentage of their
 * average. 0 % is perfectly symmetric. Which foot is which is not claimed:
 * from one camera the sides can swap when the child turns.
 */
export function stepTimeAsymmetry(frames: readonly PoseFrame[], th: PoseThresholds): MeasureResult {
  const measure = 'step-time-asymmetry';
  const g = gait(measure, frames, th);
  if (!g.ok) return g.result;
  const a = mean(g.intervals.filter((_, i) => i % 2 === 0));
  const b = mean(g.intervals.filter((_, i) => i % 2 === 1));
  return value(measure, (100 * Math.abs(a - b)) / ((a + b) / 2), 'percent', g.frames,
    summarise(g.frames, g.frames[g.frames.length - 1] as PoseFrame, GAIT_POINTS, {
      steps: g.steps.length,
      meanStepMsA: round(a, 0),
      meanStepMsB: round(b, 0),
    }));
}

/** Every measure by id, for the UI and the attach path. */
export const MEASURES: Readonly<Record<MeasureId, (frames: readonly PoseFrame[], th: PoseThresholds) => MeasureResult>> = {
  'forward-bend-trunk-angle': forwardBendAngle,
  'side-bend-angle': sideBendAngle,
  'single-leg-stance-hold': singleLegStanceHold,
  'single-leg-stance-sway': singleLegStanceSway,
  'squat-depth': squatDepth,
  'walking-cadence': walkingCadence,
  'step-time-asymmetry': stepTimeAsymmetry,
};

export function measure(id: MeasureId, frames: readonly PoseFrame[], th: PoseThresholds): MeasureResult {
  return MEASURES[id](frames, th);
}
