import { z } from 'zod';
import { RecordId } from './common';

/** The clinician the console acts for. Every entry they make is signed with this identity. */
export const ClinicianView = z.strictObject({ id: RecordId, displayName: z.string(), credentials: z.string() });
export type ClinicianView = z.infer<typeof ClinicianView>;

/** Where the OS has no real keyring, the database key is wrapped with a passphrase: create one, or enter it. */
export const STORE_PASSPHRASE_MODES = ['none', 'create', 'enter'] as const;
export type StorePassphraseMode = (typeof STORE_PASSPHRASE_MODES)[number];

export const SessionStatus = z.strictObject({
  /** No clinician exists yet: first run. */
  needsSetup: z.boolean(),
  locked: z.boolean(),
  clinicians: z.array(ClinicianView),
  current: ClinicianView.nullable(),
  /** After this many minutes without input the renderer locks the console. */
  idleLockMinutes: z.number(),
  /** 'create' or 'enter' while the visit database waits for its passphrase (no keyring on this system). */
  storePassphrase: z.enum(STORE_PASSPHRASE_MODES).optional(),
});
export type SessionStatus = z.infer<typeof SessionStatus>;

/**
 * A new passcode (issue 14: six characters fell to guessing): at least 10
 * characters, at least 5 different ones, and not a well-known one. Existing
 * passcodes still unlock; the rule applies when one is set.
 */
export const PASSCODE_LIMITS = { min: 10, max: 128, minDistinct: 5 } as const;

const WELL_KNOWN = ['password', 'passcode', 'qwerty', 'letmein', 'welcome', 'admin', 'iloveyou', 'monkey', 'dragon', 'abc123'];

/** Why a new passcode is too weak, in words, or null. */
export function passcodeProblem(passcode: string): string | null {
  if ([...passcode].length < PASSCODE_LIMITS.min) return `Use a passcode of at least ${PASSCODE_LIMITS.min} characters.`;
  if (passcode.length > PASSCODE_LIMITS.max) return 'The passcode is too long.';
  if (new Set(passcode.toLowerCase()).size < PASSCODE_LIMITS.minDistinct) {
    return `Use at least ${PASSCODE_LIMITS.minDistinct} different characters.`;
  }
  const plain = passcode.toLowerCase().replace(/[^a-z0-9]/g, '');
  const runs = ['01234567890', '09876543210', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl'];
  if (runs.some((r) => plain.length >= 6 && r.includes(plain)) || WELL_KNOWN.some((w) => plain.replace(/[0-9]+$/, '') === w)) {
    return 'That passcode is too easy to guess. Use a few words that mean something only to you.';
  }
  return null;
}

const Passcode = z.string().superRefine((value, ctx) => {
  const problem = passcodeProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const SetupInput = z.strictObject({
  displayName: z.string().trim().min(1, { error: 'Enter your name.' }).max(200, { error: 'The name must be 200 characters or fewer.' }),
  credentials: z.string().trim().max(100, { error: 'Credentials must be 100 characters or fewer.' }),
  passcode: Passcode,
});

export const UnlockInput = z.strictObject({ clinicianId: RecordId, passcode: z.string().min(1).max(PASSCODE_LIMITS.max) });

export const StoreUnlockInput = z.strictObject({ passphrase: z.string().min(1, { error: 'Enter the passphrase.' }).max(256) });
