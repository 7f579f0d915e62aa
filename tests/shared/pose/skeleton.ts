/**
 * Constructed skeletons with known answers for the geometry tests: a person
 * drawn in pixel-proportional space (x in 0..aspect, y in 0..1) from a trunk
 * angle, a knee flexion and ankle offsets, then turned into a 33-landmark
 * PoseFrame the way MediaPipe reports one (x normalised by the image width).
 */
import { LANDMARK, POSE_LANDMARK_NAMES, type PoseFrame, type PoseLandmark, type PoseLandmarkName } from '../../../shared/pose/landmarks';

export interface SkeletonSpec {
  /** Trunk inclination from vertical, degrees, + towards image right. */
  trunkDeg?: number;
  /** Knee flexion of both knees, degrees. */
  kneeFlexDeg?: number;
  /** Hip midpoint, pixel-proportional. */
  hip?: { x: number; y: number };
  /** Extra ankle offsets (pixel-proportional), e.g. a lifted foot or a step. */
  leftAnkle?: { dx?: number; dy?: number };
  rightAnkle?: { dx?: number; dy?: number };
  visibility?: number;
  aspect?: number;
  t?: number;
}

type P = { x: number; y: number };
const rad = (d: number) => (d * Math.PI) / 180;

export function skeletonPixels(spec: SkeletonSpec): Map<PoseLandmarkName, P> {
  const aspect = spec.aspect ?? 16 / 9;
  const hip = spec.hip ?? { x: aspect / 2, y: 0.5 };
  const th = rad(spec.trunkDeg ?? 0);
  const up = { x: Math.sin(th), y: -Math.cos(th) };
  const perp = { x: Math.cos(th), y: Math.sin(th) };
  const shoulder = { x: hip.x + 0.25 * up.x, y: hip.y + 0.25 * up.y };
  const nose = { x: shoulder.x + 0.09 * up.x, y: shoulder.y + 0.09 * up.y };
  const phi = rad(spec.kneeFlexDeg ?? 0);
  // thigh: down rotated by +phi/2; shank: down rotated by -phi/2 -> flexion = phi
  const thigh = { x: -Math.sin(phi / 2), y: Math.cos(phi / 2) };
  const shank = { x: Math.sin(phi / 2), y: Math.cos(phi / 2) };
  const m = new Map<PoseLandmarkName, P>();
  for (const side of ['left', 'right'] as const) {
    const s = side === 'left' ? 1 : -1;
    const h = { x: hip.x + s * 0.04, y: hip.y };
    const k = { x: h.x + 0.18 * thigh.x, y: h.y + 0.18 * thigh.y };
    const off = (side === 'left' ? spec.leftAnkle : spec.rightAnkle) ?? {};
    const a = { x: k.x + 0.17 * shank.x + (off.dx ?? 0), y: k.y + 0.17 * shank.y + (off.dy ?? 0) };
    const sh = { x: shoulder.x + s * 0.05 * perp.x, y: shoulder.y + s * 0.05 * perp.y };
    m.set(`${side}_hip`, h);
    m.set(`${side}_knee`, k);
    m.set(`${side}_ankle`, a);
    m.set(`${side}_heel`, { x: a.x, y: a.y + 0.01 });
    m.set(`${side}_foot_index`, { x: a.x + 0.03, y: a.y + 0.01 });
    m.set(`${side}_shoulder`, sh);
    m.set(`${side}_elbow`, { x: sh.x, y: sh.y + 0.1 });
    for (const n of ['wrist', 'pinky', 'index', 'thumb'] as const) m.set(`${side}_${n}`, { x: sh.x, y: sh.y + 0.2 });
  }
  for (const n of POSE_LANDMARK_NAMES) if (!m.has(n)) m.set(n, nose);
  return m;
}

export function toFrame(pixels: Map<PoseLandmarkName, P>, opts: { aspect?: number; t?: number; visibility?: number } = {}): PoseFrame {
  const aspect = opts.aspect ?? 16 / 9;
  const landmarks: PoseLandmark[] = POSE_LANDMARK_NAMES.map((n) => {
    const p = pixels.get(n) as P;
    return { x: p.x / aspect, y: p.y, z: 0, visibility: opts.visibility ?? 0.9 };
  });
  return { t: opts.t ?? 0, landmarks, aspect };
}

export function skeleton(spec: SkeletonSpec = {}): PoseFrame {
  return toFrame(skeletonPixels(spec), { aspect: spec.aspect, t: spec.t, visibility: spec.visibility });
}

/** The same frame with every landmark moved by f in pixel-proportional space. */
export function transform(frame: PoseFrame, f: (p: P) => P): PoseFrame {
  return {
    ...frame,
    landmarks: frame.landmarks.map((l) => {
      const q = f({ x: l.x * frame.aspect, y: l.y });
      return { ...l, x: q.x / frame.aspect, y: q.y };
    }),
  };
}

export function withVisibility(frame: PoseFrame, name: PoseLandmarkName, visibility: number): PoseFrame {
  const landmarks = [...frame.landmarks];
  landmarks[LANDMARK[name]] = { ...(landmarks[LANDMARK[name]] as PoseLandmark), visibility };
  return { ...frame, landmarks };
}

/** A sequence at fps from t0 with a spec per time. */
export function sequence(ms: number, fps: number, at: (t: number) => SkeletonSpec): PoseFrame[] {
  const out: PoseFrame[] = [];
  for (let t = 0; t <= ms + 1e-9; t += 1000 / fps) out.push(skeleton({ ...at(t), t }));
  return out;
}

/**
 * Synthetic gait: lobes of alternating sign (one leading foot, then the
 * other) with the given durations; the feet swap at each lobe boundary.
 * `axis` 'x' walks across the image, 'y' towards the camera.
 */
export function gaitSequence(lobesMs: readonly number[], fps: number, axis: 'x' | 'y', amplitude = 0.12): PoseFrame[] {
  const bounds = [0];
  for (const d of lobesMs) bounds.push((bounds[bounds.length - 1] as number) + d);
  const total = bounds[bounds.length - 1] as number;
  return sequence(total, fps, (t) => {
    let i = bounds.findIndex((b, k) => k > 0 && t <= b) - 1;
    if (i < 0) i = lobesMs.length - 1;
    const start = bounds[i] as number;
    const d = lobesMs[i] as number;
    const s = (i % 2 === 0 ? 1 : -1) * Math.sin((Math.PI * (t - start)) / d) * amplitude;
    const off = (v: number) => (axis === 'x' ? { dx: v } : { dy: v * 0.4 });
    return { leftAnkle: off(s / 2), rightAnkle: off(-s / 2) };
  });
}
