/**
 * Live pose estimation on the child's incoming video, in the clinician's
 * renderer only. One frame is analysed at a time: frames that arrive while
 * the model is busy are skipped (never queued), and no more than `maxFps`
 * are analysed, so the call's own decoding keeps its share of the CPU.
 * Results go to the pose bus (./pose-bus.ts); nothing leaves the machine.
 */
import type { PoseFrame } from '../../../shared/pose/landmarks';
import { loadPoseModel, type PoseModel } from './mediapipe';
import { publishPose } from './pose-bus';

let shared: Promise<PoseModel> | null = null;
/** One analysis at a time per window: the model instance is not re-entrant. */
let modelBusy = false;

/** One model per window, loaded on first use (about 2–3 s) and kept for the next call. */
export function sharedPoseModel(): Promise<PoseModel> {
  shared ??= loadPoseModel().catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}

export interface EstimatorStats {
  /** Frames analysed to the end. */
  completed: number;
  /** Video frames not analysed because the model was busy or the rate cap applied. */
  skipped: number;
  /** Analysed frames with a person in them. */
  withPerson: number;
  /** Milliseconds of the most recent analyses (up to 120). */
  recentMs: number[];
  startedAt: number;
}

export interface LiveEstimator {
  stats(): EstimatorStats;
  stop(): void;
}

export interface LiveEstimatorOptions {
  /** Upper bound on analysed frames per second (default 20; the target is at least 15). */
  maxFps?: number;
  model?: Promise<PoseModel>;
  /** Each result, besides the pose bus. */
  onFrame?: (frame: PoseFrame | null) => void;
  /** The model failed to load or to run: estimation stops. */
  onError?: (error: Error) => void;
  /** Publish to the window's pose bus (default true). */
  publish?: boolean;
}

type FrameVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: () => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

export function startLiveEstimation(video: HTMLVideoElement, options: LiveEstimatorOptions = {}): LiveEstimator {
  const minGapMs = 1000 / (options.maxFps ?? 20);
  const modelPromise = options.model ?? sharedPoseModel();
  const publish = options.publish ?? true;
  const v = video as FrameVideo;
  const stats: EstimatorStats = { completed: 0, skipped: 0, withPerson: 0, recentMs: [], startedAt: performance.now() };
  let stopped = false;
  let lastStart = -Infinity;
  /** A new video frame arrived while the model was busy: analyse it as soon as the model is free, without waiting for the next one. */
  let pending = false;
  let handle: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let source: { stream: MediaProvider | null; width: number; height: number } | null = null;
  let model: PoseModel | null = null;

  const emit = (frame: PoseFrame | null) => {
    if (publish) publishPose(frame);
    options.onFrame?.(frame);
  };

  const schedule = () => {
    if (stopped) return;
    if (v.requestVideoFrameCallback) handle = v.requestVideoFrameCallback(tick);
    else timer = setTimeout(tick, minGapMs / 2);
  };

  const analyse = async (m: PoseModel) => {
    modelBusy = true;
    const t0 = performance.now();
    lastStart = t0;
    try {
      // A new stream or a new size is a new source: a stale tracker can report a phantom skeleton.
      const now = { stream: video.srcObject, width: video.videoWidth, height: video.videoHeight };
      if (source && (source.stream !== now.stream || source.width !== now.width || source.height !== now.height)) m.reset();
      source = now;
      const landmarks = await m.estimate(video);
      if (stopped) return;
      const ms = performance.now() - t0;
      stats.completed += 1;
      stats.recentMs.push(ms);
      if (stats.recentMs.length > 120) stats.recentMs.shift();
      if (landmarks) stats.withPerson += 1;
      emit(landmarks ? { t: t0, landmarks, aspect: now.width / now.height } : null);
    } catch (error) {
      stopped = true;
      if (!options.model) shared = null;
      emit(null);
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } finally {
      modelBusy = false;
    }
    if (pending && !stopped) {
      pending = false;
      if (performance.now() - lastStart >= minGapMs) void analyse(m);
    }
  };

  function tick() {
    handle = null;
    timer = null;
    if (stopped) return;
    const ready = video.readyState >= 2 && video.videoWidth > 0 && !video.paused;
    if (model && ready) {
      if (modelBusy) {
        stats.skipped += 1;
        pending = true;
      } else if (performance.now() - lastStart < minGapMs) stats.skipped += 1;
      else void analyse(model);
    }
    schedule();
  }

  modelPromise.then(
    (m) => {
      model = m;
      if (!stopped) schedule();
    },
    (error: unknown) => {
      stopped = true;
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    },
  );

  return {
    stats: () => ({ ...stats, recentMs: [...stats.recentMs] }),
    stop() {
      if (stopped) return;
      stopped = true;
      if (handle !== null) v.cancelVideoFrameCallback?.(handle);
      if (timer !== null) clearTimeout(timer);
      if (publish) publishPose(null);
    },
  };
}
