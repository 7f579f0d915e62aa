/** The checklist's rolling window of live pose frames: bounded, cleared when the person or source is lost. */
import { describe, expect, it } from 'vitest';
import { connectPoseSource, poseModelName, poseSourceConnected, poseWindow, pushPoseFrame } from '../../renderer/src/pose/estimate-store';
import { forwardBendAngle } from '../../shared/pose/geometry';
import { poseMeasures } from '../../shared/pose/measures-content';
import type { PoseFrame } from '../../shared/pose/landmarks';
import { skeleton } from '../shared/pose/skeleton';

describe('estimate store', () => {
  it('keeps only the longest window the measures need, and clears on null', () => {
    let listener: ((f: PoseFrame | null) => void) | undefined;
    const off = connectPoseSource((l) => {
      listener = l;
      return () => (listener = undefined);
    }, 'MediaPipe Pose lite');
    expect(poseSourceConnected()).toBe(true);
    expect(poseModelName()).toBe('MediaPipe Pose lite');
    for (let t = 0; t <= 30_000; t += 50) listener!(skeleton({ t, trunkDeg: t > 28_000 ? 40 : 0 }));
    const keep = Math.max(...poseMeasures.file.measures.map((m) => m.windowMs));
    expect(poseWindow(60_000)[0]!.t).toBeGreaterThanOrEqual(30_000 - keep);
    expect(poseWindow(1000)).toHaveLength(21);
    expect(forwardBendAngle(poseWindow(5000), poseMeasures.thresholds).value).toBeCloseTo(40, 0);
    listener!(null);
    expect(poseWindow(5000)).toEqual([]);
    expect(forwardBendAngle(poseWindow(5000), poseMeasures.thresholds)).toMatchObject({ value: null, reason: 'no_frames' });
    off();
    expect(poseSourceConnected()).toBe(false);
    pushPoseFrame(skeleton({ t: 1 }));
    expect(poseWindow(1000)).toHaveLength(1);
  });
});
