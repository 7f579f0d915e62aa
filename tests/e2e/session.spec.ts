import { test, expect, shot } from './support/visit-room-fixtures';
import { TEST_CLINICIAN } from './support/main-process';
import { ALL_NO, openRoom, seedVisit } from './support/visit-room';
import './support/preload-shim-types';

test.describe('first run', () => {
  test.use({ mainOptions: { session: 'fresh' } });

  test('sets up the clinician (name, credentials, passcode twice) with an optional demo patient, and opens the demo visit', async ({ app: page, main }) => {
    await expect(page.getByRole('heading', { name: 'Set up this console' })).toBeVisible();
    await shot(page, 'setup');
    await page.getByLabel('Your name').fill('Dr Jo Newcomer');
    await page.getByLabel(/Credentials/).fill('NP');
    await page.getByLabel('Passcode', { exact: true }).fill('short');
    await page.getByLabel('Passcode again').fill('different');
    await page.getByRole('button', { name: 'Set up and start' }).click();
    await expect(page.getByTestId('passcode-error')).toContainText('at least 10 characters');
    await expect(page.getByTestId('passcodeAgain-error')).toHaveText('The two passcodes are not the same.');
    await shot(page, 'setup-errors');
    expect(await main.services.clinicians.list()).toHaveLength(0);

    await page.getByLabel('Passcode', { exact: true }).fill('a-good-passcode');
    await page.getByLabel('Passcode again').fill('a-good-passcode');
    await page.getByLabel(/Add a demo patient/).check();
    await page.getByRole('button', { name: 'Set up and start' }).click();
    await expect(page.getByTestId('signed-in-as')).toHaveText('Dr Jo Newcomer, NP');
    // The demo visit opens at once, clearly marked.
    await expect(page.getByTestId('visit-room')).toBeVisible();
    await expect(page.getByTestId('visit-room').getByText('DEMO', { exact: true })).toBeVisible();
    await expect(page.getByTestId('patient-name')).toContainText('demo patient');
    await shot(page, 'room-demo');
    const [c] = await main.services.clinicians.list();
    expect(c).toMatchObject({ displayName: 'Dr Jo Newcomer', credentials: 'NP' });
    // Entries are signed with the new clinician's identity.
    await page.keyboard.press('1');
    await expect(page.getByTestId('save-status')).toContainText('Dr Jo Newcomer, NP');
  });
});

test.describe('lock screen', () => {
  test.use({ mainOptions: { session: 'locked' } });

  test('a wrong passcode is refused in words; the right one opens the console', async ({ app: page, main }) => {
    await seedVisit(main, { childName: 'Hidden Child' });
    await expect(page.getByRole('heading', { name: 'Console locked' })).toBeVisible();
    await expect(page.getByText('Hidden Child')).toHaveCount(0);
    await shot(page, 'lock-screen');
    await page.getByLabel('Passcode').fill('not-the-passcode');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByTestId('unlock-passcode-error')).toHaveText('That passcode is not right.');
    await expect(page.getByLabel('Passcode')).toBeFocused();
    await shot(page, 'lock-wrong-passcode');
    await page.getByLabel('Passcode').fill(TEST_CLINICIAN.passcode);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Visits' })).toBeVisible();
    await expect(page.getByTestId('visit-row').getByText('Hidden Child')).toBeVisible();
  });
});

test.describe('idle lock', () => {
  test.use({ mainOptions: { idleLockMinutes: 2 } });

  test('after the idle time the room is hidden behind the lock screen, not closed; unlocking shows it again where it was', async ({ app: page, main }) => {
    const { visitId } = await seedVisit(main, { childName: 'Nina Idle', intake: { warningSigns: ALL_NO } });
    await page.clock.install();
    await page.reload();
    await openRoom(page, visitId);
    await expect(page.getByTestId('patient-name')).toHaveText('Nina Idle');
    await page.keyboard.press('1');
    await page.keyboard.press('n');
    await expect(page.locator('#maneuver-title')).toContainText('Walking');

    // Activity keeps it open...
    await page.clock.fastForward('01:30');
    await page.mouse.move(10, 10);
    await page.clock.fastForward('01:00');
    await expect(page.getByTestId('lock-screen')).toHaveCount(0);
    // ...two minutes of nothing locks it.
    await page.clock.fastForward('01:10');
    await expect(page.getByTestId('lock-screen')).toBeVisible();
    await expect(page.getByText('Nina Idle')).toBeHidden();
    await expect(page.getByTestId('app-screens')).toHaveAttribute('inert', '');
    const locked = await page.evaluate((id) => window.consoleApi.openVisit({ visitId: id }), visitId);
    expect(locked).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    // Keys typed on the lock screen never reach the checklist behind it.
    await page.keyboard.press('3');
    await shot(page, 'idle-locked');

    await page.getByLabel('Passcode').fill(TEST_CLINICIAN.passcode);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByTestId('patient-name')).toHaveText('Nina Idle');
    // Same room, same place in the checklist: it was never unmounted.
    await expect(page.locator('#maneuver-title')).toContainText('Walking');
    await expect(page.getByRole('button', { name: /Antalgic/ })).toHaveAttribute('aria-pressed', 'false');
  });

  test('any request answered LOCKED brings up the lock screen', async ({ app: page, main }) => {
    await seedVisit(main, { childName: 'Omar Locked' });
    await page.reload();
    await expect(page.getByTestId('visit-row').getByText('Omar Locked')).toBeVisible();
    // Home loads the list, then each row's marks: let those finish, or one of them is the request answered
    // LOCKED and the search box is already hidden when the test types into it.
    await main.settled();
    await main.services.session.lock(); // locked elsewhere (another window, the main process)
    await page.getByLabel('Search by patient').fill('oma');
    await expect(page.getByTestId('lock-screen')).toBeVisible();
    await expect(page.getByTestId('visit-row').getByText('Omar Locked')).toBeHidden();
    await expect(page.getByTestId('app-screens')).toBeHidden();
  });
});
