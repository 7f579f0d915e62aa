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
 * Three modules: this one pulls; schedule-read.ts parses what enters and
 * reads new patients; schedule-write.ts writes one appointment under the
 * conflict rule of schedule-conflict.ts.
 *
 * The conflict rule (schedule-conflict.ts, written in docs/ehr.md): schedule fields
 * (start, length, reason, cancelled) follow the EHR unless they were changed
 * here since the last pull; a visit that has started or holds any clinical
 * data is never changed or cancelled by the EHR. Either way the local visit
 * is kept and the conflict is reported, on every pull, until the two agree.
 */
import type { Database } from 'better-sqlite3';
import type { SchedulePullReport, ScheduleLink } from '../../../shared/domain/ehr';
import { AppError } from '../../../shared/ipc/errors';
import { storageGuard } from '../services/deps';
import type { EhrLinks } from './document';
import type { FhirClient } from './fhir-client';
import { AppointmentR, appointmentFields, BOOKED, CANCELLED, FhirId, PullError, readNewPatient, zodWords, type Fields, type NewPatient } from './schedule-read';
import { createWriter } from './schedule-write';

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