import type { z } from 'zod';
import { AppError, type FieldError } from './errors';

/**
 * Turn zod issues into field errors that are safe to send to the renderer.
 * Zod's own text for unknown keys quotes the key, which a hostile or buggy
 * renderer controls, so that message is replaced. Our schemas set their own
 * messages for every rule a user can break; zod's remaining defaults name
 * types, never values.
 */
export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    const message =
      issue.code === 'unrecognized_keys' ? 'Unknown fields are not allowed.' : issue.message;
    if (!out.some((f) => f.path === path && f.message === message)) out.push({ path, message });
  }
  return out;
}

/** `input` as `schema` reads it, or a VALIDATION error with `message` and a field error for every issue. */
export function parseOrRefuse<S extends z.ZodType>(schema: S, input: unknown, message: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION', message, issuesToFieldErrors(parsed.error.issues));
  return parsed.data;
}
