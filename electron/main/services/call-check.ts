/**
 * The call check (issue 16): at the start of a call the clinician confirms
 * where the child is and a call-back number. Recorded before a tier A or B
 * decision can be signed (shared/clinical/gate.ts, and the store's trigger
 * from migration 0015). Bad input is refused with a clear error and writes
 * nothing; a signed visit takes no new check.
 */
import { AppError } from '../../../shared/ipc/errors';
import { CallCheckInput, type CallCheckView } from '../../../shared/domain/call';
import { issuesToFieldErrors } from '../../../shared/ipc/issues';
import { createCallCheckRepository, type StoredCallCheck } from '../store/call-checks';
import { storageGuard, type ServiceDeps } from './deps';

const view = (c: StoredCallCheck): CallCheckView => ({
  childLocation: c.childLocation,
  callbackPhone: c.callbackPhone,
  recordedAt: c.recordedAt,
  recordedBy: c.recordedBy,
});

export function createCallCheckService(deps: ServiceDeps) {
  const repo = createCallCheckRepository(deps.db);
  const statusOf = deps.db.prepare(`SELECT status FROM visits WHERE id = ?`).pluck();
  return {
    /** Record (or correct, as a new row) where the child is and the call-back number. */
    record(input: CallCheckInput, actor: string): CallCheckView {
      const parsed = CallCheckInput.safeParse(input);
      if (!parsed.success) throw new AppError('VALIDATION', 'Check the location and the call-back number.', issuesToFieldErrors(parsed.error.issues));
      const { visitId, childLocation, callbackPhone } = parsed.data;
      const status = statusOf.get(visitId) as string | undefined;
      if (status === undefined) throw new AppError('NOT_FOUND', 'That visit was not found.');
      if (status === 'signed') throw new AppError('CONFLICT', 'This visit is signed: add an addendum instead.');
      return view(storageGuard(() => repo.record(visitId, childLocation, callbackPhone, deps.clock.now().toISOString(), actor)));
    },
    current(visitId: string): CallCheckView | null {
      const c = repo.current(visitId);
      return c ? view(c) : null;
    },
  };
}
export type CallCheckService = ReturnType<typeof createCallCheckService>;
