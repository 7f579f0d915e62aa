import { Fragment, useState } from 'react';
import { VISIT_STATUSES, type VisitListItem, type VisitStatus } from '../../../shared/domain/visit';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { client } from '../api/client';
import { formatWhen, localToday, shortAge } from '../app/dates';
import { visitHref } from '../app/router';
import { IntakeSummary } from './IntakeSummary';
import { DeliveryBadge, useDeliveries } from '../ehr/Delivery';
import { ScheduleMark, useScheduleLinks } from '../ehr/Schedule';
import { WORDS } from '../../../shared/words';

/** The shared catalog's status names (shared/words): the console, the family page and the exports say the same. */
export const STATUS_LABEL: Record<VisitStatus, string> = WORDS.en.labels.visitStatus;

/** The clinician's local calendar date of an instant. */
const localDate = (iso: string) => localToday(new Date(iso));

/** Today's visits (earliest first), upcoming (earliest first), past (latest first). */
export function groupVisits(items: VisitListItem[], today = localToday()) {
  const byStart = (a: VisitListItem, b: VisitListItem) => (a.scheduledStart < b.scheduledStart ? -1 : a.scheduledStart > b.scheduledStart ? 1 : 0);
  return {
    today: items.filter((v) => localDate(v.scheduledStart) === today).sort(byStart),
    upcoming: items.filter((v) => localDate(v.scheduledStart) > today).sort(byStart),
    past: items.filter((v) => localDate(v.scheduledStart) < today).sort((a, b) => byStart(b, a)),
  };
}

export function VisitList(props: {
  items: VisitListItem[];
  search: string;
  status: VisitStatus | '';
  onSearch: (s: string) => void;
  onStatus: (s: VisitStatus | '') => void;
  onRemoveDemo: (patientId: string) => void;
  /** Issue 16 item 7: open the patient's visit history. */
  onHistory?: (patientId: string, childName: string) => void;
  loading: boolean;
  error: string;
}) {
  const groups = groupVisits(props.items);
  const deliveries = useDeliveries(props.items.filter((v) => v.status === 'signed').map((v) => v.id));
  const scheduleLinks = useScheduleLinks(props.items.map((v) => v.id));
  const sections = [
    { id: 'today', title: 'Today', items: groups.today, empty: 'No visits today.' },
    { id: 'upcoming', title: 'Upcoming', items: groups.upcoming, empty: 'No upcoming visits.' },
    { id: 'past', title: 'Past', items: groups.past, empty: 'No past visits.' },
  ];
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
      {deliveries.error && <p role="alert" className="form-error">{deliveries.error}</p>}
      {!props.loading && props.items.length === 0 && <p className="empty">No visits yet.</p>}
      {props.items.length > 0 &&
        sections.map((s) => (
          <section key={s.id} className="visit-section" aria-labelledby={`visits-${s.id}`} data-testid={`visits-${s.id}`}>
            <h3 id={`visits-${s.id}`}>
              {s.title} ({s.items.length})
            </h3>
            {s.items.length === 0 ? (
              <p className="empty">{s.empty}</p>
            ) : (
              <ul className="visit-rows" aria-busy={props.loading}>
                {s.items.map((v) => (
                  <VisitRow
                    key={v.id}
                    visit={v}
                    onRemoveDemo={props.onRemoveDemo}
                    onHistory={props.onHistory}
                    delivery={
                      <>
                        <ScheduleMark link={scheduleLinks.get(v.id)} />
                        <DeliveryBadge state={deliveries.states.get(v.id)} onRetry={() => void deliveries.retry(v.id)} />
                      </>
                    }
                  />
                ))}
              </ul>
            )}
          </section>
        ))}
    </section>
  );
}

function VisitRow({
  visit: v,
  onRemoveDemo,
  onHistory,
  delivery,
}: {
  visit: VisitListItem;
  onRemoveDemo: (patientId: string) => void;
  onHistory?: (patientId: string, childName: string) => void;
  delivery?: React.ReactNode;
}) {
  const [preview, setPreview] = useState<VisitRoomState | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState('');
  const previewId = `preview-${v.id}`;

  async function toggle() {
    if (open) {
      setOpen(false);
      return;
    }
    setOpen(true);
    try {
      setPreview(await client.peekVisit({ visitId: v.id }));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <li className="visit-row" data-testid="visit-row" data-visit-id={v.id}>
      <span className="visit-when">{formatWhen(v.scheduledStart)}</span>
      <span className="visit-name">
        {v.childName}
        {v.isDemo && (
          <Fragment>
            {' '}
            <span className="badge badge-demo">DEMO</span>
          </Fragment>
        )}
      </span>
      <span className="visit-age">{shortAge(v.dateOfBirth)}</span>
      <span className={`badge status-${v.status}`}>{STATUS_LABEL[v.status]}</span>
      {delivery && <span className="visit-marks">{delivery}</span>}
      {v.reason && <span className="visit-reason">{v.reason}</span>}
      <span className="visit-actions">
        <a className="button-link" href={visitHref(v.id)} aria-label={`Open visit room: ${v.childName}, ${formatWhen(v.scheduledStart)}`}>
          Open visit room
        </a>
        <button type="button" className="button-quiet" aria-expanded={open} aria-controls={previewId} onClick={() => void toggle()}>
          Pre-visit answers
        </button>
        {onHistory && (
          <button type="button" className="button-quiet" onClick={() => onHistory(v.patientId, v.childName)} aria-label={`Visit history: ${v.childName}`}>
            Visit history
          </button>
        )}
        {v.isDemo && (
          <button type="button" className="button-quiet" onClick={() => onRemoveDemo(v.patientId)}>
            Remove demo patient
          </button>
        )}
      </span>
      {open && (
        <div id={previewId} className="visit-preview" data-testid="intake-preview">
          {error ? <p className="form-error">{error}</p> : preview ? <IntakeSummary intake={preview.intake} headingLevel={3} /> : <p>Loading…</p>}
        </div>
      )}
    </li>
  );
}
