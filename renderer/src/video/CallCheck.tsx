/**
 * The call check (issue 16): at the start of the call the clinician confirms
 * where the child is and a number to call back on if the call drops. An
 * emergency-now or same-day decision (tier A or B) cannot be signed without
 * it (the shared gate names it). The number starts as the guardian's number
 * on file; the clinician confirms or changes it with the family.
 */
import { useState, type FormEvent } from 'react';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { CONSOLE } from '../../../shared/words/console';
import { client } from '../api/client';
import { Field, fieldAria } from '../app/Field';
import type { VisitRoom } from '../visit-room/useVisitRoom';
import './call-logistics.css';

const t = CONSOLE.video.callCheck;

export function CallCheck({ room }: { room: VisitRoom & { state: VisitRoomState } }) {
  const { state } = room;
  const current = state.callCheck ?? null;
  const [editing, setEditing] = useState(false);
  const [location, setLocation] = useState(current?.childLocation ?? '');
  const [phone, setPhone] = useState(current?.callbackPhone ?? state.guardians[0]?.phone ?? '');
  const [errors, setErrors] = useState<{ location?: string; phone?: string; form?: string }>({});
  const [saving, setSaving] = useState(false);
  const needed = state.gate.reasons.some((r) => r.code === 'call_check_missing');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaving(true);
    const result = await room.write(() => client.recordCallCheck({ visitId: state.visit.id, childLocation: location, callbackPhone: phone }));
    setSaving(false);
    if (result.ok) {
      setErrors({});
      setEditing(false);
      return;
    }
    const f = result.error.fields;
    setErrors({
      location: f.find((x) => x.path === 'childLocation')?.message,
      phone: f.find((x) => x.path === 'callbackPhone')?.message,
      form: f.length ? undefined : result.error.message,
    });
  }

  if (current && !editing) {
    return (
      <section className="call-check call-check-done" aria-label={t.title} data-testid="call-check">
        <p>
          <strong>{t.childAt}</strong> <span data-testid="call-check-location">{current.childLocation}</span> ·{' '}
          <strong>{t.callBack}</strong> <span data-testid="call-check-phone">{current.callbackPhone}</span>{' '}
          <span className="muted">{t.confirmedAt(new Date(current.recordedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))}</span>
        </p>
        <button
          type="button"
          className="button-secondary"
          onClick={() => {
            setLocation(current.childLocation);
            setPhone(current.callbackPhone);
            setEditing(true);
          }}
        >
          {t.change}
        </button>
      </section>
    );
  }

  return (
    <form className={`call-check${needed ? ' call-check-needed' : ''}`} aria-labelledby="call-check-title" data-testid="call-check" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="call-check-title">{t.title}</h3>
      <p className="muted">
        {t.ask}
        {needed ? t.needed : ''}
      </p>
      <div className="call-check-fields">
        <Field id="call-location" label={t.location} error={errors.location} hint={t.locationHint}>
          <input {...fieldAria('call-location', errors.location)} value={location} maxLength={200} onChange={(e) => setLocation(e.target.value)} autoComplete="off" />
        </Field>
        <Field id="call-phone" label={t.phone} error={errors.phone}>
          <input {...fieldAria('call-phone', errors.phone)} type="tel" value={phone} maxLength={32} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
        </Field>
      </div>
      {errors.form && (
        <p role="alert" className="form-error">
          {errors.form}
        </p>
      )}
      <div className="call-check-actions">
        <button type="submit" disabled={saving}>
          {t.confirm}
        </button>
        {current && (
          <button type="button" className="button-secondary" onClick={() => setEditing(false)}>
            {CONSOLE.common.cancel}
          </button>
        )}
      </div>
    </form>
  );
}
