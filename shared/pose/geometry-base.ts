/**
 * The shared part of the measured-movement geometry (./geometry.ts): its
 * types, thresholds, "not shown" reasons, and the helpers every measure uses
 * (pixel-proportional points, which frames are usable, the summary of a
 * window). Pure and runtime-neutral, as geometry.ts. Split from geometry.ts
 * to keep each file readable; import measures from geometry.ts, which
 * re-exports this file.
 */
import { BODY_LANDMARKS, LANDMARK, POSE_LANDMARK_NAMES, type PoseFrame, type PoseLandmark, type PoseLandmarkName } from './landmarks';

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

/** The landmarks that must be in view for any measure: declared once, with the landmark names (./landmarks.ts). */
export { BODY_LANDMARKS };

export type FrameStatus = 'ok' | 'not_in_view' | 'low_confidence';

export interface Pt {
  x: number;
  y: number;
}

export const DEG = 180 / Math.PI;

export function lm(frame: PoseFrame, name: PoseLandmarkName): PoseLandmark {
  // frameStatus has checked the length before any caller gets here
  return frame.landmarks[LANDMARK[name]] as PoseLandmark;
}
export function px(frame: PoseFrame, name: PoseLandmarkName): Pt {
  const l = lm(frame, name);
  return { x: l.x * frame.aspect, y: l.y };
}
export const mid = (a: Pt, b: Pt): Pt => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
export const sub = (a: Pt, b: Pt): Pt => ({ x: a.x - b.x, y: a.y - b.y });
export const len = (a: Pt): number => Math.hypot(a.x, a.y);
export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
export function sd(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
}
export const round = (x: number, digits: number): number => Number(x.toFixed(digits));

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

export function bodyVisibility(frame: PoseFrame): number {
  return mean(BODY_LANDMARKS.map((n) => lm(frame, n).visibility));
}

export function notShown(measure: MeasureId, reason: NotShownReason): MeasureNotShown {
  return { measure, value: null, reason, message: NOT_SHOWN_TEXT[reason] };
}

/**
 * The usable frames of a window, or why there are not enough. The latest frame
 * must itself be usable: a live readout never shows a value while the child
 * is out of view, whatever the earlier frames were.
 */
export function usableFrames(
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
export function smooth3(xs: readonly number[]): number[] {
  if (xs.length < 3) return [...xs];
  return xs.map((x, i) => {
    if (i === 0 || i === xs.length - 1) return x;
    const w = [xs[i - 1] as number, x, xs[i + 1] as number].sort((a, b) => a - b);
    return w[1] as number;
  });
}

export function argmax(xs: readonly number[]): number {
  let best = 0;
  xs.forEach((x, i) => {
    if (x > (xs[best] as number)) best = i;
  });
  return best;
}

export function summarise(
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

export function value(
  measure: MeasureId,
  v: number,
  unit: MeasureUnit,
  frames: readonly PoseFrame[],
  summary: LandmarkSummary,
): MeasureValue {
  return { measure, value: round(v, 1), unit, confidence: round(mean(frames.map(bodyVisibility)), 3), summary };
}

