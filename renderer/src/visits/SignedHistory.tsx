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
      <h3 id="earlier-visits-title">Compared with earlier visits</h3>
      {load.kind === 'loading' && <p className="muted">Loading earlier visits…</p>}
      {load.kind === 'error' && <p className="muted">Earlier visits could not be shown: {load.message}</p>}
      {load.kind === 'ready' && load.data.previous.length === 0 && (
        <p className="empty" data-testid="signed-history-empty">
          None: this is the patient&apos;s first signed visit.
        </p>
      )}
      {load.kind === 'ready' && load.data.previous.length > 0 && (
        <FindingsGrid
          testId="signed-history-grid"
          caption={`This visit beside the last ${load.data.previous.length === 1 ? 'signed visit' : `${load.data.previous.length} signed visits`} (at most ${load.data.limit})`}
          columns={[
            ...[...load.data.previous].reverse().map(
              (p): FindingsColumn => ({ key: p.visitId, heading: `${visitDate(p.scheduledStart)}${p.tier ? ` (tier ${p.tier})` : ''}`, stored: p.findings }),
            ),
            {
              key: state.visit.id,
              heading: `This visit, ${visitDate(state.visit.scheduledStart)}`,
              values: Object.fromEntries(Object.entries(state.observations).map(([id, o]) => [id, o?.values])),
              estimates,
            },
          ]}
        />
      )}
      <p className="history-limits">
        Changes compare the recorded finding and the pain score on the same scale; they are a reading aid, not a validated measure of progress.
      </p>
    </section>
  );
}
