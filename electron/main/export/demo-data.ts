/**
 * Demo visits written through the real services (clinician, patients,
 * visits, intake, observations via the visit room, flags, decisions, plans,
 * signing, an addendum): one signed visit per escalation tier A-E, one with
 * an addendum, and one unsigned draft. Used by `npm run demo:seed`, the
 * export tests and the export benchmark.
 *
 * Every demo child is fictional and marked as a demo patient.
 */
import type { Database } from 'better-sqlite3';
import { addDays, calculateDose, NORMAL_EXAM as SHARED_NORMAL_EXAM, decisionRequired, rationaleNeed, WARNING_SIGN_IDS, type IntakeAnswers, type Observation as ClinicalObservation } from '../../../shared/clinical';
import type { Services } from '../services';
import type { EscalationTier } from '../store/record-types';
import { confirmedDoseEntry, type AnalgesiaEntry } from '../../../shared/domain/visit-room';

const ALL_NO = Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no'])) as Record<string, 'no' | 'yes' | 'unsure'>;

/** A normal examination; each demo changes what makes its tier. */
const NORMAL_EXAM: Record<string, ClinicalObservation> = {
  ...(SHARED_NORMAL_EXAM as Record<string, ClinicalObservation>),
  // A little back pain, as most demo children have.
  'adams-forward-bend': { hump: 'no', trunkRotationDegrees: 2 },
  'lumbar-flexion': { result: 'full', pain: { scale: 'NRS-11', score: 2 } },
  'lumbar-extension': { result: 'full', pain: { scale: 'NRS-11', score: 3 } },
  'side-bend-right': { result: 'limited', pain: { scale: 'NRS-11', score: 3 } },
  palpation: { result: 'muscle', location: 'right lower back, beside the spine' },
};

export interface DemoVisitSpec {
  key: string;
  childName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  weightKg: number;
  guardianName: string;
  guardianPhone: string;
  language: 'en' | 'es';
  intake: Partial<IntakeAnswers>;
  warningSigns?: Record<string, 'yes' | 'no' | 'unsure'>;
  exam?: Record<string, ClinicalObservation>;
  tier: EscalationTier;
  rationale?: string;
  familyTold: string;
  medicine?: { drug: 'acetaminophen' | 'ibuprofen'; productId: string };
  addendum?: { reason: string; text: string };
  /** Leave the visit unsigned (a draft). */
  draft?: boolean;
}

export const DEMO_VISITS: DemoVisitSpec[] = [
  {
    key: 'tier-A',
    childName: 'Demo Avery Alder',
    dateOfBirth: '2012-03-14',
    sex: 'female',
    weightKg: 45,
    guardianName: 'Demo Jordan Alder',
    guardianPhone: '+1 555 010 0001',
    language: 'en',
    intake: { symptoms: 'Back pain after a fall from a trampoline; numb around the bottom since this morning.', onsetDate: 'DAYS_AGO:1', painScore: { scale: 'NRS-11', score: 8 } },
    warningSigns: { 'saddle-numbness': 'yes' },
    exam: { 'saddle-bladder-bowel-history': { saddleNumbness: 'yes', urineChange: 'no', stoolChange: 'no' } },
    tier: 'A',
    familyTold: 'Go to the emergency department now; call 911 if she cannot be moved safely.',
  },
  {
    key: 'tier-B',
    childName: 'Demo Bruno Birch',
    dateOfBirth: '2010-07-02',
    sex: 'male',
    weightKg: 52,
    guardianName: 'Demo Casey Birch',
    guardianPhone: '+1 555 010 0002',
    language: 'en',
    intake: { symptoms: 'Low back pain for 5 days, now his left foot feels weak.', onsetDate: 'DAYS_AGO:5', painScore: { scale: 'NRS-11', score: 6 } },
    // Heel walk only: a toe-walk deficit as well would be weakness at more than one level (tier A, content 0.2).
    exam: { 'heel-walk': { result: 'unable', side: 'left' } },
    tier: 'B',
    familyTold: 'He needs to be seen in person today; we booked the same-day clinic at 4 pm.',
  },
  {
    key: 'tier-C',
    childName: 'Demo Carmen Cedro',
    dateOfBirth: '2014-11-20',
    sex: 'female',
    weightKg: 30,
    guardianName: 'Demo Lucía Cedro',
    guardianPhone: '+1 555 010 0003',
    language: 'es',
    intake: { symptoms: 'Dolor en la parte baja de la espalda desde hace 3 días, con fiebre de 38,2 °C ayer.', onsetDate: 'DAYS_AGO:3', painScore: { scale: 'NRS-11', score: 4 } },
    warningSigns: { fever: 'yes' },
    tier: 'C',
    familyTold: 'In-person visit tomorrow morning; acetaminophen for pain and fever until then.',
    medicine: { drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml' },
  },
  {
    key: 'tier-D',
    childName: 'Demo Dana Dogwood',
    dateOfBirth: '2011-06-15',
    sex: 'female',
    weightKg: 50,
    guardianName: 'Demo Riley Dogwood',
    guardianPhone: '+1 555 010 0004',
    language: 'en',
    intake: { symptoms: 'Low back pain after gymnastics, worse when arching backwards.', onsetDate: 'DAYS_AGO:18', betterWorse: 'Better resting; worse with back walkovers.', questions: 'Can she compete next weekend?', painScore: { scale: 'NRS-11', score: 4 } },
    warningSigns: { 'competitive-athlete': 'yes' },
    exam: { 'lumbar-extension': { result: 'painful', pain: { scale: 'NRS-11', score: 6 } }, 'stork-left': { result: 'pain', pain: { scale: 'NRS-11', score: 6 } } },
    tier: 'D',
    familyTold: 'In-person examination this week with an X-ray; no gymnastics until then.',
    medicine: { drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml' },
  },
  {
    key: 'tier-E-addendum',
    childName: 'Demo Eli Elm',
    dateOfBirth: '2013-09-09',
    sex: 'male',
    weightKg: 38,
    guardianName: 'Demo Morgan Elm',
    guardianPhone: '+1 555 010 0005',
    language: 'en',
    intake: { symptoms: 'Sore lower back after carrying a heavy backpack on one shoulder.', onsetDate: 'DAYS_AGO:4', betterWorse: 'Better with rest and a warm pack.', medicines: 'None', painScore: { scale: 'NRS-11', score: 3 } },
    tier: 'E',
    familyTold: 'Home care: keep active, warm packs, lighter backpack; call if not better in 2 weeks.',
    medicine: { drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml' },
    addendum: { reason: 'Family called back', text: 'Mother called the next day: pain 2/10, back at school. Advice unchanged.' },
  },
  {
    key: 'tier-E-es',
    childName: 'Demo Elena Encina',
    dateOfBirth: '2015-02-01',
    sex: 'female',
    weightKg: 27,
    guardianName: 'Demo Rosa Encina',
    guardianPhone: '+1 555 010 0006',
    language: 'es',
    intake: { symptoms: 'Dolor de espalda después de la clase de gimnasia.', onsetDate: 'DAYS_AGO:2', painScore: { scale: 'NRS-11', score: 3 } },
    tier: 'E',
    familyTold: 'Cuidados en casa; llamar si no mejora en 2 semanas.',
    medicine: { drug: 'ibuprofen', productId: 'ibuprofen-100mg-5ml' },
  },
  {
    key: 'draft',
    childName: 'Demo Frankie Fir',
    dateOfBirth: '2012-12-12',
    sex: 'other',
    weightKg: 42,
    guardianName: 'Demo Sam Fir',
    guardianPhone: '+1 555 010 0007',
    language: 'en',
    intake: { symptoms: 'Mid-back ache after swimming.', onsetDate: 'DAYS_AGO:2', painScore: { scale: 'NRS-11', score: 2 } },
    tier: 'E',
    familyTold: 'Home care for now.',
    draft: true,
  },
];

export interface SeededVisit {
  key: string;
  visitId: string;
  patientId: string;
  tier: EscalationTier;
  signed: boolean;
  addendum: boolean;
}

const HOME_ADVICE = ['stay-active', 'heat-or-ice', 'sleep-position', 'gentle-exercises', 'backpack', 'medicine-short-course', 'expected-course', 'pain-diary'];

/**
 * Seed the demo visits. Needs a store opened with the real red-flag catalog
 * (openAppStore). Returns the ids, in DEMO_VISITS order.
 */
export async function seedDemoVisits(
  services: Services,
  db: Database,
  options: { today: string; nowIso: string; clinician?: { displayName: string; credentials: string; passcode: string }; only?: string[] },
): Promise<{ clinicianId: string; visits: SeededVisit[] }> {
  const existing = await services.clinicians.list();
  const clinician =
    existing[0] ??
    (await services.clinicians.create(options.clinician ?? { displayName: 'Dr Demo Clinician', credentials: 'MD', passcode: 'demo-passcode-123' }));
  const actor = clinician.id;
  const markDemo = db.prepare('UPDATE patients SET is_demo = 1 WHERE id = ?');
  const out: SeededVisit[] = [];
  let slot = 0;
  for (const spec of DEMO_VISITS) {
    if (options.only && !options.only.includes(spec.key)) continue;
    const patient = await services.patients.create({
      childName: spec.childName,
      dateOfBirth: spec.dateOfBirth,
      sex: spec.sex,
      weightKg: spec.weightKg,
      guardianName: spec.guardianName,
      guardianPhone: spec.guardianPhone,
    }, actor);
    // There is no service for the demo mark (patients are created by the clinician's form); one UPDATE of the flag column.
    markDemo.run(patient.id);
    const start = new Date(Date.parse(options.nowIso) - (DEMO_VISITS.length - slot) * 30 * 60_000).toISOString();
    slot += 1;
    const visit = await services.visits.schedule({ patientId: patient.id, scheduledStart: start, durationMinutes: 20, reason: 'Back pain' }, actor);
    const onset = spec.intake.onsetDate?.startsWith('DAYS_AGO:') ? addDays(options.today, -Number(spec.intake.onsetDate.slice(9))) : spec.intake.onsetDate;
    const answers: IntakeAnswers = { ...spec.intake, ...(onset ? { onsetDate: onset } : {}), warningSigns: { ...ALL_NO, ...(spec.warningSigns ?? {}) } } as IntakeAnswers;
    await services.intakes.save(visit.id, JSON.stringify(answers), spec.language, 'family');
    await services.record.setStatus(visit.id, 'waiting', 'family');
    for (const [maneuverId, values] of Object.entries({ ...NORMAL_EXAM, ...(spec.exam ?? {}) })) {
      await services.visitRoom.recordObservation(visit.id, maneuverId, values, actor);
    }
    let state = await services.visitRoom.state(visit.id);
    // Anything the intake and observations could not answer, the clinician answers now (absent, in the demo).
    for (const f of state.flags) {
      if (f.state === 'not_screened') await services.visitRoom.assessFlag(visit.id, { flagId: f.id, state: 'absent', note: 'Asked during the call.' }, actor);
    }
    // The clinician goes over the family's "no" answers with them (content 0.2: the form alone does not screen a flag).
    await services.visitRoom.confirmFamilyAnswers(visit.id, actor);
    state = await services.visitRoom.state(visit.id);
    // The shared rule (shared/clinical/gate.ts) says when the chosen tier needs a written rationale.
    const needsRationale = rationaleNeed(state.minimumTier, spec.tier, decisionRequired(state.flags)) !== null;
    await services.visitRoom.decide(
      visit.id,
      {
        tier: spec.tier,
        ...(spec.rationale || needsRationale ? { rationale: spec.rationale ?? 'Reviewed with the family; home care is safe with the safety net.' } : {}),
        familyTold: spec.familyTold,
      },
      actor,
    );
    // The plan as the visit room saves it: the calculator's dose, confirmed by the clinician.
    const analgesia: AnalgesiaEntry[] = [];
    if (spec.medicine) {
      const dose = calculateDose({ drug: spec.medicine.drug, productId: spec.medicine.productId, weightKg: spec.weightKg, ageMonths: state.age.totalMonths });
      if (!dose.ok) throw new Error(`demo dose refused: ${dose.refusal.code}`);
      analgesia.push(confirmedDoseEntry(dose.dose));
    }
    await services.visitRoom.savePlan(
      {
        visitId: visit.id,
        adviceIds: spec.tier === 'A' ? [] : HOME_ADVICE,
        analgesia,
        // Written in the language the family reads (docs/i18n.md): a Spanish-speaking family's follow-up is in Spanish.
        followUp:
          spec.language === 'es'
            ? spec.tier === 'E'
              ? { when: 'En 2 semanas si no mejora', withWhom: clinician.displayName, instructions: 'Traiga el diario del dolor.' }
              : { when: spec.tier === 'A' ? 'Después de la visita a emergencias' : 'Después de la visita en persona', withWhom: clinician.displayName }
            : spec.tier === 'E'
              ? { when: 'In 2 weeks if not better', withWhom: clinician.displayName, instructions: 'Bring the pain diary.' }
              : { when: spec.tier === 'A' ? 'After the emergency visit' : 'After the in-person visit', withWhom: clinician.displayName },
        bodyMap: ['lower-back-center'],
      },
      actor,
    );
    if (!spec.draft) {
      // At the start of the call the clinician confirms where the child is and a call-back number (issue 16);
      // a tier A or B visit cannot be signed without it.
      services.callChecks.record({ visitId: visit.id, childLocation: 'At home with a parent', callbackPhone: spec.guardianPhone }, actor);
      await services.visitRoom.setStatus(visit.id, 'awaiting_decision', actor);
      await services.visitRoom.sign(visit.id, actor);
      if (spec.addendum) await services.visitRoom.addAddendum(visit.id, spec.addendum, actor);
    }
    out.push({ key: spec.key, visitId: visit.id, patientId: patient.id, tier: spec.tier, signed: !spec.draft, addendum: Boolean(spec.addendum) && !spec.draft });
  }
  return { clinicianId: actor, visits: out };
}
