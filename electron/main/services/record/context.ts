/**
 * What every record command shares: the repositories, the clock, the write
 * helper, the guards on the actor and the visit's state, and the two reads
 * the commands answer with (the whole record, and what still blocks signing).
 */
import { AppError } from '../../../../shared/ipc/errors';
import { currentByManeuver } from '../../../../shared/clinical/findings';
import { evaluateStoredGate } from '../../../../shared/clinical/stored-gate';
import { activeCatalog } from '../../store/catalog';
import { createCallCheckRepository } from '../../store/call-checks';
import { createJoinTokenRepository } from '../../store/join-tokens';
import { createRecordRepository } from '../../store/record';
import type { GateStatus, VisitDetail, VisitRecord, VisitStatus } from '../../store/record-types';
import type { ServiceDeps } from '../deps';
import { createWriter, signedConflict } from './write';

/** A visit's status in the words the clinician reads. */
export const STATUS_WORDS: Record<VisitStatus, string> = {
  scheduled: 'scheduled',
  waiting: 'waiting',
  in_progress: 'in progress',
  awaiting_decision: 'awaiting decision',
  signed: 'signed',
};

export function createRecordContext(deps: ServiceDeps) {
  const { db, clock, newId } = deps;
  const repo = createRecordRepository(db);
  const tokens = createJoinTokenRepository(db);
  const callChecks = createCallCheckRepository(db);
  const clinicianExists = db.prepare(`SELECT 1 FROM clinicians WHERE id = ?`);
  const now = () => clock.now().toISOString();

  function requireVisit(visitId: string): VisitDetail {
    const v = repo.visit(visitId);
    if (!v) throw new AppError('NOT_FOUND', 'That visit was not found.');
    return v;
  }
  function requireUnsigned(visitId: string): VisitDetail {
    const v = requireVisit(visitId);
    if (v.status === 'signed') throw signedConflict();
    return v;
  }
  // Clinicians are never removed (their ids are referenced by the record), so a positive lookup can be kept.
  const knownClinicians = new Set<string>();
  function requireClinician(actor: string): void {
    if (knownClinicians.has(actor)) return;
    if (!clinicianExists.get(actor)) throw new AppError('LOCKED', 'Sign in as a clinician to do this.');
    knownClinicians.add(actor);
  }
  /** A clinician, or 'family' / 'system' where the family or the app itself can act. */
  function requireActor(actor: string): void {
    if (actor !== 'family' && actor !== 'system') requireClinician(actor);
  }

  /**
   * What still blocks signing, in the shared gate's words (shared/clinical/stored-gate.ts): the visit's
   * place in its life first, then every rule the SQL close-gate triggers check again at signing.
   */
  function gateOf(visitId: string, status: VisitStatus): GateStatus {
    const reasons: string[] = [];
    if (status !== 'awaiting_decision' && status !== 'signed') {
      reasons.push(`End the call and move the visit to “awaiting decision” first (it is ${STATUS_WORDS[status]}).`);
    }
    const catalog = activeCatalog(db);
    if (catalog.flags.length === 0) {
      reasons.push('The red-flag checklist is not loaded, so the visit cannot be checked. Restart the console; if this persists, contact support.');
    }
    const gate = evaluateStoredGate({
      flags: catalog.flags,
      movements: catalog.movements,
      assessments: repo.assessmentsOf(visitId),
      decision: repo.decisionOf(visitId),
      examined: new Set(currentByManeuver(repo.observationsOf(visitId)).keys()),
      callCheckRecorded: callChecks.current(visitId) !== null,
    });
    reasons.push(...gate.blockingReasons.map((r) => r.message));
    return { ok: reasons.length === 0, reasons };
  }
  const gateOfVisit = (visit: VisitDetail): GateStatus => (visit.status === 'signed' ? { ok: true, reasons: [] } : gateOf(visit.id, visit.status));

  /**
   * The whole record. `lazy`: the parts the visit room's key press does not show (still images, the store's
   * gate reasons) are read only if asked for, when asked for (issue 15, cost per write).
   */
  function recordOf(visitId: string, lazy = false): VisitRecord {
    // The small parts in one statement, then the observations and assessments (issue 15, cost per write).
    const head = repo.head(visitId);
    if (!head) throw new AppError('NOT_FOUND', 'That visit was not found.');
    const { visit, patient: live } = head;
    if (!live) throw new AppError('NOT_FOUND', 'That patient was not found.');
    // Frozen means frozen: a signed visit shows the details it was signed with, whatever changed since.
    const snapshot = visit.status === 'signed' ? repo.signedSnapshotOf(visitId, live.id) : null;
    const record: VisitRecord = {
      visit,
      patient: snapshot ? snapshot.patient : live,
      signedSnapshot: snapshot,
      guardians: snapshot ? snapshot.guardians : head.guardians,
      intake: head.intake,
      observations: repo.observationsOf(visitId),
      flagAssessments: repo.assessmentsOf(visitId),
      decision: head.decision,
      plan: head.plan,
      consents: head.consents,
      images: lazy ? [] : repo.imagesOf(visitId),
      addenda: head.addenda,
      gate: lazy ? { ok: false, reasons: [] } : gateOfVisit(visit),
    };
    if (lazy) {
      Object.defineProperty(record, 'images', { enumerable: true, get: () => repo.imagesOf(visitId) });
      Object.defineProperty(record, 'gate', { enumerable: true, get: () => gateOfVisit(record.visit) });
    }
    return record;
  }

  return {
    db,
    clock,
    newId,
    deps,
    repo,
    tokens,
    now,
    ...createWriter(db),
    requireVisit,
    requireUnsigned,
    requireClinician,
    requireActor,
    gateOf,
    gateOfVisit,
    recordOf,
  };
}
export type RecordContext = ReturnType<typeof createRecordContext>;
