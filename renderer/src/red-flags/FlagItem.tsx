/**
 * One red flag's row in the panel: its tier, its name (which opens the
 * checklist step that screens it), the three choices as a radio group with
 * roving focus and row keys, where its state came from, and the note that
 * marking absent a flag the rules raised needs.
 */
import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CONSOLE } from '../../../shared/words/console';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { client } from '../api/client';
import { useAnnounce } from '../app/announce';
import { FormError } from '../app/Field';
import { requestStep } from '../checklist/focus-step';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import { CHOICES, focusRow, INTAKE_STEP, ROW_KEYS, STEP_TITLE, STEPS_BY_FLAG, type Choice, type Flag } from './flag-rows';
import { ABSENCE_LABEL, SOURCE_LABEL, STATE_LABEL, tierLabel, tierName } from './labels';

const t = CONSOLE.redFlags.flag;

export function FlagItem({
  flag,
  room,
  readOnly,
  onAssessedByKey,
}: {
  flag: Flag;
  room: VisitRoom & { state: VisitRoomState };
  readOnly: boolean;
  /** A row key recorded a state: focus moves to `next` (a flag id), or the first not yet screened. */
  onAssessedByKey: (next: string | null) => void;
}) {
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const segmentRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const [noteFor, setNoteFor] = useState<Choice | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const raisedByRules = flag.derivedState === 'present';
  const headingId = `flag-${flag.id}`;
  const step = STEPS_BY_FLAG.get(flag.id)?.[0];
  const confirmed = flag.source === 'clinician';

  async function assess(state: Choice, text?: string, next?: string | null) {
    if (state === 'absent' && raisedByRules && !text?.trim()) {
      setNoteFor('absent');
      setError('');
      return;
    }
    setBusy(true);
    const result = await room.write(() =>
      client.assessFlag({ visitId: room.state.visit.id, flagId: flag.id, state, ...(text?.trim() ? { note: text.trim() } : {}) }),
    );
    setBusy(false);
    if (result.ok) {
      setNoteFor(null);
      setNote('');
      setError('');
      announce(`${flag.label}: ${STATE_LABEL[state]}.`);
      if (next !== undefined) onAssessedByKey(next);
    } else setError(result.error.fields[0]?.message ?? result.error.message);
  }

  function submitNote(e: FormEvent) {
    e.preventDefault();
    if (noteFor === 'absent' && raisedByRules && !note.trim()) {
      setError(t.noteRequired);
      return;
    }
    if (noteFor) void assess(noteFor, note);
  }

  /**
   * Y / A / C on the row record that state and move on to the next row (the
   * next one not yet screened, when this one was); ↑ ↓ move between rows,
   * ← → between the row's choices (focus only: recording is a deliberate
   * Space, Enter or letter, never an arrow).
   */
  function onRowKey(e: KeyboardEvent<HTMLLIElement>) {
    if (readOnly || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement;
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
    const choice = ROW_KEYS[e.key.toLowerCase()];
    const rows = Array.from(document.querySelectorAll<HTMLElement>('.flag-panel li.flag'));
    const here = e.currentTarget;
    const at = rows.indexOf(here);
    if (choice && !e.shiftKey) {
      e.preventDefault();
      if (busy) return;
      // The row that follows: for a flag not yet screened, the next one not yet screened.
      const after = rows.slice(at + 1);
      const next = (flag.state === 'not_screened' ? after.find((r) => r.dataset.state === 'not_screened') : after[0]) ?? null;
      void assess(choice, undefined, next?.dataset.flag ?? null);
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusRow(rows[at + (e.key === 'ArrowDown' ? 1 : -1)] ?? null);
      return;
    }
    if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && target.getAttribute('role') === 'radio') {
      e.preventDefault();
      const i = CHOICES.findIndex((c) => c === target.dataset.choice);
      const j = (i + (e.key === 'ArrowRight' ? 1 : CHOICES.length - 1)) % CHOICES.length;
      setFocusIndex(j);
      segmentRefs.current[j]?.focus();
    }
  }

  // Roving focus: one tab stop per row, on the checked choice (else the one last moved to, else the first).
  const checkedIndex = confirmed ? CHOICES.indexOf(flag.state as Choice) : -1;
  const stop = focusIndex ?? (checkedIndex >= 0 ? checkedIndex : 0);

  const segment = (choice: Choice) => {
    const current = flag.state === choice;
    const i = CHOICES.indexOf(choice);
    const key = Object.entries(ROW_KEYS).find(([, c]) => c === choice)![0].toUpperCase();
    return (
      <button
        key={choice}
        type="button"
        role="radio"
        ref={(el) => {
          segmentRefs.current[i] = el;
        }}
        data-choice={choice}
        tabIndex={i === stop ? 0 : -1}
        className={`segment segment-${choice}${current ? (confirmed ? ' segment-on' : ' segment-derived') : ''}`}
        aria-checked={current && confirmed}
        aria-keyshortcuts={key}
        title={current && !confirmed ? t.notConfirmed(STATE_LABEL[choice] ?? choice, flag.source ? SOURCE_LABEL[flag.source]?.toLowerCase() : undefined) : undefined}
        aria-disabled={busy || undefined}
        onFocus={() => setFocusIndex(i)}
        onClick={() => {
          if (!busy) void assess(choice);
        }}
      >
        {STATE_LABEL[choice]}
      </button>
    );
  };

  return (
    <li
      className={`flag flag-${flag.state}`}
      data-testid={`flag-${flag.id}`}
      data-flag={flag.id}
      data-state={flag.state}
      aria-labelledby={headingId}
      onKeyDown={onRowKey}
    >
      <div className="flag-row">
        <span className={`tier tier-small ${flag.state === 'present' ? `tier-${flag.tier}` : 'tier-quiet'}`} title={tierName(flag.tier)} aria-label={`${tierLabel(flag.tier)}, ${tierName(flag.tier)}`}>
          {flag.tier}
        </span>
        {readOnly ? (
          <span id={headingId} className="flag-label">
            {flag.label}
          </span>
        ) : (
          <button
            type="button"
            id={headingId}
            className="link-button flag-label"
            title={step ? t.openStep(STEP_TITLE.get(step) ?? step) : t.openAnswers}
            onClick={() => requestStep(step ?? INTAKE_STEP)}
          >
            {flag.label}
          </button>
        )}
        {readOnly ? (
          <span className="badge">{STATE_LABEL[flag.state]}</span>
        ) : (
          <span className="segments" role="radiogroup" aria-label={t.assess(flag.label)} aria-describedby="flag-keys">
            {CHOICES.map((c) => segment(c))}
          </span>
        )}
      </div>
      {(flag.state !== 'absent' || flag.familyAbsence === 'unconfirmed' || (confirmed && flag.derivedState !== 'not_screened' && flag.derivedState !== flag.state)) && (
        <div className="flag-meta">
          {flag.source && <span className={`badge source-${flag.source}`}>{SOURCE_LABEL[flag.source]}</span>}
          {flag.familyAbsence === 'unconfirmed' && <span className="badge family-unconfirmed">{ABSENCE_LABEL.unconfirmed}</span>}
          {confirmed && flag.derivedState !== 'not_screened' && flag.derivedState !== flag.state && (
            <span className="badge">{t.rulesSaid(STATE_LABEL[flag.derivedState] ?? flag.derivedState)}</span>
          )}
          {flag.evidence.length > 0 && <span className="evidence" aria-label={t.evidenceFor(flag.label)}>{flag.evidence.join(' · ')}</span>}
        </div>
      )}
      {flag.clinicianNote && <p className="flag-note">{t.note(flag.clinicianNote)}</p>}
      {noteFor && !readOnly && (
        <form className="flag-note-form" onSubmit={submitNote} noValidate>
          <label htmlFor={`note-${flag.id}`}>{t.whyAbsent}</label>
          <textarea id={`note-${flag.id}`} rows={2} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} autoFocus />
          <div className="row">
            <button type="submit" className="small" disabled={busy}>
              {t.saveAbsent}
            </button>
            <button type="button" className="small button-quiet" onClick={() => setNoteFor(null)}>
              {CONSOLE.common.cancel}
            </button>
          </div>
        </form>
      )}
      <FormError message={error} />
    </li>
  );
}
