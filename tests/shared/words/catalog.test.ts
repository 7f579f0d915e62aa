/**
 * The catalog of words (shared/words, docs/i18n.md): every language has every
 * key with a non-empty value; every id the content and the domain use has a
 * word; every key the code reads exists in every language.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, WORDS, type Words } from '../../../shared/words';
import { clinicalContent, PAIN_SCALE_IDS } from '../../../shared/clinical';
import { VISIT_STATUSES } from '../../../shared/domain/visit';
import { FlagState } from '../../../shared/domain/record';
import { keysRead, leaves, paths } from '../../support/words-scan';

describe('every language has every key, none empty', () => {
  it('Spanish has exactly the English keys', () => {
    expect(paths(WORDS.es).sort()).toEqual(paths(WORDS.en).sort());
  });

  for (const lang of LANGUAGES) {
    it(`${lang}: no empty or missing value (functions return words)`, () => {
      const bad = leaves(WORDS[lang]).filter(([, v]) => typeof v !== 'string' || v.trim() === '');
      expect(bad.map(([p]) => p)).toEqual([]);
    });
  }

  it('the check bites: a missing and an empty Spanish key are reported', () => {
    const { now: _dropped, ...summary } = WORDS.es.summary;
    const broken: unknown = { ...WORDS.es, summary: { ...summary, title: '' } };
    expect(paths(broken).sort()).not.toEqual(paths(WORDS.en).sort());
    const bad = leaves(broken).filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([p]) => p);
    expect(bad).toEqual(['summary.title']);
    expect(paths(WORDS.en).filter((p) => !paths(broken).includes(p))).toEqual(['summary.now']);
  });
});

describe('every id the content and the domain name has a word in every language', () => {
  const cases: [string, string[], (w: Words) => object][] = [
    ['maneuvers (family names)', clinicalContent.maneuvers.maneuvers.map((m) => m.id).filter((id) => id !== 'setup'), (w) => w.summary.moves],
    ['what video cannot check', clinicalContent.maneuvers.cannotAssessOverVideo.map((c) => c.id), (w) => w.summary.cannotItems],
    ['home-care topics', [...new Set(clinicalContent.familyAdvice.homeCare.map((h) => h.topic))], (w) => w.summary.topics],
    ['drugs', clinicalContent.analgesics.drugs.map((d) => d.id), (w) => w.summary.drug],
    ['pain scales', [...PAIN_SCALE_IDS], (w) => w.labels.painScale],
    ['visit statuses', [...VISIT_STATUSES], (w) => w.labels.visitStatus],
    ['flag states', [...FlagState.options, 'not_screened'], (w) => w.labels.flagState],
  ];
  for (const [what, ids, section] of cases) {
    it(what, () => {
      for (const lang of LANGUAGES) {
        const map = section(WORDS[lang]) as Record<string, unknown>;
        expect(ids.filter((id) => typeof map[id] !== 'string' || !(map[id] as string).trim()), `${lang}: ${what}`).toEqual([]);
      }
    });
  }
});

/**
 * Keys the code reads: in each file below, `t.<key>` reads the named section
 * of the catalog (the convention docs/i18n.md asks for). A key read but
 * absent from a language is reported.
 */
const READERS: { dir: string; match: RegExp; section: keyof Words }[] = [
  { dir: 'renderer/src/family', match: /\.tsx?$/, section: 'familyPage' },
  { dir: 'electron/main/export', match: /^family-html\.ts$/, section: 'summary' },
];

function missingKeys(source: string, section: keyof Words): string[] {
  return keysRead(source).filter((k) => LANGUAGES.some((lang) => !Object.hasOwn(WORDS[lang][section], k)));
}

describe('every key the code reads exists in every language', () => {
  for (const r of READERS) {
    it(`${r.dir} reads only ${r.section} keys that exist`, () => {
      const files = readdirSync(join(process.cwd(), r.dir)).filter((f) => r.match.test(f));
      expect(files.length).toBeGreaterThan(0);
      const read: string[] = [];
      for (const f of files) {
        const source = readFileSync(join(process.cwd(), r.dir, f), 'utf8');
        read.push(...keysRead(source));
        expect(missingKeys(source, r.section), `${r.dir}/${f}`).toEqual([]);
      }
      expect(read.length, 'the convention is in use (t.<key>)').toBeGreaterThan(5);
    });
  }

  it('the scan bites: a key read but absent is reported', () => {
    expect(missingKeys('const x = t.title + t.noSuchWord; other.t.ignored;', 'summary')).toEqual(['noSuchWord']);
  });
});
