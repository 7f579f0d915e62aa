/**
 * EHR connection and delivery state as the renderer sees them (docs/ehr.md).
 * The private key goes renderer → main once, when the clinician pastes it;
 * it never comes back (the settings answer says only whether one is stored).
 */
import { z } from 'zod';
import { IsoDateTime, RecordId } from './common';

const HttpsUrl = z
  .string()
  .trim()
  .max(500, { error: 'The address is too long.' })
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        // http only for this machine (a local test EHR); anything else must be https.
        return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost'));
      } catch {
        return false;
      }
    },
    { error: 'Use a full https:// address.' },
  );

export const EhrSettingsView = z.strictObject({
  /** False = standalone use (the default): nothing is sent or pulled. */
  enabled: z.boolean(),
  fhirBaseUrl: z.string().max(500),
  tokenUrl: z.string().max(500),
  clientId: z.string().max(200),
  /** The signed-in clinician's Practitioner identifier in the EHR ("system|value" or value), for the schedule. */
  practitionerIdentifier: z.string().max(300),
  /** Also send the FHIR document Bundle (only when the EHR accepts Bundles). */
  sendBundle: z.boolean(),
  /** Whether a private key is stored (never the key). */
  hasKey: z.boolean(),
  keyAlgorithm: z.enum(['ES384', 'RS384']).nullable(),
});
export type EhrSettingsView = z.infer<typeof EhrSettingsView>;

export const EhrSettingsInput = z.strictObject({
  enabled: z.boolean(),
  fhirBaseUrl: HttpsUrl,
  tokenUrl: HttpsUrl,
  clientId: z.string().trim().min(1, { error: 'Enter the client id the EHR gave the console.' }).max(200),
  practitionerIdentifier: z.string().trim().max(300),
  sendBundle: z.boolean(),
  /** A new PEM private key; omitted = keep the stored one. */
  privateKeyPem: z.string().max(16_384, { error: 'That key is too long.' }).optional(),
});
export type EhrSettingsInput = z.infer<typeof EhrSettingsInput>;

export const EhrConnectionReport = z.strictObject({
  ok: z.boolean(),
  /** One line per step, in words: what worked and what did not. */
  steps: z.array(z.strictObject({ step: z.enum(['settings', 'key', 'token', 'fhir']), ok: z.boolean(), message: z.string().max(600) })).max(8),
});
export type EhrConnectionReport = z.infer<typeof EhrConnectionReport>;

export const DeliveryState = z.strictObject({
  visitId: RecordId,
  version: z.number().int().min(1),
  state: z.enum(['queued', 'sending', 'sent', 'failed']),
  attempts: z.number().int().min(0),
  lastError: z.string().max(1000).nullable(),
  /** The EHR's DocumentReference id once sent. */
  remoteId: z.string().max(200).nullable(),
  nextAttemptAt: IsoDateTime.nullable(),
  sentAt: IsoDateTime.nullable(),
});
export type DeliveryState = z.infer<typeof DeliveryState>;

export const DeliveryQuery = z.strictObject({ visitIds: z.array(RecordId).max(200) });
export const DeliveryStates = z.strictObject({ enabled: z.boolean(), states: z.array(DeliveryState).max(200) });

/** Schedule in (docs/ehr.md, "Schedule in"): what one pull did, in counts and in words. */
export const SCHEDULE_OUTCOMES = ['added', 'updated', 'unchanged', 'conflict', 'skipped'] as const;
export const SchedulePullReport = z.strictObject({
  added: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  skipped: z.number().int().min(0),
  /** The window asked for (start of today to the end of the last day, the console's time zone). */
  from: IsoDateTime,
  to: IsoDateTime,
  /** One line per appointment that needs the clinician's eye (conflicts, skipped), and per change. */
  items: z
    .array(
      z.strictObject({
        appointmentId: z.string().max(64),
        visitId: RecordId.nullable(),
        outcome: z.enum(SCHEDULE_OUTCOMES),
        message: z.string().max(600),
      }),
    )
    .max(500),
  /** Set when the EHR had more appointments than the console reads in one pull (the rest come in a later pull). */
  truncated: z.boolean(),
});
export type SchedulePullReport = z.infer<typeof SchedulePullReport>;

/** How each visit is linked to the EHR's schedule, for the marks on home. */
export const ScheduleLink = z.strictObject({
  visitId: RecordId,
  appointmentId: z.string().max(64),
  /** The EHR cancelled the appointment and the (untouched) visit was marked cancelled. */
  cancelled: z.boolean(),
  /** The last pull's conflict in words, until the two sides agree again. */
  conflict: z.string().max(1000).nullable(),
});
export type ScheduleLink = z.infer<typeof ScheduleLink>;
export const ScheduleLinks = z.strictObject({ enabled: z.boolean(), links: z.array(ScheduleLink).max(200) });
