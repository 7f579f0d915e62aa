/**
 * The DocumentReference the console sends to the EHR for each signed visit,
 * after US Core's clinical-notes guidance: LOINC type (34133-9, the code
 * clinical-sources.md names for the visit summary), US Core category
 * `clinical-note`, the note PDF as base64 attachment, the patient as subject,
 * context linking the encounter (the video visit) and its period, author and
 * date. Its identifier is stable per visit and version, so the delivery is a
 * conditional create that a retry can never duplicate; an addendum makes a
 * new version that `relatesTo` replaces the delivered one.
 */
import { createHash } from 'node:crypto';
import type { ExportModel } from '../export/model';
import { LOCAL_SYSTEM, SYSTEMS } from '../export/fhir';

export const DOCUMENT_IDENTIFIER_SYSTEM = `${LOCAL_SYSTEM}:visit-document`;
export const US_CORE_DOC_CATEGORY = 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category';

/** Identifier of one delivered version: `<visit id>.v<version>`. */
export function documentIdentifier(visitId: string, version: number): { system: string; value: string } {
  return { system: DOCUMENT_IDENTIFIER_SYSTEM, value: `${visitId}.v${version}` };
}

/** EHR ids the console knows for this visit (from the EHR's schedule), used as literal references. */
export interface EhrLinks {
  patientId?: string | null;
  practitionerId?: string | null;
  appointmentId?: string | null;
}

export function buildDocumentReference(
  m: ExportModel,
  pdf: Uint8Array,
  options: { version: number; replaces: string | null; links?: EhrLinks },
): Record<string, unknown> & { resourceType: 'DocumentReference' } {
  const links = options.links ?? {};
  const signer = m.signer ?? m.responsible;
  const data = Buffer.from(pdf);
  const at = m.visit.signedAt ?? m.generatedAt;
  const lastAddendum = m.addenda.length ? m.addenda[m.addenda.length - 1]!.createdAt : null;
  return {
    resourceType: 'DocumentReference',
    identifier: [documentIdentifier(m.visit.id, options.version)],
    status: 'current',
    docStatus: m.status === 'amended' ? 'amended' : m.status === 'final' ? 'final' : 'preliminary',
    type: { coding: [{ system: SYSTEMS.loinc, code: '34133-9', display: 'Summary of episode note' }], text: 'Video visit note: acute back pain' },
    category: [{ coding: [{ system: US_CORE_DOC_CATEGORY, code: 'clinical-note', display: 'Clinical Note' }] }],
    subject: links.patientId
      ? { reference: `Patient/${links.patientId}` }
      : { identifier: { system: `${LOCAL_SYSTEM}:patient-id`, value: m.patient.id }, display: m.patient.childName },
    date: lastAddendum && options.version > 1 ? lastAddendum : at,
    ...(signer
      ? {
          author: [
            links.practitionerId
              ? { reference: `Practitioner/${links.practitionerId}` }
              : { identifier: { system: `${LOCAL_SYSTEM}:clinician-id`, value: signer.id }, display: signer.displayName },
          ],
        }
      : {}),
    description: `Video visit for back pain${options.version > 1 ? ` (version ${options.version}, with addenda)` : ''}. ${m.contentStatusLine}`.slice(0, 1000),
    ...(options.replaces ? { relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${options.replaces}` } }] } : {}),
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          language: 'en',
          data: data.toString('base64'),
          size: data.length,
          hash: createHash('sha1').update(data).digest('base64'),
          title: `visit-note-${m.visitDate}${options.version > 1 ? `-v${options.version}` : ''}.pdf`,
          creation: at,
        },
      },
    ],
    context: {
      encounter: [{ identifier: { system: `${LOCAL_SYSTEM}:visit-id`, value: m.visit.id }, display: 'Video visit (audio and video)' }],
      period: { start: m.visit.startedAt ?? m.visit.scheduledStart, ...(m.visit.endedAt ? { end: m.visit.endedAt } : {}) },
      ...(links.appointmentId ? { related: [{ reference: `Appointment/${links.appointmentId}` }] } : {}),
    },
  };
}
