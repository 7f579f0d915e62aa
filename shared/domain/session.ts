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

export const PASSCODE_LIMITS = { min: 6, max: 128 } as const;

const Passcode = z
  .string()
  .min(PASSCODE_LIMITS.min, { error: `Use a passcode of at least ${PASSCODE_LIMITS.min} characters.` })
  .max(PASSCODE_LIMITS.max, { error: 'The passcode is too long.' });

export const SetupInput = z.strictObject({
  displayName: z.string().trim().min(1, { error: 'Enter your name.' }).max(200, { error: 'The name must be 200 characters or fewer.' }),
  credentials: z.string().trim().max(100, { error: 'Credentials must be 100 characters or fewer.' }),
  passcode: Passcode,
});

export const UnlockInput = z.strictObject({ clinicianId: RecordId, passcode: z.string().min(1).max(PASSCODE_LIMITS.max) });

export const StoreUnlockInput = z.strictObject({ passphrase: z.string().min(1, { error: 'Enter the passphrase.' }).max(256) });
