/**
 * Limits every signaling path enforces. Shared so the family page, the
 * clinician renderer and the main process agree on them.
 */

/** Largest WebSocket message the main process reads (bytes). A Chrome RTP capability set is about 6 kB. */
export const MAX_SIGNAL_MESSAGE_BYTES = 64 * 1024;

/** Up to four people in a visit: clinician, the child's device, a second caregiver, an interpreter. */
export const MAX_PARTICIPANTS = 4;

/** Longest free-text answer in the family intake (characters). */
export const MAX_INTAKE_TEXT = 2000;

/** Largest still image the clinician may save (base64 characters, about 2.2 MB of JPEG). */
export const MAX_STILL_BASE64 = 3_000_000;

/** Join-link tokens and resume keys: 256 random bits as 43 base64url characters. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
