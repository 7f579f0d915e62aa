/**
 * The visit room's contract: what the clinician's screen sends while running
 * a visit, and the one state object it renders. The state is computed in the
 * main process from the stored record with the shared clinical rules, so the
 * panel, the close gate and the store agree.
 */
import { z } from 'zod';
import { CallCheckView } from './call';
import { RecordId, StoredDate } from './common';
import { SEXES } from './patient';
import { FamilyIntake } from '../signaling/intake';
import { VISIT_STATUSES } from './visit';
import { FlagState } from './record';
import { IntakeAnswers, Observation, PainScore, TierId, FLAG_SOURCES, FLAG_STATES, PAIN_SCALE_IDS, type DoseCalculation } from '../clinical';

const Text = (max: number, what: string) =>
  z.string().trim().max(max, { error: `${what} must be ${max} characters or fewer.` });

/** Open (or reload) a visit. */
export const VisitRef = z.strictObject({ visitId: RecordId });

/** Save one maneuver's findings as the clinician makes them. */
export const RecordObservationInput = z.strictObject({
  visitId: RecordId,
  maneuverId: z.string().min(1).max(100),
  values: Observation,
});

/** Confirm or change one red flag. */
/** Skip every movement never examined, with one reason (each is recorded "not assessed" with the reason as its note). */
export const SkipNotExaminedInput = z.strictObject({
  visitId: RecordId,
  reason: Text(500, 'The reason').min(1, { error: 'Say why these movements were not examined.' }),
});

export const AssessFlagInput = z.strictObject({
  visitId: RecordId,
  flagId: z.string().min(1).max(100),
  /** The stored states (shared/domain/record.ts), the one declaration. */
  state: FlagState,
  note: Text(2000, 'The note').optional(),
});

/** The escalation decision, with what the family was told. */
export const DecideInput = z.strictObject({
  visitId: RecordId,
  tier: TierId,
  rationale: Text(4000, 'The rationale').optional(),
  familyTold: Text(4000, 'What the family was told').min(1, { error: 'Say what the family was told.' }),
});

export const AnalgesiaEntry = z.strictObject({
  drug: z.enum(['acetaminophen', 'ibuprofen']),
  productId: z.string().min(1).max(100),
  doseMg: z.number().positive().max(1000),
  doseMl: z.number().positive().max(100),
  intervalHours: z.number().positive().max(24),
  maxDosesPer24h: z.number().int().positive().max(10),
  maxMgPer24h: z.number().positive().max(4000),
  /** The clinician confirmed the calculated dose. */
  confirmed: z.literal(true, { error: 'Confirm the dose before adding it to the plan.' }),
  stopAfterDays: z.number().int().min(1).max(14).optional(),
  /**
   * The clinician's recorded reason for dosing on a weight outside the 0.1st-99.9th
   * percentile for age and sex (content 0.2); the store keeps it in the dose note.
   */
  weightOverrideReason: Text(500, 'The weight override reason').min(1).optional(),
});
export type AnalgesiaEntry = z.infer<typeof AnalgesiaEntry>;

/** The plan's entry for a calculated dose the clinician has confirmed. */
export function confirmedDoseEntry(d: DoseCalculation): AnalgesiaEntry {
  return {
    drug: d.drug,
    productId: d.product.id,
    doseMg: d.doseMg,
    doseMl: d.doseMl,
    intervalHours: d.intervalHours,
    maxDosesPer24h: d.maxDosesPer24h,
    maxMgPer24h: d.maxMgPer24h,
    confirmed: true,
    ...(d.weightOverride ? { weightOverrideReason: d.weightOverride.reason } : {}),
  };
}

export const BODY_MAP_REGIONS = [
  'neck', 'upper-back-left', 'upper-back-right', 'mid-back', 'lower-back-left', 'lower-back-right', 'lower-back-center',
  'buttock-left', 'buttock-right', 'leg-left', 'leg-right',
] as const;

export const SavePlanInput = z.strictObject({
  visitId: RecordId,
  adviceIds: z.array(z.string().min(1).max(100)).max(50),
  analgesia: z.array(AnalgesiaEntry).max(2),
  followUp: z.strictObject({
    when: Text(200, 'Follow-up timing').optional(),
    withWhom: Text(200, 'Follow-up with').optional(),
    instructions: Text(2000, 'Follow-up instructions').optional(),
  }),
  bodyMap: z.array(z.enum(BODY_MAP_REGIONS)).max(BODY_MAP_REGIONS.length),
});
export type SavePlanInput = z.infer<typeof SavePlanInput>;

export const AddAddendumInput = z.strictObject({
  visitId: RecordId,
  reason: Text(500, 'The reason').min(1, { error: 'Give a reason for the addendum.' }),
  text: Text(4000, 'The addendum').min(1, { error: 'Write the addendum.' }),
});

/**
 * The clinician's correction or replacement of the family's intake (issue 14):
 * the whole new intake, in the family's schema. Dates are checked against
 * today and the date of birth in the main process.
 */
export const CorrectIntakeInput = z.strictObject({
  visitId: RecordId,
  answers: FamilyIntake,
});
export type CorrectIntakeInput = z.infer<typeof CorrectIntakeInput>;

export const SetStatusInput = z.strictObject({
  visitId: RecordId,
  status: z.enum(['waiting', 'in_progress', 'awaiting_decision']),
});

const FlagView = z.strictObject({
  id: z.string(),
  label: z.string(),
  tier: TierId,
  state: z.enum(FLAG_STATES),
  derivedState: z.enum(FLAG_STATES),
  source: z.enum(FLAG_SOURCES).nullable(),
  evidence: z.array(z.string()),
  clinicianNote: z.string().nullable(),
  /** An absence resting on the family's "no" alone: not yet gone over by the clinician, or confirmed. */
  familyAbsence: z.enum(['unconfirmed', 'confirmed']).nullable().optional(),
});

const Reason = z.strictObject({ code: z.string(), message: z.string(), flagId: z.string().optional() });

/** Everything the visit room renders. */
export const VisitRoomState = z.strictObject({
  contentVersion: z.string(),
  visit: z.strictObject({
    id: RecordId,
    status: z.enum(VISIT_STATUSES),
    scheduledStart: z.string(),
    durationMinutes: z.number(),
    reason: z.string().nullable(),
    startedAt: z.string().nullable(),
    signedAt: z.string().nullable(),
    signedBy: z.string().nullable(),
  }),
  patient: z.strictObject({
    id: RecordId,
    childName: z.string(),
    dateOfBirth: StoredDate,
    sex: z.enum(SEXES),
    weightKg: z.number(),
    /** When the weight was recorded (ISO); a dose shows a weight older than 30 days as such. */
    weightRecordedAt: z.string().optional(),
    isDemo: z.boolean(),
  }),
  guardians: z.array(z.strictObject({ name: z.string(), phone: z.string() })),
  age: z.strictObject({ years: z.number(), months: z.number(), totalMonths: z.number() }),
  painScale: z.enum(PAIN_SCALE_IDS),
  intake: z.strictObject({ answers: IntakeAnswers, submittedAt: z.string(), submittedBy: z.string(), language: z.string() }).nullable(),
  /** Current findings by maneuver id. */
  observations: z.record(
    z.string(),
    z.strictObject({ values: Observation, savedAt: z.string(), author: z.string() }),
  ),
  flags: z.array(FlagView),
  minimumTier: TierId,
  /** True while a flag is not yet screened or a movement never examined: the minimum tier may still rise. */
  minimumTierProvisional: z.boolean().optional(),
  /** Movements with no entry at all; signing needs them examined or skipped with a reason. */
  notExamined: z.array(z.strictObject({ id: z.string(), title: z.string() })).optional(),
  gate: z.strictObject({ canClose: z.boolean(), decisionRequired: z.boolean(), reasons: z.array(Reason) }),
  decision: z
    .strictObject({ tier: TierId, rationale: z.string().nullable(), familyTold: z.string().nullable(), decidedAt: z.string(), decidedBy: z.string() })
    .nullable(),
  plan: z
    .strictObject({
      adviceIds: z.array(z.string()),
      analgesia: z.array(AnalgesiaEntry),
      followUp: z.strictObject({ when: z.string().nullable(), withWhom: z.string().nullable(), instructions: z.string().nullable() }),
      bodyMap: z.array(z.string()),
      updatedAt: z.string(),
    })
    .nullable(),
  stillCaptureConsent: z.boolean(),
  addenda: z.array(z.strictObject({ id: z.string(), author: z.string(), createdAt: z.string(), reason: z.string(), text: z.string() })),
  /** Display names of everyone who wrote in this visit, by author id. */
  authors: z.record(z.string(), z.string()),
  /**
   * Stored values the rules could not use and treated as missing (a pain-onset
   * date after the visit, a finding an older checklist allowed...), one
   * sentence each, shown in the room and printed in the note (issue 14).
   */
  dataNotes: z.array(z.string()),
  /** The latest call check (issue 16: where the child is, a call-back number), null before one is recorded. */
  callCheck: CallCheckView.nullable().optional(),
});
export type VisitRoomState = z.infer<typeof VisitRoomState>;

/** One pain score from one visit, for the chart across visits. Scores are never converted between scales. */
export const PainPoint = z.strictObject({
  visitId: RecordId,
  at: z.string(),
  scale: z.enum(PAIN_SCALE_IDS),
  score: z.number(),
  source: z.enum(['intake', 'observation']),
});
export type PainPoint = z.infer<typeof PainPoint>;
export { PainScore };
