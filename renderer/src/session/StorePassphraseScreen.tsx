import { useState, type FormEvent } from 'react';
import { client } from '../api/client';
import { SecretField } from './SecretField';
import { useUnlockAttempt } from './useUnlockAttempt';

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
    if (!passphrase) local['store-passphrase'] = 'Enter the passphrase.';
    else if (mode === 'create' && passphrase.length < MIN) local['store-passphrase'] = `Use at least ${MIN} characters.`;
    if (mode === 'create' && !local['store-passphrase'] && repeat !== passphrase) local['store-passphrase-repeat'] = 'The two passphrases differ.';
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
        <h2 id="store-pass-title">{mode === 'create' ? 'Protect the visit database' : 'Unlock the visit database'}</h2>
        <p>
          This computer has no secure keyring, so the encrypted visit database is protected by a passphrase.
          {mode === 'create'
            ? ' Choose one of at least 12 characters and keep it safe: without it the records cannot be opened.'
            : ' Enter it to open the records.'}
        </p>
        <SecretField
          id="store-passphrase"
          label="Database passphrase"
          error={errors['store-passphrase']}
          value={passphrase}
          onChange={setPassphrase}
          autoComplete={mode === 'create' ? 'new-password' : 'current-password'}
          inputRef={input}
        />
        {mode === 'create' && (
          <SecretField id="store-passphrase-repeat" label="Repeat the passphrase" error={errors['store-passphrase-repeat']} value={repeat} onChange={setRepeat} autoComplete="new-password" />
        )}
        <button type="submit" className="button-large" disabled={busy}>
          {mode === 'create' ? 'Create and open' : 'Open'}
        </button>
      </form>
    </main>
  );
}
