/**
 * Schemas for what a visit records: the family's intake answers, the
 * clinician's observations per maneuver, flag assessments, the escalation
 * decision, and the whole-visit snapshot the CLI reads. Built from the content
 * at load, so allowed values live in resources/clinical, not here. Reused by
 * the visit store, the family join page and the renderer.
 */
import { z } from 'zod';
import { IsoDate } from '../domain/common';
import { clinicalContent } from './content';
import { PainScore } from './pain-scales';
import { INTAKE_ANSWERS, TierId, type Maneuver } from './schema';

const { maneuvers, redFlags, intakeQuestions } = clinicalContent;

const TEXT_MAX = 2000;
const freeText = (what: string) =>
  z.string({ error: `${what} must be text.` }).max(TEXT_MAX, { error: `${what} must be ${TEXT_MAX} characters or fewer.` });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `Use one of: ${values.join(', ')}.` });

/** A family's answer to a warning-sign question. */
export const YesNoUnsure = oneOf(INTAKE_ANSWERS);
export type YesNoUnsure = z.infer<typeof YesNoUnsure>;

/** The warning-sign question ids, in the order families see them. */
export const WARNING_SIGN_IDS = intakeQuestions.warningSigns.map((q) => q.id);

/** Answers to the warning-sign questions, keyed by question id; unanswered questions are left out. */
export const WarningSignAnswers = z.strictObject(
  Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, YesNoUnsure.optional()])) as Record<
    string,
    z.ZodOptional<typeof YesNoUnsure>
  >,
);
export type WarningSignAnswers = Partial<Record<string, YesNoUnsure>>;

/** What the family fills in before the visit (clinical-sources.md, project brief). */
export const IntakeAnswers = z.strictObject({
  symptoms: freeText('Symptoms').optional(),
  /** The day the pain started, YYYY-MM-DD. Drives the persistent-pain flag. */
  onsetDate: IsoDate.optional(),
  betterWorse: freeText('What makes it better or worse').optional(),
  medicines: freeText('Medicines').optional(),
  questions: freeText('Questions').optional(),
  /** Pain today, on the scale offered to the child. */
  painScore: PainScore.optional(),
  warningSigns: WarningSignAnswers.default({}),
});
export type IntakeAnswers = z.infer<typeof IntakeAnswers>;

/**
 * One maneuver's recorded observation, in any maneuver's shape: field values
 * by field id, an optional pain score and note. Use {@link Observations} to
 * check the values against the maneuver.
 */
export const Observation = z.record(z.string(), z.union([z.string().max(TEXT_MAX), z.number(), PainScore]));
export type Observation = z.infer<typeof Observation>;

function fieldSchema(m: Maneuver, f: Maneuver['fields'][number]): z.ZodType {
  const label = `${m.title}: ${f.label}`;
  switch (f.kind) {
    case 'choice':
      return oneOf(f.values as [string, ...string[]]);
    case 'number':
      return z
        .number({ error: `${label} must be a number.` })
        .min(f.min, { error: `${label} must be between ${f.min} and ${f.max} ${f.unit}.` })
        .max(f.max, { error: `${label} must be between ${f.min} and ${f.max} ${f.unit}.` });
    case 'text':
      return freeText(label);
  }
}

/** The schema for one maneuver's observation: its declared fields, a pain score where it has one, and a note. */
const observationSchemas = new WeakMap<Maneuver, z.ZodType<Observation>>();

/**
 * The schema of one maneuver's observation, built once per maneuver: zod
 * compiles a schema on its first parse, and the room parses every stored
 * observation on every key press (shared/clinical/usable.ts).
 */
export function observationSchemaFor(m: Maneuver): z.ZodType<Observation> {
  const built = observationSchemas.get(m);
  if (built) return built;
  const shape: Record<string, z.ZodType> = {};
  for (const f of m.fields) shape[f.id] = f.required ? fieldSchema(m, f) : fieldSchema(m, f).optional();
  if (m.pain) shape.pain = PainScore.optional();
  shape.note = freeText('Note').optional();
  const schema = z.strictObject(shape) as unknown as z.ZodType<Observation>;
  observationSchemas.set(m, schema);
  return schema;
}

/** Observations keyed by maneuver id; each checked against that maneuver's allowed values. */
export const Observations = z.strictObject(
  Object.fromEntries(maneuvers.maneuvers.map((m) => [m.id, observationSchemaFor(m).optional()])) as Record<
    string,
    z.ZodOptional<z.ZodType<Observation>>
  >,
);
export type Observations = Partial<Record<string, Observation>>;

/** Every maneuver id, in checklist order. */
export const MANEUVER_IDS = maneuvers.maneuvers.map((m) => m.id);

/** Every red-flag id in the catalog. */
export const FLAG_IDS = redFlags.flags.map((f) => f.id) as [string, ...string[]];

/** What a flag can be set to. `not_screened` is the absence of any answer, never set by hand. */
export const FLAG_STATES = ['present', 'absent', 'could_not_assess', 'not_screened'] as const;
export type FlagState = (typeof FLAG_STATES)[number];

/** The clinician's own call on one flag; it overrides what the intake and observations suggested. */
export const FlagAssessment = z.strictObject({
  flagId: oneOf(FLAG_IDS),
  state: oneOf(['present', 'absent', 'could_not_assess']),
  note: freeText('The note').optional(),
});
export type FlagAssessment = z.infer<typeof FlagAssessment>;

/** The escalation decision the gate records. */
export const EscalationDecision = z.strictObject({
  tier: z.enum(TierId.options, { error: 'Use one of: A, B, C, D, E.' }),
  /** Required (non-blank) for tier E with any flag present or unassessable, and for any tier below the minimum. */
  rationale: freeText('The rationale').optional(),
});
export type EscalationDecision = z.infer<typeof EscalationDecision>;

/** A visit as the CLI (and any script) reads it. See docs/clinical-content.md. */
export const VisitSnapshot = z
  .strictObject({
    dateOfBirth: IsoDate,
    visitDate: IsoDate,
    weightKg: z.number({ error: 'weightKg must be a number of kilograms.' }).positive({ error: 'weightKg must be above 0.' }).nullable().optional(),
    /** False when the child cannot self-report pain (too young, or non-verbal). Defaults to true. */
    verbal: z.boolean({ error: 'verbal must be true or false.' }).optional(),
    intake: IntakeAnswers,
    observations: Observations.default({}),
    flagAssessments: z.array(FlagAssessment).default([]),
    escalation: EscalationDecision.optional(),
    /** The clinician went over the family's answers with them: every absence resting on the family's "no" is confirmed. */
    familyAnswersConfirmed: z.boolean({ error: 'familyAnswersConfirmed must be true or false.' }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.visitDate < v.dateOfBirth) {
      ctx.addIssue({ code: 'custom', path: ['visitDate'], message: 'The visit date is before the date of birth.' });
    }
    const onset = v.intake.onsetDate;
    if (onset !== undefined && onset > v.visitDate) {
      ctx.addIssue({ code: 'custom', path: ['intake', 'onsetDate'], message: 'The pain cannot start after the visit date.' });
    }
    if (onset !== undefined && onset < v.dateOfBirth) {
      ctx.addIssue({ code: 'custom', path: ['intake', 'onsetDate'], message: 'The pain cannot start before the date of birth.' });
    }
    const seen = new Set<string>();
    v.flagAssessments.forEach((a, i) => {
      if (seen.has(a.flagId)) {
        ctx.addIssue({ code: 'custom', path: ['flagAssessments', i, 'flagId'], message: `${a.flagId} is assessed twice.` });
      }
      seen.add(a.flagId);
    });
  });
export type VisitSnapshot = z.infer<typeof VisitSnapshot>;

/** One problem with one field of the input, addressed by its dotted path. */
export interface InputProblem {
  path: string;
  message: string;
}

/** Zod issues as `path: message`, with unknown keys named in the path so the author can find them. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): InputProblem[] {
  const out: InputProblem[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: base ? `${base}.${key}` : key, message: 'Unknown field.' });
    } else {
      out.push({ path: base || '(root)', message: issue.message });
    }
  }
  return out;
}

/** Parse a snapshot, returning field problems instead of throwing. */
export function parseVisitSnapshot(
  input: unknown,
): { ok: true; value: VisitSnapshot } | { ok: false; problems: InputProblem[] } {
  const parsed = VisitSnapshot.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problems: describeIssues(parsed.error.issues) };
}
