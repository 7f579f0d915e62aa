/**
 * The clinic's own details (issue 16, item 5): the name and telephone number
 * printed on the family's after-visit summary and shown on the family page
 * when a join link is used or expired, and a default follow-up interval.
 * Kept by the main process in a settings file beside the database (like the
 * EHR settings); nothing here is patient data.
 */
import { z } from 'zod';

/** Digits with the usual separators (+, spaces, dashes, dots, brackets) and an optional extension. */
const PHONE = /^\+?[0-9 ()./-]{3,30}(?:\s*(?:ext\.?|x)\s*[0-9]{1,6})?$/i;

export const ClinicSettings = z.strictObject({
  /** "Riverside Pediatrics"; empty until the clinic sets it. */
  clinicName: z.string().trim().max(120, { error: 'The clinic name must be 120 characters or fewer.' }),
  /** The number a family calls; empty until the clinic sets it. */
  clinicPhone: z
    .string()
    .trim()
    .max(40, { error: 'The phone number must be 40 characters or fewer.' })
    .refine((s) => s === '' || (PHONE.test(s) && (s.match(/[0-9]/g) ?? []).length >= 3), {
      error: 'Use digits, spaces, +, -, ( ) and an optional "ext 123", e.g. (555) 010-2000.',
    }),
  /**
   * Days after the visit the family should call if the back is not better,
   * when the plan gives no follow-up date of its own (0 = none). The family
   * summary prints the date this gives, labelled as the clinic's default.
   */
  followUpDays: z.number().int({ error: 'Whole days only.' }).min(0, { error: 'Use 0 to 90 days.' }).max(90, { error: 'Use 0 to 90 days.' }),
});
export type ClinicSettings = z.infer<typeof ClinicSettings>;

export const CLINIC_DEFAULTS: ClinicSettings = { clinicName: '', clinicPhone: '', followUpDays: 14 };
