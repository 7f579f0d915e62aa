/**
 * The parts of the FHIR document that do not depend on one visit's
 * resources: code systems, stable ids, narratives, coded concepts, the
 * people (Patient, RelatedPerson, Practitioner) and the dose line in words.
 */
import { createHash } from 'node:crypto';
import type { DoseLine, ExportModel } from './model';

export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;

export const SYSTEMS = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  obsCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  dataAbsent: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
  ucum: 'http://unitsofmeasure.org',
  confidentiality: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality',
  carePlanCategory: 'http://hl7.org/fhir/us/core/CodeSystem/careplan-category',
} as const;

/** The console's own code systems (no standard code is claimed for these). */
export const LOCAL_SYSTEM = 'urn:bptc:fhir';
export const local = (kind: string) => `${LOCAL_SYSTEM}:${kind}`;

/** A stable UUID (version-5 style, SHA-1) from a seed. */
export function stableUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export function narrative(parts: string[]): { status: 'generated'; div: string } {
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${parts.map((p) => `<p>${esc(p)}</p>`).join('')}</div>` };
}
export function narrativeList(title: string, items: string[]): { status: 'generated'; div: string } {
  const list = items.length ? `<ul>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>` : '<p>None.</p>';
  return { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${esc(title)}</p>${list}</div>` };
}
export const concept = (system: string, code: string, display: string, text?: string) => ({ coding: [{ system, code, display }], text: text ?? display });
export const textOnly = (text: string) => ({ text });


/** The patient, the guardians and the clinicians the document names. */
export function peopleResources(m: ExportModel, patientId: string) {
  const ref = (id: string) => ({ reference: `urn:uuid:${id}` });
  const ids = { patient: patientId };
  // People.
  const nameParts = m.patient.childName.trim().split(/\s+/);
  const family = nameParts.length > 1 ? nameParts[nameParts.length - 1]! : undefined;
  const given = nameParts.length > 1 ? nameParts.slice(0, -1) : nameParts;
  const patient: FhirResource = {
    resourceType: 'Patient',
    id: ids.patient,
    identifier: [{ system: local('patient-id'), value: m.patient.id }],
    name: [{ text: m.patient.childName, ...(family ? { family } : {}), given }],
    gender: m.patient.sex,
    birthDate: m.patient.dateOfBirth,
    contact: m.guardians.map((g) => ({
      relationship: [concept(SYSTEMS.roleCode, 'GUARD', 'guardian')],
      name: { text: g.name },
      telecom: [{ system: 'phone', value: g.phone }],
    })),
    ...(m.patient.isDemo ? { meta: { tag: [{ system: local('tag'), code: 'demo', display: 'Demo patient (not a real person)' }] } } : {}),
  };
  const relatedPeople: FhirResource[] = m.guardians.map((g) => ({
    resourceType: 'RelatedPerson',
    id: stableUuid(`guardian/${g.id}`),
    patient: ref(ids.patient),
    relationship: [concept(SYSTEMS.roleCode, 'GUARD', 'guardian')],
    name: [{ text: g.name }],
    telecom: [{ system: 'phone', value: g.phone }],
  }));
  const clinicianIds = new Set<string>();
  for (const c of [m.responsible, m.signer]) if (c) clinicianIds.add(c.id);
  for (const a of m.addenda) clinicianIds.add(a.author);
  const practitioners: FhirResource[] = m.clinicians
    .filter((c) => clinicianIds.has(c.id))
    .map((c) => ({
      resourceType: 'Practitioner',
      id: stableUuid(`practitioner/${c.id}`),
      identifier: [{ system: local('clinician-id'), value: c.id }],
      name: [{ text: c.displayName }],
      ...(c.credentials ? { qualification: [{ code: textOnly(c.credentials) }] } : {}),
    }));
  return { patient, relatedPeople, practitioners, clinicianIds };
}


/** The DocumentReference of the clinician note PDF: embedded when given, else pointing at where it was written. */
export function documentReference(
  m: ExportModel,
  o: { id: string; patient: { reference: string }; encounter: { reference: string }; period: unknown; author: { reference: string } | undefined; options: { pdf?: { data: Uint8Array; title: string }; pdfUrl?: string } },
): FhirResource {
  const pdf = o.options.pdf;
  return {
    resourceType: 'DocumentReference',
    id: o.id,
    status: 'current',
    docStatus: m.status,
    type: concept(SYSTEMS.loinc, '34133-9', 'Summary of episode note', 'Clinician note of the video visit'),
    subject: o.patient,
    date: m.generatedAt,
    ...(o.author ? { author: [o.author] } : {}),
    description: `Clinician note (PDF). ${m.contentStatusLine}`,
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          language: 'en',
          title: pdf?.title ?? 'Clinician note',
          creation: m.generatedAt,
          ...(pdf
            ? {
                data: Buffer.from(pdf.data).toString('base64'),
                size: pdf.data.byteLength,
                hash: createHash('sha1').update(pdf.data).digest('base64'),
              }
            : { url: o.options.pdfUrl ?? 'visit-note.pdf' }),
        },
      },
    ],
    context: { encounter: [o.encounter], period: o.period },
  };
}

/** "Acetaminophen oral suspension 160 mg / 5 mL: 9 mL (288 mg) every 4-6 hours, at most 5 doses in 24 hours." */
export function doseWords(d: DoseLine): string {
  const every = d.maxIntervalHours && d.maxIntervalHours !== d.intervalHours ? `${d.intervalHours}-${d.maxIntervalHours}` : `${d.intervalHours}`;
  return (
    `${d.productName ?? d.drugName}: ${d.doseMl !== null ? `${fmt(d.doseMl)} mL (${fmt(d.doseMg)} mg)` : `${fmt(d.doseMg)} mg`} every ${every} hours, ` +
    `at most ${d.maxDosesPer24h} doses (${fmt(d.maxMgPer24h)} mg) in 24 hours` +
    `${d.stopAfterDays ? `; stop after ${d.stopAfterDays} days (last day ${d.stopDate})` : ''}.`
  );
}

export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}
