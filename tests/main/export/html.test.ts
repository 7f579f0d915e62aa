/**
 * The HTML builders without a browser: escaping, the sections each document
 * must have, Spanish text, the DRAFT watermark, no external resources, and
 * the dose line read back from the store's shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeededStore } from './fixture';
import { buildExportModel, type ExportModel } from '../../../electron/main/export/model';
import { esc, familyHtml, noteHtml } from '../../../electron/main/export/html';
import { CLINICAL_REVIEW_STATEMENT } from '../../../shared/about';
import { clinicalContent, CONTENT_VERSION } from '../../../shared/clinical';
import type { VisitRecord } from '../../../electron/main/store/record-types';

let store: Awaited<ReturnType<typeof openSeededStore>>;
let record: VisitRecord;
let model: ExportModel;
const build = (r: VisitRecord) => buildExportModel(r, { clinicians: [], now: new Date('2026-11-27T16:00:00Z'), today: '2026-11-27', timeZone: 'UTC' });

beforeAll(async () => {
  store = await openSeededStore(['tier-D', 'draft']);
  record = await store.services.record.getVisitRecord(store.byKey('tier-D').visitId);
  model = buildExportModel(record, { clinicians: await store.services.clinicians.list(), now: new Date('2026-11-27T16:00:00Z'), today: '2026-11-27', timeZone: 'UTC' });
});
afterAll(() => store?.close());

/** The text of a page (tags dropped; the family summary wraps hyphenated words in spans). */
const textOf = (html: string) => html.replace(/<[^>]+>/g, '');

const EVIL = `<img src=x onerror="alert(1)"> & 'quotes' </style><script>bad()</script>`;

describe('escaping and self-containment', () => {
  it('esc() escapes the five HTML characters', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('patient, guardian, intake, rationale, addendum and notes are escaped in both documents', () => {
    const evil = build({
      ...record,
      patient: { ...record.patient, childName: EVIL },
      guardians: [{ id: 'g', name: EVIL, phone: EVIL }],
      intake: { ...record.intake!, answersJson: JSON.stringify({ ...JSON.parse(record.intake!.answersJson), symptoms: EVIL, questions: EVIL }) },
      decision: { ...record.decision!, rationale: EVIL, familyTold: EVIL },
      addenda: [{ id: 'a', visitId: record.visit.id, author: 'x', createdAt: record.visit.signedAt!, reason: EVIL, text: EVIL, corrects: null }],
    });
    for (const html of [noteHtml(evil), familyHtml(evil, 'en'), familyHtml(evil, 'es')]) {
      expect(html).not.toContain('<script>bad()');
      expect(html).not.toContain('<img');
      expect(html).not.toMatch(/onerror="/);
    }
    expect(noteHtml(evil)).toContain('&lt;script&gt;bad()&lt;/script&gt;');
  });

  it('loads nothing from outside: no scripts, no links, no remote URLs; a CSP forbids them', () => {
    for (const html of [noteHtml(model), familyHtml(model, 'en')]) {
      expect(html).not.toMatch(/<script|<link|<iframe|src="http|url\(/i);
      expect(html).toContain(`default-src 'none'`);
    }
  });
});

describe('clinician note', () => {
  it('has every section the issue lists, the content version and the review statement', () => {
    const html = noteHtml(model);
    // Issue 16: decision first, then S-O-A-P, then the full tables in an appendix.
    for (const s of ['Decision: Tier D', 'Rationale', 'Subjective', 'Objective', 'Pertinent negatives', 'Assessment', 'Plan', 'Signature', 'Appendix', 'Movement observations', 'Red-flag screen', 'Not assessed', 'Family intake', 'Video (synchronous audio and video telehealth)', 'Participants']) {
      expect(html, s).toContain(esc(s));
    }
    for (const c of clinicalContent.maneuvers.cannotAssessOverVideo) expect(html).toContain(esc(c.label));
    expect(html).toContain(CONTENT_VERSION);
    expect(html).toContain(esc(CLINICAL_REVIEW_STATEMENT));
    expect(html).toMatch(/Ibuprofen oral suspension 100 mg \/ 5 mL: \d+(\.\d+)? mL \(\d+ mg\) every 6-8 hours, at most 4 doses/);
    expect(html).not.toContain('class="watermark"');
    const order = ['Decision: Tier D', 'Subjective', 'Objective', 'Assessment', '>P</span>Plan', 'Signature.', 'Appendix'].map((x) => html.indexOf(x));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('an unsigned visit carries the DRAFT watermark and banner', async () => {
    const draft = build(await store.services.record.getVisitRecord(store.byKey('draft').visitId));
    expect(draft.status).toBe('preliminary');
    expect(noteHtml(draft)).toContain('class="watermark"');
    expect(familyHtml(draft, 'es')).toContain('BORRADOR');
  });
});

describe('family summary', () => {
  it('English: tier script, dose in mL, precautions for every tier, disclaimer top and bottom, review statement', () => {
    const html = textOf(familyHtml(model, 'en'));
    expect(html).toContain(esc(clinicalContent.escalationTiers.tiers.find((t) => t.id === 'D')!.familyScript.en));
    const dose = model.plan!.analgesia[0]!;
    expect(html).toContain(`${dose.doseMl} mL (${dose.doseMg} mg)`);
    for (const r of clinicalContent.familyAdvice.returnPrecautions) expect(html).toContain(esc(r.heading.en));
    expect(html.split(esc(clinicalContent.familyAdvice.disclaimer.en).slice(0, 40)).length - 1).toBeGreaterThanOrEqual(2);
    expect(html).toContain(esc(CLINICAL_REVIEW_STATEMENT));
    expect(familyHtml(model, 'en')).toContain('<svg');
    expect(familyHtml(model, 'en')).toContain('lang="en"');
  });

  it('Spanish: the Spanish script, advice, precautions, disclaimer and headings; no English advice', () => {
    expect(familyHtml(model, 'es')).toContain('lang="es"');
    const html = textOf(familyHtml(model, 'es'));
    expect(html).toContain(esc(clinicalContent.escalationTiers.tiers.find((t) => t.id === 'D')!.familyScript.es));
    expect(html).toContain(esc(clinicalContent.familyAdvice.disclaimer.es));
    for (const h of clinicalContent.familyAdvice.homeCare.filter((x) => x.id !== 'medicine-short-course')) {
      expect(html).toContain(esc(h.text.es).split(' ').slice(0, 4).join(' '));
      expect(html).not.toContain(esc(h.text.en).split(' ').slice(0, 6).join(' '));
    }
    expect(html).toContain('Cuánto cada vez');
    expect(html).toContain('Abrazar la rodilla');
  });
});

describe('dose lines from the store', () => {
  const dose = {
    drug: 'ibuprofen', productId: 'ibuprofen-50mg-1.25ml', strengthMg: 50, strengthMl: 1.25, doseMg: 100, doseMl: 2.5, mgPerKg: 7.1,
    intervalHours: 6, maxDosesPer24h: 4, maxMgPer24h: 400, stopAfterDays: null, weightOverrideReason: null, note: null,
  };
  it('print the stored product, strength and mL (infant drops, not the default suspension)', () => {
    const m = build({ ...record, plan: { ...record.plan!, analgesia: [dose] } });
    expect(m.plan!.analgesia[0]).toMatchObject({ productId: 'ibuprofen-50mg-1.25ml', productName: 'Ibuprofen infant drops 50 mg / 1.25 mL', doseMl: 2.5, mgPerMl: 40, maxDosesPer24h: 4, maxMgPer24h: 400, note: null });
  });

  it('print the stop date from stopAfterDays, and the weight override and note as the note', () => {
    const m = build({ ...record, plan: { ...record.plan!, analgesia: [{ ...dose, stopAfterDays: 3, weightOverrideReason: 'Weighed today', note: 'With food.' }] } });
    const line = m.plan!.analgesia[0]!;
    expect(line.stopAfterDays).toBe(3);
    expect(line.stopDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(line.note).toBe("With food. Weight outside the 0.1st-99.9th percentile for age, dosed on the clinician's override: Weighed today");
  });

  it('without a product, print the medicine and mg only (no mL is made up)', () => {
    const m = build({ ...record, plan: { ...record.plan!, analgesia: [{ ...dose, drug: 'acetaminophen', productId: null, strengthMg: null, strengthMl: null, doseMl: null, doseMg: 320 }] } });
    expect(m.plan!.analgesia[0]).toMatchObject({ productId: null, productName: null, doseMl: null, mgPerMl: null, doseMg: 320 });
  });
});
