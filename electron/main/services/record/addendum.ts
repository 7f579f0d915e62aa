/** Addenda: a correction or addition to a signed visit, linked to the entry it corrects. */
import { AppError, type FieldError } from '../../../../shared/ipc/errors';
import { AddendumInput } from '../../../../shared/domain/record-input';
import type { Addendum } from '../../store/record-types';
import type { RecordContext } from './context';
import { parseInput } from './write';

export function addendumCommands(ctx: RecordContext) {
  const { repo } = ctx;

  /** The entry an addendum says it corrects must be part of this visit. */
  function belongs(visitId: string, corrects: { entity?: unknown; id?: unknown }): boolean {
    const id = corrects.id;
    if (typeof id !== 'string') return false;
    switch (corrects.entity) {
      case 'observation':
        return repo.observation(id)?.visitId === visitId;
      case 'flag_assessment': {
        const [v, flag] = id.split('/');
        return v === visitId && flag !== undefined && repo.assessment(visitId, flag) !== undefined;
      }
      case 'escalation_decision':
        return id === visitId && repo.decisionOf(visitId) !== null;
      case 'plan':
        return id === visitId && repo.planOf(visitId) !== null;
      case 'intake':
        return id === visitId && repo.intakeOf(visitId) !== null;
      case 'still_image':
        return repo.imagesOf(visitId).some((i) => i.id === id);
      case 'consent':
        return repo.consent(id)?.visitId === visitId;
      case 'visit':
        return id === visitId;
      default:
        return false;
    }
  }

  return {
    /** A correction or addition to a signed visit, linked to the entry it corrects. */
    async addAddendum(visitId: string, input: AddendumInput, actor: string): Promise<Addendum> {
      ctx.requireClinician(actor);
      const v = ctx.requireVisit(visitId);
      if (v.status !== 'signed') throw new AppError('CONFLICT', 'This visit is not signed yet: change the entry itself instead of adding an addendum.');
      const target = (input as { corrects?: unknown } | null)?.corrects;
      const more: FieldError[] =
        target && typeof target === 'object' && !belongs(visitId, target) ? [{ path: 'corrects', message: 'The entry to correct is not part of this visit.' }] : [];
      const { reason, text, corrects } = parseInput(AddendumInput, input, more);
      const id = ctx.newId();
      ctx.write(() => {
        const at = ctx.now();
        repo.insertAddendum({ id, visitId, by: actor, at, reason, text, correctsEntity: corrects?.entity ?? null, correctsId: corrects?.id ?? null });
        ctx.audit(actor, 'addendum.add', 'addendum', id, at, { visitId, corrects: corrects?.entity ?? null });
        // The addendum's document version replaces the delivered one (relatesTo replaces).
        if (ctx.deps.ehrOutbox?.enabled()) ctx.deps.ehrOutbox.enqueue(visitId, 'addendum', at, actor);
      });
      return repo.addendaOf(visitId).find((a) => a.id === id)!;
    },
  };
}
