/**
 * Schedule in, the write half (schedule.ts is the pull): one appointment
 * written in one transaction with its audit rows, under the conflict rule
 * (schedule-conflict.ts) that decides whether the EHR or the console wins.
 */
import type { Database } from 'better-sqlite3';
import { appendAudit } from '../store/audit';
import { describe, judgeSchedule, OTHER_PATIENT_CONFLICT } from './schedule-conflict';
import type { AppointmentR, Fields, NewPatient } from './schedule-read';
import type { SchedulePullOptions } from './schedule';

interface LinkRow {
  visit_id: string;
  ehr_patient_id: string;
  ehr_start: string;
  ehr_minutes: number;
  ehr_reason: string | null;
  ehr_cancelled: number;
  cancelled_at: string | null;
  conflict: string | null;
}
interface VisitRow {
  scheduled_start: string;
  duration_minutes: number;
  reason: string | null;
  status: string;
  started_at: string | null;
}

/** Tables whose rows are clinical data about a visit: any row there and the EHR no longer moves or cancels it. */
const CLINICAL_TABLES = ['intakes', 'observations', 'flag_assessments', 'escalation_decisions', 'plans', 'consents', 'still_images', 'addenda'] as const;

/** The writer of one pull: (appointment, its fields, its EHR patient, the new patient if unlinked) → outcome, in one transaction. */
export function createWriter(db: Database, o: SchedulePullOptions, practitionerId: string) {
  const at = o.now.toISOString();
  const link = db.prepare(
    `SELECT visit_id, ehr_patient_id, ehr_start, ehr_minutes, ehr_reason, ehr_cancelled, cancelled_at, conflict FROM ehr_appointments WHERE appointment_id = ?`,
  );
  const patientOf = db.prepare(`SELECT patient_id FROM ehr_patients WHERE ehr_patient_id = ?`).pluck();
  const visitRow = db.prepare(`SELECT scheduled_start, duration_minutes, reason, status, started_at FROM visits WHERE id = ?`);
  const hasClinical = db.prepare(CLINICAL_TABLES.map((t) => `SELECT 1 FROM ${t} WHERE visit_id = @id`).join(' UNION ALL ') + ' LIMIT 1');
  const insertPatient = db.prepare(
    `INSERT INTO patients (id, child_name, name_search, date_of_birth, sex, weight_kg, weight_recorded_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertGuardian = db.prepare(`INSERT INTO guardians (id, patient_id, name, phone, email, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const insertPatientLink = db.prepare(`INSERT INTO ehr_patients (ehr_patient_id, patient_id, version_id, last_updated, linked_at) VALUES (?, ?, ?, ?, ?)`);
  const insertVisit = db.prepare(
    `INSERT INTO visits (id, patient_id, scheduled_start, duration_minutes, reason, status, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'scheduled', ?, ?)`,
  );
  const insertLink = db.prepare(
    `INSERT INTO ehr_appointments (appointment_id, visit_id, ehr_patient_id, practitioner_id, version_id, last_updated, ehr_status, ehr_start, ehr_minutes, ehr_reason, ehr_cancelled, cancelled_at, first_pulled_at, last_pulled_at)
     VALUES (@id, @visitId, @patientId, @practitionerId, @versionId, @lastUpdated, @status, @start, @minutes, @reason, @cancelled, NULL, @at, @at)`,
  );
  const updateVisit = db.prepare(`UPDATE visits SET scheduled_start = ?, duration_minutes = ?, reason = ?, updated_at = ? WHERE id = ?`);
  const applyLink = db.prepare(
    `UPDATE ehr_appointments SET version_id = @versionId, last_updated = @lastUpdated, ehr_status = @status, ehr_start = @start, ehr_minutes = @minutes,
       ehr_reason = @reason, ehr_cancelled = @cancelled, cancelled_at = @cancelledAt, conflict = NULL, last_pulled_at = @at WHERE appointment_id = @id`,
  );
  const conflictLink = db.prepare(
    `UPDATE ehr_appointments SET version_id = @versionId, last_updated = @lastUpdated, conflict = @conflict, last_pulled_at = @at WHERE appointment_id = @id`,
  );
  const audit = (entity: string, entityId: string, detail: Record<string, string | number | boolean | null | readonly string[]>, action: 'ehr.schedule' | 'patient.create' | 'visit.create' = 'ehr.schedule') =>
    appendAudit(db, { actor: o.actor, action, entity, entityId, at, detail });

  return db.transaction((a: AppointmentR, e: Fields, ehrPatientId: string, np: NewPatient | null): { outcome: 'added' | 'updated' | 'unchanged' | 'conflict'; visitId: string | null; message: string } => {
    const versionId = a.meta?.versionId ?? null;
    const lastUpdated = a.meta?.lastUpdated ?? null;
    const existing = link.get(a.id) as LinkRow | undefined;

    if (!existing) {
      if (e.cancelled) return { outcome: 'unchanged', visitId: null, message: '' }; // cancelled before it ever reached the console: nothing to add
      let patientId = patientOf.get(ehrPatientId) as string | undefined;
      if (!patientId) {
        if (!np) throw new Error('patient details missing'); // read above for every unlinked patient
        patientId = o.newId();
        const guardianId = o.newId();
        insertPatient.run(patientId, np.childName, np.childName.toLowerCase(), np.dateOfBirth, np.sex, np.weightKg, np.weightAt, at);
        insertGuardian.run(guardianId, patientId, np.guardian.name, np.guardian.phone, np.guardian.email, at);
        insertPatientLink.run(ehrPatientId, patientId, np.versionId, np.lastUpdated, at);
        audit('patient', patientId, { guardianId, source: 'ehr', ehrPatientId }, 'patient.create');
      }
      const visitId = o.newId();
      insertVisit.run(visitId, patientId, e.start, e.minutes, e.reason, at, o.actor);
      insertLink.run({ id: a.id, visitId, patientId: ehrPatientId, practitionerId, versionId, lastUpdated, status: a.status, start: e.start, minutes: e.minutes, reason: e.reason, cancelled: 0, at });
      audit('visit', visitId, { patientId, source: 'ehr', appointmentId: a.id }, 'visit.create');
      audit('visit', visitId, { outcome: 'added', appointmentId: a.id, versionId });
      return { outcome: 'added', visitId, message: `Added: ${describe(e)}.` };
    }

    if (existing.ehr_patient_id !== ehrPatientId) {
      const conflict = OTHER_PATIENT_CONFLICT;
      conflictLink.run({ id: a.id, versionId, lastUpdated, at, conflict });
      if (conflict !== existing.conflict) audit('visit', existing.visit_id, { outcome: 'conflict', appointmentId: a.id, versionId, fields: ['patient'], kept: 'local', reason: 'other-patient' });
      return { outcome: 'conflict', visitId: existing.visit_id, message: conflict };
    }
    const v = visitRow.get(existing.visit_id) as VisitRow;
    const local: Fields = { start: new Date(v.scheduled_start).toISOString(), minutes: v.duration_minutes, reason: v.reason, cancelled: existing.cancelled_at !== null };
    const last: Fields = { start: existing.ehr_start, minutes: existing.ehr_minutes, reason: existing.ehr_reason, cancelled: existing.ehr_cancelled === 1 };
    const base = { id: a.id, versionId, lastUpdated, at };
    const judgement = judgeSchedule(e, local, last, {
      started: v.status !== 'scheduled' || v.started_at !== null,
      holdsClinicalData: () => hasClinical.get({ id: existing.visit_id }) !== undefined,
    });

    if (judgement.kind === 'agree') {
      applyLink.run({ ...base, status: a.status, start: e.start, minutes: e.minutes, reason: e.reason, cancelled: e.cancelled ? 1 : 0, cancelledAt: existing.cancelled_at });
      return { outcome: 'unchanged', visitId: existing.visit_id, message: existing.conflict ? 'The EHR and the console agree again.' : '' };
    }
    if (judgement.kind === 'conflict') {
      const conflict = judgement.message;
      conflictLink.run({ ...base, conflict: conflict.slice(0, 1000) });
      if (conflict !== existing.conflict) audit('visit', existing.visit_id, { outcome: 'conflict', appointmentId: a.id, versionId, fields: judgement.fields, kept: 'local', reason: judgement.reason });
      return { outcome: 'conflict', visitId: existing.visit_id, message: conflict };
    }

    // Untouched here since the last pull: the EHR's schedule fields win.
    updateVisit.run(e.start, e.minutes, e.reason, at, existing.visit_id);
    applyLink.run({ ...base, status: a.status, start: e.start, minutes: e.minutes, reason: e.reason, cancelled: e.cancelled ? 1 : 0, cancelledAt: e.cancelled ? (existing.cancelled_at ?? at) : null });
    audit('visit', existing.visit_id, { outcome: 'updated', appointmentId: a.id, versionId, fields: judgement.fields });
    return { outcome: 'updated', visitId: existing.visit_id, message: `Updated from the EHR (${judgement.fields.join(', ')}): now ${describe(e)}.` };
  });
}
