/**
 * The clinic's EHR for the e2e specs (docs/ehr.md): the real test EHR (Medplum's FHIR engine,
 * validating every resource; tests/support/fhir-server) and the console's EHR runtime composed
 * as the app composes it: connection settings saved, signing queues a delivery in its own
 * transaction, the worker prints the note with the test's Chromium and sends it, and its
 * `ehr:delivery` events reach the page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEhrRuntime, type EhrRuntime } from '../../../electron/main/ehr/ipc';
import { createEhrSettingsStore } from '../../../electron/main/ehr/settings';
import { startFhirServer, type FhirServer } from '../../support/fhir-server/engine';
import { testKeyPair } from '../../support/fhir-server/keys';
import { test as base } from './fixtures';
import { startTestMain } from './main-process';

export const NPI = 'http://hl7.org/fhir/sid/us-npi';
export const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

export const test = base.extend<{ ehr: { server: FhirServer; privatePem: string } }>({
  ehr: async ({}, use) => {
    const keys = testKeyPair();
    const server = await startFhirServer({ clientId: 'console', publicKey: keys.publicKey });
    await use({ server, privatePem: keys.privatePem });
    await server.close();
  },
  main: async ({ ehr }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'bptc-e2e-ehr-'));
    // A pass-through secret store: the key wrapping is tested in tests/main/ehr/settings.test.ts.
    const settings = createEhrSettingsStore({ file: join(dir, 'ehr-settings.json'), secrets: { isAvailable: true, backend: 'test', encrypt: (b) => b, decrypt: (b) => b } });
    await settings.save({
      enabled: true,
      fhirBaseUrl: ehr.server.baseUrl,
      tokenUrl: ehr.server.tokenUrl,
      clientId: 'console',
      practitionerIdentifier: `${NPI}|1234567893`,
      sendBundle: false,
      privateKeyPem: ehr.privatePem,
    });
    let runtime: EhrRuntime | null = null;
    const main = await startTestMain({
      exports: true,
      ehr: ({ db, render, emit }) => {
        runtime = createEhrRuntime({ db, settings, render, emit });
        return { hook: runtime.hook, handlers: runtime.handlers };
      },
    });
    await runtime!.start();
    await use(main);
    await runtime!.stop();
    await main.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

/** The signed-in clinician in the test EHR, a child with a guardian (and a body weight unless null), and the child's appointment. */
export async function seedEhrChild(server: FhirServer, given: string, weightKg: number | null) {
  const p = await server.seed({ resourceType: 'Patient', name: [{ given: [given], family: 'Lopez' }], birthDate: '2014-06-01', gender: 'male' });
  await server.seed({ resourceType: 'RelatedPerson', patient: { reference: `Patient/${p.id}` }, relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'FTH' }] }], name: [{ text: `${given}'s father` }], telecom: [{ system: 'phone', value: '+1 555 0142' }] });
  if (weightKg !== null) {
    await server.seed({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, subject: { reference: `Patient/${p.id}` }, effectiveDateTime: inHours(-24 * 30), valueQuantity: { value: weightKg, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' } });
  }
  return p;
}

export async function seedPractitioner(server: FhirServer) {
  return server.seed({ resourceType: 'Practitioner', identifier: [{ system: NPI, value: '1234567893' }], name: [{ family: 'Test', given: ['Robin'] }] });
}

export function seedAppointment(server: FhirServer, practitionerId: string, patientId: string, start: string) {
  return server.seed({
    resourceType: 'Appointment',
    status: 'booked',
    start,
    end: new Date(Date.parse(start) + 20 * 60_000).toISOString(),
    description: 'Back pain, video visit',
    participant: [
      { actor: { reference: `Patient/${patientId}` }, status: 'accepted' },
      { actor: { reference: `Practitioner/${practitionerId}` }, status: 'accepted' },
    ],
  });
}
