/**
 * The visit as a FHIR R4 document Bundle (clinical-sources.md, "FHIR R4
 * mapping of a visit"): Composition first, then Patient, RelatedPerson
 * (guardians), Practitioner, Encounter (class v3-ActCode VR), one Observation
 * per maneuver and per pain score grouped by a panel, one Observation per red
 * flag, a RiskAssessment with the disposition, the escalation (ServiceRequest
 * for tiers A-D), the plan (CarePlan), and a DocumentReference for the
 * clinician note PDF.
 *
 * Standard codes are used only where clinical-sources.md names them (LOINC
 * 72514-3, 38208-5, 34133-9, 69730-0; SNOMED CT 279039007; v3-ActCode VR).
 * Everything else is coded in the console's own code systems (LOCAL_SYSTEM)
 * with the words in `text`; no code is guessed.
 *
 * Resource ids are derived from the visit id, so exporting the same visit
 * twice gives the same ids (the Bundle identifier changes with each amendment).
 */
import { concept, documentReference, doseWords, local, narrative, narrativeList, peopleResources, stableUuid, SYSTEMS, textOnly, type FhirResource } from './fhir-parts';

export { doseWords, fmt, LOCAL_SYSTEM, stableUuid, SYSTEMS, type FhirResource } from './fhir-parts';
import { clinicalContent, familyReturnPrecautions } from '../../../shared/clinical';
import { ESTIMATE_WORDS, estimateLimits, estimateText, UCUM } from './estimates';
import { flagStateWords, SOURCE_WORDS, STATE_WORDS, words, type ExportModel, type ObservationRow } from './model';

export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  identifier: { system: string; value: string };
  type: 'document';
  timestamp: string;
  entry: { fullUrl: string; resource: FhirResource }[];
}

export interface PdfAttachment {
  data: Uint8Array;
  title: string;
}

export interface FhirOptions {
  /** The clinician note PDF, embedded in the DocumentReference. Without it, the DocumentReference points at `pdfUrl`. */
  pdf?: PdfAttachment;
  /** Where the PDF was written (file name only), used when `pdf` is not embedded. */
  pdfUrl?: string;
}

/** Build the FHIR R4 document Bundle of a visit. */
export function buildFhirBundle(m: ExportModel, options: FhirOptions = {}): FhirBundle {
  const seed = (what: string) => stableUuid(`${m.visit.id}/${what}`);
  const ids = {
    composition: seed('composition'),
    patient: stableUuid(`patient/${m.patient.id}`),
    encounter: seed('encounter'),
    panel: seed('panel'),
    risk: seed('risk'),
    service: seed('service-request'),
    carePlan: seed('care-plan'),
    docRef: seed('document-reference'),
  };
  const ref = (id: string) => ({ reference: `urn:uuid:${id}` });
  const entries: FhirResource[] = [];
  const obsStatus = m.status === 'preliminary' ? 'preliminary' : m.status === 'amended' ? 'amended' : 'final';
  const effective = m.visit.endedAt ?? m.visit.signedAt ?? m.visit.startedAt ?? m.visit.scheduledStart;

  const { patient, relatedPeople, practitioners, clinicianIds } = peopleResources(m, ids.patient);
  const practitionerRef = (id: string | null | undefined) => (id && clinicianIds.has(id) ? ref(stableUuid(`practitioner/${id}`)) : undefined);
  const responsibleRef = practitionerRef(m.responsible?.id);

  const encounter: FhirResource = {
    resourceType: 'Encounter',
    id: ids.encounter,
    identifier: [{ system: local('visit-id'), value: m.visit.id }],
    status: m.visit.status === 'signed' ? 'finished' : m.visit.status === 'scheduled' ? 'planned' : m.visit.status === 'waiting' ? 'arrived' : 'in-progress',
    class: { system: SYSTEMS.actCode, code: 'VR', display: 'virtual' },
    type: [textOnly('Video visit (audio and video)')],
    subject: ref(ids.patient),
    participant: [
      ...(responsibleRef ? [{ type: [concept('http://terminology.hl7.org/CodeSystem/v3-ParticipationType', 'PPRF', 'primary performer')], individual: responsibleRef }] : []),
      ...relatedPeople.map((r) => ({ individual: ref(r.id) })),
    ],
    period: {
      start: m.visit.startedAt ?? m.visit.scheduledStart,
      ...(m.visit.endedAt ? { end: m.visit.endedAt } : {}),
    },
    length: { value: m.visit.durationMinutes, unit: 'min', system: SYSTEMS.ucum, code: 'min' },
    reasonCode: [concept(SYSTEMS.snomed, '279039007', 'Low back pain', 'Acute non-specific back pain')],
  };

  // Observations: one per maneuver, one per pain score, grouped by a panel.
  const maneuverObs: FhirResource[] = [];
  const painObs: FhirResource[] = [];
  const performer = responsibleRef ? [responsibleRef] : undefined;
  for (const row of m.observations) {
    if (row.status === 'not_recorded') continue;
    const id = seed(`observation/${row.maneuverId}`);
    maneuverObs.push(maneuverObservation(row, id));
    if (row.pain) painObs.push(painObservation(row.pain, seed(`pain/${row.maneuverId}`), `${row.title}: pain during the movement`, row.observedAt ?? effective, id));
  }
  // Issue 17: camera estimates, each derived from the finding it was attached to (the finding itself is unchanged).
  const estimateObs: FhirResource[] = [];
  const recorded = new Set(m.observations.filter((o) => o.status !== 'not_recorded').map((o) => o.maneuverId));
  const limits = estimateLimits(m.estimates);
  for (const e of m.estimates) {
    estimateObs.push({
      resourceType: 'Observation',
      id: seed(`estimate/${e.id}`),
      status: obsStatus,
      category: [concept(SYSTEMS.obsCategory, 'exam', 'Exam')],
      code: concept(local('camera-measure'), e.measure, e.label, `${e.label} (${ESTIMATE_WORDS})`),
      subject: ref(ids.patient),
      encounter: ref(ids.encounter),
      effectiveDateTime: e.attachedAt,
      ...(performer ? { performer } : {}),
      valueQuantity: { value: e.value, unit: e.unit, system: SYSTEMS.ucum, code: UCUM[e.unit] ?? '1' },
      method: textOnly(`Camera estimate, not a goniometer: on-device pose estimation (${e.model}), landmark confidence ${e.confidence.toFixed(2)}`),
      ...(recorded.has(e.maneuverId) ? { derivedFrom: [ref(seed(`observation/${e.maneuverId}`))] } : {}),
      note: [{ text: estimateText(e) }, ...limits.map((text) => ({ text }))],
    });
  }
  // What video could not check: reflexes, formal sensory testing, reliable palpation.
  for (const c of clinicalContent.maneuvers.cannotAssessOverVideo) {
    maneuverObs.push({
      resourceType: 'Observation',
      id: seed(`not-assessed/${c.id}`),
      status: obsStatus,
      category: [concept(SYSTEMS.obsCategory, 'exam', 'Exam')],
      code: concept(local('maneuver'), c.id, c.label),
      subject: ref(ids.patient),
      encounter: ref(ids.encounter),
      effectiveDateTime: effective,
      dataAbsentReason: concept(SYSTEMS.dataAbsent, 'not-performed', 'Not Performed', 'Not assessed: cannot be done over video'),
    });
  }
  if (m.intake?.answers.painScore) {
    const p = m.intake.answers.painScore;
    painObs.push(painObservation(p, seed('pain/intake'), 'Pain today, reported by the family before the visit', m.intake.submittedAt, null));
  }
  const panel: FhirResource = {
    resourceType: 'Observation',
    id: ids.panel,
    status: obsStatus,
    category: [concept(SYSTEMS.obsCategory, 'exam', 'Exam')],
    code: concept(local('panel'), 'movement-observations', 'Movement observations over video'),
    subject: ref(ids.patient),
    encounter: ref(ids.encounter),
    effectiveDateTime: effective,
    ...(performer ? { performer } : {}),
    hasMember: [...maneuverObs, ...painObs, ...estimateObs].map((o) => ref(o.id)),
  };

  function maneuverObservation(row: ObservationRow, id: string): FhirResource {
    const notAssessed = row.status === 'not_assessed';
    const detail = row.findings.map((f) => `${f.label}: ${f.value}`).join('; ');
    return {
      resourceType: 'Observation',
      id,
      status: obsStatus,
      category: [concept(SYSTEMS.obsCategory, 'exam', 'Exam')],
      code: concept(local('maneuver'), row.maneuverId, row.title),
      subject: ref(ids.patient),
      encounter: ref(ids.encounter),
      effectiveDateTime: row.observedAt ?? effective,
      ...(performer ? { performer } : {}),
      ...(notAssessed
        ? { dataAbsentReason: concept(SYSTEMS.dataAbsent, 'not-performed', 'Not Performed', 'Not assessed over video') }
        : { valueCodeableConcept: concept(local('finding'), row.coarse, words(row.coarse), detail || words(row.coarse)) }),
      ...(row.side ? { bodySite: textOnly(`${row.side} side`) } : {}),
      method: textOnly('Observed over video'),
      ...(row.note ? { note: [{ text: row.note }] } : {}),
    };
  }
  function painObservation(p: { scale: string; score: number }, id: string, what: string, at: string, derivedFrom: string | null): FhirResource {
    const nrs = p.scale === 'NRS-11';
    return {
      resourceType: 'Observation',
      id,
      status: obsStatus,
      category: [concept(SYSTEMS.obsCategory, 'survey', 'Survey')],
      code: nrs
        ? concept(SYSTEMS.loinc, '72514-3', 'Pain severity - 0-10 verbal numeric rating [Score] - Reported', what)
        : concept(SYSTEMS.loinc, '38208-5', 'Pain severity - Reported', what),
      subject: ref(ids.patient),
      encounter: ref(ids.encounter),
      effectiveDateTime: at,
      valueQuantity: { value: p.score, unit: '{score}', system: SYSTEMS.ucum, code: '{score}' },
      method: concept(local('pain-scale'), p.scale, p.scale, `${p.scale} (scores are never converted between scales)`),
      ...(derivedFrom ? { derivedFrom: [ref(derivedFrom)] } : {}),
    };
  }

  // Red-flag screen: one Observation per flag, and the disposition.
  const flagObs: FhirResource[] = m.flags.map((f) => ({
    resourceType: 'Observation',
    id: seed(`flag/${f.id}`),
    status: obsStatus,
    category: [concept(SYSTEMS.obsCategory, f.source === 'family_intake' ? 'survey' : 'exam', f.source === 'family_intake' ? 'Survey' : 'Exam')],
    code: concept(local('red-flag'), f.id, f.label, `Red flag: ${f.label} (tier ${f.tier})`),
    subject: ref(ids.patient),
    encounter: ref(ids.encounter),
    effectiveDateTime: effective,
    ...(f.state === 'not_screened'
      ? { dataAbsentReason: concept(SYSTEMS.dataAbsent, 'not-asked', 'Not Asked', 'Not screened') }
      : { valueCodeableConcept: concept(local('flag-state'), f.state, STATE_WORDS[f.state]) }),
    ...(f.source ? { method: concept(local('flag-source'), f.source, SOURCE_WORDS[f.source]) } : {}),
    ...(f.evidence.length || f.note ? { note: [...f.evidence, ...(f.note ? [`Clinician note: ${f.note}`] : [])].map((text) => ({ text })) } : {}),
  }));
  const raised = m.flags.filter((f) => f.state === 'present' || f.state === 'could_not_assess');
  const risk: FhirResource = {
    resourceType: 'RiskAssessment',
    id: ids.risk,
    status: obsStatus,
    code: textOnly('Paediatric back pain red-flag screen'),
    subject: ref(ids.patient),
    encounter: ref(ids.encounter),
    occurrenceDateTime: effective,
    ...(responsibleRef ? { performer: responsibleRef } : {}),
    basis: flagObs.map((o) => ref(o.id)),
    prediction: [
      {
        outcome: textOnly(
          raised.length
            ? `Needs a decision: ${raised.map((f) => `${f.label} (${STATE_WORDS[f.state]})`).join('; ')}. Minimum tier by the rules: ${m.minimumTier}.`
            : `No red flag present or unassessable. Minimum tier by the rules: ${m.minimumTier}.`,
        ),
        qualitativeRisk: textOnly(raised.some((f) => f.state === 'present') ? 'Red flag present' : raised.length ? 'Red flag could not be assessed' : 'No red flag found'),
      },
    ],
    ...(m.decision ? { mitigation: `Decision: tier ${m.decision.tier} (${m.decision.tierInfo.name}).${m.decision.rationale ? ` Rationale: ${m.decision.rationale}` : ''}` } : {}),
  };

  // Escalation: tiers A-D as a ServiceRequest for in-person care.
  const serviceRequest: FhirResource | null =
    m.decision && m.decision.tier !== 'E'
      ? {
          resourceType: 'ServiceRequest',
          id: ids.service,
          status: m.status === 'preliminary' ? 'draft' : 'active',
          intent: 'order',
          category: [textOnly('Escalation to in-person care')],
          priority: ({ A: 'stat', B: 'asap', C: 'urgent', D: 'routine' } as const)[m.decision.tier],
          code: concept(local('escalation-tier'), m.decision.tier, m.decision.tierInfo.name, `Tier ${m.decision.tier}: ${m.decision.tierInfo.name} (${m.decision.tierInfo.meaning})`),
          subject: ref(ids.patient),
          encounter: ref(ids.encounter),
          authoredOn: m.decision.decidedAt,
          ...(practitionerRef(m.decision.decidedBy) ? { requester: practitionerRef(m.decision.decidedBy) } : {}),
          reasonReference: [ref(ids.risk)],
          ...(m.decision.rationale ? { note: [{ text: `Rationale: ${m.decision.rationale}` }] } : {}),
          ...(m.decision.familyTold ? { patientInstruction: m.decision.familyTold } : {}),
        }
      : null;

  // The plan (and, for tier E, the escalation decision itself: home care with a safety net).
  const plan = m.plan;
  const carePlan: FhirResource | null =
    plan || m.decision
      ? {
          resourceType: 'CarePlan',
          id: ids.carePlan,
          status: m.status === 'preliminary' ? 'draft' : 'active',
          intent: 'plan',
          title: m.decision?.tier === 'E' ? 'Home care with a safety net' : 'Plan after the video visit',
          ...(m.decision ? { description: `Tier ${m.decision.tier}: ${m.decision.tierInfo.name}. ${m.decision.tierInfo.meaning}.${m.decision.rationale ? ` Rationale: ${m.decision.rationale}` : ''}` } : {}),
          subject: ref(ids.patient),
          encounter: ref(ids.encounter),
          created: plan?.updatedAt ?? m.decision?.decidedAt,
          ...(responsibleRef ? { author: responsibleRef } : {}),
          addresses: [],
          activity: [
            ...(plan?.advice ?? []).map((a) => ({
              detail: { kind: 'ServiceRequest', code: concept(local('advice'), a.id, a.text?.en ?? a.id), status: 'not-started', description: a.text?.en ?? a.id },
            })),
            ...(plan?.analgesia ?? []).map((d) => ({
              detail: {
                kind: 'MedicationRequest',
                status: 'not-started',
                productCodeableConcept: textOnly(d.productName ?? d.drugName),
                ...(d.doseMl ? { quantity: { value: d.doseMl, unit: 'mL', system: SYSTEMS.ucum, code: 'mL' } } : {}),
                dailyAmount: { value: d.maxMgPer24h, unit: 'mg', system: SYSTEMS.ucum, code: 'mg' },
                description: doseWords(d),
              },
            })),
          ],
          ...(serviceRequest ? { basedOn: [] } : {}),
          ...(plan && (plan.followUp.when || plan.followUp.withWhom || plan.followUp.instructions)
            ? { note: [{ text: `Follow-up: ${[plan.followUp.when, plan.followUp.withWhom, plan.followUp.instructions].filter(Boolean).join('; ')}` }] }
            : {}),
        }
      : null;
  if (carePlan) {
    delete carePlan.addresses;
    delete carePlan.basedOn;
    if ((carePlan.activity as unknown[]).length === 0) delete carePlan.activity;
  }

  // The clinician note PDF.
  const docRef = documentReference(m, { id: ids.docRef, patient: ref(ids.patient), encounter: ref(ids.encounter), period: encounter.period, author: responsibleRef, options });

  // The Composition: sections with narrative and entries.
  const section = (title: string, text: { status: 'generated'; div: string }, entry: FhirResource[], code?: ReturnType<typeof concept>) => ({
    title,
    ...(code ? { code } : {}),
    text,
    ...(entry.length ? { entry: entry.map((e) => ref(e.id)) } : {}),
  });
  const findingsText = m.observations
    .filter((o) => o.status !== 'not_recorded')
    .map((o) => `${o.title}: ${o.status === 'not_assessed' ? 'not assessed' : o.findings.map((f) => `${f.label} ${f.value}`).join(', ')}${o.pain ? `; pain ${o.pain.score}/10 (${o.pain.scale})` : ''}`);
  const notAssessedText = m.notAssessed.map((n) => `${n.label}: not assessed (${n.why.toLowerCase()})`);
  const flagText = m.flags.map((f) => `${f.label}: ${flagStateWords(f)}${f.source ? ` (source: ${SOURCE_WORDS[f.source]})` : ''}`);
  const planText = [
    ...(m.decision ? [`Escalation: tier ${m.decision.tier}, ${m.decision.tierInfo.name}.${m.decision.rationale ? ` Rationale: ${m.decision.rationale}` : ''}`] : ['No escalation decision recorded.']),
    ...(plan?.analgesia ?? []).map(doseWords),
    ...(plan?.advice ?? []).map((a) => a.text?.en ?? a.id),
  ];
  const familyScript = m.decision ? [m.decision.tierInfo.familyScript.en] : [];
  const instructions = [
    ...familyScript,
    ...(m.decision?.familyTold ? [`What the family was told: ${m.decision.familyTold}`] : []),
    ...familyReturnPrecautions().map((r) => (r.signs.en.length > 0 ? `${r.heading.en} ${r.signs.en.join('; ')}.` : r.heading.en)),
    clinicalContent.familyAdvice.disclaimer.en,
  ];
  const composition: FhirResource = {
    resourceType: 'Composition',
    id: ids.composition,
    text: narrative([
      `Video visit summary${m.draft ? ' (DRAFT: the visit is not signed)' : ''}.`,
      m.contentStatusLine,
    ]),
    identifier: { system: local('visit-id'), value: m.visit.id },
    status: m.status,
    type: concept(SYSTEMS.loinc, '34133-9', 'Summary of episode note'),
    category: [textOnly('Telehealth visit: acute non-specific back pain in a child')],
    subject: ref(ids.patient),
    encounter: ref(ids.encounter),
    date: m.visit.signedAt ?? m.generatedAt,
    author: [responsibleRef ?? { display: 'Back Pain Telehealth Console' }],
    title: 'Video visit for back pain: clinician summary',
    confidentiality: 'R',
    ...(m.signer && m.visit.signedAt
      ? { attester: [{ mode: 'legal', time: m.visit.signedAt, party: practitionerRef(m.signer.id) }] }
      : {}),
    section: [
      section('Clinical content status', narrative([m.contentStatusLine]), []),
      section('Findings (movement observations over video)', narrativeList('Observed over video:', [...findingsText, ...m.estimates.map(estimateText)]), [panel, ...maneuverObs, ...painObs, ...estimateObs]),
      section('Not assessed', narrativeList('Not assessed in this video visit:', notAssessedText), []),
      section('Red flags', narrativeList('Red-flag screen:', flagText), [...flagObs, risk]),
      section('Plan', narrativeList('Decision and plan:', planText), [...(serviceRequest ? [serviceRequest] : []), ...(carePlan ? [carePlan] : [])]),
      section('Instructions', narrativeList('Family instructions:', instructions), carePlan ? [carePlan] : [], concept(SYSTEMS.loinc, '69730-0', 'Instructions')),
      ...(m.addenda.length
        ? [section('Addenda', narrativeList('Addenda after signing:', m.addenda.map((a) => `${a.createdAt} ${m.authors[a.author] ?? a.author}: ${a.reason}. ${a.text}`)), [])]
        : []),
      section('Clinician note (PDF)', narrative(['The clinician note as printed.']), [docRef]),
    ],
  };

  entries.push(
    composition,
    patient,
    ...relatedPeople,
    ...practitioners,
    encounter,
    panel,
    ...maneuverObs,
    ...painObs,
    ...estimateObs,
    ...flagObs,
    risk,
    ...(serviceRequest ? [serviceRequest] : []),
    ...(carePlan ? [carePlan] : []),
    docRef,
  );
  return {
    resourceType: 'Bundle',
    id: seed(`bundle/${m.status}/${m.addenda.length}`),
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${seed(`bundle/${m.status}/${m.addenda.length}`)}` },
    type: 'document',
    timestamp: m.generatedAt,
    entry: entries.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}

