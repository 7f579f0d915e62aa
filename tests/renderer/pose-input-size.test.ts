/**
 * The size the console scales the child's picture to before MediaPipe
 * (issue 17, live rate): 256 px on the long side, aspect ratio kept, never
 * upscaled. Landmarks are normalised to the picture's size, so keeping the
 * aspect ratio is what keeps every angle and ratio the geometry computes.
 */
import { describe, expect, it } from 'vitest';
import { POSE_INPUT_LONG_SIDE, poseInputSize } from '../../renderer/src/pose/input-size';

describe('poseInputSize', () => {
  it('scales the long side to 256 px and keeps the aspect ratio (landscape, portrait, 16:9)', () => {
    expect(POSE_INPUT_LONG_SIDE).toBe(256);
    expect(poseInputSize(640, 480)).toEqual({ width: 256, height: 192 });
    expect(poseInputSize(1280, 720)).toEqual({ width: 256, height: 144 });
    expect(poseInputSize(480, 640)).toEqual({ width: 192, height: 256 });
    expect(poseInputSize(720, 1280)).toEqual({ width: 144, height: 256 });
  });

  it('keeps the aspect ratio within one pixel’s rounding for odd sizes', () => {
    for (const [w, h] of [
      [548, 342],
      [1919, 1081],
      [333, 1000],
      [1000, 3],
    ] as const) {
      const to = poseInputSize(w, h)!;
      expect(Math.max(to.width, to.height)).toBe(256);
      // Rounding moves the short side by at most half a pixel.
      expect(Math.abs(to.width / to.height - w / h) * Math.min(to.width, to.height)).toBeLessThanOrEqual((w / h) * 0.5 + 1e-9);
      expect(Math.min(to.width, to.height)).toBeGreaterThanOrEqual(1);
    }
  });

  it('never upscales a small picture', () => {
    expect(poseInputSize(256, 144)).toEqual({ width: 256, height: 144 });
    expect(poseInputSize(160, 120)).toEqual({ width: 160, height: 120 });
  });

  it('has no size for a video without a frame yet, and refuses a bad target', () => {
    expect(poseInputSize(0, 0)).toBeNull();
    expect(poseInputSize(640, 0)).toBeNull();
    expect(poseInputSize(Number.NaN, 480)).toBeNull();
    expect(poseInputSize(Infinity, 480)).toBeNull();
    expect(() => poseInputSize(640, 480, 0)).toThrow(/at least 1/);
  });
});
