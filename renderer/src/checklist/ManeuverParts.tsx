/**
 * The checklist's parts around a maneuver's own fields: the words to read to
 * the family, the pain scores, the skip form and the save status line. Split
 * out of Checklist.tsx (issue 15), which keeps the state and the keys.
 */
import { useEffect, useRef } from 'react';
import type { Maneuver, Observation } from '../../../shared/clinical';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { CONSOLE } from '../../../shared/words/console';
import { adaptationApplies, scaleOf } from './model';

const t = CONSOLE.checklist;

export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'incomplete'; message: string } | { kind: 'error'; message: string };

type Lang = 'en' | 'es';

/** What to read to the family, in their language (with the English below it), and the age adaptations that apply. */
export function Instruction({ m, lang, ageYears }: { m: Maneuver; lang: Lang; ageYears: number }) {
  const adaptations = m.ageAdaptations.filter((a) => adaptationApplies(a.ages, ageYears));
  // No <figure>/<figcaption> in the room: the video stage's captions are the room's only figcaptions.
  return (
    <div className="instruction" role="group" aria-labelledby="instruction-label">
      <p id="instruction-label" className="instruction-label">
        {lang === 'es' ? t.fields.readToFamilySpanish : t.fields.readToFamily}
      </p>
      <blockquote lang={lang} data-testid="instruction">
        {m.instruction[lang]}
      </blockquote>
      {lang === 'es' && <p className="instruction-en" lang="en">{m.instruction.en}</p>}
      {adaptations.map((a) => (
        <p key={a.ages} className="adaptation">
          <strong>{t.fields.age(a.ages)}</strong> <span lang={lang}>{a.text[lang]}</span>
        </p>
      ))}
    </div>
  );
}

/** The pain scores on the age-right scale, as buttons; `armed` after P, waiting for a digit. */
export function PainField({ scale, lang, values, armed, onPain }: { scale: ReturnType<typeof scaleOf>; lang: Lang; values: Observation; armed: boolean; onPain: (score: number) => void }) {
  return (
    <fieldset className="choice-field pain-field">
      <legend>
        {t.fields.pain(scale.name, scale.kind === 'observer')} <kbd className="key" aria-hidden="true">P</kbd>
        {armed && (
          <span className="pain-armed" role="status">
            {' '}
            {t.fields.thenScore}
          </span>
        )}
      </legend>
      <p className="field-hint" lang={lang}>
        {scale.anchors[lang]}
      </p>
      <div className="choice-buttons pain-buttons">
        {scale.scores.map((score) => {
          const current = values.pain as { score: number } | undefined;
          const chosen = current?.score === score;
          return (
            <button
              key={score}
              type="button"
              className={`choice choice-small${chosen ? ' choice-on' : ''}`}
              aria-pressed={chosen}
              aria-label={t.fields.painScore(score, scale.id)}
              onClick={() => onPain(score)}
            >
              {score}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}

/** Why the movement is skipped (the reason is selected when the form opens); Escape or Cancel closes it. */
export function SkipForm(props: { reason: string; onReason: (reason: string) => void; onSkip: (reason: string) => void; onCancel: () => void; onEscape: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.select(), []);
  return (
    <form
      className="skip-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSkip(props.reason);
      }}
    >
      <label htmlFor="skip-reason">{t.fields.whySkip}</label>
      <input
        id="skip-reason"
        ref={input}
        value={props.reason}
        maxLength={2000}
        onChange={(e) => props.onReason(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            props.onEscape();
          }
        }}
      />
      <button type="submit">{t.fields.skipMovement}</button>
      <button type="button" className="button-quiet" onClick={props.onCancel}>
        {CONSOLE.common.cancel}
      </button>
    </form>
  );
}

/** The save status of the maneuver on screen, with who saved it and when. */
export function SaveStatusLine({ st, saved, author }: { st: SaveStatus; saved: VisitRoomState['observations'][string] | undefined; author: string }) {
  return (
    <p className={`save-status save-${st.kind}`} data-testid="save-status" data-state={st.kind === 'idle' && saved ? 'saved' : st.kind} data-saved-at={saved?.savedAt ?? ''}>
      {st.kind === 'saving' && CONSOLE.common.saving}
      {(st.kind === 'saved' || (st.kind === 'idle' && saved)) && saved && t.status.savedAt(new Date(saved.savedAt).toLocaleTimeString(), author)}
      {st.kind === 'idle' && !saved && t.status.nothingYet}
      {st.kind === 'incomplete' && st.message}
      {st.kind === 'error' && <span role="alert">{st.message}</span>}
    </p>
  );
}
