import type { Statement } from 'better-sqlite3';
import { AppError } from '../../../shared/ipc/errors';
import type { ScheduleVisitInput, VisitListItem, VisitListPage, VisitListQuery } from '../../../shared/domain/visit';
import { storageGuard, type ServiceDeps } from './deps';
import { likeContains } from './patients';
import { appendAudit } from '../store/audit';

/** A visit as the list shows it: the columns are named as VisitListItem's fields, `isDemo` stored as 0/1. */
type VisitRow = Omit<VisitListItem, 'isDemo'> & { isDemo: number };

const toItem = (row: VisitRow): VisitListItem => ({ ...row, isDemo: row.isDemo === 1 });

const SELECT_VISIT_COLUMNS = `
  SELECT v.id, v.patient_id AS patientId, p.child_name AS childName, p.date_of_birth AS dateOfBirth, p.sex,
         v.scheduled_start AS scheduledStart, v.duration_minutes AS durationMinutes, v.reason, v.status, p.is_demo AS isDemo`;
const SELECT_VISIT = `${SELECT_VISIT_COLUMNS} FROM visits v JOIN patients p ON p.id = v.patient_id`;

/** Up to this many matching patients, a name search reads only their visits (measured in tests/bench/store.ts). */
const FEW_PATIENTS = 500;

/** Keyset cursor: the last row's (scheduled_start, id), so pages stay stable while visits are added. */
function encodeCursor(row: VisitRow): string {
  return Buffer.from(JSON.stringify([row.scheduledStart, row.id])).toString('base64url');
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
    `INSERT INTO visits (id, patient_id, scheduled_start, duration_minutes, reason, status, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, 'scheduled', ?, ?)`,
  );
  const scheduleTx = db.transaction((id: string, input: ScheduleVisitInput, start: string, reason: string | null, actor: string) => {
    const at = clock.now().toISOString();
    insert.run(id, input.patientId, start, input.durationMinutes, reason, at, actor);
    appendAudit(db, { actor, action: 'visit.create', entity: 'visit', entityId: id, at, detail: { patientId: input.patientId } });
  });
  const byId = db.prepare(`${SELECT_VISIT} WHERE v.id = ?`);
  // The list has a handful of query shapes; keep each prepared once.
  const statements = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare<unknown[]>(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const byTrigram = db.prepare(
    `SELECT p.id FROM patient_names n JOIN patients p ON p.rowid = n.rowid WHERE patient_names MATCH ? LIMIT ${FEW_PATIENTS + 1}`,
  );
  const byScan = db.prepare(`SELECT id FROM patients WHERE name_search LIKE ? ESCAPE '\\' LIMIT ${FEW_PATIENTS + 1}`);
  /** Ids of patients whose name contains `search` (up to FEW_PATIENTS + 1 of them). */
  const matchingPatients = (search: string): string[] => {
    const term = search.toLowerCase();
    const rows =
      [...term].length >= 3
        ? byTrigram.all(`"${term.replace(/"/g, '""')}"`)
        : byScan.all(likeContains(search));
    return (rows as { id: string }[]).map((r) => r.id);
  };

  return {
    /** Book a visit; `actor` is the signed-in clinician (the IPC handler passes the unlocked one). */
    async schedule(input: ScheduleVisitInput, actor = 'system'): Promise<VisitListItem> {
      if (!patientExists.get(input.patientId)) {
        throw new AppError('NOT_FOUND', 'That patient was not found.', [
          { path: 'patientId', message: 'Choose a patient from the list.' },
        ]);
      }
      const id = newId();
      // Stored in UTC ISO form so text order is time order.
      const start = new Date(input.scheduledStart).toISOString();
      const reason = input.reason && input.reason.length > 0 ? input.reason : null;
      storageGuard(() => scheduleTx(id, input, start, reason, actor));
      return this.get(id);
    },

    async get(id: string): Promise<VisitListItem> {
      const row = byId.get(id) as VisitRow | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'That visit was not found.');
      return toItem(row);
    },

    /**
     * Newest first, filtered by status, time window and patient name; keyset-paged.
     *
     * Name search runs in two steps, because one plan cannot serve both
     * kinds of search over many visits: find the matching patients first
     * (trigram index for 3+ characters, else a scan of patients, which are
     * far fewer than visits); when they are few, read just their visits
     * through visits_by_patient and sort those; when they are many, walk
     * the visits newest first, where matches turn up early.
     */
    async list(query: VisitListQuery = {}): Promise<VisitListPage> {
      // A removed (hidden) demo patient's visits leave every list; their rows stay.
      const where: string[] = ['p.hidden_at IS NULL'];
      const params: unknown[] = [];
      let few: string[] | null = null;
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
        const matches = matchingPatients(query.search);
        if (matches.length === 0) return { items: [], nextCursor: null };
        if (matches.length <= FEW_PATIENTS) {
          few = matches;
        } else {
          where.push(`p.name_search LIKE ? ESCAPE '\\'`);
          params.push(likeContains(query.search));
        }
      }
      if (query.cursor) {
        const [start, id] = decodeCursor(query.cursor);
        where.push('(v.scheduled_start < ? OR (v.scheduled_start = ? AND v.id < ?))');
        params.push(start, start, id);
      }
      const limit = query.limit ?? DEFAULT_PAGE_SIZE;
      const filter = where.length ? `${few ? 'AND' : 'WHERE'} ${where.join(' AND ')}` : '';
      // CROSS JOIN fixes the join order: matched patients first, then their visits by index.
      const sql = few
        ? `${SELECT_VISIT_COLUMNS} FROM json_each(?) m CROSS JOIN visits v INDEXED BY visits_by_patient ON v.patient_id = m.value
             JOIN patients p ON p.id = v.patient_id ${filter}
           ORDER BY v.scheduled_start DESC, v.id DESC LIMIT ?`
        : `${SELECT_VISIT} ${filter} ORDER BY v.scheduled_start DESC, v.id DESC LIMIT ?`;
      const args: unknown[] = few ? [JSON.stringify(few), ...params, limit + 1] : [...params, limit + 1];
      const rows = prepared(sql).all(...args) as VisitRow[];
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map(toItem), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },
  };
}
export type VisitService = ReturnType<typeof createVisitService>;
