import { useState, type FormEvent } from 'react';
import { client } from '../api/client';
import { SecretField } from './SecretField';
import { useUnlockAttempt } from './useUnlockAttempt';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.session.store;

const MIN = 12;

/**
 * Shown when this computer has no secure keyring (Linux without GNOME Keyring
 * or KWallet): the visit database's key is protected by a passphrase instead.
 * "create" on first start, "enter" on every later start.
 */
export function StorePassphraseScreen({ mode, onUnlocked }: { mode: 'create' | 'enter'; onUnlocked: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy, input, attempt } = useUnlockAttempt();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!passphrase) local['store-passphrase'] = t.enterPassphrase;
    else if (mode === 'create' && passphrase.length < MIN) local['store-passphrase'] = t.tooShort(MIN);
    if (mode === 'create' && !local['store-passphrase'] && repeat !== passphrase) local['store-passphrase-repeat'] = t.differ;
    setErrors(local);
    if (Object.keys(local).length) return;
    const opened = await attempt(
      async () => {
        await client.unlockStore({ passphrase });
        return true;
      },
      (why) => {
        setPassphrase('');
        setErrors({ 'store-passphrase': why });
      },
    );
    if (!opened) return;
    setPassphrase('');
    setRepeat('');
    onUnlocked();
  }

  return (
    <main className="gate-screen" aria-labelledby="store-pass-title" data-testid="store-passphrase">
      <form className="card form gate-card" onSubmit={submit} noValidate>
        <h2 id="store-pass-title">{mode === 'create' ? t.createTitle : t.enterTitle}</h2>
        <p>
          {t.intro}
          {mode === 'create' ? t.createIntro : t.enterIntro}
        </p>
        <SecretField
          id="store-passphrase"
          label={t.passphrase}
          error={errors['store-passphrase']}
          value={passphrase}
          onChange={setPassphrase}
          autoComplete={mode === 'create' ? 'new-password' : 'current-password'}
          inputRef={input}
        />
        {mode === 'create' && (
          <SecretField id="store-passphrase-repeat" label={t.repeat} error={errors['store-passphrase-repeat']} value={repeat} onChange={setRepeat} autoComplete="new-password" />
        )}
        <button type="submit" className="button-large" disabled={busy}>
          {mode === 'create' ? t.create : t.open}
        </button>
      </form>
    </main>
  );
}
