/**
 * The visit room's key press (issue 15, cost per write): the finding and the
 * flags it derives, read once and written in one transaction.
 */
import { z } from 'zod';
import { FlagSource, FlagState } from '../../../../shared/domain/record';
import { choiceOf, ObservationInput } from '../../../../shared/domain/record-input';
import { currentByManeuver } from '../../../../shared/clinical/findings';
import type { Observation, VisitRecord } from '../../store/record-types';
import type { RecordContext } from './context';
import { writeAssessment } from './flags';
import { OBSERVATION_FIELDS } from './observations';
import { changedFields, parseInput, signedConflict, staleObservation, staleVisit } from './write';

/** What the rules may derive for a flag: never a clinician's own call. */
const DerivedAssessment = z.object({
  flagId: z.string(),
  state: choiceOf(FlagState, 'answer'),
  source: choiceOf(FlagSource, 'source').refine((s) => s !== 'clinician', { error: 'Only a clinician can record this assessment.' }),
  note: z.string().nullish(),
});
export type DerivedAssessment = z.input<typeof DerivedAssessment>;

const byFlagId = (a: { flagId: string }, b: { flagId: string }) => (a.flagId < b.flagId ? -1 : a.flagId > b.flagId ? 1 : 0);

export function findingCommands(ctx: RecordContext) {
  const { repo, now, write, audit } = ctx;

  /** Move a visit not started yet to "in progress", as the room always did when recording starts. */
  function startIfNeeded(r: VisitRecord, actor: string, at: string): void {
    const order = ['scheduled', 'waiting', 'in_progress'] as const;
    for (let i = order.indexOf(r.visit.status as (typeof order)[number]); i >= 0 && i < order.length - 1; i += 1) {
      if (!repo.moveStatus(r.visit.id, order[i]!, order[i + 1]!, at)) throw staleVisit();
      audit(actor, 'visit.status', 'visit', r.visit.id, at, { from: order[i]!, to: order[i + 1]! });
      // What the row now holds (store/record.ts setStatus), without reading it back.
      const to = order[i + 1]!;
      r.visit = { ...r.visit, status: to, updatedAt: at, startedAt: r.visit.startedAt ?? (to === 'in_progress' ? at : null), endedAt: to === 'in_progress' ? null : r.visit.endedAt };
    }
  }

  return {
    /**
     * In one transaction, read the record once, write the maneuver's observation (a new one, or a new
     * version of the current one; nothing when unchanged), then the flag assessments `derive` asks for
     * given the record with it (written by 'system'; a flag whose state, source and note are unchanged is
     * not written), each with its audit row. Returns the record as written. `derive` must be pure (it runs
     * inside the transaction).
     */
    async recordFinding(visitId: string, input: ObservationInput, derive: (record: VisitRecord) => DerivedAssessment[], actor: string): Promise<VisitRecord> {
      ctx.requireClinician(actor);
      const values = parseInput(ObservationInput, input);
      return write(() => {
        const r = ctx.recordOf(visitId, true);
        if (r.visit.status === 'signed') throw signedConflict();
        const at = now();
        startIfNeeded(r, actor, at);
        // The current (latest, not struck out) observation of this maneuver, as the room reads it.
        const current = currentByManeuver(r.observations).get(values.maneuverId);
        if (current) {
          const after: Observation = { ...current, ...values };
          const fields = changedFields(current, after, OBSERVATION_FIELDS);
          if (fields.length > 0) {
            if (!repo.reviseObservation(after, current.version, at, actor)) throw staleObservation();
            audit(actor, 'visit.change', 'observation', current.id, at, { visitId, change: 'edited', fields });
            const written = { ...after, version: current.version + 1, updatedAt: at, updatedBy: actor };
            r.observations = r.observations.map((o) => (o.id === written.id ? written : o));
          }
        } else {
          const id = ctx.newId();
          repo.insertObservation({ id, visitId, ...values, author: actor, observedAt: at });
          audit(actor, 'visit.change', 'observation', id, at, { visitId, change: 'added' });
          r.observations = [...r.observations, { id, visitId, ...values, retracted: false, author: actor, observedAt: at, version: 1, updatedAt: at, updatedBy: actor }];
        }
        for (const f of derive(r)) {
          const { flagId, state, source, note } = parseInput(DerivedAssessment, f);
          const previous = r.flagAssessments.find((a) => a.flagId === flagId);
          const n = note ?? null;
          if (previous && previous.state === state && previous.source === source && previous.note === n) continue;
          const written = writeAssessment(ctx, { visitId, flagId, state, source, note: n, author: 'system', at }, previous);
          r.flagAssessments = previous
            ? r.flagAssessments.map((a) => (a.flagId === flagId ? written : a))
            : [...r.flagAssessments, written].sort(byFlagId);
        }
        return r;
      });
    },
  };
}
