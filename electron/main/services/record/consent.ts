/** The family's consent to still images, and its withdrawal. */
import { AppError } from '../../../../shared/ipc/errors';
import { ConsentInput } from '../../../../shared/domain/record-input';
import type { Consent } from '../../store/record-types';
import type { RecordContext } from './context';
import { parseInput } from './write';

export function consentCommands(ctx: RecordContext) {
  return {
    /** Record that the family agreed to still images for this visit. */
    async recordConsent(visitId: string, input: ConsentInput, actor: string): Promise<Consent> {
      ctx.requireClinician(actor);
      ctx.requireUnsigned(visitId);
      const { kind, givenBy } = parseInput(ConsentInput, input);
      const id = ctx.newId();
      ctx.write(() => {
        const at = ctx.now();
        ctx.repo.insertConsent({ id, visitId, kind, givenBy, by: actor, at });
        ctx.audit(actor, 'visit.change', 'consent', id, at, { visitId, change: 'added', kind });
      });
      return ctx.repo.consent(id)!;
    },

    async withdrawConsent(consentId: string, actor: string): Promise<Consent> {
      ctx.requireClinician(actor);
      const consent = ctx.repo.consent(consentId);
      if (!consent) throw new AppError('NOT_FOUND', 'That consent was not found.');
      ctx.requireUnsigned(consent.visitId);
      if (consent.withdrawnAt) return consent;
      ctx.write(() => {
        const at = ctx.now();
        ctx.repo.withdrawConsent(consentId, actor, at);
        ctx.audit(actor, 'visit.change', 'consent', consentId, at, { visitId: consent.visitId, change: 'withdrawn' });
      });
      return ctx.repo.consent(consentId)!;
    },
  };
}
