/**
 * The stored visit record's vocabulary (issue 15): the one declaration of a
 * red flag's assessed state and of a confirmed dose as the store keeps it.
 * The repositories parse their rows with these schemas (electron/main/store),
 * the record service validates writes with them, and migration 0017 moved
 * older rows onto them (docs/store.md).
 */
import { z } from 'zod';
import { FlagSource, TierId } from '../clinical/schema';

/** A red flag's assessed state as stored: the same names the clinical rules use. */
export const FlagState = z.enum(['present', 'absent', 'could_not_assess']);
export type FlagState = z.infer<typeof FlagState>;

/** Who or what an assessment rests on (declared with the clinical rules, shared/clinical/schema.ts). */
export { FlagSource };
/** A = emergency now … E = home care with a safety net (declared with the clinical rules). */
export const EscalationTier = TierId;
export type EscalationTier = z.infer<typeof TierId>;

/** An observation's coarse result as stored (the maneuver's own fields hold the detail). */
export const OBSERVATION_RESULTS = ['normal', 'abnormal', 'unable', 'not_tested'] as const;
export const ObservationResult = z.enum(OBSERVATION_RESULTS);
export type ObservationResult = z.infer<typeof ObservationResult>;

export const BODY_SIDES = ['left', 'right', 'both', 'midline', 'not_applicable'] as const;
export const BodySide = z.enum(BODY_SIDES);
export type BodySide = z.infer<typeof BodySide>;

export const ConsentKind = z.enum(['still_capture']);
export type ConsentKind = z.infer<typeof ConsentKind>;
export const ConsentGivenBy = z.enum(['guardian', 'patient', 'guardian_and_patient']);
export type ConsentGivenBy = z.infer<typeof ConsentGivenBy>;

/** The still-image types the store keeps (the bytes are checked against the claim, services/record/images.ts). */
export const ImageMime = z.enum(['image/jpeg', 'image/png', 'image/webp']);
export type ImageMime = z.infer<typeof ImageMime>;

/** The entries an addendum can correct. */
export const CorrectableEntity = z.enum([
  'observation', 'flag_assessment', 'escalation_decision', 'plan', 'intake', 'still_image', 'consent', 'visit',
]);
export type CorrectableEntity = z.infer<typeof CorrectableEntity>;

/** The store's size limits (the schema's CHECKs hold the same numbers). */
export const STORE_LIMITS = {
  noteMax: 2000,
  rationaleMax: 4000,
  addendumReasonMax: 500,
  addendumTextMax: 4000,
  captionMax: 500,
  imageMaxBytes: 2_000_000,
  idMax: 100,
  planJsonMax: 20_000,
} as const;

const positive = z.number().positive().finite();

/**
 * One confirmed dose of a plan, as the store keeps it (one row of
 * `plan_doses` per dose and plan version). The store checks shape only; the
 * room's AnalgesiaEntry (shared/domain/visit-room.ts) and the dose calculator
 * hold the clinical limits, so a dose an older version or the CLI wrote
 * outside them is still read back and shown with a note.
 */
export const StoredDose = z.strictObject({
  /** Medicine id from the clinical content (e.g. 'ibuprofen'). */
  drug: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, { error: 'The medicine is not valid.' }),
  /** The product the family measures from; null when none was named. */
  productId: z.string().min(1).max(100).nullable(),
  /** The product's strength as confirmed: `strengthMg` mg in `strengthMl` mL (both or neither). */
  strengthMg: positive.nullable(),
  strengthMl: positive.nullable(),
  /** Per dose. */
  doseMg: positive,
  doseMl: positive.nullable(),
  mgPerKg: positive.nullable(),
  intervalHours: positive,
  maxDosesPer24h: z.number().int().min(1),
  maxMgPer24h: positive,
  /** Stop after this many days (the last day is the visit day + stopAfterDays - 1); null: no stop given. */
  stopAfterDays: z.number().int().min(1).max(365).nullable(),
  /** The clinician's recorded reason for dosing on a weight outside the 0.1st-99.9th percentile. */
  weightOverrideReason: z.string().trim().min(1).max(500).nullable(),
  /** Any other dosing note. */
  note: z.string().trim().max(500).nullable(),
}).refine((d) => (d.strengthMg === null) === (d.strengthMl === null), { error: 'Give the strength as mg and mL, or neither.', path: ['strengthMl'] });
export type StoredDose = z.infer<typeof StoredDose>;

/**
 * A dose as the record service accepts it: the optional parts may be left
 * out (null), and the most mg in 24 hours defaults to dose × doses.
 */
export const StoredDoseInput = z
  .strictObject({
    drug: z.string(),
    productId: z.string().nullish(),
    strengthMg: z.number().nullish(),
    strengthMl: z.number().nullish(),
    doseMg: z.number(),
    doseMl: z.number().nullish(),
    mgPerKg: z.number().nullish(),
    intervalHours: z.number(),
    maxDosesPer24h: z.number(),
    maxMgPer24h: z.number().nullish(),
    stopAfterDays: z.number().nullish(),
    weightOverrideReason: z.string().nullish(),
    note: z.string().nullish(),
  })
  .transform((d) => ({
    drug: d.drug,
    productId: d.productId ?? null,
    strengthMg: d.strengthMg ?? null,
    strengthMl: d.strengthMl ?? null,
    doseMg: d.doseMg,
    doseMl: d.doseMl ?? null,
    mgPerKg: d.mgPerKg ?? null,
    intervalHours: d.intervalHours,
    maxDosesPer24h: d.maxDosesPer24h,
    maxMgPer24h: d.maxMgPer24h ?? d.doseMg * d.maxDosesPer24h,
    stopAfterDays: d.stopAfterDays ?? null,
    weightOverrideReason: d.weightOverrideReason?.trim() || null,
    note: d.note?.trim() || null,
  }))
  .pipe(StoredDose);
export type StoredDoseInput = z.input<typeof StoredDoseInput>;
