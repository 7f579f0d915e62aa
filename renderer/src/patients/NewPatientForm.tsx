import { useState, type FormEvent } from 'react';
import { SEXES, validateNewPatient, type PatientSummary } from '../../../shared/domain/patient';
import { AppError, client } from '../api/client';
import { Field, fieldAria, FormError } from '../app/Field';
import { useAnnounce } from '../app/announce';
import { localToday } from '../app/dates';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.patients.newPatient;

const EMPTY = { childName: '', dateOfBirth: '', sex: '', weightKg: '', guardianName: '', guardianPhone: '', guardianEmail: '' };
type Draft = typeof EMPTY;

/** What the form sends: numbers as numbers, blanks left for the shared validation to name. */
function toRequest(draft: Draft) {
  return {
    ...draft,
    weightKg: draft.weightKg.trim() === '' ? undefined : Number(draft.weightKg),
    sex: draft.sex === '' ? undefined : draft.sex,
    // Optional: an empty field sends nothing.
    guardianEmail: draft.guardianEmail.trim() === '' ? undefined : draft.guardianEmail,
  };
}

export function NewPatientForm({ onCreated }: { onCreated: (p: PatientSummary) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();

  const set = (key: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError('');
    const request = toRequest(draft);
    // Same rules as the main process, so the message appears at once; the main process still decides.
    const local = validateNewPatient(request, localToday());
    if (!local.ok) {
      setErrors(Object.fromEntries(local.fields.map((f) => [f.path || 'form', f.message])));
      announce(t.correctFields);
      return;
    }
    setBusy(true);
    try {
      const created = await client.createPatient(local.value);
      setDraft(EMPTY);
      setErrors({});
      onCreated(created);
      announce(t.added);
    } catch (err) {
      if (err instanceof AppError) {
        setErrors(Object.fromEntries(err.fields.map((f) => [f.path || 'form', f.message])));
        setFormError(err.message);
      } else {
        setFormError(t.failed);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-patient-title">
      <h2 id="new-patient-title">{t.title}</h2>
      <Field id="childName" label={t.childName} error={errors.childName}>
        <input {...fieldAria('childName', errors.childName)} value={draft.childName} onChange={set('childName')} autoComplete="off" />
      </Field>
      <div className="field-row">
        <Field id="dateOfBirth" label={t.dateOfBirth} error={errors.dateOfBirth}>
          <input {...fieldAria('dateOfBirth', errors.dateOfBirth)} type="date" value={draft.dateOfBirth} onChange={set('dateOfBirth')} />
        </Field>
        <Field id="sex" label={t.sex} error={errors.sex}>
          <select {...fieldAria('sex', errors.sex)} value={draft.sex} onChange={set('sex')}>
            <option value="">{t.choose}</option>
            {SEXES.map((s) => (
              <option key={s} value={s}>
                {t.sexes[s]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="weightKg" label={t.weight} error={errors.weightKg}>
          <input {...fieldAria('weightKg', errors.weightKg)} inputMode="decimal" value={draft.weightKg} onChange={set('weightKg')} />
        </Field>
      </div>
      <div className="field-row">
        <Field id="guardianName" label={t.guardianName} error={errors.guardianName}>
          <input {...fieldAria('guardianName', errors.guardianName)} value={draft.guardianName} onChange={set('guardianName')} autoComplete="off" />
        </Field>
        <Field id="guardianPhone" label={t.guardianPhone} error={errors.guardianPhone}>
          <input {...fieldAria('guardianPhone', errors.guardianPhone)} type="tel" value={draft.guardianPhone} onChange={set('guardianPhone')} autoComplete="off" />
        </Field>
      </div>
      <Field id="guardianEmail" label={t.guardianEmail} error={errors.guardianEmail}>
        <input {...fieldAria('guardianEmail', errors.guardianEmail)} type="email" value={draft.guardianEmail} onChange={set('guardianEmail')} autoComplete="off" />
      </Field>
      <FormError message={errors.form || formError} />
      <button type="submit" disabled={busy}>
        {t.submit}
      </button>
    </form>
  );
}
