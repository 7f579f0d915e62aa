/**
 * The FHIR R4 document of each demo visit (one per tier, one amended, one
 * draft), validated resource by resource with @medplum/core and its R4
 * definitions: zero errors. Plus the mapping the issue asks for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeededStore } from './fixture';
import { fhirValidator, FHIR_DEFINITIONS_DIR } from './fhir-validator';
import { buildExportModel, type ExportModel } from '../../../electron/main/export/model';
import { buildFhirBundle, type FhirBundle, type FhirResource } from '../../../electron/main/export/fhir';
import { CLINICAL_REVIEW_STATEMENT } from '../../../shared/about';
import { CONTENT_VERSION } from '../../../shared/clinical';

let store: Awaited<ReturnType<typeof openSeededStore>>;
const bundles = new Map<string, { model: ExportModel; bundle: FhirBundle }>();
const FAKE_PDF = new TextEncoder().encode('%PDF-1.4 fake note for the DocumentReference');

beforeAll(async () => {
  store = await openSeededStore();
  const clinicians = await store.services.clinicians.list();
  for (const v of store.visits) {
    const model = buildExportModel(await store.services.record.getVisitRecord(v.visitId), {
      clinicians,
      now: new Date('2026-11-27T16:00:00Z'),
      today: store.clock.today(),
      timeZone: 'UTC',
    });
    bundles.set(v.key, { model, bundle: buildFhirBundle(model, { pdf: { data: FAKE_PDF, title: 'visit-note.pdf' } }) });
  }
});
afterAll(() => store?.close());

const get = (key: string) => bundles.get(key)!;
const all = (b: FhirBundle, type: string) => b.entry.map((e) => e.resource).filter((r) => r.resourceType === type);
const one = (b: FhirBundle, type: string) => {
  const found = all(b, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const codes = (c: unknown) => ((c as { coding?: { system: string; code: string }[] })?.coding ?? []).map((x) => `${x.system}|${x.code}`);

describe('validated with @medplum/core (R4 definitions)', () => {
  it('every resource and every Bundle has zero errors', async () => {
    const validate = await fhirValidator();
    let checked = 0;
    for (const [key, { bundle }] of bundles) {
      const errors = [
        ...validate(bundle as unknown as Record<string, unknown>).map((i) => ({ where: 'Bundle', ...i })),
        ...bundle.entry.flatMap((e) => validate(e.resource).map((i) => ({ where: `${e.resource.resourceType}/${e.resource.id}`, ...i }))),
      ].filter((i) => i.severity === 'error' || i.severity === 'fatal');
      expect(errors, key).toEqual([]);
      checked += bundle.entry.length + 1;
    }
    expect(checked).toBeGreaterThan(7 * 50);
  });

  it('the validator does catch a broken resource (so zero errors means something)', async () => {
    const validate = await fhirValidator();
    const composition = structuredClone(one(get('tier-A').bundle, 'Composition'));
    delete composition.status;
    (composition.section as unknown[]).push({ title: 'empty' });
    const issues = validate(composition).filter((i) => i.severity === 'error');
    expect(issues.map((i) => i.expression).join(' ')).toMatch(/Composition.status/);
    expect(issues.map((i) => i.text).join(' ')).toMatch(/cmp-1/);
  });
});

it('has the R4 definitions to validate against (a devDependency, so a missing package fails here)', () => {
  expect(FHIR_DEFINITIONS_DIR).not.toBeNull();
});

describe('document structure and codes', () => {
  it('is a document Bundle whose first entry is the Composition, with unique fullUrls that resolve', () => {
    for (const { bundle } of bundles.values()) {
      expect(bundle.type).toBe('document');
      expect(bundle.identifier.system).toBeTruthy();
      expect(bundle.entry[0]!.resource.resourceType).toBe('Composition');
      const urls = bundle.entry.map((e) => e.fullUrl);
      expect(new Set(urls).size).toBe(urls.length);
      const refs = JSON.stringify(bundle).match(/"reference":"(urn:uuid:[^"]+)"/g) ?? [];
      for (const r of refs) expect(urls).toContain(r.slice(13, -1));
    }
  });

  it('has Patient, Practitioner, Encounter (class VR, reason SNOMED 279039007) and a DocumentReference (LOINC 34133-9) with the PDF', () => {
    const { bundle } = get('tier-D');
    one(bundle, 'Patient');
    expect(all(bundle, 'Practitioner').length).toBeGreaterThanOrEqual(1);
    expect(all(bundle, 'RelatedPerson')).toHaveLength(1);
    const enc = one(bundle, 'Encounter');
    expect(enc.class).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'VR' });
    expect(codes((enc.reasonCode as unknown[])[0])).toContain('http://snomed.info/sct|279039007');
    const doc = one(bundle, 'DocumentReference');
    expect(codes(doc.type)).toContain('http://loinc.org|34133-9');
    const att = (doc.content as { attachment: Record<string, unknown> }[])[0]!.attachment;
    expect(att.contentType).toBe('application/pdf');
    expect(Buffer.from(att.data as string, 'base64').toString()).toContain('%PDF');
    expect(att.size).toBe(FAKE_PDF.byteLength);
  });

  it('has an Observation per recorded maneuver and per pain score (LOINC 72514-3, {score}), grouped by a panel', () => {
    const { bundle, model } = get('tier-D');
    const obs = all(bundle, 'Observation');
    const maneuverIds = model.observations.filter((o) => o.status !== 'not_recorded').map((o) => o.maneuverId);
    for (const id of maneuverIds) expect(obs.some((o) => codes(o.code).some((c) => c.endsWith(`|${id}`)))).toBe(true);
    const pain = obs.filter((o) => codes(o.code).includes('http://loinc.org|72514-3'));
    expect(pain.length).toBe(model.observations.filter((o) => o.pain).length + 1); // + the intake's
    expect(pain[0]!.valueQuantity).toMatchObject({ unit: '{score}', code: '{score}' });
    const panel = obs.find((o) => Array.isArray(o.hasMember))!;
    expect((panel.hasMember as unknown[]).length).toBeGreaterThanOrEqual(maneuverIds.length + pain.length);
    const extension = obs.find((o) => codes(o.code).some((c) => c.endsWith('|lumbar-extension')))!;
    expect(codes(extension.valueCodeableConcept)).toContain('urn:bptc:fhir:finding|painful');
  });

  it('lists reflexes, formal sensory testing and reliable palpation as not assessed', () => {
    const { bundle } = get('tier-E-addendum');
    const notDone = all(bundle, 'Observation').filter((o) => codes(o.dataAbsentReason).some((c) => c.endsWith('|not-performed')));
    const ids = notDone.map((o) => codes(o.code)[0]!.split('|')[1]);
    expect(ids).toEqual(expect.arrayContaining(['reflexes', 'formal-sensory-testing', 'reliable-palpation']));
    const section = (one(bundle, 'Composition').section as { title: string; text: { div: string } }[]).find((s) => s.title === 'Not assessed')!;
    expect(section.text.div).toMatch(/Reflexes: not assessed/);
  });

  it('has one Observation per red flag with state and source, a RiskAssessment, and the escalation', () => {
    const { bundle, model } = get('tier-B');
    const flagObs = all(bundle, 'Observation').filter((o) => codes(o.code).some((c) => c.startsWith('urn:bptc:fhir:red-flag|')));
    expect(flagObs).toHaveLength(model.flags.length);
    const weak = flagObs.find((o) => codes(o.code).includes('urn:bptc:fhir:red-flag|leg-weakness'))!;
    expect(codes(weak.valueCodeableConcept)).toContain('urn:bptc:fhir:flag-state|present');
    expect(codes(weak.method)).toContain('urn:bptc:fhir:flag-source|observation');
    const risk = one(bundle, 'RiskAssessment');
    expect(risk.basis as unknown[]).toHaveLength(model.flags.length);
    const sr = one(bundle, 'ServiceRequest');
    expect(sr.priority).toBe('asap');
    expect(codes(sr.code)).toContain('urn:bptc:fhir:escalation-tier|B');
    expect(sr.patientInstruction).toMatch(/same-day clinic/);
  });

  it('tier E has no ServiceRequest; the CarePlan carries home care and the dose in mL', () => {
    const { bundle } = get('tier-E-addendum');
    expect(all(bundle, 'ServiceRequest')).toHaveLength(0);
    const plan = one(bundle, 'CarePlan');
    expect(plan.title).toBe('Home care with a safety net');
    const med = (plan.activity as { detail: Record<string, unknown> }[]).find((a) => a.detail.kind === 'MedicationRequest')!;
    expect(med.detail.quantity).toMatchObject({ unit: 'mL' });
    expect(String(med.detail.description)).toMatch(/mL .* every 4-6 hours, at most 5 doses/);
  });

  it('Composition status: final when signed, amended with an addendum, preliminary (draft) when unsigned', () => {
    const status = (k: string) => one(get(k).bundle, 'Composition').status;
    expect(status('tier-A')).toBe('final');
    expect(status('tier-E-addendum')).toBe('amended');
    expect(status('draft')).toBe('preliminary');
    expect(one(get('tier-A').bundle, 'Composition').attester).toBeDefined();
    expect(one(get('draft').bundle, 'Composition').attester).toBeUndefined();
    expect(JSON.stringify(one(get('draft').bundle, 'Composition').text)).toMatch(/DRAFT/);
    const addenda = (one(get('tier-E-addendum').bundle, 'Composition').section as { title: string; text: { div: string } }[]).find((s) => s.title === 'Addenda')!;
    expect(addenda.text.div).toMatch(/Family called back/);
  });

  it('names the content version and the not-yet-reviewed statement in the Composition text and a section; has the instructions section (LOINC 69730-0)', () => {
    const comp = one(get('tier-C').bundle, 'Composition') as FhirResource & { section: { title: string; code?: unknown; text: { div: string } }[]; text: { div: string } };
    const escapedStatement = CLINICAL_REVIEW_STATEMENT.replace(/&/g, '&amp;');
    expect(comp.text.div).toContain(CONTENT_VERSION);
    expect(comp.text.div).toContain(escapedStatement);
    expect(comp.section[0]!.text.div).toContain(escapedStatement);
    const instr = comp.section.find((s) => codes(s.code).includes('http://loinc.org|69730-0'))!;
    expect(instr.text.div).toMatch(/not a substitute for in-person care/);
    expect(instr.text.div).toMatch(/Call 911/);
  });

  it('escapes narrative text and gives the same resource ids on a second export', () => {
    const { model } = get('tier-A');
    const evil = { ...model, decision: { ...model.decision!, rationale: '<script>alert(1)</script> & "x"' } };
    const divs = JSON.stringify(buildFhirBundle(evil).entry.flatMap((e) => [e.resource.text, ...((e.resource.section as { text: unknown }[] | undefined) ?? []).map((x) => x.text)]));
    expect(divs.includes('<script>')).toBe(false);
    expect(divs.includes('&lt;script&gt;')).toBe(true);
    const again = buildFhirBundle(model, { pdf: { data: FAKE_PDF, title: 'visit-note.pdf' } });
    expect(again.entry.map((e) => e.fullUrl)).toEqual(get('tier-A').bundle.entry.map((e) => e.fullUrl));
  });
});
