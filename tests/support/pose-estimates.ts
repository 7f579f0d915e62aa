/**
 * Camera estimates in service and export tests (issue 17): the request the
 * room sends to attach a measured result, and the visit's export model with
 * its stored estimates, as the export service builds it.
 */
import { buildExportModel } from '../../electron/main/export/model';
import type { MeasureResult } from '../../shared/pose/geometry-base';
import type { openServicesHarness } from './services';

/** The pose model the room names when it attaches an estimate. */
export const POSE_MODEL = 'MediaPipe Pose lite (@mediapipe/pose 0.5.1675469404)';

/** The `visits:attachEstimate` payload for `r` on `maneuverId`; a result the camera did not show fails the test. */
export function estimatePayload(visitId: string, maneuverId: string, r: MeasureResult) {
  if (r.value === null) throw new Error(r.reason);
  return { visitId, maneuverId, measure: r.measure, value: r.value, unit: r.unit, confidence: r.confidence, model: POSE_MODEL, summary: r.summary };
}

/** The visit's export model on the harness's clock, in UTC, with the estimates attached to it. */
export async function estimateExportModel(h: Awaited<ReturnType<typeof openServicesHarness>>, visitId: string) {
  return buildExportModel(await h.services.record.getVisitRecord(visitId), {
    clinicians: await h.services.clinicians.list(),
    now: h.clock.now(),
    today: h.clock.today(),
    timeZone: 'UTC',
    estimates: h.services.poseEstimates.storedOf(visitId),
  });
}
