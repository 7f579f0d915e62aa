/**
 * Schedule in on home (docs/ehr.md "Schedule in"): the real renderer and main
 * dispatch, with the EHR runtime pointed at the real test EHR (Medplum).
 * "Get schedule from EHR" adds the clinician's appointments, says what it did
 * in words, marks the visits, adds nothing the second time, and marks a visit
 * the EHR cancelled. Standalone, the button is not there.
 */
import type { FhirServer } from '../support/fhir-server/engine';
import { test as base, expect, shot } from './support/fixtures';
import { inHours, seedAppointment, seedEhrChild, seedPractitioner, test } from './support/ehr';

async function seed(server: FhirServer) {
  const me = await seedPractitioner(server);
  const leo = await seedEhrChild(server, 'Leo', 38);
  const max = await seedEhrChild(server, 'Max', null); // no weight in the EHR: skipped, never invented
  const first = await seedAppointment(server, me.id!, leo.id!, inHours(48));
  const second = await seedAppointment(server, me.id!, leo.id!, inHours(72));
  await seedAppointment(server, me.id!, max.id!, inHours(50));
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
