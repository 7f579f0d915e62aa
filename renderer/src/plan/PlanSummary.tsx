/**
 * The plan's save status (autosave.ts) and a signed visit's plan as
 * recorded. Split out of PlanTab.tsx.
 */
import { clinicalContent } from '../../../shared/clinical';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import { describeAutosave, type AutosaveState } from './autosave';
import { BodyMap } from './BodyMap';
import { describeDose } from './dose-text';
import { PainChart } from './PainChart';

const { familyAdvice } = clinicalContent;

/** Saving… / Saved <time> / Not saved: why (the typed values stay in the form) with Retry. */
export function PlanSaveStatus({ state, savedAt, onRetry }: { state: AutosaveState; savedAt: string | null; onRetry: () => void }) {
  const text = describeAutosave(state, savedAt);
  const kind = state.kind === 'idle' && savedAt ? 'saved' : state.kind;
  return (
    <div className={`save-status plan-status save-${state.kind}`} data-testid="plan-status" data-state={kind}>
      {state.kind === 'error' ? (
        <>
          <span role="alert" className="save-error">
            {text}
          </span>{' '}
          <button type="button" className="small" onClick={onRetry}>
            Retry saving
          </button>
        </>
      ) : (
        <span role="status">{text}</span>
      )}
    </div>
  );
}

/** A signed visit's plan, as recorded: nothing to edit, nothing to recalculate. */
export function PlanSummary({ room }: { room: VisitRoom & { state: VisitRoomState } }) {
  const { state } = room;
  const plan = state.plan;
  const lang = state.intake?.language === 'es' ? 'es' : 'en';
  const f = plan?.followUp;
  return (
    <section className="plan" aria-labelledby="plan-title" data-testid="plan">
      <h2 id="plan-title">Plan</h2>
      {!plan && <p className="muted">No plan was saved.</p>}
      {plan && (
        <>
          <section className="plan-section" aria-labelledby="plan-advice-title">
            <h3 id="plan-advice-title">Home-care advice</h3>
            {plan.adviceIds.length === 0 ? (
              <p className="muted">None chosen.</p>
            ) : (
              <ul>
                {plan.adviceIds.map((id) => (
                  <li key={id} lang={lang}>
                    {familyAdvice.homeCare.find((a) => a.id === id)?.text[lang] ?? id}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="plan-section" aria-labelledby="plan-medicine-title">
            <h3 id="plan-medicine-title">Pain medicine</h3>
            {plan.analgesia.length === 0 ? <p className="muted">None.</p> : <ul>{plan.analgesia.map((a) => <li key={a.drug}>{describeDose(a)}</li>)}</ul>}
          </section>
          <section className="plan-section" aria-labelledby="plan-follow-title">
            <h3 id="plan-follow-title">Follow-up</h3>
            <p>
              {[f?.when, f?.withWhom && `with ${f.withWhom}`, f?.instructions].filter(Boolean).join(' · ') || 'None recorded.'}
            </p>
          </section>
        </>
      )}
      <section className="plan-section" aria-labelledby="body-map-title">
        <h3 id="body-map-title">Body map</h3>
        <BodyMap selected={plan?.bodyMap ?? []} readOnly onToggle={() => undefined} />
      </section>
      <section className="plan-section" aria-labelledby="pain-chart-title">
        <h3 id="pain-chart-title">Pain across visits</h3>
        <PainChart patientId={state.patient.id} refreshKey={room.savedSeq} />
      </section>
    </section>
  );
}
