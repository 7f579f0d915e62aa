/**
 * Every red flag in the catalog, grouped by state, with where the state came
 * from, the evidence for flags the rules raised, and the minimum tier they
 * demand. The clinician confirms or changes each; marking absent a flag the
 * rules found present needs a note (the close gate blocks otherwise).
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { clinicalContent } from '../../../shared/clinical';
import { requestStep } from '../checklist/focus-step';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { client } from '../api/client';
import { useAnnounce } from '../app/announce';
import { useSession } from '../session/context';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import { SOURCE_LABEL, STATE_LABEL, tierName } from './labels';

type Flag = VisitRoomState['flags'][number];
type Choice = 'present' | 'absent' | 'could_not_assess';
const CHOICES: Choice[] = ['present', 'absent', 'could_not_assess'];

/**
 * Where a flag is screened: the checklist steps whose findings raise it
 * (maneuvers.json), first one linked; flags with no step are history
 * questions, answered by the family (and gone over with them).
 */
const STEPS_BY_FLAG = new Map<string, string[]>();
for (const m of clinicalContent.maneuvers.maneuvers) {
  for (const f of m.findings) {
    const list = STEPS_BY_FLAG.get(f.flag) ?? [];
    if (!list.includes(m.id)) list.push(m.id);
    STEPS_BY_FLAG.set(f.flag, list);
  }
}
const STEP_TITLE = new Map(clinicalContent.maneuvers.maneuvers.map((m) => [m.id, m.title]));
export const INTAKE_STEP = '@intake';

type GroupId = 'family' | 'video' | 'not_screened';
const GROUP_LABEL: Record<GroupId, string> = { family: 'From the family', video: 'Seen on video', not_screened: 'Not yet asked' };
const GROUP_ORDER: GroupId[] = ['family', 'video', 'not_screened'];
const STATE_ORDER: Record<string, number> = { present: 0, could_not_assess: 1, not_screened: 2, absent: 3 };
const groupOf = (f: Flag): GroupId => (f.state === 'not_screened' ? 'not_screened' : STEPS_BY_FLAG.has(f.id) ? 'video' : 'family');

/** Keys on a focused flag row (the row stops them reaching the checklist). */
const ROW_KEYS: Record<string, Choice> = { y: 'present', a: 'absent', c: 'could_not_assess' };
/** The room-wide key that jumps into the panel: the family's answers to confirm, else the first flag not yet screened. */
export const FLAGS_KEY = 'f';

const rowSelector = (id: string) => `.flag-panel li.flag[data-flag="${id}"]`;

/** Focus a row's radio group: its checked state, else its first. */
function focusRow(row: Element | null): boolean {
  if (!row) return false;
  const radios = Array.from(row.querySelectorAll<HTMLElement>('[role="radio"]'));
  const target = radios.find((r) => r.getAttribute('aria-checked') === 'true') ?? radios[0];
  target?.focus();
  return !!target;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** F from anywhere in the room (not while typing, not in a dialog): into the panel where it waits for the clinician. */
export function jumpIntoFlags(): 'family' | 'row' | null {
  const confirm = document.querySelector<HTMLElement>('.flag-panel [data-testid="family-answers"] button:not([disabled])');
  if (confirm) {
    confirm.focus();
    return 'family';
  }
  return focusRow(document.querySelector('.flag-panel li.flag[data-state="not_screened"]')) ? 'row' : null;
}

export function RedFlagPanel({ room, readOnly }: { room: VisitRoom & { state: VisitRoomState }; readOnly: boolean }) {
  const { state } = room;
  const session = useSession();
  const announce = useAnnounce();
  /** After a row's key: the row to focus once the new state is on screen. */
  const [focusNext, setFocusNext] = useState<{ id: string | null } | null>(null);
  useEffect(() => {
    if (!focusNext) return;
    setFocusNext(null);
    if (focusNext.id && focusRow(document.querySelector(rowSelector(focusNext.id)))) return;
    // Nothing after it: the first flag still not screened, if any.
    if (!focusRow(document.querySelector('.flag-panel li.flag[data-state="not_screened"]'))) announce('Every red flag is screened.');
  }, [focusNext, state, announce]);

  const locked = session.locked;
  useEffect(() => {
    if (readOnly) return;
    const listener = (e: globalThis.KeyboardEvent) => {
      if (locked || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      if (e.key.toLowerCase() !== FLAGS_KEY || isTyping(e.target) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      if (!jumpIntoFlags()) announce('No red flag waits for screening.');
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [readOnly, locked, announce]);
  const present = state.flags.filter((f) => f.state === 'present').length;
  const unscreened = state.flags.filter((f) => f.state === 'not_screened').length;
  const provisional = !!state.minimumTierProvisional;
  const tier = state.minimumTier;
  return (
    <aside className="flag-panel" aria-labelledby="flags-title" data-testid="flag-panel">
      <h2 id="flags-title">Red flags</h2>
      <p className={`min-tier${provisional ? ' min-tier-provisional' : ''}`} data-testid="minimum-tier" data-provisional={provisional} data-tier={tier}>
        Minimum tier{provisional ? ' so far' : ''}:{' '}
        <strong className={provisional ? 'tier tier-provisional' : `tier tier-${tier}`} aria-label={`Tier ${tier}${provisional ? ', provisional' : ''}`}>
          {tier}
        </strong>{' '}
        {provisional ? (
          tier === 'E' ? (
            <span>no red flag found yet — not a home-care tier until screening is complete</span>
          ) : (
            <span>at least {tierName(tier)}</span>
          )
        ) : (
          tierName(tier)
        )}
        {provisional && (
          <span className="badge provisional" data-testid="minimum-tier-provisional" title="Screening is not complete: the minimum tier can still go up.">
            provisional: screening not complete
          </span>
        )}
        <span className="muted">
          {' '}
          · {present} present · {unscreened} not yet asked
        </span>
      </p>
      {!readOnly && (
        <p className="flag-keys muted" id="flag-keys">
          <kbd>F</kbd> jumps here (first flag not yet screened). On a row: <kbd>Y</kbd> present · <kbd>A</kbd> absent · <kbd>C</kbd> could not
          assess, then on to the next row · <kbd>↑</kbd>
          <kbd>↓</kbd> rows · <kbd>←</kbd>
          <kbd>→</kbd> choices. The name opens its checklist step.
        </p>
      )}
      {!readOnly && <FamilyAnswers room={room} onConfirmed={() => setFocusNext({ id: null })} />}
      {!readOnly && <NotExamined room={room} />}
      {GROUP_ORDER.map((g) => {
        const flags = state.flags.filter((f) => groupOf(f) === g).sort((a, b) => (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9));
        if (flags.length === 0) return null;
        const shown = flags.filter((f) => f.state !== 'absent').length;
        return (
          <section key={g} className={`flag-group flag-group-${g}`} data-testid={`flag-group-${g}`} aria-labelledby={`flag-group-title-${g}`}>
            <h3 id={`flag-group-title-${g}`}>
              {GROUP_LABEL[g]} ({flags.length}
              {g !== 'not_screened' && shown > 0 ? `, ${shown} need attention` : ''})
            </h3>
            <ul className="flag-list">
              {flags.map((f) => (
                <FlagItem key={f.id} flag={f} room={room} readOnly={readOnly} onAssessedByKey={(next) => setFocusNext({ id: next })} />
              ))}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}

/**
 * The family's "no" is not the clinician's "absent" (content 0.2): absences
 * that rest on the form alone wait for the clinician to go over them with
 * the family, confirmed here as a group (recorded per flag) or flag by flag
 * with "Absent".
 */
function FamilyAnswers({ room, onConfirmed }: { room: VisitRoom & { state: VisitRoomState }; onConfirmed: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const announce = useAnnounce();
  const unconfirmed = room.state.flags.filter((f) => f.familyAbsence === 'unconfirmed');
  if (unconfirmed.length === 0) return null;
  async function confirmAll() {
    // The button leaves once confirmed: the keyboard goes on to the first flag not yet screened.
    const hadFocus = document.activeElement?.closest('[data-testid="family-answers"]') != null;
    setBusy(true);
    const result = await room.write(() => client.confirmFamilyAnswers({ visitId: room.state.visit.id }));
    setBusy(false);
    if (result.ok) {
      setError('');
      announce(`The family's answers are confirmed for ${unconfirmed.length} flags.`);
      if (hadFocus) onConfirmed();
    } else setError(result.error.message);
  }
  return (
    <section className="family-answers" data-testid="family-answers" aria-labelledby="family-answers-title">
      <h3 id="family-answers-title">Absent per family, not confirmed ({unconfirmed.length})</h3>
      <p className="muted">
        The family answered no on the form. Go over these with them, then confirm all at once or mark each one Absent.
      </p>
      <p>{unconfirmed.map((f) => f.label).join(' · ')}</p>
      <button type="button" className="small button-secondary" disabled={busy} onClick={() => void confirmAll()}>
        I went over the family&apos;s answers with them: confirm all {unconfirmed.length}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Movements never examined: signing needs them examined, or skipped with a reason the note keeps. */
function NotExamined({ room }: { room: VisitRoom & { state: VisitRoomState } }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const missing = room.state.notExamined ?? [];
  if (missing.length === 0) return null;
  async function skip(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Say why these movements were not examined.');
      return;
    }
    setBusy(true);
    const result = await room.write(() => client.skipNotExamined({ visitId: room.state.visit.id, reason: reason.trim() }));
    setBusy(false);
    if (result.ok) {
      setReason('');
      setError('');
      announce(`${missing.length} movements recorded as not examined.`);
    } else setError(result.error.fields[0]?.message ?? result.error.message);
  }
  return (
    <form className="not-examined" data-testid="not-examined" onSubmit={skip} noValidate>
      <h3>Not examined yet ({missing.length})</h3>
      <p>{missing.map((m) => m.title).join(' · ')}</p>
      <label htmlFor="not-examined-reason">Why were these not examined? (recorded as not assessed; the note lists them)</label>
      <textarea id="not-examined-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="small button-secondary" disabled={busy}>
        Record as not examined
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function FlagItem({
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
      setError('Say why the flag is absent although the answers raised it.');
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

  const segment = (choice: Choice, text: string) => {
    const current = flag.state === choice;
    const i = CHOICES.indexOf(choice);
    const key = Object.entries(ROW_KEYS).find(([, c]) => c === choice)![0].toUpperCase();
    return (
      <button
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
        title={current && !confirmed ? `${STATE_LABEL[choice]} per ${flag.source ? SOURCE_LABEL[flag.source]?.toLowerCase() : 'the rules'}, not confirmed by you` : undefined}
        aria-disabled={busy || undefined}
        onFocus={() => setFocusIndex(i)}
        onClick={() => {
          if (!busy) void assess(choice);
        }}
      >
        {text}
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
        <span className={`tier tier-small ${flag.state === 'present' ? `tier-${flag.tier}` : 'tier-quiet'}`} title={tierName(flag.tier)} aria-label={`Tier ${flag.tier}, ${tierName(flag.tier)}`}>
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
            title={step ? `Open the checklist step: ${STEP_TITLE.get(step) ?? step}` : "Open the family's answers"}
            onClick={() => requestStep(step ?? INTAKE_STEP)}
          >
            {flag.label}
          </button>
        )}
        {readOnly ? (
          <span className="badge">{STATE_LABEL[flag.state]}</span>
        ) : (
          <span className="segments" role="radiogroup" aria-label={`Assess ${flag.label}`} aria-describedby="flag-keys">
            {segment('present', 'Present')}
            {segment('absent', 'Absent')}
            {segment('could_not_assess', 'Could not assess')}
          </span>
        )}
      </div>
      {(flag.state !== 'absent' || flag.familyAbsence === 'unconfirmed' || (confirmed && flag.derivedState !== 'not_screened' && flag.derivedState !== flag.state)) && (
        <div className="flag-meta">
          {flag.source && <span className={`badge source-${flag.source}`}>{SOURCE_LABEL[flag.source]}</span>}
          {flag.familyAbsence === 'unconfirmed' && <span className="badge family-unconfirmed">Absent per family, not confirmed</span>}
          {confirmed && flag.derivedState !== 'not_screened' && flag.derivedState !== flag.state && (
            <span className="badge">Rules said: {STATE_LABEL[flag.derivedState]}</span>
          )}
          {flag.evidence.length > 0 && <span className="evidence" aria-label={`Evidence for ${flag.label}`}>{flag.evidence.join(' · ')}</span>}
        </div>
      )}
      {flag.clinicianNote && <p className="flag-note">Note: {flag.clinicianNote}</p>}
      {noteFor && !readOnly && (
        <form className="flag-note-form" onSubmit={submitNote} noValidate>
          <label htmlFor={`note-${flag.id}`}>Why is it absent although the answers raised it? (required)</label>
          <textarea id={`note-${flag.id}`} rows={2} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} autoFocus />
          <div className="row">
            <button type="submit" className="small" disabled={busy}>
              Save as absent
            </button>
            <button type="button" className="small button-quiet" onClick={() => setNoteFor(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
