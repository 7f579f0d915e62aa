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
import { LANDMARK, POSE_LANDMARK_NAMES, type PoseFrame, type PoseLandmark, type PoseLandmarkName } from './landmarks';

/** Thresholds, from resources/clinical/pose-measures.json (cited configuration, not constants). */
export interface PoseThresholds {
  /** A required landmark's visibility must be at least this (0..1). */
  minVisibility: number;
  /** Required landmarks must lie at least this far inside the image edge (normalised units). */
  frameMargin: number;
  /** Share of the window's frames that must be usable (in view and confident). */
  minValidFraction: number;
  /** Usable frames needed before any value is shown. */
  minFrames: number;
  /** Longest gap between usable frames that a hold may bridge (ms). */
  maxGapMs: number;
  /** A foot counts as lifted when its ankle is this much higher than the other (fraction of leg length). */
  stanceLiftFraction: number;
  /** Shortest single-leg hold reported (ms). */
  stanceMinHoldMs: number;
  /** Shortest walking window analysed (ms). */
  gaitMinDurationMs: number;
  /** Fewest steps (changes of the leading foot) needed for cadence and symmetry. */
  gaitMinSteps: number;
  /** The feet must be at least this far apart (fraction of leg length) to count a new leading foot. */
  gaitHysteresis: number;
}

export const MEASURE_IDS = [
  'forward-bend-trunk-angle',
  'side-bend-angle',
  'single-leg-stance-hold',
  'single-leg-stance-sway',
  'squat-depth',
  'walking-cadence',
  'step-time-asymmetry',
] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];

export const MEASURE_UNITS = ['degrees', 'seconds', 'percent of leg length', 'steps per minute', 'percent'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];

export const NOT_SHOWN_REASONS = ['no_frames', 'not_in_view', 'low_confidence', 'too_short', 'no_movement'] as const;
export type NotShownReason = (typeof NOT_SHOWN_REASONS)[number];

export const NOT_SHOWN_TEXT: Readonly<Record<NotShownReason, string>> = {
  no_frames: 'Not shown: no pose estimate yet.',
  not_in_view: 'Not shown: body not fully in view.',
  low_confidence: 'Not shown: low landmark confidence.',
  too_short: 'Not shown: not enough usable video yet.',
  no_movement: 'Not shown: the movement was not seen.',
};

/** The landmarks an estimate was computed from, kept small: stored only when the clinician attaches it. */
export interface LandmarkSummary {
  /** Usable frames analysed, and the time they span (ms). */
  frames: number;
  spanMs: number;
  /** Mean visibility of the required landmarks over the usable frames. */
  meanVisibility: number;
  /** The frame the value was read from (the peak, or the last frame for timings), rounded to 0.001. */
  keyFrame: { t: number; aspect: number; points: Partial<Record<PoseLandmarkName, [number, number]>> };
  /** Extra facts a reader needs (e.g. the standing side, the bend direction in the image). */
  notes?: Record<string, string | number>;
}

export interface MeasureValue {
  measure: MeasureId;
  value: number;
  unit: MeasureUnit;
  /** Mean visibility of the required landmarks over the frames used (0..1). */
  confidence: number;
  summary: LandmarkSummary;
}
export interface MeasureNotShown {
  measure: MeasureId;
  value: null;
  reason: NotShownReason;
  message: string;
}
export type MeasureResult = MeasureValue | MeasureNotShown;

/** The landmarks that must be in view for any measure: head, shoulders, hips, knees, ankles. */
export const BODY_LANDMARKS: readonly PoseLandmarkName[] = [
  'nose',
  'left_shoulder',
  'right_shoulder',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
];

export type FrameStatus = 'ok' | 'not_in_view' | 'low_confidence';

interface Pt {
  x: number;
  y: number;
}

const DEG = 180 / Math.PI;

function lm(frame: PoseFrame, name: PoseLandmarkName): PoseLandmark {
  // frameStatus has checked the length before any caller gets here
  return frame.landmarks[LANDMARK[name]] as PoseLandmark;
}
function px(frame: PoseFrame, name: PoseLandmarkName): Pt {
  const l = lm(frame, name);
  return { x: l.x * frame.aspect, y: l.y };
}
const mid = (a: Pt, b: Pt): Pt => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const sub = (a: Pt, b: Pt): Pt => ({ x: a.x - b.x, y: a.y - b.y });
const len = (a: Pt): number => Math.hypot(a.x, a.y);
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
function sd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}
const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/** Whether one frame can be measured: the whole body inside the image and every body landmark confident. */
export function frameStatus(frame: PoseFrame, th: Pick<PoseThresholds, 'minVisibility' | 'frameMargin'>): FrameStatus {
  if (frame.landmarks.length !== POSE_LANDMARK_NAMES.length || !(frame.aspect > 0) || !Number.isFinite(frame.aspect)) {
    return 'low_confidence';
  }
  const lo = th.frameMargin;
  const hi = 1 - th.frameMargin;
  let lowConfidence = false;
  for (const name of BODY_LANDMARKS) {
    const l = lm(frame, name);
    if (!Number.isFinite(l.x) || !Number.isFinite(l.y)) return 'low_confidence';
    if (l.x < lo || l.x > hi || l.y < lo || l.y > hi) return 'not_in_view';
    if (!(l.visibility >= th.minVisibility)) lowConfidence = true;
  }
  return lowConfidence ? 'low_confidence' : 'ok';
}

function bodyVisibility(frame: PoseFrame): number {
  return mean(BODY_LANDMARKS.map((n) => lm(frame, n).visibility));
}

function notShown(measure: MeasureId, reason: NotShownReason): MeasureNotShown {
  return { measure, value: null, reason, message: NOT_SHOWN_TEXT[reason] };
}

/**
 * The usable frames of a window, or why there are not enough. The latest frame
 * must itself be usable: a live readout never shows a value while the child
 * is out of view, whatever the earlier frames were.
 */
function usableFrames(
  measure: MeasureId,
  frames: readonly PoseFrame[],
  th: PoseThresholds,
): { ok: true; frames: PoseFrame[] } | { ok: false; result: MeasureNotShown } {
  if (frames.length === 0) return { ok: false, result: notShown(measure, 'no_frames') };
  const statuses = frames.map((f) => frameStatus(f, th));
  const last = statuses[statuses.length - 1] as FrameStatus;
  if (last !== 'ok') return { ok: false, result: notShown(measure, last) };
  const usable = frames.filter((_, i) => statuses[i] === 'ok');
  if (usable.length / frames.length < th.minValidFraction) {
    const notInView = statuses.filter((s) => s === 'not_in_view').length;
    const lowConfidence = statuses.filter((s) => s === 'low_confidence').length;
    return { ok: false, result: notShown(measure, notInView >= lowConfidence ? 'not_in_view' : 'low_confidence') };
  }
  if (usable.length < th.minFrames) return { ok: false, result: notShown(measure, 'too_short') };
  return { ok: true, frames: usable };
}

/** Median of three neighbours: one wild frame cannot make the peak. */
function smooth3(xs: readonly number[]): number[] {
  if (xs.length < 3) return [...xs];
  return xs.map((x, i) => {
    if (i === 0 || i === xs.length - 1) return x;
    const w = [xs[i - 1] as number, x, xs[i + 1] as number].sort((a, b) => a - b);
    return w[1] as number;
  });
}

function argmax(xs: readonly number[]): number {
  let best = 0;
  xs.forEach((x, i) => {
    if (x > (xs[best] as number)) best = i;
  });
  return best;
}

function summarise(
  frames: readonly PoseFrame[],
  key: PoseFrame,
  names: readonly PoseLandmarkName[],
  notes?: Record<string, string | number>,
): LandmarkSummary {
  const points: Partial<Record<PoseLandmarkName, [number, number]>> = {};
  for (const n of names) {
    const l = lm(key, n);
    points[n] = [round(l.x, 3), round(l.y, 3)];
  }
  const first = frames[0] as PoseFrame;
  const last = frames[frames.length - 1] as PoseFrame;
  return {
    frames: frames.length,
    spanMs: round(last.t - first.t, 0),
    meanVisibility: round(mean(frames.map(bodyVisibility)), 3),
    keyFrame: { t: round(key.t, 0), aspect: round(key.aspect, 3), points },
    ...(notes ? { notes } : {}),
  };
}

function value(
  measure: MeasureId,
  v: number,
  unit: MeasureUnit,
  frames: readonly PoseFrame[],
  summary: LandmarkSummary,
): MeasureValue {
  return { measure, value: round(v, 1), unit, confidence: round(mean(frames.map(bodyVisibility)), 3), summary };
}

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
