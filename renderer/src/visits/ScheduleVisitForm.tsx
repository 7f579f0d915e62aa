import { useState, type FormEvent } from 'react';
import type { PatientSummary } from '../../../shared/domain/patient';
import { ScheduleVisitInput } from '../../../shared/domain/visit';
import { issuesToFieldErrors } from '../../../shared/ipc/issues';
import { AppError, client } from '../api/client';
import { Field, fieldAria, FormError } from '../app/Field';
import { useAnnounce } from '../app/announce';
import { localInputToIso } from '../app/dates';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visits.schedule;

export function ScheduleVisitForm(props: { patients: PatientSummary[]; selectedPatientId: string; onScheduled: () => void }) {
  const [patientId, setPatientId] = useState(props.selectedPatientId);
  const [when, setWhen] = useState('');
  const [duration, setDuration] = useState('20');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const announce = useAnnounce();
  const chosen = patientId || props.selectedPatientId;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError('');
    const request = {
      patientId: chosen,
      scheduledStart: localInputToIso(when),
      durationMinutes: Number(duration),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    };
    const parsed = ScheduleVisitInput.safeParse(request);
    if (!parsed.success) {
      setErrors(Object.fromEntries(issuesToFieldErrors(parsed.error.issues).map((f) => [f.path, f.message])));
      return;
    }
    try {
      await client.scheduleVisit(parsed.data);
      setErrors({});
      setWhen('');
      setReason('');
      props.onScheduled();
      announce(t.scheduled);
    } catch (err) {
      if (err instanceof AppError) {
        setErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
        setFormError(err.message);
      } else setFormError(t.failed);
    }
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t.title}</h2>
      <Field id="patientId" label={t.patient} error={errors.patientId && t.patientMissing}>
        <select {...fieldAria('patientId', errors.patientId)} value={chosen} onChange={(e) => setPatientId(e.target.value)}>
          <option value="">{t.choosePatient}</option>
          {props.patients.map((p) => (
            <option key={p.id} value={p.id}>
              {p.childName} ({p.dateOfBirth})
            </option>
          ))}
        </select>
      </Field>
      <div className="field-row">
        <Field id="scheduledStart" label={t.when} error={errors.scheduledStart && t.whenMissing}>
          <input {...fieldAria('scheduledStart', errors.scheduledStart)} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
        </Field>
        <Field id="durationMinutes" label={t.length} error={errors.durationMinutes}>
          <input {...fieldAria('durationMinutes', errors.durationMinutes)} inputMode="numeric" value={duration} onChange={(e) => setDuration(e.target.value)} />
        </Field>
      </div>
      <Field id="reason" label={t.reason} error={errors.reason}>
        <input {...fieldAria('reason', errors.reason)} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <FormError message={formError} />
      <button type="submit">{t.submit}</button>
    </form>
  );
}
