import { useState, type FormEvent } from 'react';
import { PASSCODE_LIMITS, SetupInput, type SessionStatus } from '../../../shared/domain/session';
import { issuesToFieldErrors } from '../../../shared/ipc/issues';
import { AppError, client } from '../api/client';
import { Field, fieldAria, FormError } from '../app/Field';
import { useAnnounce } from '../app/announce';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.session.setup;

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
    if (passcode !== again) next.passcodeAgain = t.passcodesDiffer;
    setErrors(next);
    if (!parsed.success || Object.keys(next).length > 0) {
      announce(t.correctFields);
      return;
    }
    setBusy(true);
    try {
      const status = await client.setupClinician(parsed.data);
      let created: { visitId: string } | null = null;
      if (demo) created = await client.createDemo({});
      announce(t.welcome(status.current?.displayName ?? ''));
      onDone(status, created);
    } catch (err) {
      if (err instanceof AppError) {
        setErrors(Object.fromEntries(err.fields.map((f) => [f.path, f.message])));
        setFormError(err.message);
      } else setFormError(t.failed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="gate-screen" aria-labelledby="setup-title">
      <form className="card form gate-card" onSubmit={submit} noValidate>
        <h2 id="setup-title">{t.title}</h2>
        <p>{t.intro}</p>
        <Field id="displayName" label={t.name} error={errors.displayName}>
          <input {...fieldAria('displayName', errors.displayName)} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        </Field>
        <Field id="credentials" label={t.credentials} error={errors.credentials}>
          <input {...fieldAria('credentials', errors.credentials)} value={credentials} onChange={(e) => setCredentials(e.target.value)} />
        </Field>
        <Field id="passcode" label={t.passcode} hint={t.passcodeHint(PASSCODE_LIMITS.min)} error={errors.passcode}>
          <input {...fieldAria('passcode', errors.passcode)} type="password" value={passcode} onChange={(e) => setPasscode(e.target.value)} autoComplete="new-password" />
        </Field>
        <Field id="passcodeAgain" label={t.passcodeAgain} error={errors.passcodeAgain}>
          <input {...fieldAria('passcodeAgain', errors.passcodeAgain)} type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" />
        </Field>
        <label className="check">
          <input type="checkbox" checked={demo} onChange={(e) => setDemo(e.target.checked)} />
          {t.demo}
        </label>
        <FormError message={formError} />
        <button type="submit" className="button-large" disabled={busy}>
          {t.submit}
        </button>
      </form>
    </main>
  );
}
