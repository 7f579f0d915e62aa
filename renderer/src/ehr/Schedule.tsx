/**
 * Schedule in (docs/ehr.md "Schedule in"): on home, "Get schedule from EHR"
 * (only when the EHR connection is on) and what it did in words; on each
 * visit row, a mark for visits that came from the EHR, were cancelled there,
 * or disagree with it (the conflict in words). Nothing shows in standalone use.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ScheduleLink, SchedulePullReport } from '../../../shared/domain/ehr';
import { CONSOLE } from '../../../shared/words/console';
import { client } from '../api/client';
import { FormError } from '../app/Field';

/** Fired on window after a pull, so the marks on home read their links again. */
const PULLED = 'bptc:ehr-schedule-pulled';
/** Fired by the EHR settings card after a save, so the button appears or goes. */
export const EHR_SETTINGS_CHANGED = 'bptc:ehr-settings-changed';

const t = CONSOLE.ehr.schedule;

/** "2 added, 1 updated, 3 unchanged, 1 conflict, 0 skipped." */
export function reportInWords(r: SchedulePullReport): string {
  const head = t.report(r.added, r.updated, r.unchanged, r.conflicts, r.skipped);
  return r.truncated ? `${head}${t.truncated}` : head;
}

export function EhrScheduleCard({ onPulled }: { onPulled: () => void }) {
  const [enabled, setEnabled] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<SchedulePullReport | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const check = () =>
      void client
        .getEhrSettings({})
        .then((v) => setEnabled(v.enabled))
        .catch(() => setEnabled(false));
    check();
    window.addEventListener(EHR_SETTINGS_CHANGED, check);
    return () => window.removeEventListener(EHR_SETTINGS_CHANGED, check);
  }, []);

  if (!enabled) return null;

  async function pull() {
    setBusy(true);
    setError('');
    try {
      const r = await client.pullEhrSchedule({});
      setReport(r);
      onPulled();
      window.dispatchEvent(new Event(PULLED));
    } catch (e) {
      setReport(null);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const attention = report?.items.filter((i) => i.outcome !== 'unchanged') ?? [];
  return (
    <section className="card" aria-labelledby="ehr-schedule-title" data-testid="ehr-schedule">
      <h2 id="ehr-schedule-title">{t.title}</h2>
      <p className="muted">{t.intro}</p>
      <button type="button" onClick={() => void pull()} disabled={busy}>
        {busy ? t.getting : t.get}
      </button>
      <div role="status" aria-live="polite">
        {report && (
          <p data-testid="ehr-schedule-summary">
            <strong>{reportInWords(report)}</strong>
          </p>
        )}
      </div>
      <FormError message={error} />
      {attention.length > 0 && (
        <ul className="ehr-schedule-items" data-testid="ehr-schedule-items">
          {attention.slice(0, 50).map((i) => (
            <li key={`${i.appointmentId}-${i.outcome}`} data-outcome={i.outcome}>
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Schedule links of these visits, read again after each pull. */
export function useScheduleLinks(visitIds: string[]): Map<string, ScheduleLink> {
  const key = visitIds.slice(0, 200).join(',');
  const ids = useMemo(() => (key ? key.split(',') : []), [key]);
  const [links, setLinks] = useState<Map<string, ScheduleLink>>(new Map());
  const load = useCallback(async () => {
    if (ids.length === 0) return;
    try {
      const res = await client.getScheduleLinks({ visitIds: ids });
      setLinks(new Map(res.links.map((l) => [l.visitId, l])));
    } catch {
      // Marks are a convenience: the visit list itself stays as it is.
    }
  }, [ids]);
  useEffect(() => {
    void load();
    const again = () => void load();
    window.addEventListener(PULLED, again);
    return () => window.removeEventListener(PULLED, again);
  }, [load]);
  return links;
}

export function ScheduleMark({ link }: { link: ScheduleLink | undefined }) {
  if (!link) return null;
  return (
    <span className="schedule-mark" data-testid="ehr-schedule-mark" data-cancelled={link.cancelled} data-conflict={link.conflict !== null}>
      <span className="badge badge-ehr" title={t.appointment(link.appointmentId)}>
        {t.fromEhr}
      </span>
      {link.cancelled && <span className="badge badge-ehr-cancelled">{t.cancelled}</span>}
      {link.conflict && (
        <>
          <span className="badge badge-ehr-conflict">{t.differs}</span>
          <span className="schedule-conflict">{link.conflict}</span>
        </>
      )}
    </span>
  );
}
