import { AppError } from '../../../shared/ipc/errors';
import type { ScheduleVisitInput, VisitListItem, VisitListPage, VisitListQuery } from '../../../shared/domain/visit';
import { storageGuard, type ServiceDeps } from './deps';
import { likeContains } from './patients';

interface VisitRow {
  id: string;
  patient_id: string;
  child_name: string;
  date_of_birth: string;
  sex: VisitListItem['sex'];
  scheduled_start: string;
  duration_minutes: number;
  reason: string | null;
  status: VisitListItem['status'];
}

function toItem(row: VisitRow): VisitListItem {
  return {
    id: row.id,
    patientId: row.patient_id,
    childName: row.child_name,
    dateOfBirth: row.date_of_birth,
    sex: row.sex,
    scheduledStart: row.scheduled_start,
    durationMinutes: row.duration_minutes,
    reason: row.reason,
    status: row.status,
  };
}

const SELECT_VISIT = `
  SELECT v.id, v.patient_id, p.child_name, p.date_of_birth, p.sex, v.scheduled_start,
         v.duration_minutes, v.reason, v.status
  FROM visits v JOIN patients p ON p.id = v.patient_id`;

/** Keyset cursor: the last row's (scheduled_start, id), so pages stay stable while visits are added. */
function encodeCursor(row: VisitRow): string {
  return Buffer.from(JSON.stringify([row.scheduled_start, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return value as [string, string];
    }
  } catch {
    // fall through
  }
  throw new AppError('INVALID_REQUEST', 'The page cursor is not valid.', [{ path: 'cursor', message: 'Not a valid cursor.' }]);
}

export const DEFAULT_PAGE_SIZE = 50;

export function createVisitService(deps: ServiceDeps) {
  const { db, clock, newId } = deps;
  const patientExists = db.prepare(`SELECT 1 FROM patients WHERE id = ?`);
  const insert = db.prepare(
    `INSERT INTO visits (id, patient_id, scheduled_start, duration_minutes, reason, status, created_at)
     VALUES (?, ?, ?, ?, ?, 'scheduled', ?)`,
  );
  const byId = db.prepare(`${SELECT_VISIT} WHERE v.id = ?`);

  return {
    async schedule(input: ScheduleVisitInput): Promise<VisitListItem> {
      if (!patientExists.get(input.patientId)) {
        throw new AppError('NOT_FOUND', 'That patient was not found.', [
          { path: 'patientId', message: 'Choose a patient from the list.' },
        ]);
      }
      const id = newId();
      // Stored in UTC ISO form so text order is time order.
      const start = new Date(input.scheduledStart).toISOString();
      const reason = input.reason && input.reason.length > 0 ? input.reason : null;
      storageGuard(() =>
        insert.run(id, input.patientId, start, input.durationMinutes, reason, clock.now().toISOString()),
      );
      return this.get(id);
    },

    async get(id: string): Promise<VisitListItem> {
      const row = byId.get(id) as VisitRow | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'That visit was not found.');
      return toItem(row);
    },

    /** Newest first, filtered by status, time window and patient name; keyset-paged. */
    async list(query: VisitListQuery = {}): Promise<VisitListPage> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.status) {
        where.push('v.status = ?');
        params.push(query.status);
      }
      if (query.from) {
        where.push('v.scheduled_start >= ?');
        params.push(new Date(query.from).toISOString());
      }
      if (query.to) {
        where.push('v.scheduled_start < ?');
        params.push(new Date(query.to).toISOString());
      }
      if (query.search) {
        where.push(`p.name_search LIKE ? ESCAPE '\\'`);
        params.push(likeContains(query.search));
      }
      if (query.cursor) {
        const [start, id] = decodeCursor(query.cursor);
        where.push('(v.scheduled_start < ? OR (v.scheduled_start = ? AND v.id < ?))');
        params.push(start, start, id);
      }
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const sql = `${SELECT_VISIT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY v.scheduled_start DESC, v.id DESC LIMIT ?`;
      const rows = db.prepare(sql).all(...params, limit + 1) as VisitRow[];
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map(toItem), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },
  };
}
export type VisitService = ReturnType<typeof createVisitService>;
