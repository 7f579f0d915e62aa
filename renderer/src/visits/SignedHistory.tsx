/**
 * In a signed visit: the same patient's earlier signed visits beside this
 * one, every movement in a row, changes since the visit before this one
 * marked in words (issue 16, item 7). Read-only.
 */
import { useEffect, useState } from 'react';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import type { HistoryEstimate } from '../../../shared/domain/visit-history';
import { client } from '../api/client';
import { FindingsGrid } from './FindingsGrid';
import { visitDate, type FindingsColumn } from './findings-text';
import { usePreviousFindings } from './usePreviousFindings';
import './history.css';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visits.earlier;

export function SignedHistory({ state }: { state: VisitRoomState }) {
  const load = usePreviousFindings(state.visit.id);
  const [estimates, setEstimates] = useState<Record<string, HistoryEstimate[]>>({});
  useEffect(() => {
    let live = true;
    client.listEstimates({ visitId: state.visit.id }).then(
      (list) => {
        if (!live) return;
        const out: Record<string, HistoryEstimate[]> = {};
        for (const e of list) (out[e.maneuverId] ??= []).push({ measure: e.measure, label: e.label, value: e.value, unit: e.unit });
        setEstimates(out);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [state.visit.id]);

  return (
    <section aria-labelledby="earlier-visits-title" className="plan-section" data-testid="signed-history">
      <h3 id="earlier-visits-title">{t.title}</h3>
      {load.kind === 'loading' && <p className="muted">{t.loading}</p>}
      {load.kind === 'error' && <p className="muted">{t.notShown(load.message)}</p>}
      {load.kind === 'ready' && load.data.previous.length === 0 && (
        <p className="empty" data-testid="signed-history-empty">
          {t.none}
        </p>
      )}
      {load.kind === 'ready' && load.data.previous.length > 0 && (
        <FindingsGrid
          testId="signed-history-grid"
          caption={t.caption(load.data.previous.length, load.data.limit)}
          columns={[
            ...[...load.data.previous].reverse().map(
              (p): FindingsColumn => ({ key: p.visitId, heading: t.column(visitDate(p.scheduledStart), p.tier), stored: p.findings }),
            ),
            {
              key: state.visit.id,
              heading: t.thisVisit(visitDate(state.visit.scheduledStart)),
              values: Object.fromEntries(Object.entries(state.observations).map(([id, o]) => [id, o?.values])),
              estimates,
            },
          ]}
        />
      )}
      <p className="history-limits">{CONSOLE.visits.findings.readingAid}</p>
    </section>
  );
}
