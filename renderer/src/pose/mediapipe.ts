/**
 * MediaPipe Pose, loaded from the console's own build output
 * (out/renderer/mediapipe/, copied from `@mediapipe/pose` at build time:
 * electron.vite.config.ts). Nothing is fetched from anywhere else.
 *
 * `pose.js` is a Closure-compiled script that defines `Pose` on the global
 * object, so it is loaded with a <script> element from 'self' (the CSP
 * allows that), not bundled. Inference runs on the CPU (XNNPACK):
 * `useCpuInference` is in pose.js but missing from its .d.ts; on WebGL in
 * software (SwiftShader) a frame takes about 10x longer (docs/pose.md).
 */
import { POSE_ASSET_DIR, POSE_MODEL_COMPLEXITY, POSE_MODEL_NAME } from '../../../shared/pose/assets';
import type { PoseLandmark } from '../../../shared/pose/landmarks';
import { POSE_LANDMARK_NAMES } from '../../../shared/pose/landmarks';
import { CONSOLE } from '../../../shared/words/console';
import { POSE_INPUT_LONG_SIDE, poseInputSize } from './input-size';

export type PoseImage = HTMLVideoElement | HTMLImageElement | HTMLCanvasElement;

interface MpLandmark {
  x: number;
  y: number;
  z: number;
  visibility?: number;
}
interface MpResults {
  poseLandmarks?: MpLandmark[];
}
interface MpPose {
  setOptions(options: Record<string, unknown>): void;
  onResults(listener: (results: MpResults) => void): void;
  initialize(): Promise<void>;
  send(inputs: { image: PoseImage }): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}
type MpPoseConstructor = new (config: { locateFile: (file: string) => string }) => MpPose;

export interface PoseModel {
  /** The served model's name (lite). */
  readonly model: string;
  /**
   * Landmarks of the one person found in this image, or null when none is.
   * The picture is scaled to 256 px on its long side first (./input-size.ts);
   * `longSide` sets another size (Infinity: the picture as it is), for the
   * benchmark's and tests' comparisons.
   */
  estimate(image: PoseImage, options?: { longSide?: number }): Promise<PoseLandmark[] | null>;
  /** Forget tracking state: call when the video source changes (a stale first result can be a phantom skeleton). */
  reset(): void;
  close(): Promise<void>;
}

/** The folder the files are served from, next to the page (app://console/mediapipe/). */
export function poseAssetBase(): string {
  return new URL(`${POSE_ASSET_DIR}/`, document.baseURI).href;
}

let scriptLoad: Promise<MpPoseConstructor> | null = null;

function loadRuntime(base: string): Promise<MpPoseConstructor> {
  const existing = (globalThis as { Pose?: MpPoseConstructor }).Pose;
  if (existing) return Promise.resolve(existing);
  scriptLoad ??= new Promise<MpPoseConstructor>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `${base}pose.js`;
    script.async = true;
    script.onload = () => {
      const ctor = (globalThis as { Pose?: MpPoseConstructor }).Pose;
      if (ctor) resolve(ctor);
      else reject(new Error(CONSOLE.pose.noPose));
    };
    script.onerror = () => {
      scriptLoad = null;
      reject(new Error(CONSOLE.pose.notLoaded));
    };
    document.head.append(script);
  });
  return scriptLoad;
}

function toLandmarks(list: MpLandmark[] | undefined): PoseLandmark[] | null {
  if (!list || list.length !== POSE_LANDMARK_NAMES.length) return null;
  return list.map((l) => ({
    x: l.x,
    y: l.y,
    z: l.z,
    visibility: Math.min(1, Math.max(0, l.visibility ?? 0)),
  }));
}

function imageSize(image: PoseImage): { width: number; height: number } {
  if (image instanceof HTMLVideoElement) return { width: image.videoWidth, height: image.videoHeight };
  if (image instanceof HTMLImageElement) return { width: image.naturalWidth, height: image.naturalHeight };
  return { width: image.width, height: image.height };
}

/**
 * Draws each picture, scaled down, into one canvas kept for the model's life
 * (resized only when the picture's size changes: resizing clears it and costs
 * an allocation). A picture already small enough is passed through as is.
 */
function createScaler() {
  let canvas: HTMLCanvasElement | null = null;
  let ctx: CanvasRenderingContext2D | null = null;
  return (image: PoseImage, longSide: number): PoseImage => {
    const from = imageSize(image);
    const to = poseInputSize(from.width, from.height, longSide);
    if (!to || (to.width === from.width && to.height === from.height)) return image;
    if (!canvas || !ctx) {
      canvas = document.createElement('canvas');
      // Opaque, and kept in CPU memory: MediaPipe uploads it with texImage2D, i.e. reads it back every frame.
      ctx = canvas.getContext('2d', { alpha: false, willReadFrequently: true });
      if (!ctx) return image;
    }
    if (canvas.width !== to.width || canvas.height !== to.height) {
      canvas.width = to.width;
      canvas.height = to.height;
    }
    ctx.drawImage(image, 0, 0, to.width, to.height);
    return canvas;
  };
}

/** Load the runtime, wasm and lite model from the app's own origin, ready to estimate. */
export async function loadPoseModel(base: string = poseAssetBase()): Promise<PoseModel> {
  const Pose = await loadRuntime(base);
  const pose = new Pose({ locateFile: (file) => `${base}${file}` });
  pose.setOptions({
    modelComplexity: POSE_MODEL_COMPLEXITY,
    smoothLandmarks: true,
    enableSegmentation: false,
    minDetectionConfidence: 0.5,
    minTrackingConfidence: 0.5,
    selfieMode: false,
    useCpuInference: true,
  });
  let latest: PoseLandmark[] | null = null;
  pose.onResults((results) => {
    latest = toLandmarks(results.poseLandmarks);
  });
  await pose.initialize();
  const scaled = createScaler();
  return {
    model: POSE_MODEL_NAME,
    async estimate(image, options) {
      latest = null;
      await pose.send({ image: scaled(image, options?.longSide ?? POSE_INPUT_LONG_SIDE) });
      return latest;
    },
    reset: () => pose.reset(),
    close: () => pose.close(),
  };
}
