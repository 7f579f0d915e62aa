import { useEffect, useRef, useState } from 'react';
import { CONSOLE } from '../../../shared/words/console';
import { AppError } from '../api/client';

/**
 * A secret typed to open something (the console's lock, the database's
 * passphrase): the field focused on arrival, busy while trying, and on a
 * refusal the reason in words (the first field message, else the error's),
 * handed to `onRefused`, with the field focused again.
 */
export function useUnlockAttempt() {
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  /** Run `open`; its answer, or undefined after `onRefused(why)`. */
  async function attempt<T>(open: () => Promise<T>, onRefused: (why: string) => void): Promise<T | undefined> {
    setBusy(true);
    try {
      return await open();
    } catch (err) {
      onRefused(err instanceof AppError ? (err.fields[0]?.message ?? err.message) : CONSOLE.session.somethingWrong);
      input.current?.focus();
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { busy, input, attempt };
}
