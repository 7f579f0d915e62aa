import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, shot } from './support/visit-room-fixtures';
import { forwardEvents, openRoom, quietIntake, seedVisit, signPhoneVisit } from './support/visit-room';

test.use({ mainOptions: { exports: true } });

test.describe('Export… from the visit room', () => {
  test('a signed visit exports the clinician note and the family summary where main chooses, audited', async ({ app: page, main }) => {
    forwardEvents(main, page);
    const { visitId } = await seedVisit(main, { childName: 'Nia Exportable', intake: quietIntake(), startInMinutes: -10 });
    await signPhoneVisit(main, visitId, 'Nothing could be watched; the family describes a simple strain.');

    await openRoom(page, visitId);
    await page.getByText('Export…').click();
    await page.getByRole('button', { name: 'Clinician note (PDF)' }).click();
    await expect(page.getByTestId('export-result')).toHaveText(/^Saved visit-note-\d{4}-\d{2}-\d{2}\.pdf\.$/, { timeout: 30_000 });
    await shot(page, 'room-export');
    await page.getByRole('button', { name: 'Family summary, Spanish (PDF)' }).click();
    // "What the family was told" is the clinician's own words: the Spanish summary waits for their confirmation (docs/i18n.md).
    await expect(page.getByTestId('export-free-text')).toContainText('What the family was told', { timeout: 30_000 });
    await shot(page, 'room-export-free-text');
    await page.getByRole('button', { name: /They are in the family’s language: export/ }).click();
    await expect(page.getByTestId('export-result')).toHaveText(/^Saved after-visit-summary-es-.*\.pdf\.$/, { timeout: 30_000 });

    const dir = join(main.dir, 'exports');
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    const note = execFileSync('pdftotext', [join(dir, files.find((f) => f.startsWith('visit-note'))!), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(note).toContain('Nia Exportable');
    expect(note).toMatch(/not yet been reviewed by a clinician/);
    const family = execFileSync('pdftotext', [join(dir, files.find((f) => f.startsWith('after-visit'))!), '-'], { encoding: 'utf8' });
    expect(family.length).toBeGreaterThan(200);
    const audit = main.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'visit.export' AND entity_id = ?`).get(visitId) as { n: number };
    expect(audit.n).toBe(2);
    // The renderer cannot name a destination: a path in the request is refused by the schema.
    const refused = await page.evaluate((id) => window.consoleApi.createExport({ visitId: id, format: 'fhir', path: '/tmp/x' } as never), visitId);
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(existsSync('/tmp/x')).toBe(false);
  });
});
