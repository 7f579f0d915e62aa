import { test, expect, shot } from './support/fixtures';
import './support/preload-shim-types';
import { CONTENT_VERSION } from '../../shared/clinical';

const child = {
  childName: 'Mia Example',
  dateOfBirth: '2016-04-12',
  sex: 'female',
  weightKg: '31.5',
  guardianName: 'Ana Example',
  guardianPhone: '+1 555 010 2000',
  guardianEmail: '',
};

async function fillPatient(page: import('@playwright/test').Page, values: Partial<typeof child>) {
  const v = { ...child, ...values };
  await page.getByLabel("Child's name").fill(v.childName);
  await page.getByLabel('Date of birth').fill(v.dateOfBirth);
  await page.getByLabel('Sex').selectOption(v.sex);
  await page.getByLabel('Weight (kg)').fill(v.weightKg);
  await page.getByLabel("Guardian's name").fill(v.guardianName);
  await page.getByLabel("Guardian's phone").fill(v.guardianPhone);
  if (v.guardianEmail) await page.getByLabel(/Guardian's e-mail/).fill(v.guardianEmail);
}

const count = (main: { db: import('better-sqlite3').Database }, table: string) =>
  (main.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

test.describe('first slice: add a patient and schedule a visit', () => {
  test('a new patient and visit appear in the list and survive a reload', async ({ app: page, main }) => {
    await expect(page.getByRole('heading', { name: 'Visits' })).toBeVisible();
    await expect(page.getByText('No visits yet.')).toBeVisible();
    await shot(page, 'home-empty');

    await fillPatient(page, { guardianEmail: 'ana.example@mail.example.org' });
    await page.getByRole('button', { name: 'Add patient' }).click();
    await expect(page.getByTestId('announcer')).toHaveText('Patient added.');
    expect(count(main, 'patients')).toBe(1);
    // The e-mail on file, which "Email…" in the room addresses the join link to.
    expect(main.db.prepare(`SELECT email FROM guardians`).pluck().get()).toBe('ana.example@mail.example.org');

    await page.getByLabel('Date and time').fill('2026-12-03T09:30');
    await page.getByLabel('Reason (optional)').fill('Low back pain after football');
    await page.getByRole('button', { name: 'Schedule visit' }).click();
    const row = page.getByTestId('visit-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Mia Example');
    await expect(row).toContainText('Scheduled');
    await shot(page, 'home-with-visit');

    // Reload the page and restart the store from the file: the visit is on disk.
    await main.restart();
    await page.reload();
    await expect(page.getByTestId('visit-row')).toHaveCount(1);
    await expect(page.getByTestId('visit-row')).toContainText('Low back pain after football');

    await page.getByLabel('Search by patient').fill('zzz');
    await expect(page.getByTestId('visit-row')).toHaveCount(0);
    await page.getByLabel('Search by patient').fill('mia');
    await expect(page.getByTestId('visit-row')).toHaveCount(1);
  });

  const invalid: [string, Partial<typeof child>, string, RegExp][] = [
    ['a date of birth in the future', { dateOfBirth: '2099-01-01' }, 'dateOfBirth', /cannot be in the future/],
    ['a date of birth more than 25 years ago', { dateOfBirth: '1990-01-01' }, 'dateOfBirth', /more than 25 years ago/],
    ['weight 0', { weightKg: '0' }, 'weightKg', /between 0.5 and 250 kg/],
    ['weight 400 kg', { weightKg: '400' }, 'weightKg', /between 0.5 and 250 kg/],
    ['a 10,000-character name', { childName: 'x'.repeat(10_000) }, 'childName', /200 characters or fewer/],
    ['an e-mail with a second address', { guardianEmail: 'ana@mail.example.org, eve@evil.example' }, 'guardianEmail', /like name@example.org/],
  ];
  for (const [label, values, field, message] of invalid) {
    test(`the form shows a message beside the field for ${label} and saves nothing`, async ({ app: page, main }) => {
      await fillPatient(page, values);
      await page.getByRole('button', { name: 'Add patient' }).click();
      await expect(page.getByTestId(`${field}-error`)).toHaveText(message);
      await expect(page.locator(`#${field}`)).toHaveAttribute('aria-invalid', 'true');
      expect(count(main, 'patients')).toBe(0);
      if (field === 'dateOfBirth' && label.includes('future')) await shot(page, 'new-patient-invalid');
    });
  }

  test('the IPC boundary itself refuses bad payloads with typed errors and writes nothing', async ({ app: page, main }) => {
    const results = await page.evaluate(async (c) => {
      const base = { ...c, sex: 'female' as const, weightKg: 31.5 };
      const api = window.consoleApi;
      return Promise.all([
        api.createPatient({ ...base, dateOfBirth: '2099-01-01' }),
        api.createPatient({ ...base, dateOfBirth: '1990-01-01' }),
        api.createPatient({ ...base, weightKg: 0 }),
        api.createPatient({ ...base, weightKg: 400 }),
        api.createPatient({ ...base, childName: 'x'.repeat(10_000) }),
        api.createPatient({ ...base, role: 'admin' } as never),
        api.createPatient({ ...base, weightKg: '31' } as never),
      ]);
    }, child);
    const summary = results.map((r) => (r.ok ? 'ok' : `${r.error.code}:${(r.error.fields ?? []).map((f) => f.path).join(',')}`));
    expect(summary).toEqual([
      'VALIDATION:dateOfBirth',
      'VALIDATION:dateOfBirth',
      'INVALID_REQUEST:weightKg',
      'INVALID_REQUEST:weightKg',
      'INVALID_REQUEST:childName',
      'INVALID_REQUEST:',
      'INVALID_REQUEST:weightKg',
    ]);
    expect(count(main, 'patients')).toBe(0);
  });

  test('the CSP refuses to frame the console, so no sub-frame can reach the API', async ({ app: page, main, pageErrors }) => {
    await page.evaluate(() => {
      const frame = document.createElement('iframe');
      frame.src = '/index.html';
      document.body.append(frame);
    });
    await expect.poll(() => pageErrors.join('\n')).toMatch(/Content Security Policy/);
    pageErrors.length = 0;
    expect(count(main, 'patients')).toBe(0);
  });

  test('a page on another origin that reaches the binding is refused as a foreign sender', async ({ app: page, main }) => {
    // localhost and 127.0.0.1 are different origins: same server, same binding, wrong sender.
    await page.goto(main.origin.replace('127.0.0.1', 'localhost') + '/index.html');
    const result = await page.evaluate(
      (c) => window.__consoleIpc('patients:create', { ...c, weightKg: 31.5 }),
      child,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    // The console's own page on the wrong origin gets nothing either, and says so.
    await expect(page.getByRole('alert').first()).toHaveText('This request did not come from the console window.');
    expect(count(main, 'patients')).toBe(0);
  });

  test('the About box says the clinical content has not been reviewed by a clinician', async ({ app: page }) => {
    await page.getByRole('button', { name: 'About' }).click();
    const dialog = page.getByRole('dialog', { name: 'About' });
    await expect(dialog.getByTestId('clinical-review')).toContainText('not yet been reviewed by a clinician');
    await expect(dialog).toContainText(CONTENT_VERSION);
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    await shot(page, 'about');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
});
