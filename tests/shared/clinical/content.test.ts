/* eslint-disable @typescript-eslint/no-explicit-any -- these tests break the shipped JSON at arbitrary depths. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ClinicalContentError,
  clinicalContent,
  CONTENT_VERSION,
  loadClinicalContent,
  RAW_CLINICAL_CONTENT,
} from '../../../shared/clinical/content';
import type { FlagTrigger, RuleCondition } from '../../../shared/clinical';

/** A deep copy of the shipped JSON, to break in one place. */
function rawCopy(): Record<string, any> {
  return structuredClone(RAW_CLINICAL_CONTENT) as Record<string, any>;
}

function problemsOf(raw: Record<string, any>): string[] {
  try {
    loadClinicalContent(raw as never);
  } catch (e) {
    expect(e).toBeInstanceOf(ClinicalContentError);
    return (e as ClinicalContentError).problems;
  }
  throw new Error('expected the content to be refused');
}

describe('loadClinicalContent()', () => {
  it('accepts the shipped content and names one content version for every file', () => {
    expect(CONTENT_VERSION).toBe((RAW_CLINICAL_CONTENT.manifest as { contentVersion: string }).contentVersion);
    for (const [name, file] of Object.entries(RAW_CLINICAL_CONTENT)) {
      if (name !== 'manifest') expect((file as { version: string }).version, name).toBe(CONTENT_VERSION);
    }
  });

  it('marks the content as not reviewed by a clinician', () => {
    expect(clinicalContent.reviewed).toBe(false);
  });

  it('refuses an item with no citation', () => {
    const raw = rawCopy();
    raw.redFlags.flags[0].sources = [];
    expect(problemsOf(raw).join('\n')).toMatch(/red-flags\.json: flags\.0\.sources: Every item cites at least one source/);
  });

  it('refuses a citation that is not in sources.json', () => {
    const raw = rawCopy();
    raw.maneuvers.maneuvers[1].sources.push('wikipedia');
    expect(problemsOf(raw)).toContain('maneuvers.json: maneuvers.1.sources: unknown source wikipedia');
  });

  it('refuses a file whose version differs from the manifest', () => {
    const raw = rawCopy();
    raw.painScales.version = '0.0.1';
    expect(problemsOf(raw).join('\n')).toMatch(/pain-scales\.json: version 0\.0\.1 differs/);
  });

  it('refuses a finding that names a value the maneuver does not allow', () => {
    const raw = rawCopy();
    const heel = raw.maneuvers.maneuvers.find((m: { id: string }) => m.id === 'heel-walk');
    heel.findings[0].values = ['wobbly'];
    expect(problemsOf(raw).join('\n')).toMatch(/heel-walk\.result: finding value wobbly is not allowed/);
  });

  it('refuses a finding that raises a flag missing from the catalog', () => {
    const raw = rawCopy();
    const heel = raw.maneuvers.maneuvers.find((m: { id: string }) => m.id === 'heel-walk');
    heel.findings[0].flag = 'foot-drop';
    expect(problemsOf(raw).join('\n')).toMatch(/heel-walk: finding names unknown flag foot-drop/);
  });

  it('refuses a flag triggered by an intake question that does not exist', () => {
    const raw = rawCopy();
    raw.redFlags.flags.find((f: { id: string }) => f.id === 'fever').triggers[0].question = 'temperature';
    expect(problemsOf(raw).join('\n')).toMatch(/fever: unknown intake question temperature/);
  });

  it('refuses a flag whose declared answer sources disagree with its rules', () => {
    const raw = rawCopy();
    raw.redFlags.flags.find((f: { id: string }) => f.id === 'cannot-walk').answeredBy = ['family_intake', 'clinician'];
    expect(problemsOf(raw).join('\n')).toMatch(/cannot-walk: answeredBy lacks observation/);
  });

  it('refuses a setting whose default is not a documented alternative', () => {
    const raw = rawCopy();
    raw.settings.persistentPainWeeks.value = 3;
    expect(problemsOf(raw).join('\n')).toMatch(/persistentPainWeeks: the default 3 is not among/);
  });

  it('refuses tiers out of order', () => {
    const raw = rawCopy();
    raw.escalationTiers.tiers.reverse();
    expect(problemsOf(raw).join('\n')).toMatch(/tiers must be A\.\.E in order/);
  });

  it('refuses a WHO growth table with a month missing, and unordered percentile cut-offs', () => {
    const raw = rawCopy();
    const who = raw.growth.references.find((r: { id: string }) => r.id === 'who-2006-weight-for-age');
    who.male.splice(7, 1);
    who.female.splice(7, 1);
    raw.growth.cutoffs.warnAboveZ = 4;
    const problems = problemsOf(raw).join('\n');
    expect(problems).toMatch(/WHO has no row for 7 months/);
    expect(problems).toMatch(/cut-offs must be ordered/);
  });

  it('refuses a combination rule that reads a flag another rule raises, or names an unknown field value', () => {
    const raw = rawCopy();
    raw.combinationRules.rules[2].when.of[1].of.push({ kind: 'flag', flag: 'recent-injury-with-red-flag' });
    raw.combinationRules.rules[0].when.values.push('wobbly');
    const problems = problemsOf(raw).join('\n');
    expect(problems).toMatch(/fever-with-infection-features: reads recent-injury-with-red-flag, which a combination rule raises/);
    expect(problems).toMatch(/weakness-both-legs-on-video: heel-walk.result: value wobbly is not allowed/);
  });

  it('refuses a flag with a family sign whose tier has no return-precaution heading', () => {
    const raw = rawCopy();
    raw.familyAdvice.returnPrecautions = raw.familyAdvice.returnPrecautions.filter((p: { tier: string }) => p.tier !== 'D');
    expect(problemsOf(raw).join('\n')).toMatch(/night-pain: has a family sign but family-advice.json has no return-precaution heading for tier D/);
  });

  it('refuses a family sign without its Spanish text', () => {
    const raw = rawCopy();
    delete raw.redFlags.flags.find((f: { id: string }) => f.id === 'fever').familySign.es;
    expect(problemsOf(raw).join('\n')).toMatch(/red-flags.json: flags\.\d+\.familySign\.es/);
  });
});

describe('the shipped content', () => {
  const { redFlags, maneuvers, intakeQuestions, escalationTiers, familyAdvice, settings, analgesics, painScales, combinationRules } =
    clinicalContent;

  it('can raise every red flag from the family, an observation or a rule', () => {
    const observed = new Set(maneuvers.maneuvers.flatMap((m) => m.findings.map((f) => f.flag)));
    const combined = new Set(combinationRules.rules.map((r) => r.raises));
    const unreachable = redFlags.flags
      .filter((f) => f.triggers.length === 0 && !observed.has(f.id) && !combined.has(f.id))
      .map((f) => f.id);
    expect(unreachable).toEqual([]);
  });

  it('uses every warning-sign question the family answers', () => {
    const used = new Set<string>();
    const walk = (t: FlagTrigger): void => {
      if (t.kind === 'intake') used.add(t.question);
      if (t.kind === 'all') t.of.forEach(walk);
    };
    for (const f of redFlags.flags) {
      f.triggers.forEach(walk);
      (f.contextQuestions ?? []).forEach((q) => used.add(q));
    }
    const walkRule = (c: RuleCondition): void => {
      if (c.kind === 'intake') used.add(c.question);
      if (c.kind === 'all' || c.kind === 'any') c.of.forEach(walkRule);
    };
    combinationRules.rules.forEach((r) => walkRule(r.when));
    expect(intakeQuestions.warningSigns.map((q) => q.id).filter((id) => !used.has(id))).toEqual([]);
  });

  it('asks every warning sign in the brief: fever, weakness, numbness, bladder or bowel, night pain', () => {
    const ids = intakeQuestions.warningSigns.map((q) => q.id);
    for (const id of ['fever', 'leg-weakness', 'numbness-tingling', 'bladder-bowel-change', 'night-pain', 'weight-loss', 'morning-stiffness', 'major-injury']) {
      expect(ids).toContain(id);
    }
  });

  it('sends cauda equina symptoms to the emergency department (tier A)', () => {
    const tier = (id: string) => redFlags.flags.find((f) => f.id === id)?.tier;
    expect(tier('bladder-bowel-change')).toBe('A');
    expect(tier('saddle-numbness')).toBe('A');
    expect(tier('progressive-or-bilateral-weakness')).toBe('A');
  });

  it('gives the family a script in English and Spanish for every tier, tier A naming 911', () => {
    for (const t of escalationTiers.tiers) {
      expect(t.familyScript.en.length).toBeGreaterThan(20);
      expect(t.familyScript.es.length).toBeGreaterThan(20);
    }
    expect(escalationTiers.tiers[0]?.familyScript.en).toMatch(/911/);
    expect(escalationTiers.tiers[0]?.familyScript.es).toMatch(/911/);
  });

  it('tells families the advice is educational only and to seek immediate care for warning signs', () => {
    expect(familyAdvice.disclaimer.en).toMatch(/educational only/);
    expect(familyAdvice.disclaimer.en).toMatch(/not a substitute for in-person care/);
    expect(familyAdvice.disclaimer.en).toMatch(/seek care immediately/i);
    expect(familyAdvice.disclaimer.es).toMatch(/solo educativa/);
    expect(familyAdvice.homeCare.find((a) => a.id === 'stay-active')?.text.en).toMatch(/[Bb]ed rest is not helpful/);
  });

  it('has return precautions for calling 911, being seen today, within 24 h and at 2 weeks', () => {
    expect(familyAdvice.returnPrecautions.map((p) => p.tier)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('gives the maneuver instructions in English and Spanish', () => {
    for (const m of maneuvers.maneuvers) {
      expect(m.instruction.en, m.id).not.toEqual(m.instruction.es);
    }
  });

  it('makes the thresholds the sources disagree on settings, with the defaults and alternatives the sources give', () => {
    expect(settings.persistentPainWeeks.value).toBe(4);
    expect(settings.persistentPainWeeks.alternatives.map((a) => a.value).sort()).toEqual([2, 4, 6]);
    expect(settings.youngAgeYears.value).toBe(5);
    expect(settings.youngAgeYears.alternatives.map((a) => a.value)).toContain(10);
    expect(settings.jurisdiction.value).toBe('US');
    expect(settings.jurisdiction.alternatives.map((a) => a.value).sort()).toEqual(['AU', 'UK', 'US']);
  });

  it('holds the analgesic limits of the sources table', () => {
    const para = analgesics.drugs.find((d) => d.id === 'acetaminophen')!;
    const ibu = analgesics.drugs.find((d) => d.id === 'ibuprofen')!;
    expect(para).toMatchObject({ maxSingleDoseMg: 1000, maxDailyMgPerKg: 75, maxDailyMg: 4000, minIntervalHours: 4, maxIntervalHours: 6, minAgeMonths: 3 });
    expect(ibu).toMatchObject({ maxSingleDoseMg: 400, maxDailyMgPerKg: 40, maxDailyMg: 1200, minIntervalHours: 6, maxIntervalHours: 8, minAgeMonths: 6 });
    expect(para.doseMgPerKg).toBeLessThanOrEqual(15);
    expect(ibu.doseMgPerKg).toBeLessThanOrEqual(10);
    const us = analgesics.jurisdictions.find((j) => j.id === 'US')!;
    const uk = analgesics.jurisdictions.find((j) => j.id === 'UK')!;
    expect(us.maxDosesPer24h).toEqual({ acetaminophen: 5, ibuprofen: 4 });
    expect(uk.maxDosesPer24h).toEqual({ acetaminophen: 4, ibuprofen: 3 });
  });

  it('ships no Wong-Baker FACES scale (licence needed)', () => {
    expect(painScales.scales.map((s) => s.id).sort()).toEqual(['FLACC', 'FPS-R', 'NRS-11']);
    expect(JSON.stringify(painScales)).not.toMatch(/wong/i);
  });

  it('lists in docs/clinical-content.md every item whose only footing is a project judgement', () => {
    const docs = readFileSync(new URL('../../../docs/clinical-content.md', import.meta.url), 'utf8');
    const judged: string[] = [];
    const walk = (value: unknown, id: string | undefined): void => {
      if (Array.isArray(value)) value.forEach((v) => walk(v, id));
      else if (value && typeof value === 'object') {
        const o = value as Record<string, unknown>;
        const here = typeof o.id === 'string' ? o.id : id;
        if (Array.isArray(o.sources) && o.sources.includes('project-judgement') && here) judged.push(here);
        for (const [k, v] of Object.entries(o)) if (k !== 'sources') walk(v, here);
      }
    };
    for (const [name, file] of Object.entries(RAW_CLINICAL_CONTENT)) if (name !== 'sources') walk(file, name);
    expect(judged.length).toBeGreaterThan(0);
    const section = docs.split(/^## Items without a pinned source/m)[1] ?? '';
    expect(judged.filter((id) => !section.includes(`\`${id}\``))).toEqual([]);
  });
});
