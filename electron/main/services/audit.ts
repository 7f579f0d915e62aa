/** Read-side of the audit trail: verify the chain, list a record's rows, read the head to keep elsewhere. */
import { auditHead, auditRowsFor, verifyAuditChain, type AuditRow, type AuditVerification } from '../store/audit';
import type { ServiceDeps } from './deps';

export function createAuditService(deps: ServiceDeps) {
  const { db } = deps;
  return {
    async verify(): Promise<AuditVerification> {
      return verifyAuditChain(db);
    },
    /** Rows about one record (visit id, observation id, …), oldest first. */
    async rowsFor(entityId: string): Promise<AuditRow[]> {
      return auditRowsFor(db, entityId);
    },
    async head(): Promise<{ rows: number; hash: string }> {
      return auditHead(db);
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
