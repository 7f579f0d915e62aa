/**
 * The whole EHR loop a clinician sees (issue 12, docs/ehr.md): the day's appointment comes in
 * from the real test EHR (Medplum, validating every resource), the clinician signs the visit in
 * the room, and home and the room show it "Sent to the EHR" with the EHR's own document id — the
 * id of a DocumentReference the EHR now holds for the EHR's Patient and Appointment, with the note
 * PDF attached. Signing again is refused, so nothing is delivered twice.
 */
import { expect, shot } from './support/fixtures';
import { inHours, seedAppointment, seedEhrChild, seedPractitioner, test } from './support/ehr';
import { forwardEvents, openRoom, phoneVisit, prepareForSigning, quietIntake } from './support/visit-room';

test('an appointment from the EHR, signed in the room, is shown sent with the EHR’s document id', async ({ app: page, main, ehr }) => {
  forwardEvents(main, page);
  const me = await seedPractitioner(ehr.server);
  const ana = await seedEhrChild(ehr.server, 'Ana', 31);
  const appointment = await seedAppointment(ehr.server, me.id!, ana.id!, inHours(0.1));

  await page.getByRole('button', { name: 'Get schedule from EHR' }).click();
  await expect(page.getByTestId('ehr-schedule-summary')).toHaveText('1 added, 0 updated, 0 unchanged, 0 conflicts, 0 skipped.');
  const row = page.getByTestId('visit-row').filter({ hasText: 'Ana Lopez' });
  await expect(row).toHaveCount(1);
  const { visitId } = main.db.prepare(`SELECT visit_id AS visitId FROM ehr_appointments WHERE appointment_id = ?`).get(appointment.id) as { visitId: string };

  // The exam itself is the visit-room specs' subject: here the record is brought to signable through the services.
  await main.services.intakes.save(visitId, JSON.stringify(quietIntake()), 'en', 'family');
  await prepareForSigning(main, visitId, phoneVisit('A simple strain by history.'));

  await openRoom(page, visitId);
  await page.getByRole('button', { name: 'Sign and close' }).click();
  await expect(page.getByTestId('signed-record')).toBeVisible();

  // The EHR holds exactly one document for this visit, for its own Patient and Appointment.
  await expect
    .poll(async () => ((await ehr.server.repo.search({ resourceType: 'DocumentReference' })).entry ?? []).length, { timeout: 60_000 })
    .toBe(1);
  const doc = (await ehr.server.repo.search({ resourceType: 'DocumentReference' })).entry![0]!.resource as {
    id: string;
    subject?: { reference?: string };
    context?: { related?: { reference?: string }[] };
    content: { attachment: { contentType?: string; data?: string } }[];
  };
  expect(doc.subject?.reference).toBe(`Patient/${ana.id}`);
  expect(JSON.stringify(doc.context ?? {})).toContain(`Appointment/${appointment.id}`);
  expect(doc.content[0]!.attachment.contentType).toBe('application/pdf');
  expect(Buffer.from(doc.content[0]!.attachment.data ?? '', 'base64').subarray(0, 5).toString()).toBe('%PDF-');

  // In the room and on home, in words, with the EHR's id.
  await expect(page.getByText(`Sent to the EHR (document ${doc.id})`)).toBeVisible({ timeout: 30_000 });
  await shot(page, 'room-ehr-sent');
  await page.evaluate(() => {
    window.location.hash = '#/';
  });
  await expect(page.getByTestId('visit-row').filter({ hasText: 'Ana Lopez' }).getByText(`Sent to the EHR (document ${doc.id})`)).toBeVisible({ timeout: 30_000 });
  // The status stays inside the visits card beside a long delivery line (it was pushed out of view).
  const home = page.getByTestId('visit-row').filter({ hasText: 'Ana Lopez' });
  const status = (await home.getByText('Signed', { exact: true }).boundingBox())!;
  const card = (await home.boundingBox())!;
  expect(status.x + status.width).toBeLessThanOrEqual(card.x + card.width);
  await shot(page, 'home-ehr-sent');

  // Audited, and a second sign is refused: one delivery, one document.
  const audit = main.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE entity_id = ? AND action LIKE 'ehr.%'`).get(visitId) as { n: number };
  expect(audit.n).toBeGreaterThan(0);
  const again = await page.evaluate((id) => window.consoleApi.signVisit({ visitId: id }), visitId);
  expect(again).toMatchObject({ ok: false });
  expect(((await ehr.server.repo.search({ resourceType: 'DocumentReference' })).entry ?? []).length).toBe(1);
});
