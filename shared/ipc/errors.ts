/**
 * The error half of the IPC result envelope. Codes are stable and machine
 * readable; messages are written for the clinician and never contain patient
 * data, SQL, file paths or stack traces.
 */
export const ERROR_CODES = [
  /** The sender is not one of our windows, not the top frame, or not the app origin. */
  'FORBIDDEN_SENDER',
  /** No such channel in the contract. */
  'UNKNOWN_CHANNEL',
  /** The payload does not match the channel's request schema. */
  'INVALID_REQUEST',
  /** The payload is well formed but breaks a domain rule (for example a date of birth in the future). */
  'VALIDATION',
  /** The record asked for does not exist. */
  'NOT_FOUND',
  /** The request conflicts with the record's state (for example editing a signed visit). */
  'CONFLICT',
  /** The visit cannot be closed yet; `fields` lists every blocking reason. */
  'GATE_BLOCKED',
  /** The clinician must unlock the console first. */
  'LOCKED',
  /** The store could not write (disk full, read-only, busy). The last change was rolled back; earlier steps of the same request may have been saved. */
  'STORAGE',
  /** Anything else. The main process logged a reference, without patient data; the message says "Nothing was changed" only when no write completed. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one field, addressed by its path in the request (`''` for the whole request). */
export interface FieldError {
  path: string;
  message: string;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  fields?: FieldError[];
}

/** What crosses the IPC boundary: never an exception. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/**
 * Thrown by services for expected failures and by the renderer client when
 * the main process answers `ok: false`. Because it only ever carries an
 * ErrorBody, it is safe to show and to log.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(code: ErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }

  toBody(): ErrorBody {
    return this.fields.length > 0
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }

  /** The message for one field, if any. */
  fieldMessage(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
