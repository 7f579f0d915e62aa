/** Signing: the close gate, then the frozen record. */
import { AppError } from '../../../../shared/ipc/errors';
import { activeCatalog } from '../../store/catalog';
import type { VisitRecord } from '../../store/record-types';
import type { RecordContext } from './context';
import { staleVisit } from './write';

export function signCommands(ctx: RecordContext) {
  return {
    /**
     * Sign the visit: refuses with GATE_BLOCKED listing every reason, or
     * freezes the record (signed_at, signed_by, the catalog version checked)
     * and revokes the visit's unused join links.
     */
    async sign(visitId: string, actor: string): Promise<VisitRecord> {
      ctx.requireClinician(actor);
      const v = ctx.requireUnsigned(visitId);
      ctx.write(() => {
        const gate = ctx.gateOf(visitId, v.status);
        if (!gate.ok) {
          throw new AppError(
            'GATE_BLOCKED',
            'The visit cannot be signed yet.',
            gate.reasons.map((message) => ({ path: 'gate', message })),
          );
        }
        const at = ctx.now();
        const catalogVersion = activeCatalog(ctx.db).version;
        if (!ctx.repo.markSigned(visitId, at, actor, catalogVersion)) throw staleVisit();
        ctx.tokens.revokeAll(visitId, ctx.clock.now());
        ctx.audit(actor, 'visit.sign', 'visit', visitId, at, { catalogVersion });
        // Same transaction: a signature is never committed without its EHR delivery (issue 12).
        if (ctx.deps.ehrOutbox?.enabled()) ctx.deps.ehrOutbox.enqueue(visitId, 'signed', at, actor);
      });
      return ctx.recordOf(visitId);
    },
  };
}
