/**
 * Schedule in on home (docs/ehr.md "Schedule in"): the real renderer and main
 * dispatch, with the EHR runtime pointed at the real test EHR (Medplum).
 * "Get schedule from EHR" adds the clinician's appointments, says what it did
 * in words, marks the visits, adds nothing the second time, and marks a visit
 * the EHR cancelled. Standalone, the button is not there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEhrRuntime, type EhrRuntime } from '../../electron/main/ehr/ipc';
import { createEhrSettingsStore } from '../../electron/main/ehr/settings';
import { startFhirServer, type FhirServer } from '../support/fhir-server/engine';
import { testKeyPair } from '../support/fhir-server/keys';
import { test as base, expect, shot } from './support/fixtures';
import { startTestMain } from './support/main-process';

const NPI = 'http://hl7.org/fhir/sid/us-npi';
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

const test = base.extend<{ ehr: { server: FhirServer; privatePem: string } }>({
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
      ehr: ({ db }) => {
        runtime = createEhrRuntime({ db, settings, emit: () => undefined, render: async () => Promise.reject(new Error('not signing in this test')) });
        return runtime.handlers;
      },
    });
    await runtime!.start();
    await use(main);
    await runtime!.stop();
    await main.close();
    rmSync(dir, { recursive: true, force: true });
  },
});

async function seed(server: FhirServer) {
  const me = await server.seed({ resourceType: 'Practitioner', identifier: [{ system: NPI, value: '1234567893' }], name: [{ family: 'Test', given: ['Robin'] }] });
  const child = async (given: string, weightKg: number | null) => {
    const p = await server.seed({ resourceType: 'Patient', name: [{ given: [given], family: 'Lopez' }], birthDate: '2014-06-01', gender: 'male' });
    await server.seed({ resourceType: 'RelatedPerson', patient: { reference: `Patient/${p.id}` }, relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'FTH' }] }], name: [{ text: `${given}'s father` }], telecom: [{ system: 'phone', value: '+1 555 0142' }] });
    if (weightKg !== null) {
      await server.seed({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, subject: { reference: `Patient/${p.id}` }, effectiveDateTime: inHours(-24 * 30), valueQuantity: { value: weightKg, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' } });
    }
    return p;
  };
  const appointment = (patientId: string, start: string) =>
    server.seed({
      resourceType: 'Appointment',
      status: 'booked',
      start,
      end: new Date(Date.parse(start) + 20 * 60_000).toISOString(),
      description: 'Back pain, video visit',
      participant: [
        { actor: { reference: `Patient/${patientId}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/${me.id}` }, status: 'accepted' },
      ],
    });
  const leo = await child('Leo', 38);
  const max = await child('Max', null); // no weight in the EHR: skipped, never invented
  const first = await appointment(leo.id!, inHours(48));
  const second = await appointment(leo.id!, inHours(72));
  await appointment(max.id!, inHours(50));
  return { first, second };
}

test('"Get schedule from EHR" adds the appointments, says what it did, marks them, adds nothing twice, marks a cancellation', async ({ app: page, main, ehr }) => {
  const { second } = await seed(ehr.server);
  const get = page.getByRole('button', { name: 'Get schedule from EHR' });
  await expect(get).toBeVisible();
  await get.click();
  const summary = page.getByTestId('ehr-schedule-summary');
  await expect(summary).toHaveText('2 added, 0 updated, 0 unchanged, 0 conflicts, 1 skipped.');
  await expect(page.getByTestId('ehr-schedule-items')).toContainText('no body weight');
  const rows = page.getByTestId('visits-upcoming').getByTestId('visit-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Leo Lopez' })).toHaveCount(2);
  await expect(rows.getByTestId('ehr-schedule-mark').filter({ hasText: 'From the EHR' })).toHaveCount(2);
  await shot(page, 'home-ehr-schedule');

  await get.click();
  await expect(summary).toHaveText('0 added, 0 updated, 2 unchanged, 0 conflicts, 1 skipped.');
  await expect(rows).toHaveCount(2);

  const current = await ehr.server.repo.readResource('Appointment', second.id!);
  await ehr.server.repo.updateResource({ ...current, status: 'cancelled' } as never);
  await get.click();
  await expect(summary).toHaveText('0 added, 1 updated, 1 unchanged, 0 conflicts, 1 skipped.');
  await expect(rows).toHaveCount(2); // marked, never deleted
  await expect(rows.getByText('Cancelled in the EHR')).toHaveCount(1);
  expect(main.db.prepare(`SELECT COUNT(*) AS n FROM visits`).get()).toEqual({ n: 2 });
  await shot(page, 'home-ehr-schedule-cancelled');
});

base('standalone (no EHR set up): no schedule button', async ({ app: page }) => {
  await expect(page.getByRole('heading', { name: 'Try it alone' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Get schedule from EHR' })).toHaveCount(0);
});
