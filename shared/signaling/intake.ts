/**
 * The family's pre-visit intake as it crosses the WebSocket and is stored in
 * `intakes.answers_json`: the clinical intake schema (`IntakeAnswers` in
 * shared/clinical/visit-input.ts), so what the family page sends, what the
 * main process stores and what the visit room and the red-flag rules read
 * are one shape. The only thing added is a form's habit: text is trimmed and
 * a blank field ("" from an empty input, e.g. an unknown onset date) counts
 * as unanswered, i.e. absent. The parsed value is an `IntakeAnswers`.
 * Warning-sign ids are the clinical content's own
 * (resources/clinical/intake-questions.json); any other key is refused.
 *
 * Things only the join page has (consent to video and stills, the device
 * check) are not part of the intake: consent travels in its own message and
 * is recorded by the main process (docs/video.md).
 */
import { z } from 'zod';
import { IntakeAnswers } from '../clinical/visit-input';

/** Trim strings and drop blank ones at the top level; anything that is not a plain object is passed on for IntakeAnswers to refuse. */
function blankAsAbsent(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  // fromEntries defines own properties, so a "__proto__" key stays a key (and is refused as unknown).
  return Object.fromEntries(
    Object.entries(value)
      .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v] as const)
      .filter(([, v]) => v !== ''),
  );
}

export const FamilyIntake = z.preprocess(blankAsAbsent, IntakeAnswers);
export type FamilyIntake = IntakeAnswers;

/**
 * The checks on the intake's dates that need today's date and the child's
 * date of birth, which a static schema cannot know (issue 14): the pain
 * cannot start in the future or before birth. The family page runs it
 * against the family's own date (it does not know the date of birth); the
 * main process is the authority and runs it against the clinician's date and
 * the stored date of birth before anything is saved. Codes, not words, so
 * each side can say it in its reader's language.
 */
export type IntakeDateProblem = 'onset_in_future' | 'onset_before_birth';
export function intakeDateProblems(
  answers: { onsetDate?: string | undefined },
  context: { today: string; dateOfBirth?: string | undefined },
): { path: 'onsetDate'; problem: IntakeDateProblem }[] {
  const onset = answers.onsetDate;
  if (onset === undefined) return [];
  if (onset > context.today) return [{ path: 'onsetDate', problem: 'onset_in_future' }];
  if (context.dateOfBirth !== undefined && onset < context.dateOfBirth) return [{ path: 'onsetDate', problem: 'onset_before_birth' }];
  return [];
}

/** The clinician-facing words for each date problem. */
export const INTAKE_DATE_MESSAGES: Record<IntakeDateProblem, string> = {
  onset_in_future: 'The pain cannot have started after today.',
  onset_before_birth: 'The pain cannot have started before the date of birth.',
};

export const Language = z.enum(['en', 'es']);
export type Language = z.infer<typeof Language>;
