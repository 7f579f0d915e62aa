/**
 * Reviewing checklists across visits (issue 16, item 7): read-only.
 *
 * - previousFindings: the earlier signed visits of the visit's own patient
 *   (at most HISTORY_VISITS), each movement's finding, side, pain score and
 *   attached camera estimates; one SQL read (store/visit-history.ts).
 * - history: a patient's visits (dates, status, decision tier), newest first.
 * - compare: any two visits of one patient, the earlier first.
 *
 * Nothing here writes; the IPC handlers (visit-history-handlers.ts) add the
 * audit entry for reading a patient's history, as patients:painHistory does.
 */
import { AppError } from '../../../shared/ipc/errors';
import { Observation as ObservationSchema, TierId, type Observation } from '../../../shared/clinical';
import { VISIT_STATUSES } from '../../../shared/domain/visit';
import {
  BODY_SIDES,
  HISTORY_LIST_MAX,
  HISTORY_VISITS,
  OBSERVATION_RESULTS,
  type HistoryEstimate,
  type HistoryFinding,
  type PreviousFindings,
  type VisitChecklist,
  type VisitComparison,
  type VisitHistory,
} from '../../../shared/domain/visit-history';
import { MEASURE_IDS, MEASURE_UNITS, type MeasureId } from '../../../shared/pose/geometry';
import { poseMeasures } from '../../../shared/pose/measures-content';
import { createVisitHistoryRepository, type HistoryRow } from '../store/visit-history';
import type { ServiceDeps } from './deps';

const ObservationValue = ObservationSchema.valueType;

const oneOf = <T extends string>(list: readonly T[], v: unknown, fallback: T): T => (list.includes(v as T) ? (v as T) : fallback);

function parseJson(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Only values the room can show (as viewOf in visit-room.ts does): a shape an older version stored is left out. */
function readableValues(fieldsJson: string | null): Observation {
  const raw = parseJson(fieldsJson);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => ObservationValue.safeParse(v).success)) as Observation;
}

function estimatesOf(json: string | null): HistoryEstimate[] {
  const raw = parseJson(json);
  if (!Array.isArray(raw)) return [];
  const out: HistoryEstimate[] = [];
  for (const e of raw as { measure?: unknown; value?: unknown; unit?: unknown }[]) {
    if (!MEASURE_IDS.includes(e.measure as MeasureId) || typeof e.value !== 'number' || !MEASURE_UNITS.includes(e.unit as never)) continue;
    out.push({
      measure: e.measure as MeasureId,
      label: poseMeasures.byId(e.measure as MeasureId)?.label ?? String(e.measure),
      value: e.value,
      unit: e.unit as HistoryEstimate['unit'],
    });
  }
  return out;
}

function findingOf(r: HistoryRow): HistoryFinding {
  const score = typeof r.pain_score === 'number' && Number.isInteger(r.pain_score) && r.pain_score >= 0 && r.pain_score <= 10 ? r.pain_score : null;
  return {
    result: oneOf(OBSERVATION_RESULTS, r.result, 'not_tested'),
    side: oneOf(BODY_SIDES, r.side, 'not_applicable'),
    painScore: score,
    painScale: score === null ? null : r.pain_scale,
    values: readableValues(r.fields_json),
    estimates: estimatesOf(r.estimates_json),
  };
}

/** Rows (one per visit and movement, grouped by visit in order) into checklists, in the same order. */
function checklistsOf(rows: readonly HistoryRow[]): VisitChecklist[] {
  const out: VisitChecklist[] = [];
  const byId = new Map<string, VisitChecklist>();
  for (const r of rows) {
    if (!r.visit_id) continue;
    let c = byId.get(r.visit_id);
    if (!c) {
      const tier = TierId.safeParse(r.tier);
      c = {
        visitId: r.visit_id,
        scheduledStart: r.scheduled_start ?? '',
        status: oneOf(VISIT_STATUSES, r.status, 'scheduled'),
        signedAt: r.signed_at,
        tier: tier.success ? tier.data : null,
        findings: {},
      };
      byId.set(r.visit_id, c);
      out.push(c);
    }
    if (r.maneuver_id) c.findings[r.maneuver_id] = findingOf(r);
  }
  return out;
}

const notFound = (what: 'visit' | 'patient') => new AppError('NOT_FOUND', `That ${what} was not found.`);

export function createVisitHistoryService(deps: Pick<ServiceDeps, 'db'>) {
  const repo = createVisitHistoryRepository(deps.db);
  return {
    /** The earlier signed visits of this visit's patient, newest first, at most `limit` (default HISTORY_VISITS). */
    async previousFindings(visitId: string, limit: number = HISTORY_VISITS): Promise<PreviousFindings> {
      if (!Number.isInteger(limit) || limit < 1 || limit > 20) throw new AppError('VALIDATION', 'Show between 1 and 20 earlier visits.');
      const rows = repo.previous(visitId, limit);
      if (rows.length === 0) throw notFound('visit');
      return { visitId, patientId: rows[0]!.cur_patient_id, limit, previous: checklistsOf(rows) };
    },

    /** A patient's visits, newest first (at most HISTORY_LIST_MAX). */
    async history(patientId: string): Promise<VisitHistory> {
      const rows = repo.list(patientId, HISTORY_LIST_MAX + 1);
      if (rows.length === 0) throw notFound('patient');
      const visits = rows
        .filter((r) => r.visit_id)
        .slice(0, HISTORY_LIST_MAX)
        .map((r) => {
          const tier = TierId.safeParse(r.tier);
          return {
            visitId: r.visit_id!,
            scheduledStart: r.scheduled_start ?? '',
            status: oneOf(VISIT_STATUSES, r.status, 'scheduled'),
            signedAt: r.signed_at,
            tier: tier.success ? tier.data : null,
            reason: r.reason,
            recorded: r.recorded ?? 0,
          };
        });
      return { patientId, visits, truncated: rows.length > HISTORY_LIST_MAX };
    },

    /** Two visits of one patient side by side, the earlier first. */
    async compare(firstVisitId: string, secondVisitId: string): Promise<VisitComparison> {
      if (firstVisitId === secondVisitId) {
        throw new AppError('VALIDATION', 'Pick two different visits to compare.', [{ path: 'secondVisitId', message: 'The same visit was picked twice.' }]);
      }
      const rows = repo.pair(firstVisitId, secondVisitId);
      const lists = checklistsOf(rows);
      if (lists.length < 2) throw notFound('visit');
      const patients = new Set(rows.map((r) => r.patient_id));
      if (patients.size !== 1) {
        throw new AppError('VALIDATION', 'Both visits must be of the same patient.', [{ path: 'secondVisitId', message: 'This visit is of another patient.' }]);
      }
      return { patientId: rows[0]!.patient_id!, earlier: lists[0]!, later: lists[1]! };
    },
  };
}
export type VisitHistoryService = ReturnType<typeof createVisitHistoryService>;
