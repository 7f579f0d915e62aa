import { useState, type FormEvent } from 'react';
import { PASSCODE_LIMITS, SetupInput, type SessionStatus } from '../../../shared/domain/session';
import { issuesToFieldErrors } from '../../../shared/ipc/issues';
import { AppError, client } from '../api/client';
import { Field, fieldAria, FormError } from '../app/Field';
import { useAnnounce } from '../app/announce';

/** First run: who the clinician is. Their name and credentials sign every entry; the passcode unlocks the console. */
export function SetupScreen({ onDone }: { onDone: (status: SessionStatus, demo: { visitId: string } | null) => void }) {
  const [name, setName] = useState('');
  const [credentials, setCredentials] = useState('');
  const [passcode, setPasscode] = useState('');
  const [again, setAgain] = useState('');
  const [demo, setDemo] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError('');
    const parsed = SetupInput.safeParse({ displayName: name, credentials, passcode });
    const next: Record<string, string> = parsed.success
      ? {}
      : Object.fromEntries(issuesToFieldErrors(parsed.error.issues).map((f) => [f.path, f.message]));
    if (passcode !== again) next.passcodeAgain = 'The two passcodes are not the same.';
    setErrors(next);
    if (!parsed.success || Object.keys(next).length > 0) {
      announce('Please correct the highlighted fields.');
      return;
    }
    setBusy(true);
    try {
      const status = await client.setupClinician(parsed.data);
      let created: { visitId: string } | null = null;
      if (demo) created = await client.createDemo({});
      announce(`Welcome, ${status.current?.displayName ?? ''}.`);
      onDone(status, created);
    } catch (err) {
      if (err instanceof AppError) {
        setErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
        setFormError(err.message);
      } else setFormError('Something went wrong. Reload to see whether it was saved.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="gate-screen" aria-labelledby="setup-title">
      <form className="card form gate-card" onSubmit={submit} noValidate>
        <h2 id="setup-title">Set up this console</h2>
        <p>
          Your name and credentials sign every entry you make. Your passcode unlocks the console after it locks itself when you
          step away.
        </p>
        <Field id="displayName" label="Your name" error={errors.displayName}>
          <input {...fieldAria('displayName', errors.displayName)} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        </Field>
        <Field id="credentials" label="Credentials (for example MD, NP, PT)" error={errors.credentials}>
          <input {...fieldAria('credentials', errors.credentials)} value={credentials} onChange={(e) => setCredentials(e.target.value)} />
        </Field>
        <Field id="passcode" label="Passcode" hint={`At least ${PASSCODE_LIMITS.min} characters.`} error={errors.passcode}>
          <input {...fieldAria('passcode', errors.passcode)} type="password" value={passcode} onChange={(e) => setPasscode(e.target.value)} autoComplete="new-password" />
        </Field>
        <Field id="passcodeAgain" label="Passcode again" error={errors.passcodeAgain}>
          <input {...fieldAria('passcodeAgain', errors.passcodeAgain)} type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" />
        </Field>
        <label className="check">
          <input type="checkbox" checked={demo} onChange={(e) => setDemo(e.target.checked)} />
          Add a demo patient and visit to try the whole flow (marked DEMO; you can remove it later)
        </label>
        <FormError message={formError} />
        <button type="submit" className="button-large" disabled={busy}>
          Set up and start
        </button>
      </form>
    </main>
  );
}
