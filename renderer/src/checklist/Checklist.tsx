/**
 * The guided movement checklist: one maneuver at a time, the words to read
 * to the family, the findings as large buttons with keyboard shortcuts, side,
 * pain on the age-right scale, a note, skip with a reason. Every choice is
 * saved at once (recordObservation with the maneuver's whole values), so a
 * crash or a reload loses nothing that was shown as saved.
 *
 * Keys (never while typing in a field): 1-9 finding, L/R/B side, P then a
 * digit pain score (P 1 0 for 10), a field's letter then a digit for the
 * maneuver's other findings (G general appearance, U urine, T stool…), N or
 * Enter next, Shift+N or Backspace previous, S skip with a reason, / the note.
 * A choice made by key that leaves every finding on the screen chosen and
 * normal moves on to the next movement (issue 16 item 8).
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Observation } from '../../../shared/clinical';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { CONSOLE } from '../../../shared/words/console';
import { client } from '../api/client';
import { useAnnounce } from '../app/announce';
import { useSession } from '../session/context';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import { publishOpenMovement } from '../video/movement-focus';
import { isTyping } from '../visit-room/room-keys';
import { MeasuredMovement } from './MeasuredMovement';
import { ManeuverFields } from './ManeuverFields';
import { MovementList } from './MovementList';
import { EarlierFindings } from './EarlierFindings';
import { usePreviousFindings } from '../visits/usePreviousFindings';
import { onRequestStep } from './focus-step';
import { Instruction, PainField, SaveStatusLine, SkipForm, type SaveStatus } from './ManeuverParts';
import {
  canSkip,
  cleanValues,
  completeAndNormal,
  fieldKeys,
  firstOpenIndex,
  isSkipped,
  mainField,
  MANEUVERS,
  missingRequired,
  scaleOf,
  SIDE_KEYS,
  sideField,
  valueLabel,
} from './model';

const t = CONSOLE.checklist;
const k = t.keys;

export const SKIP_REASON_DEFAULT: string = t.skipReasonDefault;

export function Checklist({ room, active }: { room: VisitRoom & { state: VisitRoomState }; active: boolean }) {
  const { state } = room;
  const [index, setIndex] = useState(() => firstOpenIndex(state));
  const [drafts, setDrafts] = useState<Record<string, Observation>>({});
  const [status, setStatus] = useState<Record<string, SaveStatus>>({});
  const [painArmed, setPainArmed] = useState<false | 'wait' | 'one'>(false);
  /** A field's letter was pressed: the next digit chooses in that field. */
  const [fieldArmed, setFieldArmed] = useState<string | null>(null);
  const [skipping, setSkipping] = useState(false);
  const [skipReason, setSkipReason] = useState(SKIP_REASON_DEFAULT);
  const heading = useRef<HTMLHeadingElement>(null);
  const note = useRef<HTMLTextAreaElement>(null);
  const moved = useRef(false);
  const announce = useAnnounce();
  const session = useSession();
  // Issue 16 item 7: the same patient's earlier signed visits, read once per visit.
  const previous = usePreviousFindings(state.visit.id);

  const m = MANEUVERS[index]!;
  // The video stage can show this movement's card on the family's screen (issue 17).
  useEffect(() => publishOpenMovement(m.id), [m.id]);
  const saved = state.observations[m.id];
  const values: Observation = drafts[m.id] ?? saved?.values ?? {};
  const main = mainField(m);
  const side = sideField(m);
  const keyed = fieldKeys(m);
  const scale = scaleOf(state.painScale);
  const lang = state.intake?.language === 'es' ? 'es' : 'en';
  const st = status[m.id] ?? { kind: 'idle' };
  const recorded = MANEUVERS.filter((x) => state.observations[x.id]).length;

  const save = useCallback(
    async (maneuverId: string, next: Observation) => {
      const man = MANEUVERS.find((x) => x.id === maneuverId)!;
      setDrafts((d) => ({ ...d, [maneuverId]: next }));
      const clean = cleanValues(next);
      const missing = missingRequired(man, clean);
      if (missing.length > 0) {
        setStatus((s) => ({ ...s, [maneuverId]: { kind: 'incomplete', message: t.status.notSavedYet(missing.map((f) => f.label.toLowerCase()).join(', ')) } }));
        return;
      }
      setStatus((s) => ({ ...s, [maneuverId]: { kind: 'saving' } }));
      const result = await room.write(() => client.recordObservation({ visitId: state.visit.id, maneuverId, values: clean }));
      if (result.ok) {
        // A newer draft made while this one was saving stays; this one is now the saved state.
        setDrafts((d) => {
          if (d[maneuverId] !== next) return d;
          const { [maneuverId]: _done, ...rest } = d;
          return rest;
        });
        setStatus((s) => ({ ...s, [maneuverId]: { kind: 'saved' } }));
        announce(CONSOLE.common.saved);
      } else {
        const message = result.error.fields.map((f) => f.message).join(' ') || result.error.message;
        setStatus((s) => ({ ...s, [maneuverId]: { kind: 'error', message: t.status.notSaved(message) } }));
      }
    },
    [room, state.visit.id, announce],
  );

  /** The maneuver's values with one field changed (undefined clears it). */
  const withField = (fieldId: string, value: Observation[string] | undefined): Observation => {
    const next = { ...values };
    if (value === undefined) delete next[fieldId];
    else next[fieldId] = value;
    return next;
  };

  const setField = (fieldId: string, value: string | number | { scale: typeof state.painScale; score: number } | undefined) => {
    const next = withField(fieldId, value);
    void save(m.id, next);
    return next;
  };

  /** A choice made by key: saved, and when every finding on the screen is chosen and normal, on to the next movement. */
  const chooseByKey = (fieldId: string, value: string) => {
    const next = setField(fieldId, value);
    if (index < MANEUVERS.length - 1 && completeAndNormal(m, cleanValues(next))) {
      // The newest values are already on their way: moving on must not send an older draft after them.
      go(index + 1, false);
      announce(t.said.savedNext(MANEUVERS[index + 1]!.title));
    }
  };

  /** Change a text or number field without saving (saved when the field loses focus). */
  const editField = (fieldId: string, value: string | number | undefined) => {
    const next = withField(fieldId, value);
    setDrafts((d) => ({ ...d, [m.id]: next }));
  };
  const commitDraft = () => {
    const draft = drafts[m.id];
    if (draft && JSON.stringify(cleanValues(draft)) !== JSON.stringify(saved?.values ?? {})) void save(m.id, draft);
  };

  const go = (i: number, commit = true) => {
    if (i < 0 || i >= MANEUVERS.length) return;
    if (commit) commitDraft();
    moved.current = true;
    setSkipping(false);
    setPainArmed(false);
    setFieldArmed(null);
    setIndex(i);
  };

  // A red flag's row opens the step that screens it (issue 16).
  const goRef = useRef(go);
  goRef.current = go;
  useEffect(
    () =>
      onRequestStep((id) => {
        const i = MANEUVERS.findIndex((x) => x.id === id);
        if (i >= 0) {
          goRef.current(i);
          moved.current = true;
        }
      }),
    [],
  );

  useEffect(() => {
    if (moved.current) heading.current?.focus({ preventScroll: false });
    moved.current = false;
  }, [index]);

  /** Open the skip form with the default reason. */
  const startSkip = () => {
    setSkipReason(SKIP_REASON_DEFAULT);
    setSkipping(true);
  };

  const setPain = (score: number) => setField('pain', { scale: state.painScale, score });

  const skip = (reason: string) => {
    if (!main || !canSkip(m)) return;
    const text = reason.trim() || SKIP_REASON_DEFAULT;
    setSkipping(false);
    void save(m.id, { [main.id]: 'not_assessed', note: text });
    go(index + 1);
  };

  // Document-level shortcuts, active only while the checklist is on screen and nothing else has the keyboard.
  const onKey = useRef<(e: KeyboardEvent) => void>(() => {});
  onKey.current = (e: KeyboardEvent) => {
    if (!active || session.locked || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    if (isTyping(e.target) || document.querySelector('dialog[open]')) return;
    const target = e.target instanceof HTMLElement ? e.target : null;
    const onControl = !!target && ['BUTTON', 'A', 'SUMMARY'].includes(target.tagName);
    const key = e.key;
    const handled = () => e.preventDefault();

    if (painArmed && m.pain) {
      if (/^\d$/.test(key)) {
        const digit = Number(key);
        if (painArmed === 'one' && digit === 0 && scale.scores.includes(10)) {
          setPain(10);
          setPainArmed(false);
        } else if (scale.scores.includes(digit)) {
          setPain(digit);
          setPainArmed(digit === 1 && scale.scores.includes(10) ? 'one' : false);
        } else {
          announce(t.said.scaleScores(scale.id, scale.scores.join(', ')));
        }
        handled();
        return;
      }
      setPainArmed(false);
      if (key === 'Escape') {
        handled();
        return;
      }
    }
    if (fieldArmed) {
      const field = keyed.find((k) => k.field.id === fieldArmed)?.field;
      setFieldArmed(null);
      if (field && /^[1-9]$/.test(key)) {
        const value = field.values[Number(key) - 1];
        if (value) chooseByKey(field.id, value);
        else announce(t.said.pressRange(field.label, field.values.length));
        handled();
        return;
      }
      if (key === 'Escape') {
        handled();
        return;
      }
    }
    if (/^[1-9]$/.test(key) && main) {
      const value = main.values[Number(key) - 1];
      if (value) {
        chooseByKey(main.id, value);
        handled();
      }
      return;
    }
    const lower = key.toLowerCase();
    const fieldKey = e.shiftKey ? undefined : keyed.find((k) => k.key === lower);
    if (fieldKey) {
      setPainArmed(false);
      setFieldArmed(fieldKey.field.id);
      announce(t.said.pressChoices(fieldKey.field.label, fieldKey.field.values.map((v, i) => `${i + 1} ${valueLabel(v)}`).join(', ')));
      handled();
    } else if (side && lower in SIDE_KEYS && !e.shiftKey) {
      setField(side.id, SIDE_KEYS[lower]!);
      handled();
    } else if (lower === 'p' && m.pain) {
      setFieldArmed(null);
      setPainArmed('wait');
      announce(t.said.painScores(scale.id, scale.scores.join(', ')));
      handled();
    } else if ((key === 'n' && !e.shiftKey) || (key === 'Enter' && !onControl)) {
      go(index + 1);
      handled();
    } else if ((lower === 'n' && e.shiftKey) || (key === 'Backspace' && !onControl)) {
      go(index - 1);
      handled();
    } else if (lower === 's' && !e.shiftKey && canSkip(m)) {
      startSkip();
      handled();
    } else if (key === '/') {
      note.current?.focus();
      handled();
    }
  };
  // Layout effect: the keys work from the first frame the checklist is on screen.
  useLayoutEffect(() => {
    const listener = (e: KeyboardEvent) => onKey.current(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const escapeField = (e: ReactKeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      (e.target as HTMLElement).blur();
      heading.current?.focus();
    }
  };

  const author = saved ? (state.authors[saved.author] ?? t.unknownAuthor) : '';

  return (
    <section className="checklist" aria-labelledby="maneuver-title" data-testid="checklist" data-saved-seq={room.savedSeq} data-maneuver={m.id}>
      <div className="checklist-progress">
        <label htmlFor="checklist-progress">{t.progress(index + 1, MANEUVERS.length, recorded)}</label>
        <progress id="checklist-progress" max={MANEUVERS.length} value={recorded} />
      </div>
      <h2 id="maneuver-title" ref={heading} tabIndex={-1} className="maneuver-title">
        {m.title}
        {isSkipped(m, saved?.values) && <span className="badge">{t.skipped}</span>}
      </h2>
      <Instruction m={m} lang={lang} ageYears={state.age.years} />
      {/* Issue 17: live camera estimate for movements with a measure (renders nothing otherwise). */}
      <MeasuredMovement visitId={state.visit.id} maneuverId={m.id} hasFinding={!!saved} signed={state.visit.status === 'signed'} />

      <ManeuverFields
        m={m}
        values={values}
        setField={setField}
        editField={editField}
        commitDraft={commitDraft}
        escapeField={escapeField}
        armed={fieldArmed}
      />

      {m.pain && <PainField scale={scale} lang={lang} values={values} armed={!!painArmed} onPain={setPain} />}

      <div className="field">
        <label htmlFor="maneuver-note">
          {t.note} <kbd className="key" aria-hidden="true">/</kbd>
        </label>
        <textarea
          id="maneuver-note"
          ref={note}
          rows={2}
          maxLength={2000}
          value={typeof values.note === 'string' ? values.note : ''}
          onChange={(e) => editField('note', e.target.value)}
          onBlur={commitDraft}
          onKeyDown={escapeField}
        />
      </div>

      {skipping && (
        <SkipForm
          reason={skipReason}
          onReason={setSkipReason}
          onSkip={skip}
          onCancel={() => setSkipping(false)}
          onEscape={() => {
            setSkipping(false);
            heading.current?.focus();
          }}
        />
      )}

      <SaveStatusLine st={st} saved={saved} author={author} />

      <EarlierFindings maneuver={m} today={saved?.values} load={previous} />

      <div className="checklist-nav">
        <button type="button" className="button-quiet" onClick={() => go(index - 1)} disabled={index === 0} aria-keyshortcuts="Shift+N">
          {t.previous}
        </button>
        <button
          type="button"
          className="button-quiet"
          onClick={startSkip}
          disabled={!canSkip(m)}
          aria-keyshortcuts="S"
          title={canSkip(m) ? undefined : t.cannotSkip}
        >
          {t.skip}
        </button>
        <button type="button" onClick={() => go(index + 1)} disabled={index === MANEUVERS.length - 1} aria-keyshortcuts="N">
          {t.next}
        </button>
      </div>

      <p className="checklist-keys muted" data-testid="checklist-keys">
        {k.label} <kbd>1</kbd>–<kbd>9</kbd> {k.finding} · {k.fieldLetter} · <kbd>P</kbd> {k.pain} · <kbd>N</kbd> {k.movesOn}{' '}
        <kbd>?</kbd> {k.allKeys}
      </p>

      <MovementList observations={state.observations} index={index} go={go} />
    </section>
  );
}
