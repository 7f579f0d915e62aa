/**
 * First-run demo: one clearly marked patient (is_demo = 1, shown with a DEMO
 * badge) with a visit today and the family's pre-visit answers, so a new
 * clinician can try the whole flow alone. "Removing" it hides the patient
 * (hidden_at): lists leave it out, and its clinical rows stay, as every
 * clinical row does.
 */
import { AppError } from '../../../shared/ipc/errors';
import { WARNING_SIGN_IDS } from '../../../shared/clinical';
import type { DemoCreated } from '../../../shared/ipc/contract';
import { appendAudit } from '../store/audit';
// The store's AuditAction has no patient-level action yet; 'visit.change' with a `change` detail records it.
import { storageGuard, type ServiceDeps } from './deps';
import type { PatientService } from './patients';
import type { VisitService } from './visits';
import type { IntakeService } from './intakes';

/** The date `days` before `today` (YYYY-MM-DD), in UTC calendar arithmetic. */
function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export const DEMO_CHILD_NAME = 'Sam Demo (demo patient)';

export function createDemoService(deps: ServiceDeps, services: { patients: PatientService; visits: VisitService; intakes: IntakeService }) {
  const { db, clock } = deps;
  const markDemo = db.prepare(`UPDATE patients SET is_demo = 1 WHERE id = ?`);
  const isDemo = db.prepare(`SELECT is_demo, hidden_at FROM patients WHERE id = ?`);
  const hide = db.prepare(`UPDATE patients SET hidden_at = ? WHERE id = ? AND is_demo = 1 AND hidden_at IS NULL`);

  return {
    /** A 10-year-old demo patient, a 30-minute visit starting in 5 minutes, and the family's answers (all warning signs "no"). */
    async create(actor: string): Promise<DemoCreated> {
      const today = clock.today();
      const patient = await services.patients.create({
        childName: DEMO_CHILD_NAME,
        dateOfBirth: `${Number(today.slice(0, 4)) - 10}-${today.slice(5, 7) === '02' && today.slice(8) === '29' ? '02-28' : today.slice(5)}`,
        sex: 'unknown',
        weightKg: 32,
        guardianName: 'Alex Demo (demo guardian)',
        guardianPhone: '+1 555 010 0000',
      }, actor);
      const at = clock.now().toISOString();
      storageGuard(() =>
        db.transaction(() => {
          markDemo.run(patient.id);
          appendAudit(db, { actor, action: 'visit.change', entity: 'patient', entityId: patient.id, at, detail: { change: 'demo.create' } });
        })(),
      );
      const visit = await services.visits.schedule(
        {
          patientId: patient.id,
          scheduledStart: new Date(clock.now().getTime() + 5 * 60_000).toISOString(),
          durationMinutes: 30,
          reason: 'Demo visit: low back pain after gymnastics',
        },
        actor,
      );
      const answers = {
        symptoms: 'Demo: low back pain since a gymnastics class; worse when bending backwards.',
        onsetDate: daysBefore(today, 5),
        betterWorse: 'Demo: better lying down, worse after practice.',
        medicines: 'Demo: none',
        painScore: { scale: 'NRS-11', score: 4 },
        warningSigns: Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no'])),
      };
      await services.intakes.save(visit.id, JSON.stringify(answers), 'en', 'family');
      return { patientId: patient.id, visitId: visit.id };
    },

    /** Hide a demo patient from every list. Real patients are refused: nothing clinical is hidden or deleted. */
    async hide(patientId: string, actor: string): Promise<{ patientId: string; hiddenAt: string }> {
      const row = isDemo.get(patientId) as { is_demo: number; hidden_at: string | null } | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'That patient was not found.');
      if (row.is_demo !== 1) throw new AppError('CONFLICT', 'Only demo patients can be removed.');
      if (row.hidden_at) return { patientId, hiddenAt: row.hidden_at };
      const at = clock.now().toISOString();
      storageGuard(() =>
        db.transaction(() => {
          hide.run(at, patientId);
          appendAudit(db, { actor, action: 'visit.change', entity: 'patient', entityId: patientId, at, detail: { change: 'demo.hide' } });
        })(),
      );
      return { patientId, hiddenAt: at };
    },
  };
}
export type DemoService = ReturnType<typeof createDemoService>;
