/**
 * A signed visit's delivery to the clinic's EHR (docs/ehr.md), on home and in
 * the visit room: queued, sending, sent (with the EHR's document id), waiting
 * to retry or failed with the EHR's reason in words, and "Retry now".
 * Nothing shows in standalone use (no EHR set up).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DeliveryState } from '../../../shared/domain/ehr';
import { CONSOLE } from '../../../shared/words/console';
import { client } from '../api/client';

const t = CONSOLE.ehr.delivery;

/** Delivery states for these visits, kept current by `ehr:delivery` events. */
export function useDeliveries(visitIds: string[]): { states: Map<string, DeliveryState>; retry: (visitId: string) => Promise<void>; error: string } {
  const key = visitIds.slice(0, 200).join(',');
  const ids = useMemo(() => (key ? key.split(',') : []), [key]);
  const [states, setStates] = useState<Map<string, DeliveryState>>(new Map());
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    if (ids.length === 0) return;
    try {
      const res = await client.getDeliveries({ visitIds: ids });
      setStates(new Map(res.states.map((s) => [s.visitId, s])));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, [ids]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(
    () =>
      client.onDeliveryChanged((e) => {
        if (ids.includes(e.visitId)) void load();
      }),
    [ids, load],
  );

  const retry = useCallback(
    async (visitId: string) => {
      try {
        const s = await client.retryDelivery({ visitId });
        if (s) setStates((m) => new Map(m).set(visitId, s));
        setError('');
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [],
  );
  return { states, retry, error };
}

function words(s: DeliveryState): string {
  switch (s.state) {
    case 'sent':
      return t.sent(s.remoteId ?? '?', s.version);
    case 'sending':
      return t.sending;
    case 'failed':
      return t.notSent(s.lastError ?? t.refused);
    case 'queued':
      return s.lastError ? t.waiting(s.lastError) : t.queued;
  }
}

export function DeliveryBadge({ state, onRetry }: { state: DeliveryState | undefined; onRetry: () => void }) {
  if (!state) return null;
  const canRetry = state.state === 'failed' || (state.state === 'queued' && state.lastError !== null);
  return (
    <span className={`delivery delivery-${state.state}`} data-testid="ehr-delivery" data-state={state.state} role="status">
      <span className={`badge delivery-badge-${state.state}`}>{words(state)}</span>
      {canRetry && (
        <button type="button" className="button-quiet" onClick={onRetry}>
          {t.retryNow}
        </button>
      )}
    </span>
  );
}

/** The room's delivery line for one visit. */
export function VisitDelivery({ visitId }: { visitId: string }) {
  const { states, retry, error } = useDeliveries([visitId]);
  return (
    <>
      <DeliveryBadge state={states.get(visitId)} onRetry={() => void retry(visitId)} />
      {error && <span className="form-error">{error}</span>}
    </>
  );
}
