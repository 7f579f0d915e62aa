/**
 * PDFs printed by Chromium from the export HTML (the CLI's printer; the app
 * prints the same HTML with Electron's printToPDF). pdftotext checks the key
 * facts; pdftoppm saves PNG pages to artifacts/exports/ for a person to look
 * at. One browser for the whole file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeededStore, PDF_ARTIFACTS, pdfTextOf, printJobs, type PdfJob } from './fixture';
import { createExportService } from '../../../electron/main/export/service';
import { createChromiumPrinter } from '../../../electron/main/export/pdf-chromium';
import { AbortError } from '../../../electron/main/export/pdf';
import { CLINICAL_REVIEW_STATEMENT } from '../../../shared/about';
import { calculateDose, clinicalContent, CONTENT_VERSION } from '../../../shared/clinical';
import { englishFragments, englishIn } from './english';

let store: Awaited<ReturnType<typeof openSeededStore>>;
const printer = createChromiumPrinter();
let service: ReturnType<typeof createExportService>;
const texts = new Map<string, string>();

const has = (text: string, needle: string) => expect(text, needle).toContain(needle.replace(/\s+/g, ' '));

beforeAll(async () => {
  store = await openSeededStore(['tier-C', 'tier-E-es', 'tier-E-addendum', 'draft']);
  service = createExportService({ record: store.services.record, clinicians: store.services.clinicians, clock: store.clock, printer: () => printer, timeZone: 'UTC' });
  const jobs: PdfJob[] = [
    ['family-es-tier-E-es', 'tier-E-es', 'family-pdf', 'es'],
    ['note-tier-E-amended', 'tier-E-addendum', 'note-pdf', undefined],
    ['family-en-tier-E', 'tier-E-addendum', 'family-pdf', 'en'],
    ['family-es-tier-C', 'tier-C', 'family-pdf', 'es'],
    ['note-draft', 'draft', 'note-pdf', undefined],
    ['family-es-draft', 'draft', 'family-pdf', 'es'],
  ];
  // Each PDF's text, whitespace collapsed (lines wrap anywhere); its pages go to artifacts/exports/.
  for (const [name, { bytes, file }] of await printJobs(service, store, jobs)) {
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    texts.set(name, pdfTextOf(file));
  }
}, 240_000);
afterAll(async () => {
  await printer.close();
  store?.close();
});

describe('clinician note PDF', () => {
  it('has the patient, guardian, visit mode, observations, not-assessed items, flags, decision, plan, addendum, signature', () => {
    const t = texts.get('note-tier-E-amended')!;
    for (const s of [
      'Demo Eli Elm', 'Demo Morgan Elm', 'Video (synchronous audio and video telehealth)', 'Participants',
      'Movement observations', 'Bend backward', 'Reflexes', 'Formal sensory testing', 'Reliable palpation', 'Not assessed — cannot be done over video',
      'Red-flag screen', 'Saddle or genital numbness', 'absent per family, confirmed by the clinician', 'observed on video',
      'Tier E: Home care with a safety net', 'AMENDED', 'Family called back', 'Electronically signed by Dr Demo Clinician',
    ]) has(t, s);
  });

  it('names the content version and says it is not yet clinically reviewed', () => {
    const t = texts.get('note-tier-E-amended')!;
    has(t, `Clinical content version ${CONTENT_VERSION}`);
    has(t, CLINICAL_REVIEW_STATEMENT);
  });

  it('prints the dose in mL from the plan', () => {
    const dose = calculateDose({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg: 38, ageMonths: 13 * 12 + 2 });
    if (!dose.ok) throw new Error('dose');
    has(texts.get('note-tier-E-amended')!, `${dose.dose.doseMl} mL (${dose.dose.doseMg} mg) every 4-6 hours`);
  });

  it('marks an unsigned visit as a DRAFT on every page', () => {
    const t = texts.get('note-draft')!;
    has(t, 'DRAFT — this visit is not signed');
    has(t, 'NOT SIGNED');
    expect(t.match(/DRAFT/g)!.length).toBeGreaterThanOrEqual(2);
  });
});

describe('family after-visit summary PDF', () => {
  it('English: tier script, dose in mL, interval, maximum, return precautions, exercises, disclaimer, review statement', () => {
    const t = texts.get('family-en-tier-E')!;
    const dose = calculateDose({ drug: 'acetaminophen', productId: 'acetaminophen-160mg-5ml', weightKg: 38, ageMonths: 13 * 12 + 2 });
    if (!dose.ok) throw new Error('dose');
    has(t, clinicalContent.escalationTiers.tiers.find((x) => x.id === 'E')!.familyScript.en);
    has(t, `${dose.dose.doseMl} mL`);
    has(t, 'Every 4 to 6 hours');
    has(t, '5 doses');
    has(t, "This amount is for today's weight: 38 kg.");
    for (const r of clinicalContent.familyAdvice.returnPrecautions) has(t, r.heading.en);
    has(t, 'Knee hug');
    has(t, 'What video cannot check');
    has(t, clinicalContent.familyAdvice.disclaimer.en);
    has(t, CLINICAL_REVIEW_STATEMENT);
    has(t, CONTENT_VERSION);
  });

  it('Spanish: the Spanish tier script, advice, precautions and disclaimer', () => {
    const t = texts.get('family-es-tier-C')!;
    has(t, clinicalContent.escalationTiers.tiers.find((x) => x.id === 'C')!.familyScript.es);
    has(t, 'Resumen de la consulta');
    has(t, 'Cada 4 a 6 horas');
    for (const r of clinicalContent.familyAdvice.returnPrecautions) has(t, r.heading.es);
    has(t, clinicalContent.familyAdvice.disclaimer.es);
    has(t, 'aún no ha sido revisado por un profesional clínico');
    has(t, 'aún no han sido revisados por un profesional clínico');
  });

  it('Spanish contains no English fixed string: catalog words, footer, watermark, content texts, review statement (issue 15 item 5)', async () => {
    const fragments = englishFragments();
    // Names are not words: "Dr Demo Clinician" is the demo clinician's name.
    const names = (await store.services.clinicians.list()).map((c) => c.displayName);
    const withoutNames = (t: string) => names.reduce((acc, n) => acc.split(n).join(' '), t);
    // The check can fail: the English summary of the same kind of visit is full of them.
    expect(englishIn(texts.get('family-en-tier-E')!, fragments).length).toBeGreaterThan(20);
    for (const name of ['family-es-tier-C', 'family-es-tier-E-es']) {
      const t = texts.get(name)!;
      expect(englishIn(withoutNames(t), fragments), name).toEqual([]);
      has(t, 'Resumen de la consulta · contenido');
    }
    // A draft Spanish summary: the watermark and the footer say BORRADOR.
    expect(englishIn(withoutNames(texts.get('family-es-draft')!), fragments)).toEqual([]);
    has(texts.get('family-es-draft')!, 'BORRADOR');
  });

  it('a Spanish summary with the clinician\'s own words waits for their confirmation; English does not', async () => {
    const visitId = store.byKey('tier-C').visitId;
    const refused = service.render(visitId, 'family-pdf', { language: 'es' });
    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT', fields: expect.arrayContaining([{ path: 'freeTextConfirmed', message: 'decision.familyTold' }]) });
    await expect(refused).rejects.toThrow(/What the family was told.*Spanish/);
    const en = await service.render(visitId, 'family-pdf', { language: 'en' });
    expect(en.language).toBe('en');
  });

  it('saved PNG pages of every PDF to artifacts/exports/', () => {
    const pngs = readdirSync(PDF_ARTIFACTS).filter((f) => f.endsWith('.png'));
    for (const name of texts.keys()) expect(pngs.some((f) => f.startsWith(`${name}-`)), name).toBe(true);
  });
});

describe('export to a file', () => {
  it('writes the file, appends one audit row, and a cancelled export leaves nothing and no audit row', async () => {
    const visitId = store.byKey('tier-C').visitId;
    const before = (await store.services.audit.rowsFor(visitId)).length;
    const dest = join(store.dir, 'family.pdf');
    const stages: string[] = [];
    // Unconfirmed Spanish free text: refused, nothing written, no audit row.
    await expect(service.exportToFile({ visitId, format: 'family-pdf', destination: dest, actor: store.clinicianId })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(readdirSync(store.dir).filter((f) => f.includes('family.pdf'))).toEqual([]);
    expect((await store.services.audit.rowsFor(visitId)).length).toBe(before);
    const r = await service.exportToFile({ visitId, format: 'family-pdf', destination: dest, actor: store.clinicianId, freeTextConfirmed: true, onProgress: (p) => stages.push(p.stage) });
    expect(r).toMatchObject({ format: 'family-pdf', language: 'es', documentStatus: 'final' });
    expect(stages[0]).toBe('loading');
    expect(stages.at(-1)).toBe('done');
    const rows = await store.services.audit.rowsFor(visitId);
    expect(rows.length).toBe(before + 1);
    expect(JSON.stringify(rows.at(-1))).toContain('family-pdf-es');

    const controller = new AbortController();
    const cancelled = join(store.dir, 'cancelled.pdf');
    const p = service.exportToFile({
      visitId, format: 'note-pdf', destination: cancelled, actor: store.clinicianId, signal: controller.signal,
      onProgress: (x) => { if (x.stage === 'printing') controller.abort(); },
    });
    await expect(p).rejects.toBeInstanceOf(AbortError);
    expect(readdirSync(store.dir).filter((f) => f.startsWith('.cancelled') || f === 'cancelled.pdf')).toEqual([]);
    expect((await store.services.audit.rowsFor(visitId)).length).toBe(before + 1);
  });
});
