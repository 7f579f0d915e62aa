/**
 * The plan: home-care advice chosen from the content, the analgesic
 * calculator (the visit's weight and age; the clinician confirms every
 * dose), follow-up, the body map and the pain chart. Each change saves as it
 * is made (autosave.ts): text after a short pause or when the field loses
 * focus, ticks, doses and body regions at once.
 */
import { useEffect, useRef, useState } from 'react';
import { calculateDose, clinicalContent, type DrugId } from '../../../shared/clinical';
import { confirmedDoseEntry, type AnalgesiaEntry, type VisitRoomState } from '../../../shared/domain/visit-room';
import { client } from '../api/client';
import { familyLanguageNotice, familyReadsLanguage } from '../../../shared/words';
import { CONSOLE } from '../../../shared/words/console';
import { useAnnounce } from '../app/announce';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import { adviceLabel } from './advice-labels';
import { createAutosave, type Autosave, type AutosaveState } from './autosave';
import { BodyMap, type Region } from './BodyMap';
import { describeDose, drugName } from './dose-text';
import { PainChart } from './PainChart';
import { PlanSaveStatus, PlanSummary } from './PlanSummary';

export { describeDose, drugName } from './dose-text';

const { familyAdvice, analgesics } = clinicalContent;
const t = CONSOLE.plan;

/** A pause in typing long enough to save on, short enough that a reload rarely finds it unsaved. */
const TYPING_PAUSE_MS = 600;

interface PlanDraft {
  advice: string[];
  analgesia: AnalgesiaEntry[];
  when: string;
  withWhom: string;
  instructions: string;
  bodyMap: string[];
}

/** A labelled choice of one of the content's items (a medicine, a product). */
function Picker(props: { id: string; label: string; value: string; options: readonly { id: string; name: string }[]; onPick: (id: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onPick(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function productName(productId: string): string {
  return analgesics.products.find((p) => p.id === productId)?.name ?? productId;
}

/** "38 kg, recorded 3 Dec 2026 (1 day ago)"; a weight without a date says so. */
export function describeWeight(weightKg: number, recordedAt: string | undefined, today = new Date()): string {
  if (!recordedAt) return t.medicine.weightUnknownDate(weightKg);
  const at = new Date(recordedAt.length === 10 ? `${recordedAt}T12:00:00` : recordedAt);
  if (Number.isNaN(at.getTime())) return t.medicine.weightUnknownDate(weightKg);
  const days = Math.max(0, Math.floor((today.getTime() - at.getTime()) / 86_400_000));
  const ago = days === 0 ? t.medicine.today : days === 1 ? t.medicine.oneDayAgo : t.medicine.daysAgo(days);
  return t.medicine.weightRecorded(weightKg, at.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }), ago);
}

export function PlanTab({ room, readOnly, active = true }: { room: VisitRoom & { state: VisitRoomState }; readOnly: boolean; active?: boolean }) {
  const { state } = room;
  const lang = state.intake?.language === 'es' ? 'es' : 'en';
  const plan = state.plan;
  const [advice, setAdvice] = useState<string[]>(plan?.adviceIds ?? []);
  const [analgesia, setAnalgesia] = useState<AnalgesiaEntry[]>(plan?.analgesia ?? []);
  const [when, setWhen] = useState(plan?.followUp.when ?? '');
  const [withWhom, setWithWhom] = useState(plan?.followUp.withWhom ?? '');
  const [instructions, setInstructions] = useState(plan?.followUp.instructions ?? '');
  const [bodyMap, setBodyMap] = useState<string[]>(plan?.bodyMap ?? []);
  const [drug, setDrug] = useState<DrugId>('acetaminophen');
  const [productId, setProductId] = useState(analgesics.products.find((p) => p.drug === 'acetaminophen')?.id ?? '');
  const [confirmed, setConfirmed] = useState(false);
  /** The clinician's explicit override of a weight outside the 0.1st-99.9th percentile, with the reason recorded in the plan. */
  const [overriding, setOverriding] = useState(false);
  const [overrideReason, setOverrideReason] = useState('');
  const [saveState, setSaveState] = useState<AutosaveState>({ kind: 'idle' });
  const announce = useAnnounce();

  const draft: PlanDraft = { advice, analgesia, when, withWhom, instructions, bodyMap };
  const autosave = useRef<Autosave<PlanDraft> | null>(null);
  const persist = useRef<(d: PlanDraft) => Promise<{ ok: true } | { ok: false; message: string }>>(async () => ({ ok: true }));
  persist.current = async (d) => {
    const result = await room.write(() =>
      client.savePlan({
        visitId: state.visit.id,
        adviceIds: d.advice,
        analgesia: d.analgesia,
        followUp: {
          ...(d.when.trim() ? { when: d.when.trim() } : {}),
          ...(d.withWhom.trim() ? { withWhom: d.withWhom.trim() } : {}),
          ...(d.instructions.trim() ? { instructions: d.instructions.trim() } : {}),
        },
        bodyMap: d.bodyMap as Region[],
      }),
    );
    if (result.ok) return { ok: true };
    return { ok: false, message: result.error.fields.map((f) => f.message).join(' ') || result.error.message };
  };
  autosave.current ??= createAutosave<PlanDraft>({
    save: (d) => persist.current(d),
    onState: (s) => {
      setSaveState(s);
      if (s.kind === 'saved') announce(t.saved);
    },
  });
  // Leaving the room (or the visit) saves what is still waiting for its pause.
  useEffect(
    () => () => {
      if (autosave.current?.dirty) void autosave.current.flush();
    },
    [],
  );

  /** Record a change: `typing` waits for a pause, anything else saves at once. */
  function change(next: Partial<PlanDraft>, typing = false) {
    autosave.current?.changed({ ...draft, ...next }, typing ? TYPING_PAUSE_MS : 0);
  }
  const flushTyping = () => void autosave.current?.flush();
  const dose = calculateDose({
    drug,
    productId,
    weightKg: state.patient.weightKg,
    ageMonths: state.age.totalMonths,
    sex: state.patient.sex,
    weightRecordedAt: state.patient.weightRecordedAt ?? null,
    today: new Date().toISOString().slice(0, 10),
    weightOverride: overriding && overrideReason.trim() ? { reason: overrideReason.trim() } : null,
  });

  function addDose() {
    if (!dose.ok || !confirmed) return;
    const entry = confirmedDoseEntry(dose.dose);
    const next = [...analgesia.filter((a) => a.drug !== entry.drug), entry].slice(-2);
    setAnalgesia(next);
    setConfirmed(false);
    change({ analgesia: next });
    announce(t.medicine.added(drugName(entry.drug)));
  }

  if (readOnly) return <PlanSummary room={room} />;

  return (
    <section className="plan" aria-labelledby="plan-title" data-testid="plan">
      <div className="plan-head">
        <h2 id="plan-title">{t.title}</h2>
        <PlanSaveStatus state={saveState} savedAt={plan?.updatedAt ?? null} onRetry={flushTyping} />
      </div>

      <fieldset className="plan-section" disabled={readOnly}>
        <legend>{t.advice.legend}</legend>
        <ul className="advice-list">
          {familyAdvice.homeCare.map((a) => (
            <li key={a.id} className="advice-item">
              <label className="check advice">
                <input
                  type="checkbox"
                  checked={advice.includes(a.id)}
                  onChange={(e) => {
                    const next = e.target.checked ? [...advice, a.id] : advice.filter((x) => x !== a.id);
                    setAdvice(next);
                    change({ advice: next });
                  }}
                />
                {adviceLabel(a)}
              </label>
              <details className="advice-full">
                <summary aria-label={t.advice.fullTextOf(adviceLabel(a))}>{t.advice.fullText}</summary>
                <p lang={lang}>{a.text[lang]}</p>
              </details>
            </li>
          ))}
        </ul>
      </fieldset>

      <fieldset className="plan-section" disabled={readOnly}>
        <legend>{t.medicine.title}</legend>
        <p className="muted">
          <span data-testid="plan-weight">{t.medicine.weight(describeWeight(state.patient.weightKg, state.patient.weightRecordedAt))}</span>{' '}
          {t.medicine.ageFromRecord(state.age.years, state.age.months)}
        </p>
        <div className="field-row dose-pickers">
          <Picker
            id="drug"
            label={t.medicine.medicine}
            value={drug}
            options={analgesics.drugs}
            onPick={(id) => {
              const next = id as DrugId;
              setDrug(next);
              setProductId(analgesics.products.find((p) => p.drug === next)?.id ?? '');
              setConfirmed(false);
            }}
          />
          <Picker
            id="product"
            label={t.medicine.product}
            value={productId}
            options={analgesics.products.filter((p) => p.drug === drug)}
            onPick={(id) => {
              setProductId(id);
              setConfirmed(false);
            }}
          />
        </div>
        <div className="dose-result" data-testid="dose-result" aria-live="polite">
          {dose.ok ? (
            <>
              <p className="dose-main" data-testid="dose-main">
                <strong>{t.dose.ml(dose.dose.doseMl)}</strong>
                {t.dose.of}
                <strong className="dose-product">{productName(productId)}</strong>
                {t.dose.every(dose.dose.doseMg, dose.dose.intervalHours, dose.dose.maxIntervalHours)}
              </p>
              {dose.dose.warnings.length > 0 && (
                <ul className="dose-warnings" data-testid="dose-warnings" aria-label={t.dose.checkFirst}>
                  {dose.dose.warnings.map((w) => (
                    <li key={w} className="caution">
                      {w}
                    </li>
                  ))}
                </ul>
              )}
              <p>
                {t.dose.maxPer24h(dose.dose.maxDosesPer24h, dose.dose.maxMgPer24h)}
              </p>
              {dose.dose.cautions.map((c) => (
                <p key={c} className="caution">
                  {c}
                </p>
              ))}
              <p className="muted">{dose.dose.clinicianMustConfirm}</p>
              <label className="check">
                <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} aria-describedby="dose-confirm-what" />
                {t.dose.confirm}
              </label>
              <p className="muted" id="dose-confirm-what" data-testid="dose-confirm-what">
                {t.dose.confirmWhat(dose.dose.doseMl, productName(productId), state.patient.weightKg)}
              </p>
              <button type="button" onClick={addDose} disabled={!confirmed}>
                {t.dose.add}
              </button>
            </>
          ) : (
            <>
              <p className="form-error" data-testid="dose-refused">
                {t.dose.refused(dose.refusal.reason)}
              </p>
              {dose.refusal.code === 'weight_implausible' && dose.refusal.weightCheck && (
                <div className="weight-override" data-testid="weight-override">
                  <label className="check">
                    <input type="checkbox" checked={overriding} onChange={(e) => setOverriding(e.target.checked)} />
                    {t.dose.overrideWeight}
                  </label>
                  {overriding && (
                    <div className="field">
                      <label htmlFor="weight-override-reason">{t.dose.overrideReason}</label>
                      <textarea
                        id="weight-override-reason"
                        maxLength={500}
                        value={overrideReason}
                        onChange={(e) => {
                          setOverrideReason(e.target.value);
                          setConfirmed(false);
                        }}
                      />
                    </div>
                  )}
                </div>
              )}
            </>
          )}
        </div>
        {analgesia.length > 0 && (
          <ul className="dose-list" aria-label={t.medicine.inPlan}>
            {analgesia.map((a) => (
              <li key={a.drug}>
                {describeDose(a)}{' '}
                {!readOnly && (
                  <button
                    type="button"
                    className="small button-quiet"
                    onClick={() => {
                      const next = analgesia.filter((x) => x.drug !== a.drug);
                      setAnalgesia(next);
                      change({ analgesia: next });
                    }}
                  >
                    {t.medicine.remove(drugName(a.drug))}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <fieldset className="plan-section" disabled={readOnly}>
        <legend>{t.followUp.title}</legend>
        {/* The family reads these fields in their summary, printed as written (shared/words/family-text.ts). */}
        <p className="field-hint" id="family-language-notice" data-testid="family-language-notice">
          {familyLanguageNotice(familyReadsLanguage(state.intake?.language))}
        </p>
        <div className="field-row">
          <FollowUpText id="fu-when" label={t.followUp.when} value={when} maxLength={200} onBlur={flushTyping} onChange={(v) => (setWhen(v), change({ when: v }, true))} />
          <FollowUpText id="fu-who" label={t.followUp.withWhom} value={withWhom} maxLength={200} onBlur={flushTyping} onChange={(v) => (setWithWhom(v), change({ withWhom: v }, true))} />
        </div>
        <FollowUpText id="fu-instructions" label={t.followUp.instructions} rows={2} value={instructions} maxLength={2000} onBlur={flushTyping} onChange={(v) => (setInstructions(v), change({ instructions: v }, true))} />
      </fieldset>

      <div className="plan-visuals">
        <section className="plan-section" aria-labelledby="body-map-title">
          <h3 id="body-map-title">{t.bodyMap.title}</h3>
          <BodyMap
            selected={bodyMap}
            readOnly={readOnly}
            onToggle={(r) => {
              const next = bodyMap.includes(r) ? bodyMap.filter((x) => x !== r) : [...bodyMap, r];
              setBodyMap(next);
              change({ bodyMap: next });
            }}
          />
        </section>
        <section className="plan-section" aria-labelledby="pain-chart-title">
          <h3 id="pain-chart-title">{t.painChart.title}</h3>
          {/* Re-read after saves only while on screen: a hidden chart costs the checklist nothing. */}
          <PainChart patientId={state.patient.id} refreshKey={active ? room.savedSeq : -1} />
        </section>
      </div>

    </section>
  );
}

/**
 * One follow-up text (a line, or `rows` lines): saved as it is typed, flushed when the field is left.
 * The family reads these fields in their summary, printed as written: the notice above them is their description.
 */
function FollowUpText(props: { id: string; label: string; value: string; maxLength: number; rows?: number; onChange: (value: string) => void; onBlur: () => void }) {
  const common = { id: props.id, value: props.value, maxLength: props.maxLength, onBlur: props.onBlur, 'aria-describedby': 'family-language-notice' };
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.rows ? (
        <textarea {...common} rows={props.rows} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} onChange={(e) => props.onChange(e.target.value)} />
      )}
    </div>
  );
}
