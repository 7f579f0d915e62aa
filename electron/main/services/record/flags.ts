/** Red-flag assessments: the clinician's (or the family's, or the app's) answer for one flag. */
import { FlagAssessmentInput } from '../../../../shared/domain/record-input';
import type { FlagAssessment } from '../../store/record-types';
import type { RecordContext } from './context';
import { changedFields, parseInput } from './write';

/** Who may record from which source: the family only through the intake; the app only what it derives. */
export function sourceRefusal(actor: string, source: unknown): { path: string; message: string }[] {
  const refused = (actor === 'family' && source !== 'family_intake') || (actor === 'system' && source === 'clinician');
  return refused ? [{ path: 'source', message: 'Only a clinician can record this assessment.' }] : [];
}

/** An assessment as written: the stored one's own parts (record-types.ts), and when. */
export type AssessmentWrite = Pick<FlagAssessment, 'visitId' | 'flagId' | 'state' | 'source' | 'note' | 'author'> & { at: string };

/**
 * Write one assessment and its audit row (inside the caller's write). `previous` is the stored one, or
 * undefined when there is none (the caller has read it). Returns the assessment as stored.
 */
export function writeAssessment(ctx: RecordContext, a: AssessmentWrite, previous: FlagAssessment | undefined): FlagAssessment {
  ctx.repo.recordAssessment(a, previous !== undefined);
  ctx.audit(a.author, 'visit.change', 'flag_assessment', `${a.visitId}/${a.flagId}`, a.at, {
    visitId: a.visitId,
    change: previous ? 'edited' : 'added',
    ...(previous ? { fields: changedFields(previous, { ...previous, state: a.state, source: a.source, note: a.note }, ['state', 'source', 'note']) } : {}),
  });
  return {
    visitId: a.visitId,
    flagId: a.flagId,
    state: a.state,
    source: a.source,
    note: a.note,
    author: a.author,
    assessedAt: a.at,
    version: (previous?.version ?? 0) + 1,
    updatedAt: a.at,
    updatedBy: a.author,
  };
}

export function flagCommands(ctx: RecordContext) {
  return {
    /** Record (or change, before signing) one red flag's assessment. */
    async assessFlag(visitId: string, input: FlagAssessmentInput, actor: string): Promise<FlagAssessment> {
      ctx.requireActor(actor);
      ctx.requireUnsigned(visitId);
      const { flagId, state, source, note } = parseInput(FlagAssessmentInput, input, sourceRefusal(actor, input?.source));
      const previous = ctx.repo.assessment(visitId, flagId);
      ctx.write(() => writeAssessment(ctx, { visitId, flagId, state, source, note, author: actor, at: ctx.now() }, previous));
      return ctx.repo.assessment(visitId, flagId)!;
    },
  };
}
