/* eslint-disable @typescript-eslint/no-explicit-any -- FHIR resources are open-ended JSON. */
/**
 * Issue 17, item 3: an attached camera estimate in the exports. The clinician
 * note shows it beside its finding as "estimated by camera, not a goniometer"
 * with the value and the stated limits; the FHIR document adds an Observation
 * (method text, derived from the finding's Observation) that validates with
 * @medplum/core. A visit without estimates exports exactly as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { squatDepth } from '../../../shared/pose/geometry';
import { poseMeasures } from '../../../shared/pose/measures-content';
import { noteHtml } from '../../../electron/main/export/html';
import { buildFhirBundle, type FhirResource } from '../../../electron/main/export/fhir';
import { openServicesHarness, QUIET_INTAKE, seedVisit } from '../../support/services';
import { estimateExportModel, estimatePayload } from '../../support/pose-estimates';
import { sequence } from '../../shared/pose/skeleton';
import { fhirValidator } from './fhir-validator';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function visitWithEstimate(attach: boolean) {
  const h = await openServicesHarness({ idSeed: 170 });
  cleanup = h.close;
  const visit = { id: (await seedVisit(h.services, { intake: QUIET_INTAKE })).visitId };
  await h.services.visitRoom.open(visit.id, h.actor);
  expect(await h.call('observations:record', { visitId: visit.id, maneuverId: 'squat-rise', values: { result: 'painful' } })).toMatchObject({ ok: true });
  if (attach) {
    const r = squatDepth(sequence(4000, 20, (t) => ({ kneeFlexDeg: 95 * Math.sin((Math.PI * t) / 4000) })), poseMeasures.thresholds);
    const res = await h.call('visits:attachEstimate', estimatePayload(visit.id, 'squat-rise', r));
    expect(res).toMatchObject({ ok: true });
  }
  const model = await estimateExportModel(h, visit.id);
  return { ...h, visitId: visit.id, model };
}

describe('exports with a camera estimate', () => {
  it('the clinician note prints the estimate beside its finding, with the words and the limits', async () => {
    const { model } = await visitWithEstimate(true);
    const html = noteHtml(model);
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const value = model.estimates[0]!.value;
    expect(value).toBeGreaterThan(90);
    expect(text).toContain(`Squat depth (knee flexion): ${value} degrees (estimated by camera, not a goniometer; MediaPipe Pose lite (@mediapipe/pose 0.5.1675469404), landmark confidence 0.90)`);
    // the finding is still the clinician's "painful", in the same row
    expect(text).toMatch(/Squat and rise.*Painful.*estimated by camera, not a goniometer/i);
    expect(text).toMatch(/up to about 10 degrees/);
    expect(text).toContain('Moreira et al., Sensors 2024');
    expect(text).toMatch(/Not reviewed by a clinician/);
  });

  it('the FHIR document adds an Observation with the method text, derived from the finding, valid R4', async () => {
    const { model } = await visitWithEstimate(true);
    const bundle = buildFhirBundle(model, { pdf: { data: new TextEncoder().encode('%PDF-1.4 fake'), title: 'note.pdf' } });
    const resources = bundle.entry.map((e) => e.resource);
    const estimate = resources.find((r) => (r.code as { coding?: { code: string }[] } | undefined)?.coding?.[0]?.code === 'squat-depth') as FhirResource & Record<string, any>;
    expect(estimate).toBeDefined();
    expect(estimate.valueQuantity).toMatchObject({ value: model.estimates[0]!.value, unit: 'degrees', system: 'http://unitsofmeasure.org', code: 'deg' });
    expect(estimate.method.text).toMatch(/^Camera estimate, not a goniometer/);
    const finding = resources.find((r) => (r.code as { coding?: { code: string }[] } | undefined)?.coding?.[0]?.code === 'squat-rise')!;
    expect(estimate.derivedFrom).toEqual([{ reference: `urn:uuid:${finding.id}` }]);
    const panel = resources.find((r) => Array.isArray(r.hasMember))!;
    expect(JSON.stringify(panel.hasMember)).toContain(estimate.id);

    const validate = await fhirValidator();
    const errors = [
      ...validate(bundle as unknown as Record<string, unknown>),
      ...resources.flatMap((r) => validate(r).map((i) => ({ ...i, where: `${r.resourceType}/${r.id}` }))),
    ].filter((i) => i.severity === 'error' || i.severity === 'fatal');
    expect(errors).toEqual([]);
  });

  it('without an estimate, nothing about cameras appears', async () => {
    const { model } = await visitWithEstimate(false);
    expect(model.estimates).toEqual([]);
    expect(noteHtml(model)).not.toMatch(/goniometer|Camera estimates/);
    expect(JSON.stringify(buildFhirBundle(model))).not.toMatch(/goniometer/);
  });
});
