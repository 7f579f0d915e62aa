/**
 * What each side's camera is asked for (issue 17, item 6). The family's
 * camera films a child moving across a room, so it asks for more than the
 * clinician's face needs: up to 1280×720 at 30 fps, landscape. `ideal`
 * and `max` rather than `exact`, so a phone that cannot do it still opens
 * its camera at what it can.
 */
export const CLINICIAN_CAMERA: MediaTrackConstraints = { width: 640, height: 480 };

export const FAMILY_CAMERA: MediaTrackConstraints = {
  width: { ideal: 1280, max: 1280 },
  height: { ideal: 720, max: 720 },
  frameRate: { ideal: 30, max: 30 },
  // Landscape: a standing child and the floor they walk on fit a wide frame held sideways.
  aspectRatio: { ideal: 16 / 9 },
};

/**
 * Simulcast for movement video: three VP8 layers (¼, ½ and full size), so
 * when the link to the clinician gets poor the SFU forwards a smaller layer
 * and the frame rate stays (a movement judged at 8 fps is lost; at 360p it
 * is still visible). The sum (about 1.35 Mb/s) stays under the SFU's
 * default incoming limit per transport (1.5 Mb/s, `maxIncomingBitrate`).
 */
export const MOTION_ENCODINGS: RTCRtpEncodingParameters[] = [
  { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 100_000, maxFramerate: 30 },
  { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 350_000, maxFramerate: 30 },
  { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 900_000, maxFramerate: 30 },
];

/**
 * The simulcast layers for a camera of this size. Chromium's encoder sends
 * only as many layers as its table allows for the input (3 from 960×540,
 * 2 from 480×270, else 1: WebRTC's kSimulcastFormats), and drops the *top*
 * ones: a 640×480 camera given the three layers above sends ¼ and ½ only,
 * so the clinician (and pose estimation) never got better than 320×240.
 * Below 960×540 the layers are therefore ½ and full (or full alone), so the
 * full picture is always one of them; the ceilings are those of the same
 * layers above. Unknown size: the three layers (a phone's 1280×720).
 */
export function motionEncodings(settings: { width?: number; height?: number }): RTCRtpEncodingParameters[] {
  const pixels = (settings.width ?? 0) * (settings.height ?? 0);
  const layers = !pixels || pixels >= 960 * 540 ? MOTION_ENCODINGS : pixels >= 480 * 270 ? MOTION_ENCODINGS.slice(1) : MOTION_ENCODINGS.slice(2);
  return layers.map((e, i) => ({ ...e, rid: `r${i}` }));
}

/** Tell the encoder this is motion (keep frame rate, not detail) and to drop resolution before frame rate. */
export async function preferFrameRate(track: MediaStreamTrack, sender: RTCRtpSender | undefined): Promise<void> {
  track.contentHint = 'motion';
  if (!sender) return;
  try {
    const params = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
    params.degradationPreference = 'maintain-framerate';
    await sender.setParameters(params);
  } catch {
    // A browser without degradationPreference still has contentHint and simulcast.
  }
}
