/**
 * One export model of a stored visit: the record joined with the clinical
 * content and rules, in the words every export uses. The clinician note, the
 * family summary and the FHIR document are all built from this, so they agree
 * with each other and with the visit room.
 *
 * Flag states come from the stored assessments (what the visit was signed
 * with); the rules are re-run only for evidence and the minimum tier.
 */
import {
  addDays,
  clinicalContent,
  clinicalContentStatusLine,
  coarseFinding,
  CONTENT_VERSION,
  currentByManeuver,
  evaluateStoredRecord,
  findingSide,
  formatAge,
  intakeAnswersOf,
  safeAgeAt,
  visitDateOf,
  type CoarseFinding,
  type Age,
  type Language,
  type Maneuver,
  type PainScaleId,
  type Tier,
  type VisitEvaluation,
} from '../../../shared/clinical';
import type { StoredDose } from '../../../shared/domain/record';
import type { Clinician, EscalationTier, Guardian, PatientDetail, VisitDetail, VisitRecord } from '../store/record-types';
import type { IntakeAnswers } from '../../../shared/clinical';
import { CLINIC_DEFAULTS, type ClinicSettings } from '../../../shared/domain/clinic';
import { estimateRows, type EstimateRow } from './estimates';
import { callSpanOf, type CallSpan } from './times';

export { callSpanOf, formatInstant, formatTime, type CallSpan } from './times';
import { WORDS } from '../../../shared/words';
import type { StoredPoseEstimate } from '../store/pose-estimates';

/** Composition / document status: unsigned visits export as a DRAFT (preliminary). */
export type DocStatus = 'preliminary' | 'final' | 'amended';

/** The coarse finding the FHIR mapping names (clinical-sources.md, "FHIR R4 mapping"; shared/clinical/findings.ts). */
export type { CoarseFinding };

export interface ObservationRow {
  maneuverId: string;
  title: string;
  /** The instruction read to the family, per language (plain words). */
  instruction: Record<Language, string>;
  /** 'recorded' (some finding), 'not_assessed' (looked, could not tell over video), 'not_recorded' (not done). */
  status: 'recorded' | 'not_assessed' | 'not_recorded';
  coarse: CoarseFinding;
  /** Each recorded field in words: "Result: painful". */
  findings: { fieldId: string; label: string; value: string; raw: string | number }[];
  side: 'left' | 'right' | 'both' | null;
  pain: { scale: string; score: number } | null;
  note: string | null;
  observationId: string | null;
  observedAt: string | null;
  author: string | null;
}

export interface FlagRow {
  id: string;
  label: string;
  tier: Exclude<EscalationTier, 'E'>;
  /** As stored (what the visit was signed with), or not screened. */
  state: 'present' | 'absent' | 'could_not_assess' | 'not_screened';
  source: 'family_intake' | 'observation' | 'derived' | 'clinician' | null;
  evidence: string[];
  note: string | null;
  /** An absence that rests on the family's "no": `confirmed` by the clinician, or still `unconfirmed` (content 0.2). */
  familyAbsence?: 'confirmed' | 'unconfirmed' | null;
}

export interface DoseLine {
  drug: string;
  drugName: string;
  productId: string | null;
  productName: string | null;
  mgPerMl: number | null;
  doseMg: number;
  /** mL per dose for today's weight (stored, or from the dose and the product's concentration). */
  doseMl: number | null;
  intervalHours: number;
  maxIntervalHours: number | null;
  maxDosesPer24h: number;
  maxMgPer24h: number;
  stopAfterDays: number | null;
  /** YYYY-MM-DD: the last day to give it, when a course length was written. */
  stopDate: string | null;
  note: string | null;
}

export interface ExportModel {
  generatedAt: string;
  timeZone: string;
  status: DocStatus;
  draft: boolean;
  contentVersion: string;
  /** clinicalContentStatusLine(): the version and the not-yet-reviewed statement. */
  contentStatusLine: string;
  visit: VisitDetail;
  /** YYYY-MM-DD the rules judged the visit on (the signing date once signed). */
  visitDate: string;
  patient: PatientDetail;
  age: Age;
  ageText: string;
  guardians: Guardian[];
  /** Display names by author id (clinicians, 'family', 'system'). */
  authors: Record<string, string>;
  clinicians: Clinician[];
  signer: Clinician | null;
  /** The clinician responsible for the visit: the signer, else who decided, else who created it. */
  responsible: Clinician | null;
  participants: string[];
  durationText: string;
  /** The call as far as the record shows it (see callSpanOf). */
  call: CallSpan;
  /** The clinic's name, phone and default follow-up (settings; empty when not set). */
  clinic: ClinicSettings;
  intake: { answers: IntakeAnswers; submittedAt: string; submittedBy: string; language: string } | null;
  painScale: PainScaleId;
  observations: ObservationRow[];
  /** Everything not assessed over video: the content's list (reflexes, sensory testing, palpation) and the maneuvers not assessed. */
  notAssessed: { id: string; label: string; why: string }[];
  flags: FlagRow[];
  minimumTier: EscalationTier;
  decision: (NonNullable<VisitRecord['decision']> & { tierInfo: Tier }) | null;
  plan: {
    advice: { id: string; topic: string | null; text: Record<Language, string> | null }[];
    analgesia: DoseLine[];
    followUp: { when: string | null; withWhom: string | null; instructions: string | null };
    bodyMap: string[];
    updatedAt: string;
  } | null;
  addenda: VisitRecord['addenda'];
  evaluation: VisitEvaluation;
  /** Stored values the rules could not use and treated as missing, one sentence each (issue 14). */
  dataNotes: string[];
  /** Camera estimates attached to findings (issue 17), oldest first; empty when none. */
  estimates: EstimateRow[];
}

const MANEUVERS: readonly Maneuver[] = clinicalContent.maneuvers.maneuvers;

/** "not_assessed" → "not assessed", "midline_bone" → "midline bone". */
export function words(value: string | number): string {
  return typeof value === 'number' ? String(value) : value.replace(/_/g, ' ');
}

function observationRows(record: VisitRecord): ObservationRow[] {
  const current = currentByManeuver(record.observations);
  return MANEUVERS.map((m) => {
    const o = current.get(m.id);
    const base = { maneuverId: m.id, title: m.title, instruction: { en: m.instruction.en, es: m.instruction.es } };
    if (!o) {
      return { ...base, status: 'not_recorded', coarse: 'not-assessed', findings: [], side: null, pain: null, note: null, observationId: null, observedAt: null, author: null } satisfies ObservationRow;
    }
    const values = o.fields;
    const findings: ObservationRow['findings'] = [];
    for (const f of m.fields) {
      const v = values[f.id];
      if (typeof v === 'string' || typeof v === 'number') {
        findings.push({ fieldId: f.id, label: f.label, value: f.kind === 'number' ? `${v} ${f.unit}` : words(v), raw: v });
      }
    }
    const pain = values.pain as { scale: string; score: number } | undefined;
    const side = findingSide(m, values);
    const coarse = coarseFinding(m, values);
    return {
      ...base,
      status: coarse === 'not-assessed' ? 'not_assessed' : 'recorded',
      coarse,
      findings,
      side,
      pain: pain ? { scale: pain.scale, score: pain.score } : null,
      note: typeof values.note === 'string' && values.note.trim() ? values.note.trim() : o.note,
      observationId: o.id,
      observedAt: o.observedAt,
      author: o.updatedBy,
    } satisfies ObservationRow;
  });
}

function flagRows(record: VisitRecord, evaluation: VisitEvaluation): FlagRow[] {
  const stored = new Map(record.flagAssessments.map((a) => [a.flagId, a]));
  const rows: FlagRow[] = evaluation.allFlags.map((f) => {
    const a = stored.get(f.id);
    const state = a ? a.state : 'not_screened';
    return {
      id: f.id,
      label: f.label,
      tier: f.tier,
      state,
      source: a ? a.source : null,
      evidence: f.evidence,
      note: a?.note ?? null,
      familyAbsence: state === 'absent' ? f.familyAbsence : null,
    };
  });
  // A flag assessed under an older catalog still belongs in the record.
  for (const a of record.flagAssessments) {
    if (rows.some((r) => r.id === a.flagId)) continue;
    rows.push({ id: a.flagId, label: a.flagId, tier: 'D', state: a.state, source: a.source, evidence: [], note: a.note });
  }
  return rows;
}

/** How a weight override is written on the dose line (the wording the dose note carried before 0017). */
const OVERRIDE_WORDS = 'Weight outside the 0.1st-99.9th percentile for age, dosed on the clinician\'s override:';

/** A stored dose (one `plan_doses` row, shared/domain/record.ts) as the exports print it. */
function doseLine(d: StoredDose, visitDate: string): DoseLine {
  const drug = clinicalContent.analgesics.drugs.find((x) => x.id === d.drug);
  const product = clinicalContent.analgesics.products.find((p) => p.id === d.productId && p.drug === d.drug) ?? null;
  // The strength the clinician confirmed wins over today's content.
  const mgPerMl = d.strengthMg !== null && d.strengthMl !== null ? d.strengthMg / d.strengthMl : product ? product.mg / product.ml : null;
  const note = [d.note, d.weightOverrideReason ? `${OVERRIDE_WORDS} ${d.weightOverrideReason}` : null].filter(Boolean).join(' ');
  return {
    drug: d.drug,
    drugName: drug?.name ?? d.drug,
    productId: product?.id ?? d.productId,
    productName: product?.name ?? null,
    mgPerMl,
    doseMg: d.doseMg,
    doseMl: d.doseMl,
    intervalHours: d.intervalHours,
    maxIntervalHours: drug?.maxIntervalHours ?? null,
    maxDosesPer24h: d.maxDosesPer24h,
    maxMgPer24h: d.maxMgPer24h,
    stopAfterDays: d.stopAfterDays,
    stopDate: d.stopAfterDays ? addDays(visitDate, d.stopAfterDays - 1) : null,
    note: note || null,
  };
}

export function clinicianDisplay(c: Clinician | null | undefined): string {
  if (!c) return 'Unknown clinician';
  return c.credentials ? `${c.displayName}, ${c.credentials}` : c.displayName;
}

export interface ModelOptions {
  clinicians: Clinician[];
  now: Date;
  /** The clinician's calendar date (rules judge unsigned visits on it). */
  today: string;
  /** IANA zone for printed times; defaults to the machine's. */
  timeZone?: string;
  /** The clinic settings (name, phone, default follow-up); empty when not given. */
  clinic?: ClinicSettings;
  /** Camera estimates attached in the visit (issue 17); none when absent. */
  estimates?: readonly StoredPoseEstimate[];
  /** The call as recorded (migration 0019: family admitted, call ended); without both, the exam entries stand in. */
  callTimes?: { admittedAt: string | null; endedAt: string | null; minutes: number | null };
}

/** Build the export model of a stored visit. Pure apart from the inputs. */
export function buildExportModel(record: VisitRecord, options: ModelOptions): ExportModel {
  const evaluation = evaluateStoredRecord(record, options.today);
  const visitDate = visitDateOf(record, options.today);
  // Counted as 0 when the stored date of birth is after the visit (or unreadable); the note says so (dataNotes).
  const age = safeAgeAt(record.patient.dateOfBirth, visitDate);
  const byId = new Map(options.clinicians.map((c) => [c.id, c]));
  const authors: Record<string, string> = { family: 'Family (join link)', system: 'Console (derived)' };
  for (const c of options.clinicians) authors[c.id] = clinicianDisplay(c);
  // The signer as signed (0009 snapshot): a later change to the clinician's name or credentials does not reach a signed note.
  const snap = record.signedSnapshot?.signer;
  const signer = snap
    ? { ...snap, createdAt: byId.get(snap.id)?.createdAt ?? '' }
    : record.visit.signedBy
      ? (byId.get(record.visit.signedBy) ?? null)
      : null;
  if (snap) authors[snap.id] = clinicianDisplay(signer);
  const responsible = signer ?? (record.decision ? byId.get(record.decision.decidedBy) : undefined) ?? byId.get(record.visit.createdBy) ?? options.clinicians[0] ?? null;
  const status: DocStatus = record.visit.status !== 'signed' ? 'preliminary' : record.addenda.length > 0 ? 'amended' : 'final';

  const observations = observationRows(record);
  const notAssessed = [
    ...clinicalContent.maneuvers.cannotAssessOverVideo.map((c) => ({ id: c.id, label: c.label, why: 'Cannot be done over video' })),
    ...observations
      .filter((o) => o.status !== 'recorded')
      .map((o) => ({ id: o.maneuverId, label: o.title, why: o.status === 'not_assessed' ? 'Could not be assessed over video' : 'Not done in this visit' })),
  ];

  const clinicianIds = new Set<string>([
    ...(record.visit.signedBy ? [record.visit.signedBy] : []),
    ...(record.decision ? [record.decision.decidedBy] : []),
    ...record.observations.map((o) => o.updatedBy),
    ...record.addenda.map((a) => a.author),
  ]);
  const participants = [
    `${record.patient.childName} (patient)`,
    ...record.guardians.map((g) => `${g.name} (guardian)`),
    ...[...clinicianIds].filter((id) => byId.has(id)).map((id) => `${authors[id]} (clinician)`),
  ];

  const times = options.callTimes;
  const measured = times?.admittedAt && times.endedAt && times.minutes !== null;
  const call: CallSpan = measured ? { start: times.admittedAt, end: times.endedAt, minutes: times.minutes, basis: 'call' } : callSpanOf(record);
  const durationText =
    call.basis === 'call'
      ? `${call.minutes! < 1 ? 'under 1 min' : `${call.minutes} min`} call (family admitted to call ended); ${record.visit.durationMinutes} min scheduled`
      : call.minutes === null
      ? `No call recorded (no exam entries); ${record.visit.durationMinutes} min scheduled`
      : `${call.minutes < 1 ? 'under 1 min' : `about ${call.minutes} min`} of exam entries (first to last); ${record.visit.durationMinutes} min scheduled`;

  const intakeAnswers = intakeAnswersOf(record);
  const tierInfo = (id: EscalationTier) => clinicalContent.escalationTiers.tiers.find((t) => t.id === id)!;
  const plan = record.plan;
  const homeCare = new Map(clinicalContent.familyAdvice.homeCare.map((h) => [h.id, h]));

  return {
    generatedAt: options.now.toISOString(),
    timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
    status,
    draft: status === 'preliminary',
    contentVersion: CONTENT_VERSION,
    contentStatusLine: clinicalContentStatusLine(),
    visit: record.visit,
    visitDate,
    patient: record.patient,
    age,
    ageText: formatAge(age),
    guardians: record.guardians,
    authors,
    clinicians: snap && signer ? options.clinicians.map((c) => (c.id === snap.id ? signer : c)) : options.clinicians,
    signer,
    responsible,
    participants,
    durationText,
    call,
    clinic: options.clinic ?? CLINIC_DEFAULTS,
    intake: intakeAnswers && record.intake ? { answers: intakeAnswers, submittedAt: record.intake.submittedAt, submittedBy: record.intake.submittedBy, language: record.intake.language } : null,
    painScale: evaluation.painScale,
    observations,
    estimates: estimateRows(options.estimates ?? []),
    notAssessed,
    flags: flagRows(record, evaluation),
    minimumTier: evaluation.minimumTier,
    decision: record.decision ? { ...record.decision, tierInfo: tierInfo(record.decision.tier) } : null,
    plan: plan
      ? {
          advice: plan.advice.map((id) => {
            const h = homeCare.get(id);
            return { id, topic: h?.topic ?? null, text: h ? { en: h.text.en, es: h.text.es } : null };
          }),
          analgesia: plan.analgesia.map((d) => doseLine(d, visitDate)),
          followUp: plan.followUp,
          bodyMap: plan.bodyMap,
          updatedAt: plan.updatedAt,
        }
      : null,
    addenda: record.addenda,
    evaluation,
    dataNotes: evaluation.dataNotes,
  };
}

/** The clinical labels of the shared catalog (shared/words): one wording for the console and every export. */
const LABELS = WORDS.en.labels;

export const SOURCE_WORDS: Record<NonNullable<FlagRow['source']>, string> = LABELS.flagSource;

/** The state in words, saying when an absence is the family's answer (confirmed by the clinician or not). */
export function flagStateWords(f: Pick<FlagRow, 'state' | 'familyAbsence'>): string {
  if (f.familyAbsence) return LABELS.flagAbsence[f.familyAbsence];
  return STATE_WORDS[f.state];
}

export const STATE_WORDS: Record<FlagRow['state'], string> = LABELS.flagState;
