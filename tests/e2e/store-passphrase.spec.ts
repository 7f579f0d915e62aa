import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, shot } from './support/visit-room-fixtures';

// A Linux desktop with no keyring (Electron safeStorage "basic_text"): the key
// of the encrypted database is wrapped with a passphrase the console asks for.
test.use({ mainOptions: { noKeyring: true, session: 'fresh' } });

test.describe('database passphrase where there is no keyring', () => {
  test('first start creates the passphrase; the next start asks for it, refuses a wrong one and opens with the right one', async ({ app: page, main }) => {
    await expect(page.getByRole('heading', { name: 'Protect the visit database' })).toBeVisible();
    // Nothing else answers until the database is open.
    const early = await page.evaluate(() => window.consoleApi.listVisits({}));
    expect(early).toMatchObject({ ok: false, error: { code: 'LOCKED' } });

    await page.getByLabel('Database passphrase').fill('too short');
    await page.getByRole('button', { name: 'Create and open' }).click();
    await expect(page.getByTestId('store-passphrase-error')).toHaveText('Use at least 12 characters.');
    await page.getByLabel('Database passphrase').fill('a long database passphrase');
    await page.getByLabel('Repeat the passphrase').fill('a different passphrase');
    await page.getByRole('button', { name: 'Create and open' }).click();
    await expect(page.getByTestId('store-passphrase-repeat-error')).toHaveText('The two passphrases differ.');
    await shot(page, 'store-passphrase-create');
    await page.getByLabel('Database passphrase').fill('a long database passphrase');
    await page.getByLabel('Repeat the passphrase').fill('a long database passphrase');
    await page.getByRole('button', { name: 'Create and open' }).click();

    // Then the usual first run.
    await expect(page.getByRole('heading', { name: 'Set up this console' })).toBeVisible();
    await page.getByLabel('Your name').fill('Dr Lin Nokeyring');
    await page.getByLabel('Passcode', { exact: true }).fill('a-good-passcode');
    await page.getByLabel('Passcode again').fill('a-good-passcode');
    await page.getByRole('button', { name: 'Set up and start' }).click();
    await expect(page.getByTestId('signed-in-as')).toContainText('Dr Lin Nokeyring');
    expect(JSON.parse(readFileSync(join(main.dir, 'visits.key'), 'utf8'))).toMatchObject({ scheme: 'passphrase' });
    expect(readFileSync(main.dbFile).includes(Buffer.from('Nokeyring'))).toBe(false);

    // Next start: the passphrase is asked for again.
    await main.restart();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Unlock the visit database' })).toBeVisible();
    await page.getByLabel('Database passphrase').fill('not the passphrase');
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByTestId('store-passphrase-error')).toHaveText('That passphrase does not unlock the database.');
    await shot(page, 'store-passphrase-enter');
    await page.getByLabel('Database passphrase').fill('a long database passphrase');
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page.getByRole('heading', { name: 'Console locked' })).toBeVisible();
    await page.getByLabel('Passcode').fill('a-good-passcode');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByTestId('signed-in-as')).toContainText('Dr Lin Nokeyring');
  });
});
