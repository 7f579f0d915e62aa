import { test, expect, shot } from './support/fixtures';
import { ALL_NO, clinicianId, seedVisit, todayOffsetMinutes } from './support/visit-room';

test.describe('home', () => {
  test("today's, upcoming and past visits with status badges, search, the family's answers before the call, and opening the room", async ({ app: page, main }) => {
    const today = await seedVisit(main, {
      childName: 'Tia Today',
      startInMinutes: todayOffsetMinutes(),
      reason: 'Back pain after a fall',
      intake: { symptoms: 'Sore lower back since Tuesday', warningSigns: { ...ALL_NO, fever: 'yes', 'night-pain': 'unsure' } },
    });
    await seedVisit(main, { childName: 'Uma Upcoming', startInMinutes: 3 * 24 * 60 });
    const past = await seedVisit(main, { childName: 'Pat Past', startInMinutes: -3 * 24 * 60 });
    const actor = await clinicianId(main);
    await main.services.visitRoom.setStatus(today.visitId, 'waiting', actor);
    await main.services.visitRoom.recordObservation(past.visitId, 'gait', { result: 'normal' }, actor);
    await page.reload();

    await expect(page.getByTestId('visits-today').getByTestId('visit-row')).toHaveCount(1);
    await expect(page.getByTestId('visits-today')).toContainText('Tia Today');
    await expect(page.getByTestId('visits-today')).toContainText('Waiting room');
    await expect(page.getByTestId('visits-upcoming')).toContainText('Uma Upcoming');
    await expect(page.getByTestId('visits-upcoming')).toContainText('Scheduled');
    await expect(page.getByTestId('visits-past')).toContainText('Pat Past');
    await expect(page.getByTestId('visits-past')).toContainText('In progress');

    // The family's answers, before the call starts: warning signs answered yes or unsure come first.
    const row = page.getByTestId('visits-today').getByTestId('visit-row');
    await row.getByRole('button', { name: 'Pre-visit answers' }).click();
    const preview = row.getByTestId('intake-preview');
    await expect(preview).toContainText('Sore lower back since Tuesday');
    await expect(preview.getByTestId('intake-sign-fever')).toContainText('Yes');
    await expect(preview.getByTestId('intake-sign-night-pain')).toContainText('Unsure');
    await expect(preview.locator('.intake-signs li').first()).toHaveAttribute('data-testid', 'intake-sign-fever');
    await shot(page, 'home');
    // Peeking is not opening: no audit entry, no status change.
    expect((main.db.prepare(`SELECT status FROM visits WHERE id = ?`).get(today.visitId) as { status: string }).status).toBe('waiting');

    await page.getByLabel('Search by patient').fill('pat');
    await expect(page.getByTestId('visit-row')).toHaveCount(1);
    await expect(page.getByTestId('visit-row')).toContainText('Pat Past');
    await page.getByLabel('Search by patient').fill('');
    await expect(page.getByTestId('visit-row')).toHaveCount(3);

    await page.getByRole('link', { name: /Open visit room: Tia Today/ }).click();
    await expect(page.getByTestId('patient-name')).toHaveText('Tia Today');
    await expect(page.getByTestId('flag-fever')).toHaveAttribute('data-state', 'present');
    await page.getByRole('tab', { name: "Family's answers" }).click();
    await expect(page.getByRole('tabpanel')).toContainText('Sore lower back since Tuesday');
    await page.getByRole('link', { name: '← Visits' }).click();
    await expect(page.getByRole('heading', { name: 'Visits' })).toBeVisible();
  });

  test('a demo patient can be added, is marked DEMO, and removed from the lists without deleting anything', async ({ app: page, main }) => {
    await page.getByRole('button', { name: 'Add a demo patient and visit' }).click();
    await expect(page.getByTestId('visit-room')).toBeVisible();
    await expect(page.getByTestId('visit-room').getByText('DEMO', { exact: true })).toBeVisible();
    await page.getByRole('link', { name: '← Visits' }).click();
    const row = page.getByTestId('visit-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByText('DEMO', { exact: true })).toBeVisible();
    await shot(page, 'home-demo');
    await row.getByRole('button', { name: 'Remove demo patient' }).click();
    await expect(page.getByTestId('visit-row')).toHaveCount(0);
    await expect(page.getByText('No visits yet.')).toBeVisible();
    const n = (sql: string) => (main.db.prepare(sql).get() as { n: number }).n;
    expect(n(`SELECT count(*) AS n FROM patients WHERE is_demo = 1 AND hidden_at IS NOT NULL`)).toBe(1);
    expect(n(`SELECT count(*) AS n FROM visits`)).toBe(1);
  });
});
