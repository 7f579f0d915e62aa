/**
 * What the red-flag panel asks of the clinician before signing, above the
 * rows: going over the family's "no" answers with them, and saying why the
 * movements never examined were not.
 */
import { useState, type FormEvent } from 'react';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { CONSOLE } from '../../../shared/words/console';
import { client } from '../api/client';
import { useAnnounce } from '../app/announce';
import { FormError } from '../app/Field';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import { ABSENCE_LABEL } from './labels';

const t = CONSOLE.redFlags;

/**
 * The family's "no" is not the clinician's "absent" (content 0.2): absences
 * that rest on the form alone wait for the clinician to go over them with
 * the family, confirmed here as a group (recorded per flag) or flag by flag
 * with "Absent".
 */
export function FamilyAnswers({ room, onConfirmed }: { room: VisitRoom & { state: VisitRoomState }; onConfirmed: () => void }) {
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
      announce(t.family.confirmed(unconfirmed.length));
      if (hadFocus) onConfirmed();
    } else setError(result.error.message);
  }
  return (
    <section className="family-answers" data-testid="family-answers" aria-labelledby="family-answers-title">
      <h3 id="family-answers-title">
        {ABSENCE_LABEL.unconfirmed} ({unconfirmed.length})
      </h3>
      <p className="muted">{t.family.help}</p>
      <p>{unconfirmed.map((f) => f.label).join(' · ')}</p>
      <button type="button" className="small button-secondary" disabled={busy} onClick={() => void confirmAll()}>
        {t.family.confirmAll(unconfirmed.length)}
      </button>
      <FormError message={error} />
    </section>
  );
}

/** Movements never examined: signing needs them examined, or skipped with a reason the note keeps. */
export function NotExamined({ room }: { room: VisitRoom & { state: VisitRoomState } }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();
  const missing = room.state.notExamined ?? [];
  if (missing.length === 0) return null;
  async function skip(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t.notExamined.reasonRequired);
      return;
    }
    setBusy(true);
    const result = await room.write(() => client.skipNotExamined({ visitId: room.state.visit.id, reason: reason.trim() }));
    setBusy(false);
    if (result.ok) {
      setReason('');
      setError('');
      announce(t.notExamined.recorded(missing.length));
    } else setError(result.error.fields[0]?.message ?? result.error.message);
  }
  return (
    <form className="not-examined" data-testid="not-examined" onSubmit={skip} noValidate>
      <h3>{t.notExamined.title(missing.length)}</h3>
      <p>{missing.map((m) => m.title).join(' · ')}</p>
      <label htmlFor="not-examined-reason">{t.notExamined.why}</label>
      <textarea id="not-examined-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="small button-secondary" disabled={busy}>
        {t.notExamined.record}
      </button>
      <FormError message={error} />
    </form>
  );
}
