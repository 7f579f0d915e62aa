import { z } from 'zod';
import type { FieldError } from '../ipc/errors';
import { issuesToFieldErrors } from '../ipc/issues';
import { IsoDate, RecordId, StoredDate } from './common';

/** Limits a person can break in the new-patient form; messages name the rule, never the value. */
export const PATIENT_LIMITS = {
  nameMax: 200,
  phoneMax: 32,
  emailMax: 254,
  /** A paediatric console: older records belong elsewhere. */
  maxAgeYears: 25,
  weightMinKg: 0.5,
  weightMaxKg: 250,
} as const;

/**
 * The guardian's e-mail (optional): one plain address, letters, digits and . _ + - before the @, a dotted
 * domain after it. Deliberately narrower than RFC 5322: no quotes, spaces, commas, semicolons, angle
 * brackets, ? or & — nothing that could add a second recipient or a header to the mailto: link the console
 * opens (electron/main/services/contact-link.ts). Migration 0020's CHECK is the same shape, as the last guard.
 */
export const GUARDIAN_EMAIL = /^[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$/;

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

const personName = (what: string) =>
  z
    .string({ error: `Enter the ${what}.` })
    .trim()
    .min(1, { error: `Enter the ${what}.` })
    .max(PATIENT_LIMITS.nameMax, { error: `The ${what} must be ${PATIENT_LIMITS.nameMax} characters or fewer.` });

/** The new-patient request: a child and one guardian. Unknown keys are refused. */
export const NewPatientInput = z.strictObject({
  childName: personName("child's name"),
  dateOfBirth: IsoDate,
  sex: z.enum(SEXES, { error: 'Choose female, male, other or unknown.' }),
  weightKg: z
    .number({ error: 'Enter the weight in kilograms.' })
    .finite({ error: 'Enter the weight in kilograms.' })
    .min(PATIENT_LIMITS.weightMinKg, {
      error: `Weight must be between ${PATIENT_LIMITS.weightMinKg} and ${PATIENT_LIMITS.weightMaxKg} kg.`,
    })
    .max(PATIENT_LIMITS.weightMaxKg, {
      error: `Weight must be between ${PATIENT_LIMITS.weightMinKg} and ${PATIENT_LIMITS.weightMaxKg} kg.`,
    }),
  guardianName: personName("guardian's name"),
  guardianPhone: z
    .string({ error: "Enter the guardian's phone number." })
    .trim()
    .max(PATIENT_LIMITS.phoneMax, { error: 'The phone number is too long.' })
    .regex(/^\+?[0-9 ()./-]{7,}$/, { error: 'Use digits, spaces, brackets, dashes and an optional leading +.' }),
  /** Optional: left out, or blank, means none on file. Used only to address the join link. */
  guardianEmail: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string({ error: 'Enter an e-mail address like name@example.org, or leave it empty.' })
      .trim()
      .max(PATIENT_LIMITS.emailMax, { error: 'The e-mail address is too long.' })
      .regex(GUARDIAN_EMAIL, { error: 'Enter an e-mail address like name@example.org, or leave it empty.' })
      .optional(),
  ),
});
export type NewPatientInput = z.infer<typeof NewPatientInput>;

export const PatientSummary = z.strictObject({
  id: RecordId,
  childName: z.string(),
  dateOfBirth: StoredDate,
  sex: z.enum(SEXES),
  weightKg: z.number(),
  guardianName: z.string(),
  guardianPhone: z.string(),
  /** Null when none is on file. */
  guardianEmail: z.string().nullable(),
  createdAt: z.string(),
});
export type PatientSummary = z.infer<typeof PatientSummary>;

/**
 * Rules that depend on today's date, which a static schema cannot know.
 * `today` is the clinician's local calendar date (YYYY-MM-DD).
 */
export function patientDateErrors(input: Pick<NewPatientInput, 'dateOfBirth'>, today: string): FieldError[] {
  if (input.dateOfBirth > today) {
    return [{ path: 'dateOfBirth', message: 'The date of birth cannot be in the future.' }];
  }
  // Same month and day, maxAgeYears earlier; text order is date order for YYYY-MM-DD.
  const cutoff = `${Number(today.slice(0, 4)) - PATIENT_LIMITS.maxAgeYears}${today.slice(4)}`;
  if (input.dateOfBirth < cutoff) {
    return [
      {
        path: 'dateOfBirth',
        message: `The date of birth cannot be more than ${PATIENT_LIMITS.maxAgeYears} years ago.`,
      },
    ];
  }
  return [];
}

/**
 * The one validation of a new patient, used by the form (to show messages
 * beside the fields) and by the main process (which is the authority).
 */
export function validateNewPatient(
  input: unknown,
  today: string,
): { ok: true; value: NewPatientInput } | { ok: false; fields: FieldError[] } {
  const parsed = NewPatientInput.safeParse(input);
  if (!parsed.success) return { ok: false, fields: issuesToFieldErrors(parsed.error.issues) };
  const dateErrors = patientDateErrors(parsed.data, today);
  if (dateErrors.length > 0) return { ok: false, fields: dateErrors };
  return { ok: true, value: parsed.data };
}
