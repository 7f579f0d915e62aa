/**
 * Before the visit database is open. Where the OS offers no real secret store
 * (Linux safeStorage "basic_text"), the database key is wrapped with a
 * passphrase the clinician types in the console's own window; until then the
 * only channels that answer are the About box, the session status (which says
 * a passphrase is needed) and `store:unlock`. Plain Node: the Electron glue
 * and the end-to-end harness use the same code.
 */
import { AppError } from '../../shared/ipc/errors';
import { CLINICAL_REVIEW_STATEMENT } from '../../shared/about';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/ipc/contract';
import type { StorePassphraseMode } from '../../shared/domain/session';
import type { Handlers } from './ipc/dispatch';
import { KeyringError, loadOrCreateKey, loadOrCreateKeyAsync, type AsyncSecretStore, type SecretStore } from './store/keyring';
import type { DatabaseKey } from './store/sqlite';
import type { AppInfo } from './services';

export type KeyDecision = { kind: 'ready'; key: DatabaseKey } | { kind: 'passphrase'; mode: Exclude<StorePassphraseMode, 'none'> };

export interface KeyOptions {
  keyFile: string;
  databaseExists: boolean;
  /** The OS secret store; the app passes Electron's asynchronous safeStorage calls. */
  store: AsyncSecretStore;
  /** A passphrase provisioned by IT (a file), if any. */
  provisioned?: () => string | null;
}

/** Which passphrase question a key-loading failure asks, or the failure itself. */
function passphraseQuestion(error: unknown, databaseExists: boolean): KeyDecision {
  if (error instanceof KeyringError && error.code === 'NO_SECURE_STORAGE' && !databaseExists) {
    return { kind: 'passphrase', mode: 'create' };
  }
  if (error instanceof KeyringError && error.code === 'WRONG_PASSPHRASE') return { kind: 'passphrase', mode: 'enter' };
  throw error;
}

function loadOptions(options: KeyOptions) {
  return {
    file: options.keyFile,
    databaseExists: options.databaseExists,
    store: options.store,
    ...(options.provisioned ? { passphrase: options.provisioned } : {}),
  };
}

/** The key, or which passphrase question to ask: create one (new database) or enter it. Synchronous secret stores only. */
export function resolveKey(options: KeyOptions & { store: SecretStore }): KeyDecision {
  try {
    return { kind: 'ready', key: loadOrCreateKey({ ...loadOptions(options), store: options.store }) };
  } catch (error) {
    return passphraseQuestion(error, options.databaseExists);
  }
}

/** resolveKey for the app: Electron's safeStorage is asynchronous from 45 on. */
export async function resolveKeyAsync(options: KeyOptions): Promise<KeyDecision> {
  try {
    return { kind: 'ready', key: await loadOrCreateKeyAsync(loadOptions(options)) };
  } catch (error) {
    return passphraseQuestion(error, options.databaseExists);
  }
}

export const STORE_PASSPHRASE_MIN = 12;

/**
 * The handlers while the database waits for its passphrase. `open` receives
 * the key once the passphrase unwraps (or creates) it; it opens the store and
 * swaps in the real handlers.
 */
export function createPassphraseHandlers(options: {
  mode: Exclude<StorePassphraseMode, 'none'>;
  key: KeyOptions;
  info: AppInfo;
  open: (key: DatabaseKey) => Promise<void>;
}): Handlers {
  const closed = async (): Promise<never> => {
    throw new AppError('LOCKED', 'Unlock the visit database with its passphrase first.');
  };
  const handlers = Object.fromEntries(CHANNEL_NAMES.map((name) => [name, closed])) as unknown as Handlers;
  const open: Partial<Record<ChannelName, unknown>> = {
    'app:about': () => ({ ...options.info, clinicalReviewStatement: CLINICAL_REVIEW_STATEMENT }),
    'session:status': () => ({
      needsSetup: false,
      locked: true,
      clinicians: [],
      current: null,
      idleLockMinutes: 10,
      storePassphrase: options.mode,
    }),
    'store:unlock': async (req: { passphrase: string }) => {
      if (options.mode === 'create' && req.passphrase.length < STORE_PASSPHRASE_MIN) {
        throw new AppError('VALIDATION', 'The passphrase is too short.', [
          { path: 'passphrase', message: `Use at least ${STORE_PASSPHRASE_MIN} characters.` },
        ]);
      }
      let key: DatabaseKey;
      try {
        key = await loadOrCreateKeyAsync({ file: options.key.keyFile, databaseExists: options.key.databaseExists, store: options.key.store, passphrase: () => req.passphrase });
      } catch (error) {
        if (error instanceof KeyringError && error.code === 'WRONG_PASSPHRASE') {
          throw new AppError('VALIDATION', 'That passphrase does not unlock the database.', [
            { path: 'passphrase', message: 'That passphrase does not unlock the database.' },
          ]);
        }
        throw new AppError('CONFLICT', error instanceof KeyringError ? error.message : 'The database key could not be read.');
      }
      await options.open(key);
      return { unlocked: true };
    },
  };
  return { ...handlers, ...(open as Partial<Handlers>) } as Handlers;
}
