/** After signing the record is locked: corrections and late information are addenda (reason + text), signed with the clinician's identity. */
import { useState, type FormEvent } from 'react';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { client } from '../api/client';
import { useAnnounce } from '../app/announce';
import type { VisitRoom } from './useVisitRoom';
import { Field, fieldAria, FormError } from '../app/Field';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visitRoom;

export function Addenda({ room }: { room: VisitRoom & { state: VisitRoomState } }) {
  const { state } = room;
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!reason.trim()) next.reason = t.addenda.reasonMissing;
    if (!text.trim()) next.text = t.addenda.textMissing;
    setErrors(next);
    if (Object.keys(next).length) return;
    setBusy(true);
    const result = await room.write(() => client.addAddendum({ visitId: state.visit.id, reason: reason.trim(), text: text.trim() }));
    setBusy(false);
    if (result.ok) {
      setReason('');
      setText('');
      announce(t.addenda.added);
    } else setErrors(Object.fromEntries([['form', result.error.message], ...result.error.fields.map((f) => [f.path, f.message])]));
  }

  return (
    <section className="addenda" aria-labelledby="addenda-title">
      <h3 id="addenda-title">{t.addenda.title}</h3>
      {state.addenda.length === 0 && <p className="muted">{t.addenda.none}</p>}
      <ol className="addenda-list">
        {state.addenda.map((a) => (
          <li key={a.id} data-testid="addendum">
            <p className="addendum-meta">
              {t.addenda.meta(state.authors[a.author] ?? t.addenda.unknownAuthor, new Date(a.createdAt).toLocaleString(), a.reason)}
            </p>
            <p>{a.text}</p>
          </li>
        ))}
      </ol>
      <form className="form" onSubmit={submit} noValidate>
        <div className={`field${errors.reason ? ' field-invalid' : ''}`}>
          <label htmlFor="addendum-reason">{t.addenda.reason}</label>
          <input id="addendum-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} aria-describedby="addendum-reason-error" aria-invalid={errors.reason ? true : undefined} />
          <p id="addendum-reason-error" className="field-error">
            {errors.reason ?? ''}
          </p>
        </div>
        <Field id="addendum-text" label={t.addenda.text} error={errors.text}>
          <textarea {...fieldAria('addendum-text', errors.text)} rows={3} value={text} maxLength={4000} onChange={(e) => setText(e.target.value)} />
        </Field>
        <FormError message={errors.form} />
        <button type="submit" disabled={busy}>
          {t.addenda.add}
        </button>
      </form>
    </section>
  );
}
