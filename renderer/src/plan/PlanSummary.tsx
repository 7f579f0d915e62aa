/**
 * The plan's save status (autosave.ts) and a signed visit's plan as
 * recorded. Split out of PlanTab.tsx.
 */
import { clinicalContent } from '../../../shared/clinical';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { CONSOLE } from '../../../shared/words/console';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import { describeAutosave, type AutosaveState } from './autosave';
import { BodyMap } from './BodyMap';
import { describeDose } from './dose-text';
import { PainChart } from './PainChart';

const { familyAdvice } = clinicalContent;
const t = CONSOLE.plan;

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
            {t.save.retry}
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
      <h2 id="plan-title">{t.title}</h2>
      {!plan && <p className="muted">{t.noPlan}</p>}
      {plan && (
        <>
          <section className="plan-section" aria-labelledby="plan-advice-title">
            <h3 id="plan-advice-title">{t.advice.title}</h3>
            {plan.adviceIds.length === 0 ? (
              <p className="muted">{t.advice.noneChosen}</p>
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
            <h3 id="plan-medicine-title">{t.medicine.title}</h3>
            {plan.analgesia.length === 0 ? <p className="muted">{t.medicine.none}</p> : <ul>{plan.analgesia.map((a) => <li key={a.drug}>{describeDose(a)}</li>)}</ul>}
          </section>
          <section className="plan-section" aria-labelledby="plan-follow-title">
            <h3 id="plan-follow-title">{t.followUp.title}</h3>
            <p>
              {[f?.when, f?.withWhom && t.followUp.with(f.withWhom), f?.instructions].filter(Boolean).join(' · ') || t.followUp.none}
            </p>
          </section>
        </>
      )}
      <section className="plan-section" aria-labelledby="body-map-title">
        <h3 id="body-map-title">{t.bodyMap.title}</h3>
        <BodyMap selected={plan?.bodyMap ?? []} readOnly onToggle={() => undefined} />
      </section>
      <section className="plan-section" aria-labelledby="pain-chart-title">
        <h3 id="pain-chart-title">{t.painChart.title}</h3>
        <PainChart patientId={state.patient.id} refreshKey={room.savedSeq} />
      </section>
    </section>
  );
}
