import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, shot } from './support/visit-room-fixtures';
import { forwardEvents, openRoom, quietIntake, seedVisit, signPhoneVisit } from './support/visit-room';

test.use({ mainOptions: { exports: true } });

/** Issue 16 item 5: the clinic's phone is a setting, and the family summary's first page gives it. */
test.describe('Clinic settings and the family summary', () => {
  test('the clinic card refuses a bad number, saves a good one, and the family summary prints it on page 1 of at most 3', async ({ app: page, main }) => {
    forwardEvents(main, page);
    const { visitId } = await seedVisit(main, { childName: 'Ola Fridge', intake: quietIntake(), startInMinutes: -10 });

    const card = page.getByTestId('clinic-settings');
    await expect(card).toContainText('No phone number yet');
    await card.getByRole('button', { name: 'Clinic details' }).click();
    await card.getByLabel('Clinic name').fill('Riverside Pediatrics');
    await card.getByLabel('Phone number for families').fill('call me');
    await card.getByRole('button', { name: 'Save clinic details' }).click();
    await expect(page.getByTestId('clinic-clinicPhone-error')).not.toBeEmpty();
    await card.getByLabel('Phone number for families').fill('(555) 010-2000');
    await card.getByRole('button', { name: 'Save clinic details' }).click();
    await expect(card.getByRole('status')).toContainText('Saved');
    await expect(card).toContainText('Riverside Pediatrics · (555) 010-2000');
    await shot(page, 'home-clinic-settings');

    await signPhoneVisit(main, visitId, 'Simple strain by history.');

    await openRoom(page, visitId);
    await page.getByText('Export…').click();
    await page.getByRole('button', { name: 'Family summary, English (PDF)' }).click();
    await expect(page.getByTestId('export-result')).toHaveText(/^Saved after-visit-summary-en-.*\.pdf\.$/, { timeout: 60_000 });
    const dir = join(main.dir, 'exports');
    const file = join(dir, readdirSync(dir).find((f) => f.startsWith('after-visit-summary-en'))!);
    const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(page1).toContain('(555) 010-2000');
    expect(page1).toContain('Riverside Pediatrics');
    expect(page1).toContain('What to do now');
    expect(page1).toContain('Call 911 or go to the emergency department now if:');
    expect(page1).toMatch(/educational only/);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeLessThanOrEqual(3);
  });
});
