/**
 * A camera estimate attached to a checklist entry (issue 17, item 3): what the
 * renderer sends when the clinician presses "Attach estimate", and what the
 * visit room reads back. Strict and bounded: the landmark summary is small
 * (one key frame's points), never a stream of frames.
 */
import { z } from 'zod';
import { RecordId } from './common';
import { MEASURE_IDS, MEASURE_UNITS } from '../pose/geometry';
import { POSE_LANDMARK_NAMES } from '../pose/landmarks';

const Coordinate = z.number().finite().min(-1).max(2);

export const LandmarkSummarySchema = z.strictObject({
  frames: z.number().int().min(1).max(10_000),
  spanMs: z.number().min(0).max(600_000),
  meanVisibility: z.number().min(0).max(1),
  keyFrame: z.strictObject({
    t: z.number().finite(),
    aspect: z.number().positive().max(10),
    points: z.partialRecord(z.enum(POSE_LANDMARK_NAMES), z.tuple([Coordinate, Coordinate])),
  }),
  notes: z.record(z.string().max(40), z.union([z.string().max(100), z.number().finite()])).optional(),
});

export const AttachEstimateInput = z.strictObject({
  visitId: RecordId,
  maneuverId: z.string().min(1).max(100),
  measure: z.enum(MEASURE_IDS),
  value: z.number().finite().min(0).max(100_000),
  unit: z.enum(MEASURE_UNITS),
  confidence: z.number().min(0).max(1),
  model: z.string().trim().min(1).max(200),
  summary: LandmarkSummarySchema,
});
export type AttachEstimateInput = z.infer<typeof AttachEstimateInput>;

/** The clinician takes back an attached estimate: it leaves the room and the exports; the row and the retraction stay in the store. */
export const RetractEstimateInput = z.strictObject({
  visitId: RecordId,
  estimateId: RecordId,
  reason: z.string().trim().min(1, { error: 'Say why the estimate is removed.' }).max(500),
});
export type RetractEstimateInput = z.infer<typeof RetractEstimateInput>;

export const PoseEstimateView = z.strictObject({
  id: z.string(),
  observationId: z.string(),
  maneuverId: z.string(),
  measure: z.enum(MEASURE_IDS),
  label: z.string(),
  value: z.number(),
  unit: z.enum(MEASURE_UNITS),
  method: z.string(),
  model: z.string(),
  confidence: z.number(),
  attachedAt: z.string(),
  attachedBy: z.string(),
});
export type PoseEstimateView = z.infer<typeof PoseEstimateView>;
