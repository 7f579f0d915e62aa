/**
 * Checklists side by side (issue 16, item 7): one row per movement, one
 * column per visit (oldest first), and how the last column changed since the
 * one before it, in words. Used by the signed record (earlier visits beside
 * this one) and by home's side-by-side view of any two visits.
 */
import { clinicalContent, type Maneuver } from '../../../shared/clinical';
import type { HistoryEstimate } from '../../../shared/domain/visit-history';
import { compareFindings, type FindingSummary } from '../../../shared/domain/visit-history-compare';
import { ChangeMark } from './ChangeMark';
import { CONSOLE } from '../../../shared/words/console';
import { estimateWords, findingWords, painWords, sideWords, storedSummary, valuesSummary, type FindingsColumn } from './findings-text';

const MANEUVERS = clinicalContent.maneuvers.maneuvers;
const t = CONSOLE.visits.findings;

function cellOf(m: Maneuver, c: FindingsColumn): { summary: FindingSummary | undefined; words: string | null; estimates: HistoryEstimate[] } {
  const stored = c.stored?.[m.id];
  if (stored) return { summary: storedSummary(m, stored), words: findingWords(m, stored.values), estimates: stored.estimates };
  const values = c.values?.[m.id];
  if (values) return { summary: valuesSummary(m, values), words: findingWords(m, values), estimates: c.estimates?.[m.id] ?? [] };
  return { summary: undefined, words: null, estimates: [] };
}

export function FindingsGrid({ columns, caption, testId }: { columns: FindingsColumn[]; caption: string; testId: string }) {
  const recorded = MANEUVERS.map((m) => ({ m, cells: columns.map((c) => cellOf(m, c)) })).filter((r) => r.cells.some((c) => c.words !== null));
  // Movements skipped (or never recorded) at every visit shown fold into one line: the rows left are the ones to compare.
  const rows = recorded.filter((r) => r.cells.some((c) => c.summary && c.summary.result !== 'not_tested'));
  const folded = recorded.filter((r) => !rows.includes(r));
  const reference = columns[columns.length - 1];
  const before = columns[columns.length - 2];
  return (
    <div className="findings-grid" data-testid={testId}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.movement}</th>
            {columns.map((c) => (
              <th scope="col" key={c.key}>
                {c.heading}
              </th>
            ))}
            {before && reference && (
              <th scope="col">{t.change(reference.heading, before.heading)}</th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length + 2} className="empty">
                {t.noneRecorded}
              </td>
            </tr>
          )}
          {rows.map(({ m, cells }) => (
            <tr key={m.id} data-testid="grid-row" data-maneuver={m.id}>
              <th scope="row">{m.title}</th>
              {cells.map((c, i) => (
                <td key={columns[i]!.key} className="finding-cell">
                  {c.words ?? <span className="muted">{t.notRecorded}</span>}
                  {c.summary && sideWords(c.summary.side) && <span className="finding-extra">{t.side(sideWords(c.summary.side)!)}</span>}
                  {c.summary && painWords(c.summary.painScore, c.summary.painScale) && (
                    <span className="finding-extra">{painWords(c.summary.painScore, c.summary.painScale)}</span>
                  )}
                  {c.estimates.map((e) => (
                    <span key={e.measure} className="finding-extra">
                      {estimateWords(e)}
                    </span>
                  ))}
                </td>
              ))}
              {before && (
                <td>
                  <ChangeMark change={compareFindings(cells[cells.length - 2]!.summary, cells[cells.length - 1]!.summary)} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {folded.length > 0 && (
        <p className="history-limits" data-testid="grid-not-assessed">
          {t.notAssessed(folded.map((r) => r.m.title).join(', '))}
        </p>
      )}
    </div>
  );
}
