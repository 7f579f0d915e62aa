/**
 * Earlier visits beside today's finding, for the movement on screen (issue
 * 16, item 7): today's saved finding, then the same patient's earlier signed
 * visits (newest first, at most HISTORY_VISITS), each with its finding, side,
 * pain score and attached camera estimate, and how today compares with it,
 * in words. Read-only; the data is read once per visit.
 */
import type { Maneuver, Observation } from '../../../shared/clinical';
import { HISTORY_VISITS } from '../../../shared/domain/visit-history';
import { compareFindings } from '../../../shared/domain/visit-history-compare';
import { CONSOLE } from '../../../shared/words/console';
import { tierLabel } from '../red-flags/labels';
import { ChangeMark } from '../visits/ChangeMark';
import { estimateWords, findingWords, painWords, sideWords, storedSummary, valuesSummary, visitDate, type PreviousLoad } from '../visits/findings-text';

const t = CONSOLE.checklist.earlier;

export function EarlierFindings({ maneuver: m, today, load }: { maneuver: Maneuver; today: Observation | undefined; load: PreviousLoad }) {
  const headingId = `earlier-${m.id}`;
  if (load.kind === 'loading') return null;
  if (load.kind === 'error') {
    return (
      <p className="earlier-findings muted" data-testid="earlier-findings" data-state="error">
        {t.error(load.message)}
      </p>
    );
  }
  const previous = load.data.previous;
  if (previous.length === 0) {
    return (
      <p className="earlier-findings empty" data-testid="earlier-findings" data-state="empty">
        {t.none}
      </p>
    );
  }
  const todaySummary = valuesSummary(m, today);
  const newest = previous[0]!;
  const headline = compareFindings(storedSummary(m, newest.findings[m.id]), todaySummary);
  return (
    <details className="earlier-findings" data-testid="earlier-findings" data-state="ready" open>
      <summary>
        {t.summary(previous.length)} <ChangeMark change={headline} />
      </summary>
      <table>
        <caption id={headingId} className="visually-hidden">
          {t.caption(m.title, previous.length, HISTORY_VISITS)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t.visit}</th>
            <th scope="col">{t.finding}</th>
            <th scope="col">{t.compared}</th>
          </tr>
        </thead>
        <tbody>
          <tr className="today-row" data-testid="earlier-today">
            <th scope="row">{t.today}</th>
            <td className="finding-cell">
              {today ? findingWords(m, today) : t.notRecordedYet}
              {todaySummary && sideWords(todaySummary.side) && <span className="finding-extra">{t.side(sideWords(todaySummary.side)!)}</span>}
              {todaySummary && painWords(todaySummary.painScore, todaySummary.painScale) && (
                <span className="finding-extra">{painWords(todaySummary.painScore, todaySummary.painScale)}</span>
              )}
            </td>
            <td>—</td>
          </tr>
          {previous.map((p) => {
            const f = p.findings[m.id];
            return (
              <tr key={p.visitId} data-testid="earlier-row" data-visit={p.visitId}>
                <th scope="row">
                  {visitDate(p.scheduledStart)}
                  {p.tier && <span className="finding-extra">{tierLabel(p.tier)}</span>}
                </th>
                <td className="finding-cell">
                  {f ? findingWords(m, f.values) : t.notRecorded}
                  {f && sideWords(f.side) && <span className="finding-extra">{t.side(sideWords(f.side)!)}</span>}
                  {f && painWords(f.painScore, f.painScale) && <span className="finding-extra">{painWords(f.painScore, f.painScale)}</span>}
                  {f?.estimates.map((e) => (
                    <span key={e.measure} className="finding-extra" data-testid="earlier-estimate">
                      {estimateWords(e)}
                    </span>
                  ))}
                </td>
                <td>
                  <ChangeMark change={compareFindings(storedSummary(m, f), todaySummary)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}
