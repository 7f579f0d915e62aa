/**
 * Attaching a camera estimate to a checklist entry (issue 17, item 3).
 *
 * The clinician records the finding; the estimate is attached beside it and
 * never changes it. The request is validated in zod (shared/domain), then
 * against resources/clinical/pose-measures.json: the measure must belong to
 * the movement, the unit must be the measure's, the value must be plausible
 * for the unit, and the confidence must reach the configured threshold (a
 * low-confidence estimate is never shown, so it is never attached either).
 * One transaction writes the row and its audit entry.
 */
import { AppError, type FieldError } from '../../../shared/ipc/errors';
import { issuesToFieldErrors } from '../../../shared/ipc/issues';
import { AttachEstimateInput, RetractEstimateInput, type PoseEstimateView } from '../../../shared/domain/pose-estimate';
import type { MeasureId, MeasureUnit } from '../../../shared/pose/geometry';
import { ESTIMATE_METHOD, poseMeasures as shippedMeasures, type PoseMeasures } from '../../../shared/pose/measures-content';
import { appendAudit } from '../store/audit';
import { createPoseEstimateRepository, type StoredPoseEstimate } from '../store/pose-estimates';
import { createRetractionRepository } from '../store/pose-estimate-retractions';
import { storageGuard, type ServiceDeps } from './deps';

/** The largest believable value per unit: anything above is a bug or a forged request. */
export const PLAUSIBLE_MAX: Readonly<Record<MeasureUnit, number>> = {
  degrees: 180,
  seconds: 600,
  'percent of leg length': 100,
  'steps per minute': 400,
  percent: 200,
};

const MAX_SUMMARY_CHARS = 4000;

export function createPoseEstimateService(deps: ServiceDeps, measures: PoseMeasures = shippedMeasures) {
  const { db, clock, newId } = deps;
  const repo = createPoseEstimateRepository(db);
  const retractions = createRetractionRepository(db);
  const statusOf = db.prepare(`SELECT status FROM visits WHERE id = ?`);
  const clinicianExists = db.prepare(`SELECT 1 FROM clinicians WHERE id = ?`);
  const inTransaction = db.transaction((fn: () => unknown) => fn());

  const invalid = (message: string, fields: FieldError[]) => new AppError('VALIDATION', message, fields);
  const signed = () => new AppError('CONFLICT', 'This visit is signed and cannot be changed. Add an addendum to correct it.');

  function view(e: StoredPoseEstimate): PoseEstimateView {
    return {
      id: e.id,
      observationId: e.observationId,
      maneuverId: e.maneuverId,
      measure: e.measure as MeasureId,
      label: measures.byId(e.measure as MeasureId)?.label ?? e.measure,
      value: e.value,
      unit: e.unit as MeasureUnit,
      method: e.method,
      model: e.model,
      confidence: e.confidence,
      attachedAt: e.attachedAt,
      attachedBy: e.attachedBy,
    };
  }

  return {
    /** Estimates attached in a visit, oldest first. */
    async list(visitId: string): Promise<PoseEstimateView[]> {
      if (!statusOf.get(visitId)) throw new AppError('NOT_FOUND', 'That visit was not found.');
      return repo.ofVisit(visitId).map(view);
    },

    /** The stored rows, landmark summaries included (exports). */
    storedOf(visitId: string): StoredPoseEstimate[] {
      return repo.ofVisit(visitId);
    },

    async attach(request: unknown, actor: string): Promise<PoseEstimateView[]> {
      if (!clinicianExists.get(actor)) throw new AppError('LOCKED', 'Sign in as a clinician to do this.');
      const parsed = AttachEstimateInput.safeParse(request);
      if (!parsed.success) throw invalid('The estimate is not valid.', issuesToFieldErrors(parsed.error.issues));
      const input = parsed.data;
      const spec = measures.byId(input.measure);
      if (!spec || !spec.maneuvers.includes(input.maneuverId)) {
        throw invalid('That measure is not offered for this movement.', [{ path: 'measure', message: 'That measure is not offered for this movement.' }]);
      }
      if (input.unit !== spec.unit) {
        throw invalid(`${spec.label} is measured in ${spec.unit}.`, [{ path: 'unit', message: `${spec.label} is measured in ${spec.unit}.` }]);
      }
      if (input.value > PLAUSIBLE_MAX[spec.unit]) {
        throw invalid(`${spec.label} cannot be ${input.value} ${spec.unit}.`, [{ path: 'value', message: `At most ${PLAUSIBLE_MAX[spec.unit]} ${spec.unit}.` }]);
      }
      if (input.confidence < measures.thresholds.minVisibility || input.summary.meanVisibility < measures.thresholds.minVisibility) {
        throw invalid('Landmark confidence is too low: this estimate is not shown and cannot be attached.', [
          { path: 'confidence', message: `Needs at least ${measures.thresholds.minVisibility}.` },
        ]);
      }
      if (input.summary.frames < measures.thresholds.minFrames) {
        throw invalid('Too few usable frames for an estimate.', [{ path: 'summary.frames', message: `Needs at least ${measures.thresholds.minFrames}.` }]);
      }
      const landmarksJson = JSON.stringify(input.summary);
      if (landmarksJson.length > MAX_SUMMARY_CHARS) {
        throw invalid('The landmark summary is too large.', [{ path: 'summary', message: `At most ${MAX_SUMMARY_CHARS} characters.` }]);
      }
      const visit = statusOf.get(input.visitId) as { status: string } | undefined;
      if (!visit) throw new AppError('NOT_FOUND', 'That visit was not found.');
      if (visit.status === 'signed') throw signed();

      const at = clock.now().toISOString();
      const id = newId();
      try {
        storageGuard(() =>
          inTransaction(() => {
            const observationId = repo.currentObservationId(input.visitId, input.maneuverId);
            if (!observationId) {
              throw new AppError('CONFLICT', 'Record the finding for this movement first; the estimate is attached to it.', [
                { path: 'maneuverId', message: 'No finding recorded for this movement yet.' },
              ]);
            }
            repo.insert({
              id,
              visitId: input.visitId,
              observationId,
              maneuverId: input.maneuverId,
              measure: input.measure,
              value: input.value,
              unit: input.unit,
              method: ESTIMATE_METHOD,
              model: input.model,
              confidence: input.confidence,
              landmarksJson,
              contentVersion: measures.file.version,
              attachedBy: actor,
              attachedAt: at,
            });
            appendAudit(db, {
              actor,
              action: 'visit.change',
              entity: 'pose_estimate',
              entityId: id,
              at,
              detail: { visitId: input.visitId, observationId, measure: input.measure, change: 'attached' },
            });
          }),
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : '';
        if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_TRIGGER' && message.startsWith('visit is signed')) throw signed();
        throw error;
      }
      return repo.ofVisit(input.visitId).map(view);
    },

    /**
     * Take back an attached estimate (0021): a retraction row with who, when
     * and why, appended with its audit entry (ids only: the reason is free
     * text and stays in the retraction row). The estimate row is never
     * changed; the room and the exports leave it out from now on.
     */
    async retract(request: unknown, actor: string): Promise<PoseEstimateView[]> {
      if (!clinicianExists.get(actor)) throw new AppError('LOCKED', 'Sign in as a clinician to do this.');
      const parsed = RetractEstimateInput.safeParse(request);
      if (!parsed.success) throw invalid('The removal is not valid.', issuesToFieldErrors(parsed.error.issues));
      const input = parsed.data;
      const visit = statusOf.get(input.visitId) as { status: string } | undefined;
      if (!visit) throw new AppError('NOT_FOUND', 'That visit was not found.');
      if (retractions.visitOfEstimate(input.estimateId) !== input.visitId) throw new AppError('NOT_FOUND', 'That estimate was not found in this visit.');
      if (visit.status === 'signed') throw signed();
      if (retractions.ofEstimate(input.estimateId)) throw new AppError('CONFLICT', 'That estimate was already removed.');

      const at = clock.now().toISOString();
      const id = newId();
      try {
        storageGuard(() =>
          inTransaction(() => {
            retractions.insert({ id, estimateId: input.estimateId, visitId: input.visitId, reason: input.reason, retractedBy: actor, retractedAt: at });
            appendAudit(db, {
              actor,
              action: 'visit.change',
              entity: 'pose_estimate',
              entityId: input.estimateId,
              at,
              detail: { visitId: input.visitId, retractionId: id, change: 'retracted' },
            });
          }),
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : '';
        const code = (error as { code?: unknown }).code;
        if (code === 'SQLITE_CONSTRAINT_TRIGGER' && message.startsWith('visit is signed')) throw signed();
        if (code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('CONFLICT', 'That estimate was already removed.');
        throw error;
      }
      return repo.ofVisit(input.visitId).map(view);
    },
  };
}
export type PoseEstimateService = ReturnType<typeof createPoseEstimateService>;
