/**
 * Issue 16, item 7: a follow-up visit beside its first visit, in the room and
 * in the signed record, with changes marked in words; screenshots at 1280x800
 * and 1920x1080. The store, services and IPC are real (see support/).
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { goToManeuver, openRoom, seedVisit } from './support/visit-room';
import { INTAKE, seedFollowUp, sign } from './support/visit-history';

/** Seeding and signing visits through the real services, then full-page work on a loaded machine: a budget, not a speed target. */
const BUDGET = 240_000;

/** At both sizes the issue names, `target` scrolled into view: the viewport to artifacts/screenshots/<name>-<width>x<height>-viewport.png. */
async function viewportShots(page: Page, target: Locator, name: string) {
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await target.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `artifacts/screenshots/${name}-${width}x${height}-viewport.png` });
  }
}

test.describe('reviewing checklists across visits', () => {
  test('in the room each movement shows the first visit beside today, changes in words; the signed follow-up shows them side by side', async ({ app: page, main }) => {
    test.setTimeout(BUDGET);
    const s = await seedFollowUp(main);
    await openRoom(page, s.followUpId);

    await goToManeuver(page, 'Bend forward');
    const earlier = page.getByTestId('earlier-findings');
    await expect(earlier).toHaveAttribute('data-state', 'ready');
    await expect(earlier.getByTestId('earlier-row')).toHaveCount(1);
    await expect(earlier.getByTestId('earlier-today')).toContainText('Limited');
    await expect(earlier.getByTestId('earlier-today')).toContainText('Pain 2 (NRS-11)');
    await expect(earlier.getByTestId('earlier-row')).toContainText('Painful');
    await expect(earlier.getByTestId('earlier-row')).toContainText('Pain 6 (NRS-11)');
    await expect(earlier.getByTestId('earlier-row')).toContainText('Tier C');
    await expect(earlier.getByTestId('earlier-row').getByTestId('change-mark')).toHaveAttribute('data-change', 'better');
    await expect(earlier.getByTestId('earlier-row')).toContainText('Better: finding painful → limited; pain 6 → 2 (NRS-11)');
    // Ben's findings never appear on Ana's screen
    await expect(page.getByTestId('visit-room')).not.toContainText('Ben Elsewhere');
    await viewportShots(page, earlier, 'history-room-follow-up');

    // A movement recorded now but not at the first visit, and one recorded then but not yet today.
    await goToManeuver(page, 'Walking');
    await expect(page.getByTestId('earlier-findings').getByTestId('change-mark').first()).toHaveAttribute('data-change', 'better');
    await goToManeuver(page, 'Heel walk');
    await expect(page.getByTestId('earlier-findings').getByTestId('earlier-today')).toContainText('Not recorded yet');
    await expect(page.getByTestId('earlier-findings').getByTestId('earlier-row')).toContainText('Side: Left');
    await expect(page.getByTestId('earlier-findings').getByTestId('change-mark').first()).toHaveAttribute('data-change', 'not recorded');

    // Keys still drive the checklist with the earlier visits on screen: record heel walk "able" (1), a normal
    // finding by key that moves on; back on it (Shift+N) the mark follows.
    await page.locator('#maneuver-title').focus();
    await page.keyboard.press('1');
    await expect(page.locator('#maneuver-title')).toContainText('Toe walk');
    await page.keyboard.press('Shift+N');
    await expect(page.locator('#maneuver-title')).toContainText('Heel walk');
    await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
    await expect(page.getByTestId('earlier-findings').getByTestId('earlier-row').getByTestId('change-mark')).toHaveAttribute('data-change', 'better');

    // The signed follow-up: earlier visits beside this one, every movement in a row.
    await sign(main, s.followUpId);
    await page.reload();
    await expect(page.getByTestId('signed-record')).toBeVisible({ timeout: 30_000 });
    const grid = page.getByTestId('signed-history-grid');
    await expect(grid.locator('[data-maneuver="lumbar-flexion"]').getByTestId('change-mark')).toHaveAttribute('data-change', 'better');
    await expect(grid.locator('[data-maneuver="heel-walk"]')).toContainText('Asymmetric');
    await expect(grid.locator('[data-maneuver="heel-walk"]').getByTestId('change-mark')).toHaveAttribute('data-change', 'better');
    // Ben's painful squat (pain 9) never shows: Ana's squat was skipped at both visits.
    await expect(grid.locator('[data-maneuver="squat-rise"]')).toHaveCount(0);
    await expect(grid.getByTestId('grid-not-assessed')).toContainText('Squat and rise');
    await expect(grid).not.toContainText('Pain 9');
    await viewportShots(page, grid, 'history-signed-follow-up');
  });

  test('a first visit says there is nothing earlier to compare', async ({ app: page, main }) => {
    const v = await seedVisit(main, { childName: 'Cleo First', startInMinutes: 5, intake: INTAKE });
    await openRoom(page, v.visitId);
    await expect(page.getByTestId('earlier-findings')).toHaveAttribute('data-state', 'empty');
    await expect(page.getByTestId('earlier-findings')).toContainText("This is the patient's first signed visit to compare with.");
  });
});

test.describe('home: visit history and two visits side by side', () => {
  test('lists a patient’s visits with status and tier, and shows any two checklists row by row from the keyboard', async ({ app: page, main }) => {
    test.setTimeout(BUDGET);
    const s = await seedFollowUp(main);
    await page.reload();
    const row = page.getByTestId('visit-row').filter({ hasText: 'Ana Followup' }).first();
    await row.getByRole('button', { name: 'Visit history: Ana Followup' }).click();
    const history = page.getByTestId('patient-history');
    await expect(history.getByRole('heading', { name: 'Visit history: Ana Followup' })).toBeFocused();
    await expect(history.getByTestId('history-row')).toHaveCount(2);
    await expect(history.getByTestId('history-row').first()).toHaveAttribute('data-visit-id', s.followUpId);
    await expect(history.getByTestId('history-row').first()).toContainText('In progress');
    await expect(history.getByTestId('history-row').nth(1)).toContainText('Signed');
    await expect(history.getByTestId('history-row').nth(1)).toContainText('Tier C');
    await expect(history).not.toContainText('Ben Elsewhere');
    await expect(history.getByTestId('compare-visits')).toBeDisabled();

    // Keyboard only: Tab to the first checkbox, Space, Tab on to the second, Space, then to the Compare button.
    await history.getByRole('checkbox').first().focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(history.getByRole('link').first()).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(history.getByRole('checkbox').nth(1)).toBeFocused();
    await page.keyboard.press('Space');
    await history.getByTestId('compare-visits').focus();
    await page.keyboard.press('Enter');
    const comparison = page.getByTestId('visit-comparison');
    await expect(comparison.getByRole('heading', { level: 3 })).toBeFocused();
    const grid = comparison.getByTestId('comparison-grid');
    // the earlier visit on the left, whatever order they were picked in
    await expect(grid.locator('thead th').nth(1)).toContainText('signed, tier C');
    await expect(grid.locator('thead th').nth(2)).toContainText('in progress');
    await expect(grid.locator('[data-maneuver="gait"]')).toContainText('Limp');
    await expect(grid.locator('[data-maneuver="gait"]').getByTestId('change-mark')).toHaveAttribute('data-change', 'better');
    await expect(grid.locator('[data-maneuver="lumbar-flexion"]')).toContainText('Better: finding painful → limited; pain 6 → 2 (NRS-11)');
    await expect(grid.locator('[data-maneuver="heel-walk"]').getByTestId('change-mark')).toHaveAttribute('data-change', 'not recorded');
    await viewportShots(page, comparison, 'history-side-by-side');
    await history.getByRole('button', { name: 'Close history' }).click();
    await expect(page.getByTestId('patient-history')).toHaveCount(0);
  });
});
