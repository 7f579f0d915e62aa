/**
 * What the record service accepts (electron/main/services/record), as zod
 * schemas over the record's one vocabulary (./record.ts): the only place a
 * write to the record is validated (issue 15, item 3). The IPC schemas
 * (./visit-room.ts) check the renderer's shape first; these check every
 * caller's (the room, the CLIs, the demo data, the EHR) against what the
 * store keeps, with the words a clinician reads.
 */
import { z } from 'zod';
import {
  BodySide,
  ConsentGivenBy,
  ConsentKind,
  CorrectableEntity,
  EscalationTier,
  FlagSource,
  FlagState,
  ImageMime,
  ObservationResult,
  STORE_LIMITS,
  StoredDoseInput,
} from './record';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** An id from the clinical content or the app (letters, digits and `._:-`, at most 100). */
export const RecordEntryId = (label: string) =>
  z.string({ error: `${label} is not valid.` }).regex(ID_PATTERN, { error: `${label} is not valid.` });

/** One of a declared enum's values, with the words the record uses when it is not. */
export const choiceOf = <T extends z.ZodEnum>(values: T, label: string) =>
  z.enum(values.options as unknown as readonly [string, ...string[]], { error: `Choose a valid ${label}.` }) as unknown as z.ZodEnum<T['enum']>;

/** Free text, trimmed; blank or absent is null. */
export const OptionalText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .nullish()
    .transform((v, ctx) => {
      const t = v?.trim() ?? '';
      if (t.length > max) ctx.addIssue({ code: 'custom', message: `${label} must be ${max} characters or fewer.` });
      return t === '' ? null : t;
    });

/** Free text that must be given, trimmed. */
export const RequiredText = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .nullish()
    .transform((v, ctx) => {
      const t = v?.trim() ?? '';
      if (t === '') ctx.addIssue({ code: 'custom', message: `Enter ${label.toLowerCase()}.` });
      else if (t.length > max) ctx.addIssue({ code: 'custom', message: `${label} must be ${max} characters or fewer.` });
      return t;
    });

const PAIN_SCORE = 'A pain score is a whole number from 0 to 10.';
const FIELDS = 'The observation fields are not valid.';

const observationShape = {
  maneuverId: RecordEntryId('The movement'),
  result: choiceOf(ObservationResult, 'result'),
  side: choiceOf(BodySide, 'side'),
  painScore: z.number({ error: PAIN_SCORE }).int({ error: PAIN_SCORE }).min(0, { error: PAIN_SCORE }).max(10, { error: PAIN_SCORE }).nullish(),
  /** Required with a pain score: the scale it was measured on (e.g. 'nrs-11', 'faces-r'). */
  painScale: OptionalText(50, 'The pain scale'),
  note: OptionalText(STORE_LIMITS.noteMax, 'The note'),
  /** The maneuver's own fields, already validated against shared/clinical's schema for it. */
  fields: z
    .record(z.string(), z.unknown(), { error: FIELDS })
    .refine((f) => JSON.stringify(f).length <= STORE_LIMITS.planJsonMax, { error: FIELDS })
    .nullish(),
};

type ObservationShape = z.output<z.ZodObject<typeof observationShape>>;
/** A pain score comes with its scale, and a scale with its score. */
function refineObservation(o: ObservationShape, ctx: z.RefinementCtx): void {
  const score = o.painScore ?? null;
  if (score !== null && (o.painScale === null || o.painScale === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['painScale'], message: 'Enter the pain scale.' });
  }
  if (score === null && o.painScale) {
    ctx.addIssue({ code: 'custom', path: ['painScore'], message: 'Enter the pain score for the chosen scale, or clear the scale.' });
  }
}
/** The values as stored: no scale without a score, fields an object. */
const observationValues = <T extends ObservationShape>(o: T) => ({
  ...o,
  painScore: o.painScore ?? null,
  painScale: o.painScore === null || o.painScore === undefined ? null : (o.painScale ?? null),
  fields: (o.fields ?? {}) as Record<string, unknown>,
});
// Cross-field rules run even when a field failed, so every problem is listed at once.
const always = { when: () => true };

/** One maneuver's observation as stored. Unknown keys are ignored (an edit passes the stored entry with its patch). */
export const ObservationInput = z.object(observationShape).superRefine(refineObservation, always).transform(observationValues);
export type ObservationInput = z.input<typeof ObservationInput>;
export type ObservationValues = z.output<typeof ObservationInput>;

/** An observation added by itself, which may say when it was made (defaults to now). */
export const NewObservationInput = z
  .object({
    ...observationShape,
    /** Defaults to now. */
    observedAt: z
      .string({ error: 'Use a date and time with a time zone.' })
      .refine((s) => !Number.isNaN(Date.parse(s)), { error: 'Use a date and time with a time zone.' })
      .transform((s) => new Date(Date.parse(s)).toISOString())
      .optional(),
  })
  .superRefine(refineObservation, always)
  .transform(observationValues);
export type NewObservationInput = z.input<typeof NewObservationInput>;

/** One red flag's assessment. Who may use which source is the command's rule (services/record/flags.ts). */
export const FlagAssessmentInput = z.object({
  flagId: RecordEntryId('The red flag'),
  state: choiceOf(FlagState, 'answer'),
  source: choiceOf(FlagSource, 'source'),
  note: OptionalText(STORE_LIMITS.noteMax, 'The note'),
});
export type FlagAssessmentInput = z.input<typeof FlagAssessmentInput>;

/** The escalation decision and what the family was told to do. */
export const DecisionInput = z.object({
  tier: choiceOf(EscalationTier, 'escalation tier'),
  rationale: OptionalText(STORE_LIMITS.rationaleMax, 'The rationale'),
  /** What the family was told to do. */
  familyTold: OptionalText(STORE_LIMITS.rationaleMax, 'What the family was told'),
});
export type DecisionInput = z.input<typeof DecisionInput>;

const TOO_LONG = 'This part of the plan is too long.';
const jsonFits = (v: unknown) => JSON.stringify(v).length <= STORE_LIMITS.planJsonMax;

/** The plan: advice, confirmed doses (0017: one `plan_doses` row each), follow-up, body map. */
export const PlanInput = z.object({
  /** Advice item ids (or short texts) given to the family. */
  advice: z
    .custom<string[]>((a) => Array.isArray(a) && a.every((s) => typeof s === 'string' && s.length >= 1 && s.length <= 500), {
      error: 'Advice items must be short texts or ids.',
    })
    .refine(jsonFits, { error: TOO_LONG })
    .transform((a) => [...a]),
  /** Each dose is read with the shared schema, the same one the repository reads rows with. */
  analgesia: z.array(StoredDoseInput, { error: 'Analgesia must be a list of doses.' }),
  followUp: z
    .object(
      {
        /** When to follow up, as text the family reads (e.g. 'in 2 weeks if not better'). */
        when: OptionalText(200, 'When to follow up'),
        withWhom: OptionalText(200, 'Who to follow up with'),
        instructions: OptionalText(2000, 'The follow-up instructions'),
      },
      { error: 'The follow-up is not valid.' },
    )
    .nullish()
    .transform((f) => f ?? { when: null, withWhom: null, instructions: null })
    .refine(jsonFits, { error: TOO_LONG }),
  /** Body-map region ids where it hurts. */
  bodyMap: z
    .custom<string[]>((b) => Array.isArray(b) && b.length <= 40 && b.every((r) => typeof r === 'string' && /^[a-z0-9-]{1,40}$/.test(r)), {
      error: 'Body-map regions must be region ids.',
    })
    .refine(jsonFits, { error: TOO_LONG })
    .nullish()
    .transform((b) => (b ? [...b] : [])),
});
export type PlanInput = z.input<typeof PlanInput>;
export type PlanValues = z.output<typeof PlanInput>;

/** The family agreed to still images for this visit. */
export const ConsentInput = z.object({
  kind: choiceOf(ConsentKind, 'consent'),
  givenBy: choiceOf(ConsentGivenBy, 'person who agreed'),
});
export type ConsentInput = z.input<typeof ConsentInput>;

/** Said when the bytes are not an image of the stated type (services/record/images.ts sniffs them). */
export const NOT_AN_IMAGE = 'The image is not a JPEG, PNG or WebP file of the stated type.';

/** A still image from the call; the bytes are checked against `mime` by the command (services/record/images.ts). */
export const StillImageInput = z.object({
  mime: z.enum(ImageMime.options, { error: NOT_AN_IMAGE }),
  data: z.custom<Uint8Array>().superRefine((d, ctx) => {
    if (!(d instanceof Uint8Array) || d.byteLength === 0) ctx.addIssue({ code: 'custom', message: 'The image is empty.' });
    else if (d.byteLength > STORE_LIMITS.imageMaxBytes) {
      ctx.addIssue({ code: 'custom', message: `The image is larger than ${STORE_LIMITS.imageMaxBytes / 1_000_000} MB.` });
    }
  }),
  caption: OptionalText(STORE_LIMITS.captionMax, 'The caption'),
});
export type StillImageInput = z.input<typeof StillImageInput>;

/** A correction or addition to a signed visit, linked to the entry it corrects. */
export const AddendumInput = z.object({
  reason: RequiredText(STORE_LIMITS.addendumReasonMax, 'The reason'),
  text: RequiredText(STORE_LIMITS.addendumTextMax, 'The addendum'),
  corrects: z
    .object({
      entity: choiceOf(CorrectableEntity, 'entry to correct'),
      id: z.string({ error: 'The entry to correct is not part of this visit.' }),
    })
    .nullish()
    .transform((c) => c ?? null),
});
export type AddendumInput = z.input<typeof AddendumInput>;

/** An export of the visit (PDF, FHIR, print…). */
export const ExportInput = z.object({ format: RecordEntryId('The export format') });
