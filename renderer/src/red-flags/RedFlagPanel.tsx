/**
 * Every red flag in the catalog, grouped by state, with where the state came
 * from, the evidence for flags the rules raised, and the minimum tier they
 * demand. The clinician confirms or changes each; marking absent a flag the
 * rules found present needs a note (the close gate blocks otherwise).
 */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { clinicalContent } from '../../../shared/clinical';
import { requestStep } from '../checklist/focus-step';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { client } from '../api/client';
import { useAnnounce } from '../app/announce';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import { SOURCE_LABEL, STATE_LABEL, tierName } from './labels';

type Flag = VisitRoomState['flags'][number];
type Choice = 'present' | 'absent' | 'could_not_assess';

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

export function RedFlagPanel({ room, readOnly }: { room: VisitRoom & { state: VisitRoomState }; readOnly: boolean }) {
  const { state } = room;
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
        <p className="flag-keys muted">
          On a row: <kbd>Y</kbd> present · <kbd>A</kbd> absent · <kbd>C</kbd> could not assess · <kbd>↑</kbd>
          <kbd>↓</kbd> next row. The name opens its checklist step.
        </p>
      )}
      {!readOnly && <FamilyAnswers room={room} />}
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
                <FlagItem key={f.id} flag={f} room={room} readOnly={readOnly} />
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
function FamilyAnswers({ room }: { room: VisitRoom & { state: VisitRoomState } }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const announce = useAnnounce();
  const unconfirmed = room.state.flags.filter((f) => f.familyAbsence === 'unconfirmed');
  if (unconfirmed.length === 0) return null;
  async function confirmAll() {
    setBusy(true);
    const result = await room.write(() => client.confirmFamilyAnswers({ visitId: room.state.visit.id }));
    setBusy(false);
    if (result.ok) {
      setError('');
      announce(`The family's answers are confirmed for ${unconfirmed.length} flags.`);
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

function FlagItem({ flag, room, readOnly }: { flag: Flag; room: VisitRoom & { state: VisitRoomState }; readOnly: boolean }) {
  const [noteFor, setNoteFor] = useState<Choice | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const raisedByRules = flag.derivedState === 'present';
  const headingId = `flag-${flag.id}`;
  const step = STEPS_BY_FLAG.get(flag.id)?.[0];
  const confirmed = flag.source === 'clinician';

  async function assess(state: Choice, text?: string) {
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

  /** Y / A / C on the row; arrows move to the same segment of the next or previous row. */
  function onRowKey(e: KeyboardEvent<HTMLLIElement>) {
    if (readOnly || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement;
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
    const choice = ROW_KEYS[e.key.toLowerCase()];
    if (choice && !e.shiftKey) {
      e.preventDefault();
      if (!busy) void assess(choice);
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const rows = Array.from(document.querySelectorAll<HTMLElement>('.flag-panel li.flag'));
      const here = e.currentTarget;
      const next = rows[rows.indexOf(here) + (e.key === 'ArrowDown' ? 1 : -1)];
      if (!next) return;
      const buttons = Array.from(here.querySelectorAll<HTMLElement>('button'));
      const i = Math.max(0, buttons.indexOf(target));
      const nextButtons = next.querySelectorAll<HTMLElement>('button');
      (nextButtons[Math.min(i, nextButtons.length - 1)] ?? next).focus();
    }
  }

  const segment = (choice: Choice, text: string) => {
    const current = flag.state === choice;
    return (
      <button
        type="button"
        className={`segment segment-${choice}${current ? (confirmed ? ' segment-on' : ' segment-derived') : ''}`}
        aria-pressed={current && confirmed}
        aria-keyshortcuts={Object.entries(ROW_KEYS).find(([, c]) => c === choice)![0].toUpperCase()}
        title={current && !confirmed ? `${STATE_LABEL[choice]} per ${flag.source ? SOURCE_LABEL[flag.source]?.toLowerCase() : 'the rules'}, not confirmed by you` : undefined}
        disabled={busy}
        onClick={() => void assess(choice)}
      >
        {text}
      </button>
    );
  };

  return (
    <li className={`flag flag-${flag.state}`} data-testid={`flag-${flag.id}`} data-state={flag.state} aria-labelledby={headingId} onKeyDown={onRowKey}>
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
          <span className="segments" role="group" aria-label={`Assess ${flag.label}`}>
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
