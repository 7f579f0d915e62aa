/**
 * The family's simulcast layers fit the camera's size (issue 17): Chromium
 * drops the top layers its table does not allow for the input, so the full
 * picture must always be one of the layers it keeps.
 */
import { describe, expect, it } from 'vitest';
import { MOTION_ENCODINGS, motionEncodings } from '../../renderer/src/video/capture';

const summary = (e: RTCRtpEncodingParameters[]) => e.map((x) => `${x.rid}:${x.scaleResolutionDownBy}`);

describe('motion encodings', () => {
  it('a 1280×720 (or larger, or unknown) camera sends ¼, ½ and full', () => {
    for (const s of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }, { width: 960, height: 540 }, {}]) {
      expect(summary(motionEncodings(s))).toEqual(['r0:4', 'r1:2', 'r2:1']);
    }
  });

  it('a 640×480 camera sends ½ and full, so the SFU can forward 640×480 (three layers would lose the full one)', () => {
    const e = motionEncodings({ width: 640, height: 480 });
    expect(summary(e)).toEqual(['r0:2', 'r1:1']);
    expect(e[1]!.maxBitrate).toBe(MOTION_ENCODINGS[2]!.maxBitrate);
    expect(e.every((x) => x.maxFramerate === 30)).toBe(true);
  });

  it('a small camera sends one full layer', () => {
    expect(summary(motionEncodings({ width: 320, height: 240 }))).toEqual(['r0:1']);
  });

  it('returns copies: the shared table is never changed', () => {
    motionEncodings({ width: 640, height: 480 })[0]!.maxBitrate = 1;
    expect(MOTION_ENCODINGS.map((e) => e.rid)).toEqual(['r0', 'r1', 'r2']);
    expect(MOTION_ENCODINGS[1]!.maxBitrate).toBe(350_000);
  });
});
