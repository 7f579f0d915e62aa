/** The escalation decision: the tier, why, and what the family was told. */
import { DecisionInput } from '../../../../shared/domain/record-input';
import type { EscalationDecision } from '../../store/record-types';
import type { RecordContext } from './context';
import { changedFields, parseInput } from './write';

export function decisionCommands(ctx: RecordContext) {
  return {
    /** Record (or change, before signing) the escalation decision. */
    async decide(visitId: string, input: DecisionInput, actor: string): Promise<EscalationDecision> {
      ctx.requireClinician(actor);
      ctx.requireUnsigned(visitId);
      const { tier, rationale, familyTold } = parseInput(DecisionInput, input);
      const previous = ctx.repo.decisionOf(visitId);
      ctx.write(() => {
        const at = ctx.now();
        ctx.repo.recordDecision({ visitId, tier, rationale, familyTold, by: actor, at });
        ctx.audit(actor, 'visit.change', 'escalation_decision', visitId, at, {
          visitId,
          change: previous ? 'edited' : 'added',
          ...(previous ? { fields: changedFields(previous, { ...previous, tier, rationale, familyTold }, ['tier', 'rationale', 'familyTold']) } : {}),
        });
      });
      return ctx.repo.decisionOf(visitId)!;
    },
  };
}
