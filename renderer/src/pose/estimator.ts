/**
 * Live pose estimation on the child's incoming video, in the clinician's
 * renderer only. One frame is analysed at a time, never queued: the pacer
 * (./pacer.ts) starts the next analysis as soon as the previous one is done
 * and the video has a new frame, up to the video's frame rate; frames that
 * come and go during an analysis are skipped. Results go to the pose bus
 * (./pose-bus.ts); nothing leaves the machine.
 */
import type { PoseFrame } from '../../../shared/pose/landmarks';
import { loadPoseModel, type PoseModel } from './mediapipe';
import { startPacer, type Pacer } from './pacer';
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
  /** Video frames not analysed (they came and went while the model was busy). */
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
  /** Upper bound on analysed frames per second (default 30: the video's usual rate; the aim is at least 15). */
  maxFps?: number;
  model?: Promise<PoseModel>;
  /** Each result, besides the pose bus. */
  onFrame?: (frame: PoseFrame | null) => void;
  /** The model failed to load or to run: estimation stops. */
  onError?: (error: Error) => void;
  /** Publish to the window's pose bus (default true). */
  publish?: boolean;
}

/** The video's decoded-and-shown frame counter, or null where the browser has none. */
function frameCounter(video: HTMLVideoElement): () => number | null {
  if (typeof video.getVideoPlaybackQuality !== 'function') return () => null;
  return () => video.getVideoPlaybackQuality().totalVideoFrames;
}

export function startLiveEstimation(video: HTMLVideoElement, options: LiveEstimatorOptions = {}): LiveEstimator {
  const modelPromise = options.model ?? sharedPoseModel();
  const publish = options.publish ?? true;
  const stats: EstimatorStats = { completed: 0, skipped: 0, withPerson: 0, recentMs: [], startedAt: performance.now() };
  let stopped = false;
  let pacer: Pacer | null = null;
  let source: { stream: MediaProvider | null; width: number; height: number } | null = null;

  const emit = (frame: PoseFrame | null) => {
    if (publish) publishPose(frame);
    options.onFrame?.(frame);
  };

  const fail = (error: unknown) => {
    stopped = true;
    pacer?.stop();
    options.onError?.(error instanceof Error ? error : new Error(String(error)));
  };

  const analyse = async (m: PoseModel) => {
    // Another estimator in this window holds the model (it is not re-entrant): this frame is skipped.
    if (modelBusy) {
      stats.skipped += 1;
      return;
    }
    modelBusy = true;
    const t0 = performance.now();
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
      if (!options.model) shared = null;
      emit(null);
      fail(error);
    } finally {
      modelBusy = false;
    }
  };

  modelPromise.then(
    (m) => {
      if (stopped) return;
      pacer = startPacer(
        {
          frameCount: frameCounter(video),
          ready: () => video.readyState >= 2 && video.videoWidth > 0 && !video.paused,
          analyse: () => analyse(m),
          now: () => performance.now(),
          setTimer: (cb, ms) => setTimeout(cb, ms),
          clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
        },
        { maxFps: options.maxFps ?? 30 },
      );
    },
    (error: unknown) => fail(error),
  );

  return {
    stats: () => ({ ...stats, skipped: stats.skipped + (pacer?.skipped ?? 0), recentMs: [...stats.recentMs] }),
    stop() {
      if (stopped) return;
      stopped = true;
      pacer?.stop();
      if (publish) publishPose(null);
    },
  };
}
