/**
 * The clinical content, loaded by static JSON imports (so the same code runs
 * in the main process, the renderer bundle and the CLIs) and validated at
 * load: schemas per file, then cross-references (every cited source exists,
 * every finding names a real field, value and flag, every file carries the
 * manifest's version). A broken file stops the app at start, not mid-visit.
 */
import type { z } from 'zod';
import manifestJson from '../../resources/clinical/manifest.json' with { type: 'json' };
import sourcesJson from '../../resources/clinical/sources.json' with { type: 'json' };
import settingsJson from '../../resources/clinical/settings.json' with { type: 'json' };
import intakeQuestionsJson from '../../resources/clinical/intake-questions.json' with { type: 'json' };
import maneuversJson from '../../resources/clinical/maneuvers.json' with { type: 'json' };
import redFlagsJson from '../../resources/clinical/red-flags.json' with { type: 'json' };
import combinationRulesJson from '../../resources/clinical/combination-rules.json' with { type: 'json' };
import escalationTiersJson from '../../resources/clinical/escalation-tiers.json' with { type: 'json' };
import painScalesJson from '../../resources/clinical/pain-scales.json' with { type: 'json' };
import familyAdviceJson from '../../resources/clinical/family-advice.json' with { type: 'json' };
import analgesicsJson from '../../resources/clinical/analgesics.json' with { type: 'json' };
import growthJson from '../../resources/clinical/growth-weight-for-age.json' with { type: 'json' };
import {
  AnalgesicsFile,
  CombinationRulesFile,
  EscalationTiersFile,
  FamilyAdviceFile,
  GrowthFile,
  IntakeQuestionsFile,
  ManeuversFile,
  ManifestFile,
  PainScalesFile,
  RedFlagsFile,
  SettingsFile,
  SourcesFile,
  TIER_IDS,
  type FlagSource,
  type FlagTrigger,
  type RawClinicalContent,
  type RuleCondition,
} from './schema';

/** Thrown when a content file is malformed; `problems` lists each one as `file: path: message`. */
export class ClinicalContentError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Clinical content is invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'ClinicalContentError';
    this.problems = problems;
  }
}

/** The validated clinical content. Read-only by convention: rules never mutate it. */
export interface ClinicalContent {
  version: string;
  reviewed: boolean;
  sources: z.infer<typeof SourcesFile>;
  settings: z.infer<typeof SettingsFile>;
  intakeQuestions: z.infer<typeof IntakeQuestionsFile>;
  maneuvers: z.infer<typeof ManeuversFile>;
  redFlags: z.infer<typeof RedFlagsFile>;
  combinationRules: z.infer<typeof CombinationRulesFile>;
  escalationTiers: z.infer<typeof EscalationTiersFile>;
  painScales: z.infer<typeof PainScalesFile>;
  familyAdvice: z.infer<typeof FamilyAdviceFile>;
  analgesics: z.infer<typeof AnalgesicsFile>;
  growth: z.infer<typeof GrowthFile>;
}

function parseFile<T extends z.ZodType>(
  file: string,
  schema: T,
  value: unknown,
  problems: string[],
): z.infer<T> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return undefined;
}

/** True when every file parsed (none is undefined); narrows the record of parsed files. */
function everyFileParsed<T extends Record<string, unknown>>(files: T): files is { [K in keyof T]: NonNullable<T[K]> } {
  return Object.values(files).every((f) => f !== undefined);
}

/** Every `sources` array anywhere in a parsed file, with its path, for citation checks. */
function collectSourceRefs(value: unknown, path: string, out: { path: string; id: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectSourceRefs(v, `${path}.${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'sources' && Array.isArray(v) && v.every((s) => typeof s === 'string')) {
        for (const id of v as string[]) out.push({ path: `${path}.sources`, id });
      } else {
        collectSourceRefs(v, `${path}.${key}`, out);
      }
    }
  }
}

const FILE_NAMES = {
  sources: 'sources.json',
  settings: 'settings.json',
  intakeQuestions: 'intake-questions.json',
  maneuvers: 'maneuvers.json',
  redFlags: 'red-flags.json',
  combinationRules: 'combination-rules.json',
  escalationTiers: 'escalation-tiers.json',
  painScales: 'pain-scales.json',
  familyAdvice: 'family-advice.json',
  analgesics: 'analgesics.json',
  growth: 'growth-weight-for-age.json',
} as const;

function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

function triggerKinds(t: FlagTrigger, out: Set<FlagSource>): void {
  if (t.kind === 'intake') out.add('family_intake');
  else if (t.kind === 'all') t.of.forEach((x) => triggerKinds(x, out));
  else out.add('derived');
}

function intakeQuestionsIn(t: FlagTrigger, out: string[]): void {
  if (t.kind === 'intake') out.push(t.question);
  else if (t.kind === 'all') t.of.forEach((x) => intakeQuestionsIn(x, out));
}

/**
 * Validate raw content (what the JSON files hold). Pure: the tests feed it
 * broken copies to prove each check bites.
 * @throws ClinicalContentError listing every problem found.
 */
export function loadClinicalContent(raw: RawClinicalContent): ClinicalContent {
  const problems: string[] = [];
  const manifest = parseFile('manifest.json', ManifestFile, raw.manifest, problems);
  const files = {
    sources: parseFile('sources.json', SourcesFile, raw.sources, problems),
    settings: parseFile('settings.json', SettingsFile, raw.settings, problems),
    intakeQuestions: parseFile('intake-questions.json', IntakeQuestionsFile, raw.intakeQuestions, problems),
    maneuvers: parseFile('maneuvers.json', ManeuversFile, raw.maneuvers, problems),
    redFlags: parseFile('red-flags.json', RedFlagsFile, raw.redFlags, problems),
    combinationRules: parseFile('combination-rules.json', CombinationRulesFile, raw.combinationRules, problems),
    escalationTiers: parseFile('escalation-tiers.json', EscalationTiersFile, raw.escalationTiers, problems),
    painScales: parseFile('pain-scales.json', PainScalesFile, raw.painScales, problems),
    familyAdvice: parseFile('family-advice.json', FamilyAdviceFile, raw.familyAdvice, problems),
    analgesics: parseFile('analgesics.json', AnalgesicsFile, raw.analgesics, problems),
    growth: parseFile('growth-weight-for-age.json', GrowthFile, raw.growth, problems),
  };
  if (!manifest || !everyFileParsed(files)) throw new ClinicalContentError(problems);
  const { sources, settings, intakeQuestions, maneuvers, redFlags, combinationRules, escalationTiers, painScales, familyAdvice, analgesics, growth } = files;

  // One content version, named in the About box and every export.
  for (const [name, file] of Object.entries(files)) {
    if (file && file.version !== manifest.contentVersion) {
      problems.push(`${FILE_NAMES[name as keyof typeof FILE_NAMES]}: version ${file.version} differs from the manifest's ${manifest.contentVersion}`);
    }
  }

  // Every citation resolves.
  const sourceIds = new Set(sources.sources.map((s) => s.id));
  for (const d of duplicates(sources.sources.map((s) => s.id))) problems.push(`sources.json: duplicate id ${d}`);
  for (const [name, file] of Object.entries(files)) {
    const refs: { path: string; id: string }[] = [];
    collectSourceRefs(file, '', refs);
    for (const ref of refs) {
      if (!sourceIds.has(ref.id)) problems.push(`${FILE_NAMES[name as keyof typeof FILE_NAMES]}: ${ref.path.slice(1)}: unknown source ${ref.id}`);
    }
  }

  // Settings: the default is one of the documented alternatives.
  for (const key of ['persistentPainWeeks', 'youngAgeYears', 'adamsTrunkRotationDegrees', 'jurisdiction'] as const) {
    const s = settings[key];
    if (!s.alternatives.some((a) => a.value === s.value)) {
      problems.push(`settings.json: ${key}: the default ${String(s.value)} is not among the documented alternatives`);
    }
  }

  const flagIds = new Set(redFlags.flags.map((f) => f.id));
  const questionIds = new Set(intakeQuestions.warningSigns.map((q) => q.id));
  for (const d of duplicates(redFlags.flags.map((f) => f.id))) problems.push(`red-flags.json: duplicate flag ${d}`);
  for (const d of duplicates(intakeQuestions.warningSigns.map((q) => q.id))) {
    problems.push(`intake-questions.json: duplicate question ${d}`);
  }

  // Maneuvers: findings point at real fields, values and flags.
  const observedFlags = new Set<string>();
  for (const d of duplicates(maneuvers.maneuvers.map((m) => m.id))) problems.push(`maneuvers.json: duplicate maneuver ${d}`);
  for (const m of maneuvers.maneuvers) {
    for (const d of duplicates(m.fields.map((f) => f.id))) problems.push(`maneuvers.json: ${m.id}: duplicate field ${d}`);
    for (const f of m.fields) {
      if (f.kind === 'choice') {
        for (const u of f.unknownValues ?? []) {
          if (!f.values.includes(u)) problems.push(`maneuvers.json: ${m.id}.${f.id}: unknown value ${u} is not an allowed value`);
        }
      }
      if (f.kind === 'number' && f.min >= f.max) problems.push(`maneuvers.json: ${m.id}.${f.id}: min must be below max`);
    }
    for (const rule of m.findings) {
      const field = m.fields.find((f) => f.id === rule.field);
      if (!flagIds.has(rule.flag)) problems.push(`maneuvers.json: ${m.id}: finding names unknown flag ${rule.flag}`);
      observedFlags.add(rule.flag);
      if (!field) {
        problems.push(`maneuvers.json: ${m.id}: finding names unknown field ${rule.field}`);
      } else if ('values' in rule) {
        if (field.kind !== 'choice') problems.push(`maneuvers.json: ${m.id}.${rule.field}: value findings need a choice field`);
        else {
          for (const v of rule.values) {
            if (!field.values.includes(v)) problems.push(`maneuvers.json: ${m.id}.${rule.field}: finding value ${v} is not allowed`);
            if (field.unknownValues?.includes(v)) {
              problems.push(`maneuvers.json: ${m.id}.${rule.field}: ${v} cannot both raise a flag and mean "could not assess"`);
            }
          }
        }
      } else if (field.kind !== 'number') {
        problems.push(`maneuvers.json: ${m.id}.${rule.field}: threshold findings need a number field`);
      }
    }
  }

  // Combination rules: every name resolves; a rule never reads a flag a rule raises (no chains, no order).
  const raisedByRules = new Set(combinationRules.rules.map((r) => r.raises));
  for (const d of duplicates(combinationRules.rules.map((r) => r.id))) problems.push(`combination-rules.json: duplicate rule ${d}`);
  for (const rule of combinationRules.rules) {
    const where = `combination-rules.json: ${rule.id}`;
    if (!flagIds.has(rule.raises)) problems.push(`${where}: raises unknown flag ${rule.raises}`);
    const check = (c: RuleCondition): void => {
      switch (c.kind) {
        case 'intake':
          if (!questionIds.has(c.question)) problems.push(`${where}: unknown intake question ${c.question}`);
          break;
        case 'flag':
          if (!flagIds.has(c.flag)) problems.push(`${where}: reads unknown flag ${c.flag}`);
          else if (raisedByRules.has(c.flag)) problems.push(`${where}: reads ${c.flag}, which a combination rule raises`);
          break;
        case 'observation':
        case 'both-legs': {
          const ids = c.kind === 'observation' ? [c.maneuver] : c.maneuvers;
          for (const id of ids) {
            const m = maneuvers.maneuvers.find((x) => x.id === id);
            if (!m) {
              problems.push(`${where}: unknown maneuver ${id}`);
              continue;
            }
            const field = m.fields.find((f) => f.id === c.field);
            if (!field || field.kind !== 'choice') problems.push(`${where}: ${id} has no choice field ${c.field}`);
            else {
              for (const v of c.values) {
                if (!field.values.includes(v)) problems.push(`${where}: ${id}.${c.field}: value ${v} is not allowed`);
                if (field.unknownValues?.includes(v)) problems.push(`${where}: ${id}.${c.field}: ${v} means "could not assess"`);
              }
            }
            if (c.kind === 'both-legs') {
              const side = m.fields.find((f) => f.id === c.sideField);
              if (!side || side.kind !== 'choice' || !['left', 'right', 'both'].every((v) => side.values.includes(v))) {
                problems.push(`${where}: ${id} has no side field ${c.sideField} with left, right and both`);
              }
            }
          }
          break;
        }
        case 'all':
        case 'any':
          c.of.forEach(check);
          break;
      }
    };
    check(rule.when);
  }

  // Flags: triggers name real questions; declared answer sources match the rules.
  for (const flag of redFlags.flags) {
    const asked: string[] = [];
    flag.triggers.forEach((t) => intakeQuestionsIn(t, asked));
    for (const q of [...asked, ...(flag.contextQuestions ?? [])]) {
      if (!questionIds.has(q)) problems.push(`red-flags.json: ${flag.id}: unknown intake question ${q}`);
    }
    const derived = new Set<FlagSource>();
    flag.triggers.forEach((t) => triggerKinds(t, derived));
    if (observedFlags.has(flag.id)) derived.add('observation');
    if (raisedByRules.has(flag.id)) derived.add('derived');
    for (const s of derived) {
      if (!flag.answeredBy.includes(s)) problems.push(`red-flags.json: ${flag.id}: answeredBy lacks ${s}, which its rules use`);
    }
    for (const s of flag.answeredBy) {
      if (s !== 'clinician' && !derived.has(s)) problems.push(`red-flags.json: ${flag.id}: answeredBy lists ${s} but no rule uses it`);
    }
  }

  // Tiers: A..E once each, ranked in order.
  escalationTiers.tiers.forEach((t, i) => {
    if (t.id !== TIER_IDS[i] || t.urgencyRank !== i + 1) {
      problems.push(`escalation-tiers.json: tiers must be A..E in order with urgencyRank 1..5 (found ${t.id} at ${i})`);
    }
  });

  for (const d of duplicates(painScales.scales.map((s) => s.id))) problems.push(`pain-scales.json: duplicate scale ${d}`);
  for (const s of painScales.scales) {
    if (s.maxAgeMonths !== null && s.maxAgeMonths < s.minAgeMonths) problems.push(`pain-scales.json: ${s.id}: age range is empty`);
  }

  // Family urgency comes from the flags: one heading per tier, and one for the tier of every flag a family can watch for.
  for (const d of duplicates(familyAdvice.returnPrecautions.map((p) => p.tier))) problems.push(`family-advice.json: two return-precaution headings for tier ${d}`);
  for (const flag of redFlags.flags) {
    if (flag.familySign && !familyAdvice.returnPrecautions.some((p) => p.tier === flag.tier)) {
      problems.push(`red-flags.json: ${flag.id}: has a family sign but family-advice.json has no return-precaution heading for tier ${flag.tier}`);
    }
  }

  // Analgesics: internally consistent limits.
  for (const d of duplicates(analgesics.products.map((p) => p.id))) problems.push(`analgesics.json: duplicate product ${d}`);
  for (const d of duplicates(analgesics.drugs.map((x) => x.id))) problems.push(`analgesics.json: duplicate drug ${d}`);
  for (const d of duplicates(analgesics.jurisdictions.map((x) => x.id))) problems.push(`analgesics.json: duplicate jurisdiction ${d}`);
  for (const drug of analgesics.drugs) {
    const [lo, hi] = drug.doseRangeMgPerKg;
    if (drug.doseMgPerKg < lo || drug.doseMgPerKg > hi) problems.push(`analgesics.json: ${drug.id}: doseMgPerKg is outside its range`);
    if (drug.minIntervalHours > drug.maxIntervalHours) problems.push(`analgesics.json: ${drug.id}: interval range is reversed`);
  }
  for (const p of analgesics.products) {
    const bands = p.measuring;
    if (bands[bands.length - 1]?.upToMl !== null) problems.push(`analgesics.json: ${p.id}: the last measuring band must have upToMl null`);
    for (let i = 1; i < bands.length; i += 1) {
      const prev = bands[i - 1]?.upToMl;
      const cur = bands[i]?.upToMl;
      if (prev === null || prev === undefined || (cur !== null && cur !== undefined && cur <= prev)) {
        problems.push(`analgesics.json: ${p.id}: measuring bands must increase`);
      }
    }
  }
  // Growth references: WHO covers every month below the CDC switch, CDC every month from it to 240;
  // ages strictly increase; both sexes have the same ages; cut-offs are ordered around the median.
  const who = growth.references.find((r) => r.id === 'who-2006-weight-for-age');
  const cdc = growth.references.find((r) => r.id === 'cdc-2000-weight-for-age');
  const switchAt = growth.cdcFromMonths.value;
  for (const ref of growth.references) {
    for (const sex of ['male', 'female'] as const) {
      const ages = ref[sex].map((r) => r[0]);
      if (ages.some((a, i) => i > 0 && a <= (ages[i - 1] ?? -1))) problems.push(`growth-weight-for-age.json: ${ref.id}.${sex}: ages must increase`);
    }
    if (JSON.stringify(ref.male.map((r) => r[0])) !== JSON.stringify(ref.female.map((r) => r[0]))) {
      problems.push(`growth-weight-for-age.json: ${ref.id}: boys and girls must have the same ages`);
    }
  }
  if (!who || !cdc) problems.push('growth-weight-for-age.json: needs the WHO and the CDC reference');
  else {
    const whoAges = new Set(who.male.map((r) => r[0]));
    for (let m = 0; m < switchAt; m += 1) if (!whoAges.has(m)) problems.push(`growth-weight-for-age.json: WHO has no row for ${m} months`);
    const cdcAges = cdc.male.map((r) => r[0]);
    const cdcFirst = cdcAges[0] ?? Infinity;
    const cdcLast = cdcAges[cdcAges.length - 1] ?? -Infinity;
    if (cdcFirst > switchAt || cdcLast < 240) problems.push(`growth-weight-for-age.json: CDC must cover ${switchAt}-240 months`);
  }
  const c = growth.cutoffs;
  if (!(c.refuseBelowZ < c.warnBelowZ && c.warnBelowZ < 0 && 0 < c.warnAboveZ && c.warnAboveZ < c.refuseAboveZ)) {
    problems.push('growth-weight-for-age.json: cut-offs must be ordered refuseBelow < warnBelow < 0 < warnAbove < refuseAbove');
  }

  if (problems.length > 0) throw new ClinicalContentError(problems);
  return { version: manifest.contentVersion, reviewed: manifest.clinicalReview.status === 'reviewed', ...files };
}

/** The raw JSON as shipped; exported so tests can make broken copies. */
export const RAW_CLINICAL_CONTENT: RawClinicalContent = {
  manifest: manifestJson,
  sources: sourcesJson,
  settings: settingsJson,
  intakeQuestions: intakeQuestionsJson,
  maneuvers: maneuversJson,
  redFlags: redFlagsJson,
  combinationRules: combinationRulesJson,
  escalationTiers: escalationTiersJson,
  painScales: painScalesJson,
  familyAdvice: familyAdviceJson,
  analgesics: analgesicsJson,
  growth: growthJson,
};

/** The shipped clinical content, validated once at module load. */
export const clinicalContent: ClinicalContent = loadClinicalContent(RAW_CLINICAL_CONTENT);

/** The content version named in the About box and on every export. */
export const CONTENT_VERSION: string = clinicalContent.version;
