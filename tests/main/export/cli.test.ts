/**
 * `npm run demo:seed` and `npm run export`, run in-process (one shared
 * Chromium for the file): exit codes, messages, the one-line JSON outputs,
 * and the files written.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as exportMain } from '../../../electron/cli/export';
import { main as seedMain } from '../../../electron/cli/demo-seed';
import { createChromiumPrinter } from '../../../electron/main/export/pdf-chromium';
import { openAppStore } from '../../../electron/main/app-store';
import { createServices } from '../../../electron/main/services';
import { defaultDeps } from '../../../electron/main/services/deps';
import { CONTENT_VERSION } from '../../../shared/clinical';

const printer = createChromiumPrinter();
let dir: string;
let db: string;
let seeded: { db: string; clinicianId: string; visits: { key: string; visitId: string; tier: string; signed: boolean; addendum: boolean }[] };

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}
async function runExport(args: string[]) {
  const { out, io } = capture();
  const code = await exportMain(args, io, { printer });
  return { code, ...out };
}
const visit = (key: string) => seeded.visits.find((v) => v.key === key)!.visitId;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bptc-export-cli-'));
  db = join(dir, 'demo.sqlite');
  const { out, io } = capture();
  expect(await seedMain(['--db', db], io)).toBe(0);
  expect(out.stdout.trim().split('\n')).toHaveLength(1);
  seeded = JSON.parse(out.stdout);
}, 60_000);
afterAll(async () => {
  await printer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo:seed', () => {
  it('prints one JSON line with a signed visit per tier A-E, one with an addendum, and a draft', () => {
    const signedTiers = new Set(seeded.visits.filter((v) => v.signed).map((v) => v.tier));
    expect([...signedTiers].sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(seeded.visits.some((v) => v.signed && v.addendum)).toBe(true);
    expect(seeded.visits.some((v) => !v.signed)).toBe(true);
    expect(seeded.clinicianId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('wrote the visits through the services: signed, audited, demo patients, audit chain intact', async () => {
    const { db: conn } = openAppStore(db);
    try {
      const services = createServices(defaultDeps(conn));
      const r = await services.record.getVisitRecord(visit('tier-D'));
      expect(r.visit.status).toBe('signed');
      expect(r.patient.isDemo).toBe(true);
      expect(r.decision?.tier).toBe('D');
      expect(await services.audit.verify()).toMatchObject({ ok: true });
      expect((await services.record.getVisitRecord(visit('tier-E-addendum'))).addenda).toHaveLength(1);
    } finally {
      conn.close();
    }
  });

  it('refuses to touch an existing file, and bad arguments, with exit 2', async () => {
    const a = capture();
    expect(await seedMain(['--db', db], a.io)).toBe(2);
    expect(a.out.stderr).toMatch(/exists/);
    const b = capture();
    expect(await seedMain([], b.io)).toBe(2);
    expect(b.out.stderr).toMatch(/--db is required/);
    const c = capture();
    expect(await seedMain(['--db', join(dir, 'x.sqlite'), '--what'], c.io)).toBe(2);
    expect(c.out.stderr).toMatch(/Unknown option '--what'/);
  });
});

describe('export', () => {
  it('writes a FHIR document of an amended visit and prints one JSON line; the export is audited', async () => {
    const out = join(dir, 'visit.fhir.json');
    const r = await runExport(['--db', db, '--visit', visit('tier-E-addendum'), '--format', 'fhir', '--out', out, '--actor', seeded.clinicianId]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout);
    expect(line).toMatchObject({ ok: true, format: 'fhir', documentStatus: 'amended', contentVersion: CONTENT_VERSION, clinicallyReviewed: false });
    const bundle = JSON.parse(readFileSync(out, 'utf8'));
    expect(bundle.type).toBe('document');
    expect(bundle.entry[0].resource.resourceType).toBe('Composition');
    expect(bundle.entry[0].resource.status).toBe('amended');
    const doc = bundle.entry.find((e: { resource: { resourceType: string } }) => e.resource.resourceType === 'DocumentReference').resource;
    expect(Buffer.from(doc.content[0].attachment.data, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

    const { db: conn } = openAppStore(db);
    try {
      const rows = await createServices(defaultDeps(conn)).audit.rowsFor(visit('tier-E-addendum'));
      const exports = rows.filter((x) => x.action === 'visit.export');
      expect(exports).toHaveLength(1);
      expect(exports[0]!.actor).toBe(seeded.clinicianId);
    } finally {
      conn.close();
    }
  });

  it('writes the Spanish family PDF of the tier C visit with the dose in mL, once the clinician confirms their free text', async () => {
    const out = join(dir, 'family-es.pdf');
    // The tier C visit's "what the family was told" is the clinician's own (English) words: refused until confirmed, nothing written.
    const refused = await runExport(['--db', db, '--visit', visit('tier-C'), '--format', 'family-pdf', '--lang', 'es', '--out', out, '--tz', 'UTC']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--confirm-free-text');
    expect(refused.stderr).toContain('What the family was told');
    expect(existsSync(out)).toBe(false);
    const r = await runExport(['--db', db, '--visit', visit('tier-C'), '--format', 'family-pdf', '--lang', 'es', '--out', out, '--tz', 'UTC', '--confirm-free-text']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'family-pdf', language: 'es', documentStatus: 'final' });
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toMatch(/Cuánto cada vez: \d+(\.\d+)? mL/);
    expect(text).toContain('Llámenos dentro de 24 horas si:');
  });

  it('refuses to overwrite without --force; unknown visit and missing database exit 1 with no patient data', async () => {
    const out = join(dir, 'exists.pdf');
    writeFileSync(out, 'keep me');
    const a = await runExport(['--db', db, '--visit', visit('tier-A'), '--format', 'note-pdf', '--out', out]);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/--force/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const b = await runExport(['--db', db, '--visit', '00000000-0000-4000-8000-000000000000', '--format', 'note-pdf', '--out', join(dir, 'n.pdf')]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/no visit with that id/);
    expect(existsSync(join(dir, 'n.pdf'))).toBe(false);
    const c = await runExport(['--db', join(dir, 'none.sqlite'), '--visit', 'x', '--format', 'fhir', '--out', join(dir, 'c.json')]);
    expect(c.code).toBe(1);
    expect(c.stderr).toMatch(/does not exist/);
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false);
    expect(a.stderr + b.stderr + c.stderr).not.toMatch(/Demo/);
  });

  it.each([
    [[], /--db is required/],
    [['--db', 'x'], /--visit is required/],
    [['--db', 'x', '--visit', 'v', '--format', 'pdf'], /--format must be one of: note-pdf, family-pdf, fhir/],
    [['--db', 'x', '--visit', 'v', '--format', 'fhir'], /--out is required/],
    [['--db', 'x', '--visit', 'v', '--format', 'family-pdf', '--out', 'o', '--lang', 'fr'], /--lang must be en or es/],
    [['--db', 'x', '--visit', 'v', '--format', 'fhir', '--out', 'o', '--lang', 'es'], /--lang applies to --format family-pdf only/],
    [['--db', 'x', '--visit', 'v', '--format', 'fhir', '--out', 'o', '--tz', 'Mars/Olympus'], /--tz must be an IANA time zone/],
    [['--db', 'x', '--bogus'], /Unknown option '--bogus'/],
  ])('bad arguments %j exit 2 with a message and the usage', async (args, message) => {
    const r = await runExport(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Usage: npm run --silent export/);
    expect(r.stdout).toBe('');
  });
});
