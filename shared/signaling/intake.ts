/**
 * The family's pre-visit intake as it crosses the WebSocket and is stored in
 * `intakes.answers_json`. The questions themselves (wording in English and
 * Spanish, the warning-sign list) are clinical content in
 * resources/clinical/intake-questions.json; this schema only fixes the shape
 * and the limits. When shared/clinical exports its own `IntakeAnswers`
 * schema, this one should become an alias of it.
 */
import { z } from 'zod';
import { IsoDate } from '../domain/common';
import { MAX_INTAKE_TEXT } from './limits';

const Answer = z.enum(['yes', 'no', 'unsure']);
const FreeText = z.string().trim().max(MAX_INTAKE_TEXT, { error: `Please keep this under ${MAX_INTAKE_TEXT} characters.` });

export const WarningSignId = z.string().regex(/^[a-z][a-z0-9-]{0,47}$/);

export const FamilyIntake = z.strictObject({
  symptoms: FreeText,
  /** When the pain started; empty when the family does not know. */
  onsetDate: z.union([IsoDate, z.literal('')]),
  betterWorse: FreeText,
  medicines: FreeText,
  questions: FreeText,
  /** Warning-sign question id → the family's answer; unanswered questions are absent. */
  warningSigns: z.record(WarningSignId, Answer).refine((r) => Object.keys(r).length <= 48, { error: 'Too many answers.' }),
});
export type FamilyIntake = z.infer<typeof FamilyIntake>;

export const Language = z.enum(['en', 'es']);
export type Language = z.infer<typeof Language>;
