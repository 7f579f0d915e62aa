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
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visits.list;

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
    { id: 'today', title: t.today, items: groups.today, empty: t.noneToday },
    { id: 'upcoming', title: t.upcoming, items: groups.upcoming, empty: t.noneUpcoming },
    { id: 'past', title: t.past, items: groups.past, empty: t.nonePast },
  ];
  return (
    <section className="card visit-list" aria-labelledby="visits-title">
      <h2 id="visits-title">{t.title}</h2>
      <div className="list-filters">
        <label htmlFor="visit-search">{t.search}</label>
        <input id="visit-search" type="search" value={props.search} onChange={(e) => props.onSearch(e.target.value)} maxLength={100} />
        <label htmlFor="visit-status">{t.status}</label>
        <select id="visit-status" value={props.status} onChange={(e) => props.onStatus(e.target.value as VisitStatus | '')}>
          <option value="">{t.allStatuses}</option>
          {VISIT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      {props.error && <p role="alert" className="form-error">{props.error}</p>}
      {deliveries.error && <p role="alert" className="form-error">{deliveries.error}</p>}
      {!props.loading && props.items.length === 0 && <p className="empty">{t.none}</p>}
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
            <span className="badge badge-demo">{t.demo}</span>
          </Fragment>
        )}
      </span>
      <span className="visit-age">{shortAge(v.dateOfBirth)}</span>
      <span className={`badge status-${v.status}`}>{STATUS_LABEL[v.status]}</span>
      {delivery && <span className="visit-marks">{delivery}</span>}
      {v.reason && <span className="visit-reason">{v.reason}</span>}
      <span className="visit-actions">
        <a className="button-link" href={visitHref(v.id)} aria-label={t.openRoomLabel(v.childName, formatWhen(v.scheduledStart))}>
          {t.openRoom}
        </a>
        <button type="button" className="button-quiet" aria-expanded={open} aria-controls={previewId} onClick={() => void toggle()}>
          {t.preVisit}
        </button>
        {onHistory && (
          <button type="button" className="button-quiet" onClick={() => onHistory(v.patientId, v.childName)} aria-label={t.historyLabel(v.childName)}>
            {t.history}
          </button>
        )}
        {v.isDemo && (
          <button type="button" className="button-quiet" onClick={() => onRemoveDemo(v.patientId)}>
            {t.removeDemo}
          </button>
        )}
      </span>
      {open && (
        <div id={previewId} className="visit-preview" data-testid="intake-preview">
          {error ? <p className="form-error">{error}</p> : preview ? <IntakeSummary intake={preview.intake} headingLevel={3} /> : <p>{t.loading}</p>}
        </div>
      )}
    </li>
  );
}
