/**
 * Errors a participant can cause in a visit's media (unknown ids, bad
 * parameters, wrong order): MediaError with a stable code. Callers turn a
 * MediaError into a refusal rather than a crash.
 */

export type MediaErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID' | 'CLOSED';

export class MediaError extends Error {
  constructor(
    readonly code: MediaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

/** What mediasoup threw, as a MediaError a participant may be told. */
export function asMediaError(error: unknown): MediaError {
  if (error instanceof MediaError) return error;
  // mediasoup throws TypeError for parameters it cannot use; its text names fields, never patient data.
  if (error instanceof TypeError) return new MediaError('INVALID', 'The media parameters are not usable.');
  return new MediaError('CONFLICT', 'The media request could not be completed.');
}
