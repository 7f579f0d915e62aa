/**
 * The live pose stream inside the clinician's renderer: the estimator
 * publishes each analysed frame (or null: no person found, or estimation
 * stopped), and the framing check and the measured-movement geometry
 * subscribe. Landmarks never leave this window: nothing here is sent over
 * IPC or the network.
 */
import type { PoseFrame } from '../../../shared/pose/landmarks';

type Listener = (frame: PoseFrame | null) => void;

const listeners = new Set<Listener>();
let latest: PoseFrame | null = null;

/** Call `cb` with every new frame (and at once with the latest one). Returns the unsubscribe function. */
export function subscribePose(cb: Listener): () => void {
  listeners.add(cb);
  cb(latest);
  return () => {
    listeners.delete(cb);
  };
}

/** The estimator's side: a frame with one person's landmarks, or null. */
export function publishPose(frame: PoseFrame | null): void {
  latest = frame;
  for (const cb of [...listeners]) {
    try {
      cb(frame);
    } catch (error) {
      // One broken subscriber must not stop the others.
      console.warn('pose subscriber failed', error);
    }
  }
}

export function latestPose(): PoseFrame | null {
  return latest;
}
