/**
 * The measured-movement side of the live pose stream (issue 17, item 3): a
 * rolling window of the latest PoseFrames for the checklist's live readout.
 *
 * It does not run the model. The pose runtime (renderer/src/pose/…, owned by
 * the pose work) exposes a subscribe of `PoseFrame | null`; call
 * `connectPoseSource(subscribe, modelName)` once it exists. `null` (no person,
 * source changed) clears the window, so a stale skeleton never yields a value.
 * Until a source is connected the readout says "no pose estimate yet".
 */
import { useEffect, useState } from 'react';
import type { PoseFrame } from '../../../shared/pose/landmarks';
import { poseMeasures } from '../../../shared/pose/measures-content';

/** The longest window any measure needs (from pose-measures.json). */
const KEEP_MS = Math.max(...poseMeasures.file.measures.map((m) => m.windowMs));

let frames: PoseFrame[] = [];
let model: string = poseMeasures.file.defaultModel;
let connected = false;

export function pushPoseFrame(frame: PoseFrame | null): void {
  if (frame === null) {
    frames = [];
    return;
  }
  frames.push(frame);
  const from = frame.t - KEEP_MS;
  if ((frames[0]?.t ?? from) < from) frames = frames.filter((f) => f.t >= from);
}

/** Frames of the last `ms` milliseconds (relative to the latest frame), oldest first. */
export function poseWindow(ms: number): PoseFrame[] {
  const last = frames[frames.length - 1];
  if (!last) return [];
  return frames.filter((f) => f.t >= last.t - ms);
}

export function poseModelName(): string {
  return model;
}

export function poseSourceConnected(): boolean {
  return connected;
}

/** Wire the live estimator's stream in; returns a disconnect. */
export function connectPoseSource(subscribe: (listener: (frame: PoseFrame | null) => void) => () => void, modelName?: string): () => void {
  if (modelName) model = modelName;
  connected = true;
  frames = [];
  const off = subscribe(pushPoseFrame);
  return () => {
    off();
    connected = false;
    frames = [];
  };
}

/** Re-render at `hz` while mounted (the geometry is cheap; the model sets the real pace); 0 = never. */
export function usePoseTick(hz = 4): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!(hz > 0)) return;
    const id = window.setInterval(() => setTick((t) => t + 1), 1000 / hz);
    return () => window.clearInterval(id);
  }, [hz]);
  return tick;
}
