/**
 * Schedule in, the read half (schedule.ts is the pull): what enters from the
 * EHR, zod-parsed where it enters and bounded, and the new patient an
 * appointment needs (Patient, guardian, latest body weight). Nothing here
 * writes; a transient fault throws PullError, which ends the pull with the
 * reason in words and nothing changed.
 */
import { z } from 'zod';
import { GUARDIAN_EMAIL, PATIENT_LIMITS, type Sex } from '../../../shared/domain/patient';
import { VISIT_LIMITS } from '../../../shared/domain/visit';
import type { FhirClient } from './fhir-client';

const LOINC_BODY_WEIGHT = '29463-7';
export const CANCELLED = new Set(['cancelled', 'noshow', 'entered-in-error']);
export const BOOKED = new Set(['booked', 'arrived', 'checked-in', 'fulfilled']);

// ---- what enters from the EHR, parsed ----------------------------------------------------------

export const FhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, { error: 'not a FHIR id' });
const Meta = z.object({ versionId: z.string().max(64).optional(), lastUpdated: z.string().max(40).optional() }).optional();
const Instant = z.iso.datetime({ offset: true, error: 'not a date and time with a time zone' });
const Ref = z.object({ reference: z.string().max(300).optional() });
const Text = z.string().max(2000);
const Codeable = z.object({ text: Text.optional(), coding: z.array(z.object({ display: Text.optional(), code: z.string().max(100).optional(), system: z.string().max(300).optional() })).max(20).optional() });
const HumanName = z.object({ text: Text.optional(), family: Text.optional(), given: z.array(Text).max(10).optional(), use: z.string().max(20).optional() });

export const AppointmentR = z.object({
  resourceType: z.literal('Appointment'),
  id: FhirId,
  meta: Meta,
  status: z.enum(['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist']),
  start: Instant.optional(),
  end: Instant.optional(),
  minutesDuration: z.number().int().optional(),
  description: Text.optional(),
  reasonCode: z.array(Codeable).max(20).optional(),
  serviceType: z.array(Codeable).max(20).optional(),
  participant: z.array(z.object({ actor: Ref.optional() })).min(1).max(50),
});
export type AppointmentR = z.infer<typeof AppointmentR>;

const PatientR = z.object({
  resourceType: z.literal('Patient'),
  id: FhirId,
  meta: Meta,
  name: z.array(HumanName).min(1, { error: 'no name' }).max(20),
  birthDate: z.string({ error: 'no complete birth date (year, month and day)' }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'no complete birth date (year, month and day)' }),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
});
type PatientR = z.infer<typeof PatientR>;

const RelatedPersonR = z.object({
  resourceType: z.literal('RelatedPerson'),
  id: FhirId,
  active: z.boolean().optional(),
  name: z.array(HumanName).max(20).optional(),
  telecom: z.array(z.object({ system: z.string().max(20).optional(), value: z.string().max(200).optional() })).max(20).optional(),
  relationship: z.array(Codeable).max(20).optional(),
});
type RelatedPersonR = z.infer<typeof RelatedPersonR>;

const ObservationR = z.object({
  resourceType: z.literal('Observation'),
  status: z.string().max(40),
  effectiveDateTime: Instant.optional(),
  issued: Instant.optional(),
  valueQuantity: z.object({ value: z.number(), code: z.string().max(20).optional(), unit: z.string().max(40).optional() }).optional(),
});

export const zodWords = (error: z.ZodError): string =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'resource'}: ${i.message}`)
    .join('; ')
    .slice(0, 300);

function nameText(names: z.infer<typeof HumanName>[] | undefined): string | null {
  if (!names?.length) return null;
  const n = names.find((x) => x.use === 'official') ?? names.find((x) => x.use !== 'old') ?? names[0]!;
  const text = (n.text ?? [...(n.given ?? []), n.family ?? ''].join(' ')).replace(/\s+/g, ' ').trim();
  return text.length ? text.slice(0, PATIENT_LIMITS.nameMax) : null;
}

/** A local reference `Patient/<id>` (or absolute, ending so) → id. */
function refId(ref: string | undefined, type: string): string | null {
  if (!ref) return null;
  const m = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?$`).exec(ref);
  return m ? m[1]! : null;
}

/** The schedule fields as the console stores them. */
export interface Fields {
  start: string;
  minutes: number;
  reason: string | null;
  cancelled: boolean;
}

/** The appointment's schedule fields, or why it cannot be a visit. */
export function appointmentFields(a: AppointmentR): { ok: true; fields: Fields; patientId: string } | { ok: false; why: string } {
  const patients = [...new Set(a.participant.map((p) => refId(p.actor?.reference, 'Patient')).filter((x): x is string => x !== null))];
  if (patients.length === 0) return { ok: false, why: 'it names no Patient' };
  if (patients.length > 1) return { ok: false, why: 'it names more than one Patient' };
  if (!a.start) return { ok: false, why: 'it has no start time' };
  const start = new Date(a.start).toISOString();
  const minutes = a.minutesDuration ?? (a.end ? Math.round((Date.parse(a.end) - Date.parse(a.start)) / 60_000) : NaN);
  if (!Number.isInteger(minutes)) return { ok: false, why: 'it has neither an end nor a length in minutes' };
  if (minutes < VISIT_LIMITS.minMinutes || minutes > VISIT_LIMITS.maxMinutes) {
    return { ok: false, why: `it lasts ${minutes} minutes; a visit here lasts ${VISIT_LIMITS.minMinutes} to ${VISIT_LIMITS.maxMinutes}` };
  }
  const reasonText = a.description ?? a.reasonCode?.[0]?.text ?? a.reasonCode?.[0]?.coding?.[0]?.display ?? a.serviceType?.[0]?.text ?? null;
  const reason = reasonText?.replace(/\s+/g, ' ').trim().slice(0, VISIT_LIMITS.reasonMax) || null;
  return { ok: true, fields: { start, minutes, reason, cancelled: CANCELLED.has(a.status) }, patientId: patients[0]! };
}

function weightKg(q: { value: number; code?: string; unit?: string }): number | null {
  const unit = (q.code ?? q.unit ?? '').trim();
  if (unit === 'kg') return q.value;
  if (unit === 'g') return q.value / 1000;
  if (unit === '[lb_av]' || unit === 'lb' || unit === 'lbs') return Math.round(q.value * 0.45359237 * 100) / 100;
  return null;
}

const GUARDIAN_CODES = new Set(['GUARD', 'PRN', 'MTH', 'FTH', 'PRNINLAW', 'STPPRN', 'FMRCAT', 'NMTH', 'NFTH', 'GRPRN', 'PRNFOST', 'parent', 'guardian', 'C', 'N']);
function pickGuardian(people: RelatedPersonR[]): { name: string; phone: string; email: string | null } | null {
  const usable = people.filter((p) => p.active !== false && nameText(p.name));
  const isGuardian = (p: RelatedPersonR) => (p.relationship ?? []).some((r) => (r.coding ?? []).some((c) => c.code && GUARDIAN_CODES.has(c.code)));
  const chosen = usable.find(isGuardian) ?? usable[0];
  if (!chosen) return null;
  const raw = chosen.telecom?.find((t) => t.system === 'phone' || t.system === 'sms')?.value?.trim() ?? '';
  // The phone is kept only when it looks like one (as the new-patient form asks); otherwise blank, never invented.
  const phone = raw.length <= PATIENT_LIMITS.phoneMax && /^\+?[0-9 ()./-]{7,}$/.test(raw) ? raw : '';
  // The e-mail likewise: kept only in the one plain shape the console accepts (it addresses the join link), else none.
  const mail = chosen.telecom?.find((t) => t.system === 'email')?.value?.trim() ?? '';
  const email = mail.length <= PATIENT_LIMITS.emailMax && GUARDIAN_EMAIL.test(mail) ? mail : null;
  return { name: nameText(chosen.name)!, phone, email };
}

/** A patient the EHR has that the console does not yet, with what creating it needs. */
export interface NewPatient {
  childName: string;
  dateOfBirth: string;
  sex: Sex;
  weightKg: number;
  weightAt: string;
  guardian: { name: string; phone: string; email: string | null };
  versionId: string | null;
  lastUpdated: string | null;
}

export class PullError extends Error {}

/** Read (if not included) and parse a Patient, its guardian and its latest body weight. */
export async function readNewPatient(client: FhirClient, id: string, included: unknown, maxBytes: number, now: Date): Promise<NewPatient | { why: string }> {
  let raw = included;
  if (!raw) {
    const r = await client.read<unknown>(`Patient/${id}`, { maxBytes });
    if (!r.ok) {
      if (r.transient) throw new PullError(`Reading a patient: ${r.message}`);
      return { why: `the EHR would not give its Patient (${r.message})` };
    }
    raw = r.body;
  }
  const p = PatientR.safeParse(raw);
  if (!p.success) return { why: `the EHR's Patient is not one the console can read (${zodWords(p.error)})` };
  const patient: PatientR = p.data;
  const childName = nameText(patient.name);
  if (!childName) return { why: "the EHR's Patient has no name" };
  const dob = Date.parse(`${patient.birthDate}T00:00:00Z`);
  if (!Number.isFinite(dob) || new Date(dob).toISOString().slice(0, 10) !== patient.birthDate || dob > now.getTime()) {
    return { why: "the EHR's Patient has a birth date that is not a real past date" };
  }
  const maxAge = new Date(now);
  maxAge.setFullYear(maxAge.getFullYear() - PATIENT_LIMITS.maxAgeYears);
  if (dob < maxAge.getTime()) return { why: `the patient is older than ${PATIENT_LIMITS.maxAgeYears} years; this console is for children` };

  const related = await client.searchBounded<unknown>('RelatedPerson', { patient: `Patient/${id}`, _count: '20' }, maxBytes);
  if (!related.ok) {
    if (related.transient) throw new PullError(`Reading a guardian: ${related.message}`);
    return { why: `the EHR would not give the guardian (${related.message})` };
  }
  const people: RelatedPersonR[] = [];
  for (const e of related.body.entry ?? []) {
    const r = RelatedPersonR.safeParse(e.resource);
    if (r.success) people.push(r.data);
  }
  const guardian = pickGuardian(people);
  if (!guardian) return { why: 'the EHR has no guardian (RelatedPerson with a name) for the patient' };

  // Doses are worked out from the weight, so a new patient needs a real one: the latest body weight in the EHR.
  const weights = await client.searchBounded<unknown>('Observation', { patient: `Patient/${id}`, code: `http://loinc.org|${LOINC_BODY_WEIGHT}`, _sort: '-date', _count: '5' }, maxBytes);
  if (!weights.ok) {
    if (weights.transient) throw new PullError(`Reading a weight: ${weights.message}`);
    return { why: `the EHR would not give the patient's weight (${weights.message})` };
  }
  let weight: { kg: number; at: string } | null = null;
  for (const e of weights.body.entry ?? []) {
    const w = ObservationR.safeParse(e.resource);
    if (!w.success || !['final', 'amended', 'corrected'].includes(w.data.status) || !w.data.valueQuantity) continue;
    const kg = weightKg(w.data.valueQuantity);
    const at = w.data.effectiveDateTime ?? w.data.issued;
    if (kg === null || !at) continue;
    if (!weight || Date.parse(at) > Date.parse(weight.at)) weight = { kg, at: new Date(at).toISOString() };
  }
  if (!weight) return { why: 'the EHR has no body weight (LOINC 29463-7, in kg, g or lb) for the patient, and doses need one; add the patient here by hand or record a weight in the EHR' };
  if (weight.kg < PATIENT_LIMITS.weightMinKg || weight.kg > PATIENT_LIMITS.weightMaxKg) {
    return { why: `the EHR's latest weight is outside ${PATIENT_LIMITS.weightMinKg}-${PATIENT_LIMITS.weightMaxKg} kg` };
  }
  return {
    childName,
    dateOfBirth: patient.birthDate,
    sex: patient.gender ?? 'unknown',
    weightKg: weight.kg,
    weightAt: weight.at,
    guardian,
    versionId: patient.meta?.versionId ?? null,
    lastUpdated: patient.meta?.lastUpdated ?? null,
  };
}
