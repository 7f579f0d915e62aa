/** Reading a visit's record, moving it along its life, and noting its exports. */
import { AppError } from '../../../../shared/ipc/errors';
import { ExportInput } from '../../../../shared/domain/record-input';
import { VISIT_TRANSITIONS, type GateStatus, type Revision, type VisitDetail, type VisitRecord, type VisitStatus } from '../../store/record-types';
import { STATUS_WORDS, type RecordContext } from './context';
import { parseInput, staleVisit } from './write';

export function visitCommands(ctx: RecordContext) {
  const { repo, now, write, audit } = ctx;
  return {
    /** The full record for the visit room, audited as an opening of the visit. */
    async openVisit(visitId: string, actor: string): Promise<VisitRecord> {
      ctx.requireActor(actor);
      const record = ctx.recordOf(visitId);
      write(() => audit(actor, 'visit.open', 'visit', visitId, now()));
      return record;
    },

    /** Ids of a patient's visits, oldest first (for the pain chart across visits). */
    async visitIdsOfPatient(patientId: string): Promise<string[]> {
      return repo.visitIdsOfPatient(patientId);
    },

    /** The full record without an audit row (for code that audits its own use, e.g. exports via recordExport). */
    async getVisitRecord(visitId: string): Promise<VisitRecord> {
      return ctx.recordOf(visitId);
    },

    /** What still blocks signing, for the visit room to show as the clinician works. */
    async gateStatus(visitId: string): Promise<GateStatus> {
      return ctx.gateOfVisit(ctx.requireVisit(visitId));
    },

    /** Move the visit along its life: scheduled → waiting → in progress → awaiting decision (sign() does the last step). */
    async setStatus(visitId: string, to: Exclude<VisitStatus, 'signed' | 'scheduled'>, actor: string): Promise<VisitDetail> {
      ctx.requireActor(actor);
      const v = ctx.requireUnsigned(visitId);
      if (v.status === to) return v;
      if (!VISIT_TRANSITIONS.some(([a, b]) => a === v.status && b === to) || to === ('signed' as VisitStatus)) {
        throw new AppError('CONFLICT', `A visit that is ${STATUS_WORDS[v.status]} cannot move to ${STATUS_WORDS[to]}.`);
      }
      if (to !== 'waiting') ctx.requireClinician(actor);
      write(() => {
        const at = now();
        if (!repo.moveStatus(visitId, v.status, to, at)) throw staleVisit();
        audit(actor, 'visit.status', 'visit', visitId, at, { from: v.status, to });
      });
      return ctx.requireVisit(visitId);
    },

    /** Note that the visit was exported (PDF, FHIR, print…); call once per export, after it succeeded. */
    async recordExport(visitId: string, input: { format: string }, actor: string): Promise<void> {
      ctx.requireActor(actor);
      ctx.requireVisit(visitId);
      const { format } = parseInput(ExportInput, input);
      write(() => audit(actor, 'visit.export', 'visit', visitId, now(), { format }));
    },

    /** Earlier versions of the visit's entries, oldest first (what changed before signing). */
    async revisions(visitId: string): Promise<Revision[]> {
      ctx.requireVisit(visitId);
      return repo.revisionsOf(visitId);
    },
  };
}
