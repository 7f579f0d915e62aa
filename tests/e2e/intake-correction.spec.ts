/**
 * Issue 14, item 1, in the console: a family intake with a pain-onset date in
 * the future (stored by an older build) no longer breaks the room — the
 * room opens and names the value it could not use — and the clinician
 * corrects the date from the Family's answers tab, with the message beside
 * the field when the new date is in the future too.
 */
import { test, expect, shot } from './support/fixtures';
import { createIntakeRepository } from '../../electron/main/store/intakes';
import { ALL_NO, openRoom, seedVisit } from './support/visit-room';
import './support/preload-shim-types';

const localDate = (offsetDays: number) => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

test('a future onset date opens with a note, and the clinician corrects it beside the field', async ({ app: page, main }) => {
  const { visitId } = await seedVisit(main, { childName: 'Ivy Futuredate' });
  createIntakeRepository(main.db).saveIntake(visitId, JSON.stringify({ onsetDate: localDate(40), warningSigns: ALL_NO }), 'en', 'family');

  await openRoom(page, visitId);
  await expect(page.getByTestId('data-notes')).toContainText('after the visit date');
  await shot(page, 'room-data-notes');

  await page.getByRole('tab', { name: "Family's answers" }).click();
  await page.getByTestId('correct-intake-open').click();
  const onset = page.getByLabel('When the pain started');
  await expect(onset).toHaveAttribute('max', localDate(0));
  await onset.fill(localDate(3));
  await page.getByRole('button', { name: 'Save the corrected answers' }).click();
  await expect(page.getByTestId('correct-onset-error')).toHaveText('The pain cannot have started after today.');

  await onset.fill(localDate(-10));
  await page.getByRole('button', { name: 'Save the corrected answers' }).click();
  await expect(page.getByTestId('data-notes')).toHaveCount(0);
  await expect(page.getByTestId('intake-summary')).toContainText('by the clinician');
  await shot(page, 'room-intake-corrected');
  const stored = main.db.prepare(`SELECT submitted_by, answers_json FROM intakes WHERE visit_id = ?`).get(visitId) as { submitted_by: string; answers_json: string };
  expect(stored.submitted_by).toBe('clinician');
  expect(JSON.parse(stored.answers_json).onsetDate).toBe(localDate(-10));
});
