/**
 * Every red flag in the catalog, grouped by state, with where the state came
 * from, the evidence for flags the rules raised, and the minimum tier they
 * demand. The clinician confirms or changes each; marking absent a flag the
 * rules found present needs a note (the close gate blocks otherwise).
 */
import { useState, type FormEvent } from 'react';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { client } from '../api/client';
import { useAnnounce } from '../app/announce';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import { SOURCE_LABEL, STATE_LABEL, tierName } from './labels';

type Flag = VisitRoomState['flags'][number];
type Choice = 'present' | 'absent' | 'could_not_assess';
const GROUPS = ['present', 'could_not_assess', 'not_screened', 'absent'] as const;

export function RedFlagPanel({ room, readOnly }: { room: VisitRoom & { state: VisitRoomState }; readOnly: boolean }) {
  const { state } = room;
  const present = state.flags.filter((f) => f.state === 'present').length;
  return (
    <aside className="flag-panel" aria-labelledby="flags-title" data-testid="flag-panel">
      <h2 id="flags-title">Red flags</h2>
      <p className="min-tier" data-testid="minimum-tier">
        Minimum tier: <strong className={`tier tier-${state.minimumTier}`}>{state.minimumTier}</strong> {tierName(state.minimumTier)}
        {state.minimumTierProvisional && (
          <span className="badge provisional" data-testid="minimum-tier-provisional" title="Screening is not complete: the minimum tier can still go up.">
            {' '}
            provisional: screening not complete
          </span>
        )}
        <span className="muted">
          {' '}
          · {present} present · {state.flags.filter((f) => f.state === 'not_screened').length} not yet screened
        </span>
      </p>
      {!readOnly && <FamilyAnswers room={room} />}
      {!readOnly && <NotExamined room={room} />}
      {GROUPS.map((g) => {
        const flags = state.flags.filter((f) => f.state === g);
        if (flags.length === 0) return null;
        const list = (
          <ul className="flag-list">
            {flags.map((f) => (
              <FlagItem key={f.id} flag={f} room={room} readOnly={readOnly} />
            ))}
          </ul>
        );
        return g === 'absent' ? (
          <details key={g} className={`flag-group flag-group-${g}`} data-testid={`flag-group-${g}`}>
            <summary className="flag-group-summary">
              {STATE_LABEL[g]} ({flags.length})
            </summary>
            {list}
          </details>
        ) : (
          <section key={g} className={`flag-group flag-group-${g}`} data-testid={`flag-group-${g}`} aria-label={`${STATE_LABEL[g]} (${flags.length})`}>
            <h3>
              {STATE_LABEL[g]} ({flags.length})
            </h3>
            {list}
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
      <button type="button" className="small" disabled={busy} onClick={() => void confirmAll()}>
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
      <button type="submit" className="small" disabled={busy}>
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

  return (
    <li className={`flag flag-${flag.state}`} data-testid={`flag-${flag.id}`} data-state={flag.state} aria-labelledby={headingId}>
      <div className="flag-head">
        <span id={headingId} className="flag-label">
          {flag.label}
        </span>
        <span className={`tier tier-${flag.tier}`} title={tierName(flag.tier)} aria-label={`Tier ${flag.tier}, ${tierName(flag.tier)}`}>
          {flag.tier}
        </span>
      </div>
      <div className="flag-meta">
        <span className="badge">{STATE_LABEL[flag.state]}</span>
        {flag.source && <span className={`badge source-${flag.source}`}>{SOURCE_LABEL[flag.source]}</span>}
        {flag.familyAbsence === 'unconfirmed' && <span className="badge family-unconfirmed">Absent per family, not confirmed</span>}
        {flag.familyAbsence === 'confirmed' && <span className="badge">Family&apos;s answer, confirmed</span>}
        {flag.source === 'clinician' && flag.derivedState !== 'not_screened' && flag.derivedState !== flag.state && (
          <span className="badge">Rules said: {STATE_LABEL[flag.derivedState]}</span>
        )}
      </div>
      {flag.evidence.length > 0 && (
        <ul className="evidence" aria-label={`Evidence for ${flag.label}`}>
          {flag.evidence.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      {flag.clinicianNote && <p className="flag-note">Note: {flag.clinicianNote}</p>}
      {!readOnly && (
        <div className="flag-actions" role="group" aria-label={`Assess ${flag.label}`}>
          <button type="button" className="small" aria-pressed={flag.state === 'present' && flag.source === 'clinician'} disabled={busy} onClick={() => void assess('present')}>
            Confirm present
          </button>
          <button type="button" className="small" aria-pressed={flag.state === 'absent' && flag.source === 'clinician'} disabled={busy} onClick={() => void assess('absent')}>
            Absent
          </button>
          <button
            type="button"
            className="small"
            aria-pressed={flag.state === 'could_not_assess' && flag.source === 'clinician'}
            disabled={busy}
            onClick={() => void assess('could_not_assess')}
          >
            Could not assess
          </button>
        </div>
      )}
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
