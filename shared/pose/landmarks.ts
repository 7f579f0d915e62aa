/**
 * The pose landmark vocabulary shared by the console's on-device pose
 * estimation (renderer) and the measured-movement geometry (shared rules).
 *
 * MediaPipe Pose (BlazePose) returns 33 landmarks per person in image
 * coordinates normalised to 0..1 (x to the right, y downwards), with a
 * `visibility` score in 0..1. Nothing here depends on MediaPipe itself, so
 * the geometry can be unit-tested with landmark sets that have known answers.
 */
import { z } from 'zod';

export const POSE_LANDMARK_NAMES = [
  'nose',
  'left_eye_inner',
  'left_eye',
  'left_eye_outer',
  'right_eye_inner',
  'right_eye',
  'right_eye_outer',
  'left_ear',
  'right_ear',
  'mouth_left',
  'mouth_right',
  'left_shoulder',
  'right_shoulder',
  'left_elbow',
  'right_elbow',
  'left_wrist',
  'right_wrist',
  'left_pinky',
  'right_pinky',
  'left_index',
  'right_index',
  'left_thumb',
  'right_thumb',
  'left_hip',
  'right_hip',
  'left_knee',
  'right_knee',
  'left_ankle',
  'right_ankle',
  'left_heel',
  'right_heel',
  'left_foot_index',
  'right_foot_index',
] as const;

export type PoseLandmarkName = (typeof POSE_LANDMARK_NAMES)[number];

/** The body's key landmarks: head, shoulders, hips, knees, ankles (all must be in view for any measure). */
export const BODY_LANDMARKS: readonly PoseLandmarkName[] = POSE_LANDMARK_NAMES.filter(
  (name) => name === 'nose' || /^(left|right)_(shoulder|hip|knee|ankle)$/.test(name),
);

/** Index of each named landmark in a 33-landmark array. */
export const LANDMARK: Readonly<Record<PoseLandmarkName, number>> = Object.freeze(
  Object.fromEntries(POSE_LANDMARK_NAMES.map((name, i) => [name, i])) as Record<PoseLandmarkName, number>,
);

export const poseLandmarkSchema = z
  .object({
    x: z.number().finite(),
    y: z.number().finite(),
    z: z.number().finite(),
    visibility: z.number().min(0).max(1),
  })
  .strict();

export type PoseLandmark = z.infer<typeof poseLandmarkSchema>;

/** One frame's landmarks: exactly 33, in POSE_LANDMARK_NAMES order. */
export const poseFrameLandmarksSchema = z.array(poseLandmarkSchema).length(POSE_LANDMARK_NAMES.length);

/** A timed frame of landmarks, as the live estimator produces them. */
export interface PoseFrame {
  /** Milliseconds on a monotonic clock (performance.now()). */
  readonly t: number;
  readonly landmarks: readonly PoseLandmark[];
  /** Width / height of the analysed image, to turn normalised units into pixels. */
  readonly aspect: number;
}
