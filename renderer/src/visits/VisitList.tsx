import { VISIT_STATUSES, type VisitListItem, type VisitStatus } from '../../../shared/domain/visit';
import { formatWhen, shortAge } from '../app/dates';

export const STATUS_LABEL: Record<VisitStatus, string> = {
  scheduled: 'Scheduled',
  waiting: 'Waiting room',
  in_progress: 'In progress',
  awaiting_decision: 'Awaiting decision',
  signed: 'Signed',
};

export function VisitList(props: {
  items: VisitListItem[];
  search: string;
  status: VisitStatus | '';
  onSearch: (s: string) => void;
  onStatus: (s: VisitStatus | '') => void;
  loading: boolean;
  error: string;
}) {
  return (
    <section className="card visit-list" aria-labelledby="visits-title">
      <h2 id="visits-title">Visits</h2>
      <div className="list-filters">
        <label htmlFor="visit-search">Search by patient</label>
        <input id="visit-search" type="search" value={props.search} onChange={(e) => props.onSearch(e.target.value)} maxLength={100} />
        <label htmlFor="visit-status">Status</label>
        <select id="visit-status" value={props.status} onChange={(e) => props.onStatus(e.target.value as VisitStatus | '')}>
          <option value="">All</option>
          {VISIT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      {props.error && <p role="alert" className="form-error">{props.error}</p>}
      {!props.loading && props.items.length === 0 && <p className="empty">No visits yet.</p>}
      <ul className="visit-rows" aria-busy={props.loading}>
        {props.items.map((v) => (
          <li key={v.id} className="visit-row" data-testid="visit-row">
            <span className="visit-when">{formatWhen(v.scheduledStart)}</span>
            <span className="visit-name">{v.childName}</span>
            <span className="visit-age">{shortAge(v.dateOfBirth)}</span>
            <span className={`badge status-${v.status}`}>{STATUS_LABEL[v.status]}</span>
            {v.reason && <span className="visit-reason">{v.reason}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
