/**
 * Zod schemas for the clinical content files in resources/clinical. Each file
 * is validated at load (content.ts) and in the tests, so a typo in a JSON file
 * fails loudly instead of silently dropping a red flag.
 */
import { z } from 'zod';

/** Escalation tiers, A most urgent (clinical-sources.md, escalation table). */
export const TIER_IDS = ['A', 'B', 'C', 'D', 'E'] as const;
export const TierId = z.enum(TIER_IDS);
export type TierId = z.infer<typeof TierId>;

/** Where a red-flag state came from. */
export const FLAG_SOURCES = ['family_intake', 'observation', 'derived', 'clinician'] as const;
export const FlagSource = z.enum(FLAG_SOURCES);
export type FlagSource = z.infer<typeof FlagSource>;

/** Languages every family-facing text is written in. */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

const Id = z.string().regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, { error: 'Ids are lower-case kebab-case.' });
const Text = z.string().trim().min(1);
/** Citation ids into sources.json; at least one per item. */
const Sources = z.array(Id).min(1, { error: 'Every item cites at least one source.' });
const Version = z.string().min(1);

/** A sentence with the sources it rests on. */
const CitedText = z.strictObject({ text: Text, sources: Sources });

export const LocalizedText = z.strictObject({ en: Text, es: Text });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const ManifestFile = z.strictObject({
  contentVersion: Version,
  clinicalReview: z.strictObject({
    status: z.enum(['not_reviewed', 'reviewed']),
    reviewedBy: z.string().nullable(),
    reviewedOn: z.string().nullable(),
  }),
  note: z.string().optional(),
});

export const SourcesFile = z.strictObject({
  version: Version,
  sources: z.array(z.strictObject({ id: Id, citation: Text, url: z.url().optional() })).min(1),
});

const SettingAlternative = <T extends z.ZodType>(value: T) =>
  z.strictObject({ value, why: Text, sources: Sources });
const Setting = <T extends z.ZodType>(value: T) =>
  z.strictObject({ value, alternatives: z.array(SettingAlternative(value)).min(1), sources: Sources });

export const JURISDICTION_IDS = ['US', 'UK', 'AU'] as const;
export const JurisdictionId = z.enum(JURISDICTION_IDS);
export type JurisdictionId = z.infer<typeof JurisdictionId>;

/** Thresholds the sources disagree on. The `value` is the default; alternatives document the trade-off. */
export const SettingsFile = z.strictObject({
  version: Version,
  persistentPainWeeks: Setting(z.number().int().min(1).max(52)),
  youngAgeYears: Setting(z.number().int().min(1).max(18)),
  adamsTrunkRotationDegrees: Setting(z.number().min(1).max(45)),
  jurisdiction: Setting(JurisdictionId),
});
export type SettingsFile = z.infer<typeof SettingsFile>;

/** The numeric settings a rule may name (`age-under-setting`, `atLeastSetting`, ...). */
export const NUMERIC_SETTING_IDS = ['persistentPainWeeks', 'youngAgeYears', 'adamsTrunkRotationDegrees'] as const;
export const NumericSettingId = z.enum(NUMERIC_SETTING_IDS);
export type NumericSettingId = z.infer<typeof NumericSettingId>;

export const INTAKE_ANSWERS = ['yes', 'no', 'unsure'] as const;

export const IntakeQuestionsFile = z.strictObject({
  version: Version,
  answers: z.tuple([z.literal('yes'), z.literal('no'), z.literal('unsure')]),
  freeTextFields: z.array(z.strictObject({ id: z.string().min(1), label: LocalizedText, sources: Sources })),
  warningSigns: z.array(z.strictObject({ id: Id, text: LocalizedText, sources: Sources })).min(1),
});

const ChoiceField = z.strictObject({
  id: z.string().min(1),
  label: Text,
  kind: z.literal('choice'),
  values: z.array(z.string().min(1)).min(2),
  /** Values that mean "looked, but could not tell": the linked flag becomes could_not_assess. */
  unknownValues: z.array(z.string().min(1)).optional(),
  required: z.boolean().optional(),
});
const NumberField = z.strictObject({
  id: z.string().min(1),
  label: Text,
  kind: z.literal('number'),
  min: z.number(),
  max: z.number(),
  unit: Text,
  required: z.boolean().optional(),
});
const TextField = z.strictObject({
  id: z.string().min(1),
  label: Text,
  kind: z.literal('text'),
  required: z.boolean().optional(),
});
export const ManeuverField = z.discriminatedUnion('kind', [ChoiceField, NumberField, TextField]);
export type ManeuverField = z.infer<typeof ManeuverField>;

/** A finding that raises a flag: a choice field taking one of `values`, or a number at or over a setting. */
export const FindingRule = z.union([
  z.strictObject({ field: z.string().min(1), values: z.array(z.string().min(1)).min(1), flag: Id }),
  z.strictObject({ field: z.string().min(1), atLeastSetting: NumericSettingId, flag: Id }),
]);
export type FindingRule = z.infer<typeof FindingRule>;

export const Maneuver = z.strictObject({
  id: Id,
  title: Text,
  /** Read to the family, in plain words. */
  instruction: LocalizedText,
  ageAdaptations: z.array(z.strictObject({ ages: Text, text: LocalizedText })),
  fields: z.array(ManeuverField).min(1),
  /** True when a pain score (on the age-right scale) is recorded with this movement. */
  pain: z.boolean().optional(),
  findings: z.array(FindingRule),
  sources: Sources,
});
export type Maneuver = z.infer<typeof Maneuver>;

export const ManeuversFile = z.strictObject({
  version: Version,
  recordingAdvice: CitedText,
  cannotAssessOverVideo: z.array(z.strictObject({ id: Id, label: Text, sources: Sources })),
  maneuvers: z.array(Maneuver).min(1),
});

/** A condition on the intake, age or duration that raises a flag. */
export type FlagTrigger =
  | { kind: 'intake'; question: string; values: string[] }
  | { kind: 'age-under-setting'; setting: NumericSettingId }
  | { kind: 'duration-over-setting'; setting: NumericSettingId }
  | { kind: 'all'; of: FlagTrigger[] };

export const FlagTrigger: z.ZodType<FlagTrigger> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('intake'), question: Id, values: z.array(z.enum(INTAKE_ANSWERS)).min(1) }),
    z.strictObject({ kind: z.literal('age-under-setting'), setting: NumericSettingId }),
    z.strictObject({ kind: z.literal('duration-over-setting'), setting: NumericSettingId }),
    z.strictObject({ kind: z.literal('all'), of: z.array(FlagTrigger).min(2) }),
  ]),
);

export const RedFlag = z.strictObject({
  id: Id,
  tier: TierId.exclude(['E']),
  label: Text,
  /**
   * The sign in the family's words for the after-visit "when to get help"
   * list, which is built from these under the flag's own tier (so a flag and
   * its family-facing urgency cannot disagree); null when it is not something
   * a family can watch for (an age, an exam finding, a history).
   */
  familySign: LocalizedText.nullable(),
  /** The question or finding, in clinical words. */
  finding: Text,
  /** Who can answer this flag; checked at load against the triggers and maneuver findings. */
  answeredBy: z.array(FlagSource).min(1),
  triggers: z.array(FlagTrigger),
  /** Intake answers quoted in the evidence when the flag is present (context, never a trigger). */
  contextQuestions: z.array(Id).optional(),
  sources: Sources,
});
export type RedFlag = z.infer<typeof RedFlag>;

export const RedFlagsFile = z.strictObject({ version: Version, flags: z.array(RedFlag).min(1) });

/**
 * A condition of a combination rule, three-valued like the flag triggers:
 * intake answers, a recorded observation, another flag's state (the
 * clinician's call first), deficits covering both legs (reading the side the
 * checklist records), and any/all of those.
 */
export type RuleCondition =
  | { kind: 'intake'; question: string; values: string[] }
  | { kind: 'observation'; maneuver: string; field: string; values: string[] }
  | { kind: 'flag'; flag: string }
  | { kind: 'both-legs'; maneuvers: string[]; field: string; values: string[]; sideField: string }
  | { kind: 'all'; of: RuleCondition[] }
  | { kind: 'any'; of: RuleCondition[] };

export const RuleCondition: z.ZodType<RuleCondition> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('intake'), question: Id, values: z.array(z.enum(INTAKE_ANSWERS)).min(1) }),
    z.strictObject({ kind: z.literal('observation'), maneuver: Id, field: z.string().min(1), values: z.array(z.string().min(1)).min(1) }),
    z.strictObject({ kind: z.literal('flag'), flag: Id }),
    z.strictObject({
      kind: z.literal('both-legs'),
      maneuvers: z.array(Id).min(1),
      field: z.string().min(1),
      values: z.array(z.string().min(1)).min(1),
      sideField: z.string().min(1),
    }),
    z.strictObject({ kind: z.literal('all'), of: z.array(RuleCondition).min(2) }),
    z.strictObject({ kind: z.literal('any'), of: z.array(RuleCondition).min(2) }),
  ]),
);

/** A rule that raises one catalog flag (with that flag's tier) from a combination of answers, observations and flags. */
export const CombinationRule = z.strictObject({
  id: Id,
  raises: Id,
  /** Leads the evidence when the rule fires, e.g. "Weakness seen on video in both legs". */
  explanation: Text,
  when: RuleCondition,
  sources: Sources,
});
export type CombinationRule = z.infer<typeof CombinationRule>;

export const CombinationRulesFile = z.strictObject({
  version: Version,
  note: Text.optional(),
  rules: z.array(CombinationRule),
});

export const Tier = z.strictObject({
  id: TierId,
  /** 1 is most urgent. */
  urgencyRank: z.number().int().min(1).max(5),
  name: Text,
  meaning: Text,
  typicalTriggers: z.array(Text).min(1),
  /** What the clinician tells the family. */
  familyScript: LocalizedText,
  sources: Sources,
});
export type Tier = z.infer<typeof Tier>;

/** A content file that states one cited rule over its entries (the tiers, the pain scales). */
const RuleFile = <T extends z.ZodRawShape>(entries: T) => z.strictObject({ version: Version, rule: CitedText, ...entries });

export const EscalationTiersFile = RuleFile({ tiers: z.array(Tier).length(5) });

export const PAIN_SCALE_IDS = ['FLACC', 'FPS-R', 'NRS-11'] as const;
export const PainScaleId = z.enum(PAIN_SCALE_IDS);
export type PainScaleId = z.infer<typeof PainScaleId>;

export const PainScale = z.strictObject({
  id: PainScaleId,
  name: Text,
  kind: z.enum(['self_report', 'observer']),
  minAgeMonths: z.number().int().min(0),
  /** Inclusive; null means no upper age. */
  maxAgeMonths: z.number().int().min(0).nullable(),
  /** Lower is offered first when several self-report scales fit the age. */
  preference: z.number().int().min(1),
  scores: z.array(z.number().int().min(0).max(10)).min(2),
  anchors: LocalizedText,
  note: Text,
  sources: Sources,
});
export type PainScale = z.infer<typeof PainScale>;

export const PainScalesFile = RuleFile({ scales: z.array(PainScale).min(1) });

export const FamilyAdviceFile = z.strictObject({
  version: Version,
  disclaimer: z.strictObject({ en: Text, es: Text, sources: Sources }),
  homeCare: z.array(z.strictObject({ id: Id, topic: Text, text: LocalizedText, sources: Sources })).min(1),
  returnPrecautions: z
    .array(
      /** One heading per tier; the signs under it are the `familySign` of the catalog flags of that tier. */
      z.strictObject({ id: Id, tier: TierId, heading: LocalizedText, sources: Sources }),
    )
    .min(1),
});

export const DRUG_IDS = ['acetaminophen', 'ibuprofen'] as const;
export const DrugId = z.enum(DRUG_IDS);
export type DrugId = z.infer<typeof DrugId>;

const Positive = z.number().positive();

export const DrugLimits = z.strictObject({
  id: DrugId,
  name: Text,
  /** The dose the calculator uses (top of the range). */
  doseMgPerKg: Positive,
  doseRangeMgPerKg: z.tuple([Positive, Positive]),
  maxSingleDoseMg: Positive,
  minIntervalHours: Positive,
  maxIntervalHours: Positive,
  maxDailyMgPerKg: Positive,
  maxDailyMg: Positive,
  maxDailyMgNote: Text.optional(),
  minAgeMonths: z.number().int().min(0),
  minAgeNote: Text,
  sources: Sources,
});
export type DrugLimits = z.infer<typeof DrugLimits>;

export const Product = z.strictObject({
  id: Id,
  drug: DrugId,
  name: Text,
  /** Concentration as printed: `mg` per `ml`. */
  mg: Positive,
  ml: Positive,
  /** Measurable increments: the first band whose `upToMl` is at or over the volume applies; null = no upper bound. */
  measuring: z.array(z.strictObject({ upToMl: Positive.nullable(), incrementMl: Positive })).min(1),
  sources: Sources,
});
export type Product = z.infer<typeof Product>;

export const AnalgesicsFile = z.strictObject({
  version: Version,
  clinicianMustConfirm: Text,
  drugs: z.array(DrugLimits).length(DRUG_IDS.length),
  jurisdictions: z
    .array(
      z.strictObject({
        id: JurisdictionId,
        maxDosesPer24h: z.strictObject({ acetaminophen: z.number().int().min(1), ibuprofen: z.number().int().min(1) }),
        note: Text.optional(),
        sources: Sources,
      }),
    )
    .length(JURISDICTION_IDS.length),
  products: z.array(Product).min(1),
  cautions: z.array(z.strictObject({ id: Id, drugs: z.array(DrugId).min(1), text: Text, sources: Sources })),
});
export type AnalgesicsFile = z.infer<typeof AnalgesicsFile>;

/** One LMS row: age in months, then L (Box-Cox power), M (median, kg), S (coefficient of variation). */
const LmsRow = z.tuple([z.number().min(0), z.number(), z.number().positive(), z.number().positive()]);

export const GROWTH_METHODS = ['lms', 'who-restricted-lms'] as const;

/** Weight-for-age references (WHO 0-60 months, CDC 24-240 months) and the percentile cut-offs the dose check uses. */
export const GrowthFile = z.strictObject({
  version: Version,
  note: Text,
  /** From this age in completed months the CDC reference applies; below it, WHO. */
  cdcFromMonths: z.strictObject({ value: z.number().int().min(0).max(60), note: Text, sources: Sources }),
  cutoffs: z.strictObject({
    refuseBelowZ: z.number(),
    warnBelowZ: z.number(),
    warnAboveZ: z.number(),
    refuseAboveZ: z.number(),
    note: Text,
    sources: Sources,
  }),
  references: z
    .array(
      z.strictObject({
        id: z.enum(['who-2006-weight-for-age', 'cdc-2000-weight-for-age']),
        name: Text,
        /** `who-restricted-lms`: beyond +/-3 SD the distance between 2 and 3 SD is used (WHO 2006, weight-based indicators). */
        method: z.enum(GROWTH_METHODS),
        sources: Sources,
        male: z.array(LmsRow).min(1),
        female: z.array(LmsRow).min(1),
      }),
    )
    .length(2),
});
export type GrowthFile = z.infer<typeof GrowthFile>;

/** Every content file, raw, as read from resources/clinical. */
export interface RawClinicalContent {
  manifest: unknown;
  sources: unknown;
  settings: unknown;
  intakeQuestions: unknown;
  maneuvers: unknown;
  redFlags: unknown;
  combinationRules: unknown;
  escalationTiers: unknown;
  painScales: unknown;
  familyAdvice: unknown;
  analgesics: unknown;
  growth: unknown;
}
