/** The plan: advice, confirmed doses, follow-up and body map. */
import { PlanInput } from '../../../../shared/domain/record-input';
import type { Plan } from '../../store/record-types';
import type { RecordContext } from './context';
import { changedFields, parseInput } from './write';

export function planCommands(ctx: RecordContext) {
  return {
    /** Record (or change, before signing) the plan: advice, analgesic dosing, follow-up. */
    async savePlan(visitId: string, input: PlanInput, actor: string): Promise<Plan> {
      ctx.requireClinician(actor);
      ctx.requireUnsigned(visitId);
      const plan = parseInput(PlanInput, input);
      const previous = ctx.repo.planOf(visitId);
      ctx.write(() => {
        const at = ctx.now();
        ctx.repo.recordPlan({
          visitId,
          advice: JSON.stringify(plan.advice),
          analgesia: plan.analgesia,
          followUp: JSON.stringify(plan.followUp),
          bodyMap: JSON.stringify(plan.bodyMap),
          by: actor,
          at,
        });
        ctx.audit(actor, 'visit.change', 'plan', visitId, at, {
          visitId,
          change: previous ? 'edited' : 'added',
          ...(previous ? { fields: changedFields<Pick<Plan, 'advice' | 'analgesia' | 'followUp' | 'bodyMap'>>(previous, plan, ['advice', 'analgesia', 'followUp', 'bodyMap']) } : {}),
        });
      });
      return ctx.repo.planOf(visitId)!;
    },
  };
}
