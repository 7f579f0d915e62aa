/** Observations: add one, change one before signing, strike one out. */
import { AppError } from '../../../../shared/ipc/errors';
import { NewObservationInput, ObservationInput } from '../../../../shared/domain/record-input';
import type { Observation } from '../../store/record-types';
import type { RecordContext } from './context';
import { changedFields, parseInput, staleObservation } from './write';

/** The fields of an observation a clinician writes (an edit's audit row names those that changed). */
export const OBSERVATION_FIELDS = ['maneuverId', 'result', 'side', 'painScore', 'painScale', 'note', 'fields'] as const;

export function observationCommands(ctx: RecordContext) {
  const { repo, now, write, audit } = ctx;

  function requireObservation(observationId: string): Observation {
    const before = repo.observation(observationId);
    if (!before) throw new AppError('NOT_FOUND', 'That observation was not found.');
    ctx.requireUnsigned(before.visitId);
    return before;
  }

  return {
    async addObservation(visitId: string, input: NewObservationInput, actor: string): Promise<Observation> {
      ctx.requireClinician(actor);
      // No status read on this hot path: the store refuses a signed visit (0006 trigger → CONFLICT) and an
      // unknown one (foreign key → NOT_FOUND) inside the write itself (issue 15, cost per write).
      const at = now();
      const { observedAt: given, ...values } = parseInput(NewObservationInput, input);
      const observedAt = given ?? at;
      const id = ctx.newId();
      write(() => {
        repo.insertObservation({ id, visitId, ...values, author: actor, observedAt });
        audit(actor, 'visit.change', 'observation', id, at, { visitId, change: 'added' });
      });
      // What was written, without reading it back (this is the hot path of the visit room).
      return { id, visitId, ...values, retracted: false, author: actor, observedAt, version: 1, updatedAt: observedAt, updatedBy: actor };
    },

    /**
     * Change an observation before signing. The old values are kept in the
     * history (trigger). Pass `expectedVersion` to refuse the change if
     * someone else changed it first.
     */
    async updateObservation(observationId: string, patch: Partial<ObservationInput>, actor: string, expectedVersion?: number): Promise<Observation> {
      ctx.requireClinician(actor);
      const before = requireObservation(observationId);
      const values = parseInput(ObservationInput, { ...before, ...patch });
      const after: Observation = { ...before, ...values };
      const fields = changedFields(before, after, OBSERVATION_FIELDS);
      if (fields.length === 0) return before;
      write(() => {
        const at = now();
        if (!repo.reviseObservation(after, expectedVersion ?? before.version, at, actor)) throw staleObservation();
        audit(actor, 'visit.change', 'observation', observationId, at, { visitId: before.visitId, change: 'edited', fields });
      });
      return repo.observation(observationId)!;
    },

    /** Strike out an observation entered in error (before signing). It stays in the record, marked. */
    async retractObservation(observationId: string, actor: string): Promise<Observation> {
      ctx.requireClinician(actor);
      const before = requireObservation(observationId);
      if (before.retracted) return before;
      write(() => {
        const at = now();
        if (!repo.reviseObservation({ ...before, retracted: true }, before.version, at, actor)) throw staleObservation();
        audit(actor, 'visit.change', 'observation', observationId, at, { visitId: before.visitId, change: 'retracted' });
      });
      return repo.observation(observationId)!;
    },
  };
}
