/**
 * The record service's one write helper (issue 15, item 3): every command
 * validates its input with its zod schema ({@link parseInput}), then makes
 * its change and the change's audit row in one transaction ({@link Writer.write}),
 * where the SQL triggers' refusals become the typed errors a clinician reads.
 */
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { AppError, type FieldError } from '../../../../shared/ipc/errors';
import { issuesToFieldErrors } from '../../../../shared/ipc/issues';
import { appendAudit, withAuditHead, type AuditAction, type AuditDetail } from '../../store/audit';
import { storageGuard } from '../deps';

/** The one refusal for a change to a signed visit (the service's check and the 0006 trigger say the same). */
export const signedConflict = () => new AppError('CONFLICT', 'This visit is signed and cannot be changed. Add an addendum to correct it.');

export const noConsent = () =>
  new AppError('CONFLICT', 'The family has not agreed to still images for this visit. Record their consent first.', [
    { path: 'consent', message: 'No still-image consent is recorded for this visit.' },
  ]);

export const staleObservation = () => new AppError('CONFLICT', 'This observation was changed meanwhile; reload it and try again.');
export const staleVisit = () => new AppError('CONFLICT', 'The visit changed meanwhile; reload it.');

/**
 * Validate a command's input once, with its schema (shared/domain/record-input.ts). `more` are the
 * command's own findings that need the store (an addendum's target), listed in the same error.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, more: readonly FieldError[] = []): z.output<S> {
  const parsed = schema.safeParse(input);
  const fields = parsed.success ? [] : issuesToFieldErrors(parsed.error.issues);
  for (const f of more) if (!fields.some((g) => g.path === f.path && g.message === f.message)) fields.push(f);
  if (fields.length > 0 || !parsed.success) throw new AppError('VALIDATION', 'Some of the information is not valid.', fields);
  return parsed.data;
}

/** The trigger refusals (their messages start with these words) as the errors the clinician reads. */
function mapStoreRefusal(error: unknown): never {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  if (code === 'SQLITE_CONSTRAINT_TRIGGER') {
    if (message.startsWith('visit is signed')) throw signedConflict();
    if (message.startsWith('close gate')) {
      throw new AppError('GATE_BLOCKED', 'The visit cannot be signed yet.', [{ path: 'gate', message: 'The record changed; check it again.' }]);
    }
    if (message.startsWith('no still-capture consent')) throw noConsent();
    throw new AppError('CONFLICT', 'That change is not allowed for this visit.');
  }
  // A row for a visit that does not exist (the hot path checks no visit first; the foreign key does).
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new AppError('NOT_FOUND', 'That visit was not found.');
  throw error;
}

export interface Writer {
  /**
   * Run `fn` in one transaction, reading the audit chain head at most once; disk full etc. become
   * STORAGE, trigger refusals become typed errors. `fn` must be synchronous.
   */
  write<T>(fn: () => T): T;
  /** Append the change's audit row (call inside {@link write}). */
  audit(actor: string, action: AuditAction, entity: string, entityId: string, at: string, detail?: AuditDetail): void;
}

export function createWriter(db: Database): Writer {
  // One transaction wrapper for every write (making a new one per call costs measurable time on the hot path).
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  return {
    write<T>(fn: () => T): T {
      try {
        return storageGuard(() => inTransaction(() => withAuditHead(db, fn)) as T);
      } catch (error) {
        return mapStoreRefusal(error);
      }
    },
    audit(actor, action, entity, entityId, at, detail) {
      appendAudit(db, { actor, action, entity, entityId, at, ...(detail ? { detail } : {}) });
    },
  };
}

/** Which fields differ between two versions of an entry (names only: they go into the audit log). */
export function changedFields<T extends object>(before: T, after: T, keys: readonly (keyof T)[]): string[] {
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map(String);
}
