/**
 * Call logistics (issue 16 item 3): the call check (where the child is, a
 * call-back number) and sending the join link through the system's own
 * mail or messaging app.
 */
import { z } from 'zod';
import { RecordId } from './common';

export const CALL_CHECK_LIMITS = { locationMax: 200, phoneMax: 32, phoneDigitsMin: 7, phoneDigitsMax: 15 } as const;

/** Digits, spaces, + ( ) . - only; 7 to 15 digits (E.164 allows at most 15). */
export const PHONE_CHARS = /^[0-9 +().-]+$/;

export function phoneDigits(phone: string): number {
  return phone.replace(/[^0-9]/g, '').length;
}

/** A phone number as typed: trimmed, bounded, and dialable. */
export const CallbackPhone = z
  .string({ error: 'Enter a call-back number.' })
  .trim()
  .min(1, { error: 'Enter a call-back number.' })
  .max(CALL_CHECK_LIMITS.phoneMax, { error: 'The number is too long.' })
  .regex(PHONE_CHARS, { error: 'Use digits, spaces, +, (, ), . and - only.' })
  .refine((p) => phoneDigits(p) >= CALL_CHECK_LIMITS.phoneDigitsMin && phoneDigits(p) <= CALL_CHECK_LIMITS.phoneDigitsMax, {
    error: `A phone number has ${CALL_CHECK_LIMITS.phoneDigitsMin} to ${CALL_CHECK_LIMITS.phoneDigitsMax} digits.`,
  });

/** Where the child is now (an address, or "home, 12 Elm St, Springfield"): free text, bounded, no control characters. */
export const ChildLocation = z
  .string({ error: 'Enter where the child is now.' })
  .trim()
  .min(1, { error: 'Enter where the child is now.' })
  .max(CALL_CHECK_LIMITS.locationMax, { error: `Keep it under ${CALL_CHECK_LIMITS.locationMax} characters.` })
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: 'Remove line breaks and control characters.' });

export const CallCheckInput = z.strictObject({
  visitId: RecordId,
  childLocation: ChildLocation,
  callbackPhone: CallbackPhone,
});
export type CallCheckInput = z.infer<typeof CallCheckInput>;

export const CallCheckView = z.strictObject({
  childLocation: z.string(),
  callbackPhone: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
});
export type CallCheckView = z.infer<typeof CallCheckView>;

/** How the link goes out: the system's mail app (mailto:) or messaging app (sms:). */
export const SEND_VIA = ['email', 'sms'] as const;
export const SendJoinLinkInput = z.strictObject({
  visitId: RecordId,
  via: z.enum(SEND_VIA),
  /** A link this console made for this visit (visits:createJoinLink); anything else is refused. */
  url: z.string().max(300),
});
export type SendJoinLinkInput = z.infer<typeof SendJoinLinkInput>;
export const SendJoinLinkResult = z.strictObject({
  via: z.enum(SEND_VIA),
  /** The guardian's number (sms) or e-mail on file the message is addressed to; null when none is on file (the mail app asks for the address). */
  to: z.string().nullable(),
});
export type SendJoinLinkResult = z.infer<typeof SendJoinLinkResult>;
