/**
 * Schedule in (issue 12, Deliver 3; docs/ehr.md "Schedule in"): today's and
 * upcoming FHIR Appointments of the signed-in clinician's Practitioner, with
 * the Patient and the guardian (RelatedPerson), become local visits,
 * idempotently by the appointment's id (migration 0014 links them).
 *
 * Two phases. First everything is read from the EHR, bounded (page size,
 * pages, bytes per answer) and zod-parsed where it enters; a transient fault
 * or a refusal of the main search ends the pull with the reason in words and
 * nothing changed. Then each appointment is written in its own transaction
 * with its audit rows; a malformed one is skipped with a worded reason and
 * never half-written.
 *
 * The conflict rule (enforced here, written in docs/ehr.md): schedule fields
 * (start, length, reason, cancelled) follow the EHR unless they were changed
 * here since the last pull; a visit that has started or holds any clinical
 * data is never changed or cancelled by the EHR. Either way the local visit
 * is kept and the conflict is reported, on every pull, until the two agree.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { SchedulePullReport, ScheduleLink } from '../../../shared/domain/ehr';
import { PATIENT_LIMITS, type Sex } from '../../../shared/domain/patient';
import { VISIT_LIMITS } from '../../../shared/domain/visit';
import { AppError } from '../../../shared/ipc/errors';
import { appendAudit } from '../store/audit';
import { storageGuard } from '../services/deps';
import type { EhrLinks } from './document';
import type { FhirClient } from './fhir-client';

export interface ScheduleLimits {
  pageSize: number;
  maxPages: number;
  maxBytes: number;
  days: number;
}

export const SCHEDULE_LIMITS: Readonly<ScheduleLimits> = {
  /** Appointments per page (`_count`). */
  pageSize: 50,
  /** Pages read in one pull; more is reported as truncated. */
  maxPages: 6,
  /** Bytes per answer (a page, or one Patient / RelatedPerson / Observation search). */
  maxBytes: 2 * 1024 * 1024,
  /** Today and this many following days. */
  days: 7,
};

const LOINC_BODY_WEIGHT = '29463-7';
const CANCELLED = new Set(['cancelled', 'noshow', 'entered-in-error']);
const BOOKED = new Set(['booked', 'arrived', 'checked-in', 'fulfilled']);

// ---- what enters from the EHR, parsed ----------------------------------------------------------

const FhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, { error: 'not a FHIR id' });
const Meta = z.object({ versionId: z.string().max(64).optional(), lastUpdated: z.string().max(40).optional() }).optional();
const Instant = z.iso.datetime({ offset: true, error: 'not a date and time with a time zone' });
const Ref = z.object({ reference: z.string().max(300).optional() });
const Text = z.string().max(2000);
const Codeable = z.object({ text: Text.optional(), coding: z.array(z.object({ display: Text.optional(), code: z.string().max(100).optional(), system: z.string().max(300).optional() })).max(20).optional() });
const HumanName = z.object({ text: Text.optional(), family: Text.optional(), given: z.array(Text).max(10).optional(), use: z.string().max(20).optional() });

const AppointmentR = z.object({
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
type AppointmentR = z.infer<typeof AppointmentR>;

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

const zodWords = (error: z.ZodError): string =>
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
interface Fields {
  start: string;
  minutes: number;
  reason: string | null;
  cancelled: boolean;
}

/** The appointment's schedule fields, or why it cannot be a visit. */
function appointmentFields(a: AppointmentR): { ok: true; fields: Fields; patientId: string } | { ok: false; why: string } {
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
function pickGuardian(people: RelatedPersonR[]): { name: string; phone: string } | null {
  const usable = people.filter((p) => p.active !== false && nameText(p.name));
  const isGuardian = (p: RelatedPersonR) => (p.relationship ?? []).some((r) => (r.coding ?? []).some((c) => c.code && GUARDIAN_CODES.has(c.code)));
  const chosen = usable.find(isGuardian) ?? usable[0];
  if (!chosen) return null;
  const raw = chosen.telecom?.find((t) => t.system === 'phone' || t.system === 'sms')?.value?.trim() ?? '';
  // The phone is kept only when it looks like one (as the new-patient form asks); otherwise blank, never invented.
  const phone = raw.length <= PATIENT_LIMITS.phoneMax && /^\+?[0-9 ()./-]{7,}$/.test(raw) ? raw : '';
  return { name: nameText(chosen.name)!, phone };
}

// ---- the pull -----------------------------------------------------------------------------------

export interface SchedulePullOptions {
  db: Database;
  client: FhirClient;
  /** "system|value" or a bare value (settings). */
  practitionerIdentifier: string;
  /** The signed-in clinician (audit actor, visits' created_by). */
  actor: string;
  now: Date;
  newId: () => string;
  limits?: Partial<ScheduleLimits>;
}

/** A patient the EHR has that the console does not yet, with what creating it needs. */
interface NewPatient {
  childName: string;
  dateOfBirth: string;
  sex: Sex;
  weightKg: number;
  weightAt: string;
  guardian: { name: string; phone: string };
  versionId: string | null;
  lastUpdated: string | null;
}

class PullError extends Error {}

export async function pullSchedule(o: SchedulePullOptions): Promise<SchedulePullReport> {
  const limits = { ...SCHEDULE_LIMITS, ...o.limits };
  const identifier = o.practitionerIdentifier.trim();
  if (!identifier) throw new AppError('VALIDATION', 'Enter your Practitioner identifier in the EHR settings first: the schedule is pulled for that clinician.', [{ path: 'practitionerIdentifier', message: 'Needed for the schedule.' }]);
  try {
    return await pull(o, limits, identifier);
  } catch (error) {
    if (error instanceof PullError) throw new AppError('CONFLICT', `The schedule was not pulled; nothing was changed. ${error.message}`);
    throw error;
  }
}

async function pull(o: SchedulePullOptions, limits: ScheduleLimits, identifier: string): Promise<SchedulePullReport> {
  const { db, client } = o;
  const must = <T>(r: Awaited<ReturnType<FhirClient['searchBounded']>>, what: string): NonNullable<T> => {
    if (!r.ok) throw new PullError(`${what}: ${r.message}`);
    if ((r.body as { resourceType?: string } | null)?.resourceType !== 'Bundle') throw new PullError(`${what}: the EHR did not answer with a FHIR search result.`);
    return r.body as unknown as NonNullable<T>;
  };

  // The clinician's Practitioner, by identifier.
  const practitioners = must<{ entry?: { resource?: { resourceType?: string; id?: string } }[] }>(
    await client.searchBounded('Practitioner', { identifier, _count: '2', _elements: 'id,identifier' }, limits.maxBytes),
    'Finding you in the EHR',
  );
  const found = (practitioners.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === 'Practitioner');
  if (found.length === 0) throw new PullError(`The EHR has no Practitioner with the identifier "${identifier.slice(0, 100)}". Check it in the EHR settings.`);
  if (found.length > 1) throw new PullError(`The EHR has more than one Practitioner with the identifier "${identifier.slice(0, 100)}"; ask the EHR's administrator which one is you.`);
  const practitionerId = FhirId.safeParse(found[0]!.id);
  if (!practitionerId.success) throw new PullError('The EHR answered with a Practitioner without a usable id.');

  // Today (00:00 in the console's time zone) to the end of the last day.
  const from = new Date(o.now);
  from.setHours(0, 0, 0, 0);
  const to = new Date(from);
  to.setDate(to.getDate() + limits.days + 1);
  to.setMilliseconds(-1);

  // The appointments, page by page. A `next` link is followed only as its query on our own base URL.
  const appointments = new Map<string, unknown>();
  const included = new Map<string, unknown>();
  let params: URLSearchParams | null = new URLSearchParams({
    practitioner: `Practitioner/${practitionerId.data}`,
    date: `ge${from.toISOString()}`,
    _include: 'Appointment:patient',
    _count: String(limits.pageSize),
  });
  params.append('date', `le${to.toISOString()}`);
  let pages = 0;
  let truncated = false;
  while (params) {
    if (pages >= limits.maxPages) {
      truncated = true;
      break;
    }
    pages += 1;
    type Page = { entry?: { resource?: { resourceType?: string; id?: string }; search?: { mode?: string } }[]; link?: { relation?: string; url?: string }[] };
    const page: Page = must<Page>(
      await client.searchBounded('Appointment', params, limits.maxBytes),
      'Reading the appointments',
    );
    for (const e of page.entry ?? []) {
      const r = e.resource;
      if (!r || typeof r.id !== 'string') continue;
      if (r.resourceType === 'Appointment') appointments.set(r.id, r);
      else if (r.resourceType === 'Patient') included.set(r.id, r);
    }
    const next: string | undefined = page.link?.find((l) => l.relation === 'next')?.url;
    params = null;
    if (next) {
      try {
        params = new URL(next, 'http://base.invalid/').searchParams;
      } catch {
        throw new PullError('The EHR gave a next-page link the console cannot read.');
      }
    }
  }

  // Parse each appointment; find what creating new patients needs (only for patients not linked yet).
  const linkedPatient = db.prepare(`SELECT patient_id FROM ehr_patients WHERE ehr_patient_id = ?`);
  const items: SchedulePullReport['items'] = [];
  const parsed: { a: AppointmentR; fields: Fields; ehrPatientId: string }[] = [];
  const skip = (appointmentId: string, why: string, visitId: string | null = null) =>
    items.push({ appointmentId: appointmentId.slice(0, 64), visitId, outcome: 'skipped', message: `Appointment ${appointmentId.slice(0, 64)} was skipped: ${why}.`.slice(0, 600) });
  const linkedVisit = db.prepare(`SELECT visit_id FROM ehr_appointments WHERE appointment_id = ?`).pluck();
  for (const [id, raw] of appointments) {
    const a = AppointmentR.safeParse(raw);
    if (!a.success) {
      skip(id, `the EHR's Appointment is not one the console can read (${zodWords(a.error)})`);
      continue;
    }
    if (!BOOKED.has(a.data.status) && !CANCELLED.has(a.data.status)) {
      skip(id, `it is not booked yet (status ${a.data.status})`, (linkedVisit.get(id) as string | undefined) ?? null);
      continue;
    }
    const f = appointmentFields(a.data);
    if (!f.ok) {
      skip(id, f.why, (linkedVisit.get(id) as string | undefined) ?? null);
      continue;
    }
    parsed.push({ a: a.data, fields: f.fields, ehrPatientId: f.patientId });
  }

  const newPatients = new Map<string, NewPatient | { why: string }>();
  for (const { ehrPatientId, fields, a } of parsed) {
    if (newPatients.has(ehrPatientId) || linkedPatient.get(ehrPatientId)) continue;
    // A cancelled appointment never creates a patient.
    if (fields.cancelled && !linkedVisit.get(a.id)) continue;
    newPatients.set(ehrPatientId, await readNewPatient(client, ehrPatientId, included.get(ehrPatientId), limits.maxBytes, o.now));
  }

  // Write: one transaction per appointment, with its audit rows.
  const counts = { added: 0, updated: 0, unchanged: 0, conflicts: 0, skipped: items.length };
  const writer = createWriter(db, o, practitionerId.data);
  for (const p of parsed) {
    const newPatient = newPatients.get(p.ehrPatientId);
    if (newPatient && 'why' in newPatient) {
      skip(p.a.id, newPatient.why, (linkedVisit.get(p.a.id) as string | undefined) ?? null);
      counts.skipped += 1;
      continue;
    }
    let result: { outcome: 'added' | 'updated' | 'unchanged' | 'conflict'; visitId: string | null; message: string };
    try {
      // Disk full, read-only, busy: the whole pull stops (STORAGE); appointments written before stay written.
      result = storageGuard(() => writer(p.a, p.fields, p.ehrPatientId, newPatient ?? null));
    } catch (error) {
      if (error instanceof AppError) throw error;
      // A row the store refused (a CHECK, a trigger): this appointment only, rolled back whole.
      skip(p.a.id, `the console's record refused it (${String((error as Error).message).slice(0, 120)})`);
      counts.skipped += 1;
      continue;
    }
    if (result.outcome === 'conflict') counts.conflicts += 1;
    else counts[result.outcome] += 1;
    if (result.outcome !== 'unchanged' || result.message) items.push({ appointmentId: p.a.id, visitId: result.visitId, outcome: result.outcome, message: result.message.slice(0, 600) });
  }
  return { ...counts, from: from.toISOString(), to: to.toISOString(), items: items.slice(0, 500), truncated };
}

/** Read (if not included) and parse a Patient, its guardian and its latest body weight. */
async function readNewPatient(client: FhirClient, id: string, included: unknown, maxBytes: number, now: Date): Promise<NewPatient | { why: string }> {
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

function describe(f: Fields): string {
  const when = `${f.start.slice(0, 16).replace('T', ' ')} UTC, ${f.minutes} min`;
  return f.cancelled ? `cancelled (the appointment at ${when})` : when;
}
const same = (a: Fields, b: Fields) => a.start === b.start && a.minutes === b.minutes && a.reason === b.reason && a.cancelled === b.cancelled;
function differing(a: Fields, b: Fields): string[] {
  const out: string[] = [];
  if (a.start !== b.start) out.push('start');
  if (a.minutes !== b.minutes) out.push('length');
  if (a.reason !== b.reason) out.push('reason');
  if (a.cancelled !== b.cancelled) out.push('cancelled');
  return out;
}

function createWriter(db: Database, o: SchedulePullOptions, practitionerId: string) {
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
  const insertGuardian = db.prepare(`INSERT INTO guardians (id, patient_id, name, phone, created_at) VALUES (?, ?, ?, ?, ?)`);
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
        insertGuardian.run(guardianId, patientId, np.guardian.name, np.guardian.phone, at);
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
      const conflict = "The EHR now names a different patient for this appointment: the console's visit and patient are kept. Settle it in the EHR.";
      conflictLink.run({ id: a.id, versionId, lastUpdated, at, conflict });
      if (conflict !== existing.conflict) audit('visit', existing.visit_id, { outcome: 'conflict', appointmentId: a.id, versionId, fields: ['patient'], kept: 'local', reason: 'other-patient' });
      return { outcome: 'conflict', visitId: existing.visit_id, message: conflict };
    }
    const v = visitRow.get(existing.visit_id) as VisitRow;
    const local: Fields = { start: new Date(v.scheduled_start).toISOString(), minutes: v.duration_minutes, reason: v.reason, cancelled: existing.cancelled_at !== null };
    const last: Fields = { start: existing.ehr_start, minutes: existing.ehr_minutes, reason: existing.ehr_reason, cancelled: existing.ehr_cancelled === 1 };
    const base = { id: a.id, versionId, lastUpdated, at };

    if (same(e, local)) {
      applyLink.run({ ...base, status: a.status, start: e.start, minutes: e.minutes, reason: e.reason, cancelled: e.cancelled ? 1 : 0, cancelledAt: existing.cancelled_at });
      return { outcome: 'unchanged', visitId: existing.visit_id, message: existing.conflict ? 'The EHR and the console agree again.' : '' };
    }

    const started = v.status !== 'scheduled' || v.started_at !== null;
    const clinical = started || hasClinical.get({ id: existing.visit_id }) !== undefined;
    const changedHere = !same(local, last);
    if (clinical || changedHere) {
      const fields = differing(e, local);
      const why = clinical
        ? started
          ? 'this visit has started, so the EHR does not change it'
          : 'this visit holds clinical data, so the EHR does not change it'
        : `it was changed here (${differing(local, last).join(', ')}) since the last pull`;
      const conflict = `${e.cancelled && !local.cancelled ? 'The EHR cancelled this appointment' : `The EHR says ${describe(e)}`}, but ${why}: the console's visit is kept (${describe(local)}). Settle it in the EHR or here.`;
      conflictLink.run({ ...base, conflict: conflict.slice(0, 1000) });
      if (conflict !== existing.conflict) audit('visit', existing.visit_id, { outcome: 'conflict', appointmentId: a.id, versionId, fields, kept: 'local', reason: clinical ? (started ? 'started' : 'clinical-data') : 'changed-here' });
      return { outcome: 'conflict', visitId: existing.visit_id, message: conflict };
    }

    // Untouched here since the last pull: the EHR's schedule fields win.
    updateVisit.run(e.start, e.minutes, e.reason, at, existing.visit_id);
    applyLink.run({ ...base, status: a.status, start: e.start, minutes: e.minutes, reason: e.reason, cancelled: e.cancelled ? 1 : 0, cancelledAt: e.cancelled ? (existing.cancelled_at ?? at) : null });
    const fields = differing(e, local);
    audit('visit', existing.visit_id, { outcome: 'updated', appointmentId: a.id, versionId, fields });
    return { outcome: 'updated', visitId: existing.visit_id, message: `Updated from the EHR (${fields.join(', ')}): now ${describe(e)}.` };
  });
}

/** The marks on home: which of these visits came from the EHR, cancelled there, or in conflict. */
export function scheduleLinks(db: Database, visitIds: string[]): ScheduleLink[] {
  if (visitIds.length === 0) return [];
  const rows = db
    .prepare(`SELECT visit_id, appointment_id, cancelled_at, conflict FROM ehr_appointments WHERE visit_id IN (${visitIds.map(() => '?').join(',')})`)
    .all(...visitIds) as { visit_id: string; appointment_id: string; cancelled_at: string | null; conflict: string | null }[];
  return rows.map((r) => ({ visitId: r.visit_id, appointmentId: r.appointment_id, cancelled: r.cancelled_at !== null, conflict: r.conflict }));
}

/**
 * The EHR ids a delivered document uses for a visit that came from the EHR's
 * schedule: subject Patient/<id> and context.related Appointment/<id>. The
 * author stays the console's signing clinician (by identifier): the
 * appointment's Practitioner is whoever the schedule was pulled for, which is
 * not necessarily who signed.
 */
export function ehrLinksOf(db: Database, visitId: string): EhrLinks {
  const row = db.prepare(`SELECT appointment_id, ehr_patient_id FROM ehr_appointments WHERE visit_id = ?`).get(visitId) as
    | { appointment_id: string; ehr_patient_id: string }
    | undefined;
  return row ? { patientId: row.ehr_patient_id, appointmentId: row.appointment_id } : {};
}
