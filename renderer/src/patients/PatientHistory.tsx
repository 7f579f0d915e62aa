/**
 * A patient's visit history on home (issue 16, item 7): every visit (date,
 * status, decision tier, movements recorded), newest first; pick any two and
 * see their checklists side by side, movements aligned row by row, changes
 * marked in words. Read-only. Keyboard: the list is checkboxes and buttons in
 * reading order; the comparison's heading takes focus when it opens.
 */
import { useEffect, useRef, useState } from 'react';
import type { VisitComparison, VisitHistory } from '../../../shared/domain/visit-history';
import { client } from '../api/client';
import { formatWhen } from '../app/dates';
import { visitHref } from '../app/router';
import { tierName } from '../red-flags/labels';
import { WORDS } from '../../../shared/words';
import { FindingsGrid } from '../visits/FindingsGrid';
import { visitDate } from '../visits/findings-text';
import { STATUS_LABEL } from '../visits/VisitList';
import '../visits/history.css';
import { ColumnHeads } from '../app/ColumnHeads';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.patients.history;
const COLUMNS = [t.columns.compare, t.columns.date, t.columns.status, t.columns.decision, t.columns.recorded, t.columns.open];

export function PatientHistory({ patientId, childName, onClose }: { patientId: string; childName: string; onClose: () => void }) {
  const [history, setHistory] = useState<VisitHistory | null>(null);
  const [error, setError] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [comparison, setComparison] = useState<VisitComparison | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const compareHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    setHistory(null);
    setPicked([]);
    setComparison(null);
    client.getVisitHistory({ patientId }).then(
      (h) => {
        if (live) {
          setHistory(h);
          setError('');
        }
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : t.loadFailed),
    );
    heading.current?.focus();
    return () => {
      live = false;
    };
  }, [patientId]);

  useEffect(() => {
    if (comparison) compareHeading.current?.focus();
  }, [comparison]);

  const toggle = (visitId: string) => {
    setComparison(null);
    setPicked((p) => (p.includes(visitId) ? p.filter((x) => x !== visitId) : [...p, visitId].slice(-2)));
  };

  async function compare() {
    if (picked.length !== 2) return;
    try {
      setComparison(await client.compareVisits({ firstVisitId: picked[0]!, secondVisitId: picked[1]! }));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const columnHeading = (c: VisitComparison['earlier']) => t.column(visitDate(c.scheduledStart), STATUS_LABEL[c.status].toLowerCase(), c.tier);

  return (
    <section className="card visit-history" aria-labelledby="history-title" data-testid="patient-history">
      <h2 id="history-title" ref={heading} tabIndex={-1}>
        {t.title(childName)}
      </h2>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {!history && !error && <p className="muted">{t.loading}</p>}
      {history && history.visits.length === 0 && <p className="empty">{t.none}</p>}
      {history && history.visits.length > 0 && (
        <>
          <table>
            <caption className="visually-hidden">{t.caption(childName)}</caption>
            <ColumnHeads names={COLUMNS} />
            <tbody>
              {history.visits.map((v) => {
                const id = `pick-${v.visitId}`;
                return (
                  <tr key={v.visitId} data-testid="history-row" data-visit-id={v.visitId}>
                    <td>
                      <input id={id} type="checkbox" checked={picked.includes(v.visitId)} onChange={() => toggle(v.visitId)} />
                      <label htmlFor={id} className="visually-hidden">
                        {t.pick(formatWhen(v.scheduledStart))}
                      </label>
                    </td>
                    <td>{formatWhen(v.scheduledStart)}</td>
                    <td>
                      <span className={`badge status-${v.status}`}>{STATUS_LABEL[v.status]}</span>
                    </td>
                    <td>{v.tier ? `${WORDS.en.labels.tier(v.tier)}: ${tierName(v.tier)}` : <span className="muted">{t.noDecision}</span>}</td>
                    <td>{v.recorded}</td>
                    <td>
                      <a href={visitHref(v.visitId)} aria-label={t.openLabel(formatWhen(v.scheduledStart))}>
                        {t.open}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {history.truncated && <p className="history-limits">{t.truncated(history.visits.length)}</p>}
          <div className="compare-actions">
            <button type="button" onClick={() => void compare()} disabled={picked.length !== 2} data-testid="compare-visits">
              {t.compare}
            </button>
            <span className="muted" aria-live="polite">
              {picked.length === 2 ? t.twoPicked : t.pickMore(2 - picked.length)}
            </span>
            <button type="button" className="button-quiet" onClick={onClose}>
              {t.close}
            </button>
          </div>
        </>
      )}
      {comparison && (
        <section aria-labelledby="compare-title" data-testid="visit-comparison">
          <h3 id="compare-title" ref={compareHeading} tabIndex={-1}>
            {t.sideBySide(visitDate(comparison.earlier.scheduledStart), visitDate(comparison.later.scheduledStart))}
          </h3>
          <FindingsGrid
            testId="comparison-grid"
            caption={t.comparisonCaption}
            columns={[
              { key: comparison.earlier.visitId, heading: columnHeading(comparison.earlier), stored: comparison.earlier.findings },
              { key: comparison.later.visitId, heading: columnHeading(comparison.later), stored: comparison.later.findings },
            ]}
          />
          <p className="history-limits">{CONSOLE.visits.findings.readingAid}</p>
        </section>
      )}
    </section>
  );
}
