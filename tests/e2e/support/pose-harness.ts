/**
 * Bundled into a page by tests/e2e/support/pose.ts (esbuild, IIFE): the
 * console's own pose loader (renderer/src/pose/mediapipe.ts), reachable from
 * Playwright as `window.__poseHarness`. The page it runs in is the built
 * console (its CSP, its out/renderer/mediapipe/ files), so the test exercises
 * exactly what the app ships.
 */
import { loadPoseModel, type PoseModel } from '../../../renderer/src/pose/mediapipe';
import { startLiveEstimation, type EstimatorStats, type LiveEstimator } from '../../../renderer/src/pose/estimator';
import type { PoseLandmark } from '../../../shared/pose/landmarks';

let model: PoseModel | null = null;
let live: LiveEstimator | null = null;

async function ensureModel(): Promise<PoseModel> {
  model ??= await loadPoseModel();
  return model;
}

async function imageFrom(src: string): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = src;
  await img.decode();
  return img;
}

const harness = {
  async load(): Promise<{ model: string; loadMs: number }> {
    const t0 = performance.now();
    const m = await ensureModel();
    return { model: m.model, loadMs: performance.now() - t0 };
  },
  /**
   * Estimate on an image (a data: URL): the landmarks, the image size and the time each of `repeat` runs took.
   * `longSide`: scale the picture to this long side instead of the console's 256 px (Infinity: as it is).
   */
  async estimateImage(
    src: string,
    repeat = 1,
    longSide?: number,
  ): Promise<{ landmarks: PoseLandmark[] | null; width: number; height: number; ms: number[] }> {
    const m = await ensureModel();
    const img = await imageFrom(src);
    m.reset();
    const ms: number[] = [];
    let landmarks: PoseLandmark[] | null = null;
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now();
      landmarks = await m.estimate(img, longSide === undefined ? undefined : { longSide });
      ms.push(performance.now() - t0);
    }
    return { landmarks, width: img.naturalWidth, height: img.naturalHeight, ms };
  },
  /** The console's live estimator on a video element of the page (not published to the page's own pose bus). */
  async startLive(selector: string): Promise<void> {
    const video = document.querySelector<HTMLVideoElement>(selector);
    if (!video) throw new Error(`no video at ${selector}`);
    const m = await ensureModel();
    live?.stop();
    live = startLiveEstimation(video, { model: Promise.resolve(m), publish: false });
  },
  stopLive(): EstimatorStats | null {
    const stats = live?.stats() ?? null;
    live?.stop();
    live = null;
    return stats;
  },
};

declare global {
  interface Window {
    __poseHarness: typeof harness;
  }
}
window.__poseHarness = harness;
