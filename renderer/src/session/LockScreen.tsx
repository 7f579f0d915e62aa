import { useState, type FormEvent } from 'react';
import type { SessionStatus } from '../../../shared/domain/session';
import { client } from '../api/client';
import { Field } from '../app/Field';
import { SecretField } from './SecretField';
import { useUnlockAttempt } from './useUnlockAttempt';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.session.lock;

/** The opaque lock screen: no patient data behind it is visible or reachable until a clinician's passcode is entered. */
export function LockScreen({ status, onUnlocked }: { status: SessionStatus; onUnlocked: (s: SessionStatus) => void }) {
  const [clinicianId, setClinicianId] = useState(status.current?.id ?? status.clinicians[0]?.id ?? '');
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState('');
  const { busy, input, attempt } = useUnlockAttempt();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!passcode) {
      setError(t.enterPasscode);
      return;
    }
    const next = await attempt(
      () => client.unlockSession({ clinicianId, passcode }),
      (why) => {
        setPasscode('');
        setError(why);
      },
    );
    if (!next) return;
    setPasscode('');
    setError('');
    onUnlocked(next);
  }

  return (
    <main className="gate-screen lock-screen" aria-labelledby="lock-title" data-testid="lock-screen">
      <form className="card form gate-card" onSubmit={submit} noValidate>
        <h2 id="lock-title">{t.title}</h2>
        <p>{t.intro}</p>
        {status.clinicians.length > 1 ? (
          <Field id="lock-clinician" label={t.clinician}>
            <select id="lock-clinician" value={clinicianId} onChange={(e) => setClinicianId(e.target.value)}>
              {status.clinicians.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName}
                  {c.credentials ? `, ${c.credentials}` : ''}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <p className="lock-who">
            {status.clinicians[0]?.displayName}
            {status.clinicians[0]?.credentials ? `, ${status.clinicians[0].credentials}` : ''}
          </p>
        )}
        <SecretField id="unlock-passcode" label={t.passcode} error={error} value={passcode} onChange={setPasscode} autoComplete="current-password" inputRef={input} />
        <button type="submit" className="button-large" disabled={busy}>
          {t.unlock}
        </button>
      </form>
    </main>
  );
}
