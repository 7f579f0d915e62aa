/**
 * Issue 16, item 5: exports a clinician would sign and a family can use.
 * - The clinician note: the decision, tier and rationale on page 1, then S-O-A-P
 *   with abnormal findings first and the pertinent negatives in one line, local
 *   time with its zone, the call's real length (from the record's entries), and
 *   the full tables in an appendix on later pages.
 * - The family summary: page 1 is a sheet for the fridge (what to do now, the
 *   clinic's phone, the follow-up date, the warning signs by urgency) and the
 *   whole is at most 3 pages, in English and Spanish.
 * Real SQLite, the real services, real Chromium; pdftotext/pdfinfo read the
 * PDFs; PNG pages go to artifacts/exports/.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeededStore, PDF_ARTIFACTS, pdfTextOf, printJobs, type PdfJob } from './fixture';
import { createExportService } from '../../../electron/main/export/service';
import { createChromiumPrinter } from '../../../electron/main/export/pdf-chromium';
import { buildExportModel, callSpanOf } from '../../../electron/main/export/model';
import { familyHtml, followUpDate } from '../../../electron/main/export/html';
import { clinicalContent } from '../../../shared/clinical';
import type { VisitRecord } from '../../../electron/main/store/record-types';

const CLINIC = { clinicName: 'Riverside Pediatrics', clinicPhone: '(555) 010-2000', followUpDays: 10 };
const START = Date.parse('2026-11-27T15:00:00.000Z');
let tick = 0;
/** A clock that moves on 20 s at every reading, so a seeded visit takes time like a real one. */
const movingClock = { now: () => new Date(START + tick++ * 20_000), today: () => '2026-11-27' };

let store: Awaited<ReturnType<typeof openSeededStore>>;
const printer = createChromiumPrinter();
const pdfs = new Map<string, string>();

const text = pdfTextOf;
const pages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

beforeAll(async () => {
  store = await openSeededStore(['tier-C', 'tier-E-addendum', 'draft'], { clock: movingClock });
  const service = createExportService({
    record: store.services.record,
    clinicians: store.services.clinicians,
    clock: store.clock,
    printer: () => printer,
    timeZone: 'America/Chicago',
    clinic: () => CLINIC,
  });
  const jobs: PdfJob[] = [
    ['readable-note-tier-C', 'tier-C', 'note-pdf', undefined],
    ['readable-family-en-tier-E', 'tier-E-addendum', 'family-pdf', 'en'],
    ['readable-family-es-tier-E', 'tier-E-addendum', 'family-pdf', 'es'],
    ['readable-family-es-draft', 'draft', 'family-pdf', 'es'],
    ['readable-family-en-tier-C', 'tier-C', 'family-pdf', 'en'],
  ];
  // English visits printed in Spanish too: the clinician confirms their free text (docs/i18n.md).
  for (const [name, { file }] of await printJobs(service, store, jobs)) pdfs.set(name, file);
}, 180_000);
afterAll(async () => {
  await printer.close();
  store?.close();
});

describe('clinician note reads like a note', () => {
  it('page 1 has the decision, tier and rationale first, then S, O, A, P; the appendix starts later', () => {
    const file = pdfs.get('readable-note-tier-C')!;
    const p1 = text(file, 1, 1);
    const decision = p1.indexOf('Decision: Tier C');
    expect(decision).toBeGreaterThan(-1);
    expect(p1).toContain('Rationale');
    const soap = ['Subjective', 'Objective', 'Pertinent negatives', 'Assessment', 'Plan', 'Signature'].map((s) => p1.indexOf(s));
    expect(soap.every((i) => i > decision)).toBe(true);
    expect([...soap].sort((a, b) => a - b)).toEqual(soap);
    // Abnormal first: the fever flag and the painful side bend come before the pertinent negatives line.
    expect(p1.indexOf('Red flag present (tier C): Fever')).toBeGreaterThan(p1.indexOf('Objective'));
    expect(p1.indexOf('Red flag present (tier C): Fever')).toBeLessThan(p1.indexOf('Pertinent negatives'));
    expect(p1).not.toContain('Appendix');
    expect(pages(file)).toBeGreaterThan(1);
    const rest = text(file, 2);
    for (const s of ['Appendix', 'A1. Movement observations', 'A2. Red-flag screen', 'A3. Not assessed', 'A4. Family intake']) expect(rest).toContain(s);
  });

  it('prints local times with the zone, not UTC', () => {
    const t = text(pdfs.get('readable-note-tier-C')!);
    expect(t).toMatch(/2026-11-27 0\d:\d\d CST/);
    expect(t).toContain('Times are local (America/Chicago)');
    expect(t).not.toMatch(/\d\d:\d\d UTC/);
  });

  it('gives the call its real length from the record, not "0 min", and says how it was timed', async () => {
    const record = await store.services.record.getVisitRecord(store.byKey('tier-C').visitId);
    const span = callSpanOf(record);
    expect(span.minutes).toBeGreaterThan(0);
    const p1 = text(pdfs.get('readable-note-tier-C')!, 1, 1);
    expect(p1).toContain(`Call about ${span.minutes} min`);
    expect(p1).not.toMatch(/\b0 min\b/);
    expect(text(pdfs.get('readable-note-tier-C')!)).toContain('The console does not store when the call was joined and left');
    expect(p1).toContain('have not yet been reviewed by a clinician');
  });
});

describe('family summary: a sheet for the fridge, at most 3 pages', () => {
  it('page 1 has what to do now, the clinic phone and name, the follow-up date and the warning signs by urgency (en)', () => {
    const file = pdfs.get('readable-family-en-tier-E')!;
    const p1 = text(file, 1, 1);
    expect(p1).toContain('What to do now');
    expect(p1).toContain(clinicalContent.escalationTiers.tiers.find((t) => t.id === 'E')!.familyScript.en.slice(0, 60));
    expect(p1).toContain('(555) 010-2000');
    expect(p1).toContain('Riverside Pediatrics');
    // "In 2 weeks if not better", counted from the visit date.
    expect(p1).toContain('Follow-up: Friday, December 11, 2026');
    const headings = clinicalContent.familyAdvice.returnPrecautions.map((r) => p1.indexOf(r.heading.en.replace(/\s+/g, ' ')));
    expect(headings.every((i) => i >= 0)).toBe(true);
    expect([...headings].sort((a, b) => a - b)).toEqual(headings); // most urgent first
    expect(p1).toContain('numbness'); // a warning sign itself, not only headings
    expect(p1).toContain(clinicalContent.familyAdvice.disclaimer.en.slice(0, 50));
  });

  it('Spanish page 1 has the same, in Spanish', () => {
    const p1 = text(pdfs.get('readable-family-es-tier-E')!, 1, 1);
    expect(p1).toContain('Qué hacer ahora');
    expect(p1).toContain('(555) 010-2000');
    expect(p1).toContain('Seguimiento: viernes, 11 de diciembre de 2026');
    for (const r of clinicalContent.familyAdvice.returnPrecautions) expect(p1).toContain(r.heading.es.replace(/\s+/g, ' '));
    expect(p1).toContain(clinicalContent.familyAdvice.disclaimer.es.slice(0, 50));
  });

  it('is at most 3 pages in English and Spanish, with the medicine and the disclaimer after page 1', () => {
    for (const [name, file] of pdfs) {
      if (!name.includes('family')) continue;
      expect(pages(file), name).toBeLessThanOrEqual(3);
    }
    const rest = text(pdfs.get('readable-family-en-tier-E')!, 2);
    expect(rest).toMatch(/How much each time: \d+(\.\d+)? mL/);
    expect(rest).toContain('What video cannot check');
    expect(rest).toContain('not yet been reviewed by a clinician');
  });

  it('saved PNG pages to artifacts/exports/', () => {
    const pngs = readdirSync(PDF_ARTIFACTS);
    for (const name of pdfs.keys()) expect(pngs.some((f) => f.startsWith(`${name}-`) && f.endsWith('.png')), name).toBe(true);
  });
});

describe('the parts, without a browser', () => {
  it('callSpanOf: from the admission consent to the last exam entry; nothing after the visit left "in progress"', async () => {
    const base = await store.services.record.getVisitRecord(store.byKey('tier-C').visitId);
    const at = (min: number) => new Date(Date.parse('2026-11-27T16:00:00Z') + min * 60_000).toISOString();
    const record: VisitRecord = {
      ...base,
      visit: { ...base.visit, startedAt: at(3), endedAt: at(30) },
      consents: [{ id: 'c', visitId: base.visit.id, kind: 'still_capture', givenBy: 'guardian', recordedBy: 'x', recordedAt: at(1), withdrawnAt: null, withdrawnBy: null }],
      observations: base.observations.map((o, i) => ({ ...o, observedAt: at(3 + (i % 12)), updatedAt: at(3 + (i % 12)) })),
      flagAssessments: base.flagAssessments.map((a) => ({ ...a, assessedAt: a.author === 'system' ? at(40) : at(10) })),
      images: [],
    };
    expect(callSpanOf(record)).toEqual({ start: at(1), end: at(14), minutes: 13, basis: 'record-entries' });
    expect(callSpanOf({ ...record, observations: [], flagAssessments: [] })).toMatchObject({ minutes: null, basis: 'none' });
  });

  it('followUpDate: a date in the plan, "in N weeks" from the visit date, else the clinic default for home care only', async () => {
    const record = await store.services.record.getVisitRecord(store.byKey('tier-E-addendum').visitId);
    const m = buildExportModel(record, { clinicians: [], now: new Date(START), today: '2026-11-27', timeZone: 'UTC', clinic: CLINIC });
    const withWhen = (when: string | null, tier: 'A' | 'E' = 'E') => ({
      ...m,
      visitDate: '2026-11-27',
      decision: { ...m.decision!, tier },
      plan: { ...m.plan!, followUp: { ...m.plan!.followUp, when } },
    });
    expect(followUpDate(withWhen('2026-12-20'))).toEqual({ date: '2026-12-20', source: 'plan' });
    expect(followUpDate(withWhen('In 2 weeks if not better'))).toEqual({ date: '2026-12-11', source: 'plan' });
    expect(followUpDate(withWhen('en 10 días'))).toEqual({ date: '2026-12-07', source: 'plan' });
    expect(followUpDate(withWhen(null))).toEqual({ date: '2026-12-07', source: 'clinic' });
    expect(followUpDate(withWhen('After the emergency visit', 'A'))).toBeNull();
    // Without a phone number the family is told to call the clinic, never left without a way to get help.
    const noPhone = familyHtml({ ...m, clinic: { clinicName: '', clinicPhone: '', followUpDays: 0 } }, 'en');
    expect(noPhone).toContain('Call your clinic');
  });
});
