/**
 * The size the picture is scaled to before MediaPipe sees it (issue 17, live
 * rate). MediaPipe Pose never looks at more than 256 px: its detector works
 * on a 224×224 letterbox of the whole picture and its landmark model on a
 * 256×256 crop around the person. Everything before those resizes runs at the
 * picture's own size, per frame: the upload into a WebGL texture, the
 * conversion to the CPU for XNNPACK, and the `image_transformed` copy the
 * solution hands back with every result (createImageBitmap at input size).
 * With WebGL in software (SwiftShader) that work, at 640×480, cost more than
 * the model itself. Scaling to 256 px on the long side first (one 2D-canvas
 * drawImage, reused canvas) keeps the aspect ratio, so the landmarks, which
 * MediaPipe normalises to the picture's width and height, mean the same.
 */

/** Long side of the picture given to MediaPipe (its landmark model's input size). */
export const POSE_INPUT_LONG_SIDE = 256;

/**
 * Width and height to scale a `width`×`height` picture to: `longSide` on the
 * long side, the aspect ratio kept (each side rounded to whole pixels, at
 * least 1), or the picture's own size when it is no larger (never upscaled).
 * Null for a picture without a size (a video before its first frame).
 */
export function poseInputSize(width: number, height: number, longSide: number = POSE_INPUT_LONG_SIDE): { width: number; height: number } | null {
  if (!(width > 0 && height > 0) || !Number.isFinite(width) || !Number.isFinite(height)) return null;
  if (!(longSide >= 1)) throw new Error(`longSide must be at least 1 (got ${longSide})`);
  const scale = Math.min(1, longSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
