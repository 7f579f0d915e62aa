/**
 * The visit record's repository: intention-named reads and writes with
 * parameterised SQL only. No rules live here beyond what the schema and
 * triggers enforce; the domain service (services/record/) validates,
 * checks transitions and the close gate, and audits in the same transaction.
 */
import type { Database } from 'better-sqlite3';
import type {
  Addendum,
  Consent,
  EscalationDecision,
  FlagAssessment,
  Guardian,
  Intake,
  Observation,
  PatientDetail,
  SignedSnapshot,
  Plan,
  Revision,
  StillImageMeta,
  VisitDetail,
  VisitStatus,
} from './record-types';
import type { StoredDose } from '../../../shared/domain/record';
import {
  toAddendum,
  toAssessment,
  toConsent,
  toDecision,
  toImage,
  toIntake,
  toObservation,
  toPatient,
  toPlan,
  toRevision,
  toSignedSnapshot,
  toVisit,
  type Row,
} from './record-rows';

import { createRecordHeadReader, type RecordHead } from './record-head';

/** The row readers other repositories share (store/intakes.ts). */
export { toIntake, toVisit } from './record-rows';

export function createRecordRepository(db: Database) {
  const q = {
    visit: db.prepare(`SELECT * FROM visits WHERE id = ?`),
    patient: db.prepare(
      `SELECT id, child_name, date_of_birth, sex, weight_kg, weight_recorded_at, is_demo FROM patients WHERE id = ?`,
    ),
    visitsOfPatient: db.prepare(`SELECT id FROM visits WHERE patient_id = ? ORDER BY scheduled_start, id`),
    guardians: db.prepare(`SELECT id, name, phone FROM guardians WHERE patient_id = ? ORDER BY created_at, id`),
    signedSnapshot: db.prepare(`SELECT * FROM signed_snapshots WHERE visit_id = ?`),
    intake: db.prepare(`SELECT * FROM intakes WHERE visit_id = ?`),
    setStatus: db.prepare(
      `UPDATE visits SET status = @to, updated_at = @at,
         started_at = coalesce(started_at, CASE WHEN @to = 'in_progress' THEN @at END),
         ended_at = CASE WHEN @to = 'awaiting_decision' THEN @at WHEN @to = 'in_progress' THEN NULL ELSE ended_at END
       WHERE id = @id AND status = @from`,
    ),
    sign: db.prepare(
      `UPDATE visits SET status = 'signed', signed_at = @at, signed_by = @by, signed_catalog_version = @catalogVersion,
         updated_at = @at WHERE id = @id AND status = 'awaiting_decision'`,
    ),
    insertObservation: db.prepare(
      `INSERT INTO observations (id, visit_id, maneuver_id, result, side, pain_score, pain_scale, note, fields_json, retracted,
         author, observed_at, version, updated_at, updated_by)
       VALUES (@id, @visitId, @maneuverId, @result, @side, @painScore, @painScale, @note, @fieldsJson, 0,
         @author, @observedAt, 1, @observedAt, @author)`,
    ),
    observation: db.prepare(`SELECT * FROM observations WHERE id = ?`),
    observationsOf: db.prepare(`SELECT * FROM observations WHERE visit_id = ? ORDER BY observed_at, id`),
    updateObservation: db.prepare(
      `UPDATE observations SET maneuver_id = @maneuverId, result = @result, side = @side, pain_score = @painScore,
         pain_scale = @painScale, note = @note, fields_json = @fieldsJson, retracted = @retracted, version = version + 1,
         updated_at = @at, updated_by = @by
       WHERE id = @id AND version = @expectedVersion`,
    ),
    assessment: db.prepare(`SELECT * FROM flag_assessments WHERE visit_id = ? AND flag_id = ?`),
    assessmentsOf: db.prepare(`SELECT * FROM flag_assessments WHERE visit_id = ? ORDER BY flag_id`),
    insertAssessment: db.prepare(
      `INSERT INTO flag_assessments (visit_id, flag_id, state, source, note, author, assessed_at, version, updated_at, updated_by)
       VALUES (@visitId, @flagId, @state, @source, @note, @author, @at, 1, @at, @author)`,
    ),
    updateAssessment: db.prepare(
      `UPDATE flag_assessments SET state = @state, source = @source, note = @note, author = @author, assessed_at = @at,
         version = version + 1, updated_at = @at, updated_by = @author
       WHERE visit_id = @visitId AND flag_id = @flagId`,
    ),
    decision: db.prepare(`SELECT * FROM escalation_decisions WHERE visit_id = ?`),
    insertDecision: db.prepare(
      `INSERT INTO escalation_decisions (visit_id, tier, rationale, family_told, decided_by, decided_at, version, updated_at, updated_by)
       VALUES (@visitId, @tier, @rationale, @familyTold, @by, @at, 1, @at, @by)`,
    ),
    updateDecision: db.prepare(
      `UPDATE escalation_decisions SET tier = @tier, rationale = @rationale, family_told = @familyTold, decided_by = @by, decided_at = @at,
         version = version + 1, updated_at = @at, updated_by = @by WHERE visit_id = @visitId`,
    ),
    plan: db.prepare(`SELECT * FROM plans WHERE visit_id = ?`),
    insertPlan: db.prepare(
      `INSERT INTO plans (visit_id, advice_json, analgesia_json, follow_up_json, body_map_json, author, written_at, version, updated_at, updated_by)
       VALUES (@visitId, @advice, @analgesia, @followUp, @bodyMap, @by, @at, 1, @at, @by)`,
    ),
    dosesOf: db.prepare(`SELECT * FROM plan_doses WHERE visit_id = ? AND plan_version = ? ORDER BY position`),
    insertDose: db.prepare(
      `INSERT INTO plan_doses (visit_id, plan_version, position, drug, product_id, strength_mg, strength_ml, dose_mg, dose_ml, mg_per_kg,
         interval_hours, max_doses_per_24h, max_mg_per_24h, stop_after_days, weight_override_reason, note)
       VALUES (@visitId, @planVersion, @position, @drug, @productId, @strengthMg, @strengthMl, @doseMg, @doseMl, @mgPerKg,
         @intervalHours, @maxDosesPer24h, @maxMgPer24h, @stopAfterDays, @weightOverrideReason, @note)`,
    ),
    updatePlan: db.prepare(
      `UPDATE plans SET advice_json = @advice, analgesia_json = @analgesia, follow_up_json = @followUp, body_map_json = @bodyMap, author = @by,
         written_at = @at, version = version + 1, updated_at = @at, updated_by = @by WHERE visit_id = @visitId`,
    ),
    insertConsent: db.prepare(
      `INSERT INTO consents (id, visit_id, kind, given_by, recorded_by, recorded_at) VALUES (@id, @visitId, @kind, @givenBy, @by, @at)`,
    ),
    consent: db.prepare(`SELECT * FROM consents WHERE id = ?`),
    consentsOf: db.prepare(`SELECT * FROM consents WHERE visit_id = ? ORDER BY recorded_at, id`),
    liveConsent: db.prepare(
      `SELECT * FROM consents WHERE visit_id = ? AND kind = ? AND withdrawn_at IS NULL ORDER BY recorded_at DESC, id DESC LIMIT 1`,
    ),
    withdrawConsent: db.prepare(
      `UPDATE consents SET withdrawn_at = @at, withdrawn_by = @by WHERE id = @id AND withdrawn_at IS NULL`,
    ),
    insertImage: db.prepare(
      `INSERT INTO still_images (id, visit_id, consent_id, mime, byte_size, data, caption, captured_by, captured_at)
       VALUES (@id, @visitId, @consentId, @mime, @byteSize, @data, @caption, @by, @at)`,
    ),
    imagesOf: db.prepare(
      `SELECT id, visit_id, consent_id, mime, byte_size, caption, captured_by, captured_at
       FROM still_images WHERE visit_id = ? ORDER BY captured_at, id`,
    ),
    image: db.prepare(`SELECT * FROM still_images WHERE id = ?`),
    insertAddendum: db.prepare(
      `INSERT INTO addenda (id, visit_id, author, created_at, reason, text, corrects_entity, corrects_id)
       VALUES (@id, @visitId, @by, @at, @reason, @text, @correctsEntity, @correctsId)`,
    ),
    addendaOf: db.prepare(`SELECT * FROM addenda WHERE visit_id = ? ORDER BY created_at, id`),
    revisionsOf: db.prepare(`SELECT * FROM clinical_revisions WHERE visit_id = ? ORDER BY seq`),
  };

  const readHead = createRecordHeadReader(db);

  return {
    /**
     * The record's small parts (visit, patient, guardians, intake, decision, plan, consents, addenda) in one
     * statement, plus the plan's doses when there is a plan; undefined for an unknown visit.
     */
    head(visitId: string): (Omit<RecordHead, 'planRow'> & { plan: Plan | null }) | undefined {
      const h = readHead(visitId);
      if (!h) return undefined;
      const { planRow, ...rest } = h;
      return { ...rest, plan: planRow ? toPlan(planRow, q.dosesOf.all(visitId, planRow.version) as Row[]) : null };
    },
    /** Ids of a patient's visits, oldest first. */
    visitIdsOfPatient(patientId: string): string[] {
      return (q.visitsOfPatient.all(patientId) as { id: string }[]).map((r) => r.id);
    },
    visit(id: string): VisitDetail | undefined {
      const r = q.visit.get(id) as Row | undefined;
      return r ? toVisit(r) : undefined;
    },
    patient(id: string): PatientDetail | undefined {
      const r = q.patient.get(id) as Row | undefined;
      return r ? toPatient(r) : undefined;
    },
    guardiansOf(patientId: string): Guardian[] {
      return q.guardians.all(patientId) as Guardian[];
    },
    /**
     * The patient, guardians and signer as they were when the visit was signed
     * (0009; exports and the room read these for a signed visit), or null.
     * A snapshot that does not read as expected yields null, never a throw:
     * the live rows are shown then.
     */
    signedSnapshotOf(visitId: string, patientId: string): SignedSnapshot | null {
      const r = q.signedSnapshot.get(visitId) as Row | undefined;
      return r ? toSignedSnapshot(r, patientId) : null;
    },
    intakeOf(visitId: string): Intake | null {
      const r = q.intake.get(visitId) as Row | undefined;
      return r ? toIntake(r) : null;
    },
    /** Compare-and-set on the status, so two windows cannot both move it. Returns false when it had changed. */
    moveStatus(id: string, from: VisitStatus, to: VisitStatus, at: string): boolean {
      return q.setStatus.run({ id, from, to, at }).changes === 1;
    },
    markSigned(id: string, at: string, by: string, catalogVersion: string | null): boolean {
      return q.sign.run({ id, at, by, catalogVersion }).changes === 1;
    },

    insertObservation(o: {
      id: string;
      visitId: string;
      maneuverId: string;
      result: string;
      side: string;
      painScore: number | null;
      painScale: string | null;
      note: string | null;
      fields: Record<string, unknown>;
      author: string;
      observedAt: string;
    }): void {
      const { fields, ...rest } = o;
      q.insertObservation.run({ ...rest, fieldsJson: JSON.stringify(fields) });
    },
    observation(id: string): Observation | undefined {
      const r = q.observation.get(id) as Row | undefined;
      return r ? toObservation(r) : undefined;
    },
    observationsOf(visitId: string): Observation[] {
      return (q.observationsOf.all(visitId) as Row[]).map(toObservation);
    },
    /** Optimistic: changes the row only if it is still at `expectedVersion`. */
    reviseObservation(o: Observation, expectedVersion: number, at: string, by: string): boolean {
      return (
        q.updateObservation.run({
          id: o.id,
          maneuverId: o.maneuverId,
          result: o.result,
          side: o.side,
          painScore: o.painScore,
          painScale: o.painScale,
          note: o.note,
          fieldsJson: JSON.stringify(o.fields),
          retracted: o.retracted ? 1 : 0,
          expectedVersion,
          at,
          by,
        }).changes === 1
      );
    },

    assessment(visitId: string, flagId: string): FlagAssessment | undefined {
      const r = q.assessment.get(visitId, flagId) as Row | undefined;
      return r ? toAssessment(r) : undefined;
    },
    assessmentsOf(visitId: string): FlagAssessment[] {
      return (q.assessmentsOf.all(visitId) as Row[]).map(toAssessment);
    },
    /** Insert or update; `exists` when the caller already knows whether the row is there (saves a read on the hot path). */
    recordAssessment(a: { visitId: string; flagId: string; state: string; source: string; note: string | null; author: string; at: string }, exists?: boolean): void {
      if (exists ?? q.assessment.get(a.visitId, a.flagId)) q.updateAssessment.run(a);
      else q.insertAssessment.run(a);
    },

    decisionOf(visitId: string): EscalationDecision | null {
      const r = q.decision.get(visitId) as Row | undefined;
      return r ? toDecision(r) : null;
    },
    recordDecision(d: { visitId: string; tier: string; rationale: string | null; familyTold: string | null; by: string; at: string }): void {
      if (q.decision.get(d.visitId)) q.updateDecision.run(d);
      else q.insertDecision.run(d);
    },

    planOf(visitId: string): Plan | null {
      const r = q.plan.get(visitId) as Row | undefined;
      return r ? toPlan(r, q.dosesOf.all(visitId, r.version) as Row[]) : null;
    },
    /** Writes the plan as a new version and its doses as rows of that version (call inside a transaction). */
    recordPlan(p: { visitId: string; advice: string; analgesia: readonly StoredDose[]; followUp: string; bodyMap: string; by: string; at: string }): void {
      const { analgesia, ...row } = p;
      const plan = { ...row, analgesia: '[]' };
      const previous = q.plan.get(p.visitId) as Row | undefined;
      if (previous) q.updatePlan.run(plan);
      else q.insertPlan.run(plan);
      const planVersion = previous ? (previous.version as number) + 1 : 1;
      analgesia.forEach((d, position) => q.insertDose.run({ visitId: p.visitId, planVersion, position, ...d }));
    },

    insertConsent(c: { id: string; visitId: string; kind: string; givenBy: string; by: string; at: string }): void {
      q.insertConsent.run(c);
    },
    consent(id: string): Consent | undefined {
      const r = q.consent.get(id) as Row | undefined;
      return r ? toConsent(r) : undefined;
    },
    consentsOf(visitId: string): Consent[] {
      return (q.consentsOf.all(visitId) as Row[]).map(toConsent);
    },
    liveConsent(visitId: string, kind: string): Consent | undefined {
      const r = q.liveConsent.get(visitId, kind) as Row | undefined;
      return r ? toConsent(r) : undefined;
    },
    withdrawConsent(id: string, by: string, at: string): boolean {
      return q.withdrawConsent.run({ id, by, at }).changes === 1;
    },

    insertImage(i: {
      id: string;
      visitId: string;
      consentId: string;
      mime: string;
      byteSize: number;
      data: Uint8Array;
      caption: string | null;
      by: string;
      at: string;
    }): void {
      q.insertImage.run(i);
    },
    imagesOf(visitId: string): StillImageMeta[] {
      return (q.imagesOf.all(visitId) as Row[]).map(toImage);
    },
    image(id: string): { meta: StillImageMeta; data: Buffer } | undefined {
      const r = q.image.get(id) as Row | undefined;
      return r ? { meta: toImage(r), data: r.data as Buffer } : undefined;
    },

    insertAddendum(a: {
      id: string;
      visitId: string;
      by: string;
      at: string;
      reason: string;
      text: string;
      correctsEntity: string | null;
      correctsId: string | null;
    }): void {
      q.insertAddendum.run(a);
    },
    addendaOf(visitId: string): Addendum[] {
      return (q.addendaOf.all(visitId) as Row[]).map(toAddendum);
    },
    revisionsOf(visitId: string): Revision[] {
      return (q.revisionsOf.all(visitId) as Row[]).map(toRevision);
    },
  };
}
export type RecordRepository = ReturnType<typeof createRecordRepository>;
