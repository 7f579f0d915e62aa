/**
 * The database key: 256 random bits, created once, never stored in the clear.
 * It is wrapped by the operating system's secret store (Electron safeStorage:
 * Keychain, DPAPI, or the Linux keyring) or, where no real secret store exists
 * (Linux "basic_text"), by a key derived from a passphrase. This module is
 * plain Node; the Electron glue passes safeStorage in.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DatabaseKey } from './sqlite';

export interface SecretStore {
  /** False when the OS offers no encryption at all. */
  isAvailable: boolean;
  /** Electron's backend name on Linux ('basic_text' means a hard-coded password: not acceptable). */
  backend: string;
  encrypt(plain: Buffer): Buffer;
  decrypt(wrapped: Buffer): Buffer;
}

export class KeyringError extends Error {
  constructor(
    readonly code: 'NO_SECURE_STORAGE' | 'UNREADABLE' | 'WRONG_PASSPHRASE',
    message: string,
  ) {
    super(message);
    this.name = 'KeyringError';
  }
}

interface KeyFile {
  version: 1;
  scheme: 'os' | 'passphrase';
  data: string;
  salt?: string;
  iv?: string;
  tag?: string;
}

const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

function passphraseKey(passphrase: string, salt: Buffer): Buffer {
  return scryptSync(passphrase.normalize('NFKC'), salt, 32, SCRYPT);
}

/** True when the secret store really protects secrets. */
export function isSecure(store: SecretStore): boolean {
  return store.isAvailable && store.backend !== 'basic_text';
}

/** The key file's contents, or the refusal of a damaged one. */
function readKeyFile(file: string): KeyFile {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  } catch {
    throw new KeyringError('UNREADABLE', 'The database key file is damaged. Restore it from a backup.');
  }
}

/** The refusals of an OS-wrapped key file, whether the store is synchronous or not. */
const noKeyring = () => new KeyringError('NO_SECURE_STORAGE', 'The system keyring is not available to unlock the database key.');
const keyringRefused = () =>
  new KeyringError('UNREADABLE', 'The system keyring could not unlock the database key (was the user account or keyring changed?).');

function writeAtomically(file: string, content: string): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, content, { mode: 0o600 });
  renameSync(partial, file);
}

/**
 * Read the database key from `file`, or create one when neither the key file
 * nor the database exists yet. Refuses (never invents a new key) when the key
 * file is missing but the database exists: a new key would make a new, empty
 * database appear in place of the patient records.
 */
export function loadOrCreateKey(options: {
  file: string;
  databaseExists: boolean;
  store: SecretStore;
  /** Asked only when the OS store is not secure. */
  passphrase?: () => string | null;
}): DatabaseKey {
  const { file, store } = options;
  if (existsSync(file)) {
    const parsed = readKeyFile(file);
    if (parsed.scheme === 'os') {
      if (!store.isAvailable) throw noKeyring();
      try {
        return checked(store.decrypt(Buffer.from(parsed.data, 'base64')));
      } catch {
        throw keyringRefused();
      }
    }
    const passphrase = options.passphrase?.();
    if (!passphrase) throw new KeyringError('WRONG_PASSPHRASE', 'Enter the database passphrase.');
    try {
      const wrapKey = passphraseKey(passphrase, Buffer.from(parsed.salt!, 'base64'));
      const decipher = createDecipheriv('aes-256-gcm', wrapKey, Buffer.from(parsed.iv!, 'base64'));
      decipher.setAuthTag(Buffer.from(parsed.tag!, 'base64'));
      return checked(Buffer.concat([decipher.update(Buffer.from(parsed.data, 'base64')), decipher.final()]));
    } catch {
      throw new KeyringError('WRONG_PASSPHRASE', 'That passphrase does not unlock the database.');
    }
  }
  if (options.databaseExists) {
    throw new KeyringError('UNREADABLE', 'The database key file is missing. Restore it from a backup; a new key would not open the existing records.');
  }
  const key = randomBytes(32);
  if (isSecure(store)) {
    writeAtomically(file, JSON.stringify({ version: 1, scheme: 'os', data: store.encrypt(key).toString('base64') } satisfies KeyFile));
    return key;
  }
  const passphrase = options.passphrase?.();
  if (!passphrase || passphrase.length < 12) {
    throw new KeyringError(
      'NO_SECURE_STORAGE',
      'This system has no secure keyring (Linux "basic_text"). Set up a keyring (GNOME Keyring or KWallet), or provide a database passphrase of at least 12 characters.',
    );
  }
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', passphraseKey(passphrase, salt), iv);
  const data = Buffer.concat([cipher.update(key), cipher.final()]);
  writeAtomically(
    file,
    JSON.stringify({
      version: 1,
      scheme: 'passphrase',
      data: data.toString('base64'),
      salt: salt.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    } satisfies KeyFile),
  );
  return key;
}

function checked(key: Buffer): Buffer {
  if (key.length !== 32) throw new KeyringError('UNREADABLE', 'The database key has the wrong length.');
  return key;
}

/**
 * A secret store whose encrypt/decrypt may be asynchronous: Electron 45
 * deprecates the synchronous safeStorage calls (removed in 46) in favour of
 * encryptStringAsync/decryptStringAsync. A synchronous SecretStore fits too.
 */
export interface AsyncSecretStore {
  isAvailable: boolean;
  backend: string;
  encrypt(plain: Buffer): Buffer | Promise<Buffer>;
  decrypt(wrapped: Buffer): Buffer | Promise<Buffer>;
}

/**
 * loadOrCreateKey for an asynchronous secret store: the OS-wrapped cases are
 * handled here with the same file format and refusals; everything else (the
 * passphrase scheme, a missing key file beside a database) is the
 * synchronous function's, which never calls the store's encrypt or decrypt
 * on those paths.
 */
export async function loadOrCreateKeyAsync(options: {
  file: string;
  databaseExists: boolean;
  store: AsyncSecretStore;
  passphrase?: () => string | null;
}): Promise<DatabaseKey> {
  const { file, store } = options;
  const unused = (): never => {
    throw new Error('loadOrCreateKeyAsync: the secret store is not used on this path');
  };
  const withoutCrypto: SecretStore = { isAvailable: store.isAvailable, backend: store.backend, encrypt: unused, decrypt: unused };
  const delegate = () => loadOrCreateKey({ ...options, store: withoutCrypto });
  if (existsSync(file)) {
    const parsed = readKeyFile(file);
    if (parsed.scheme !== 'os') return delegate();
    if (!store.isAvailable) throw noKeyring();
    let key: Buffer;
    try {
      key = await store.decrypt(Buffer.from(parsed.data, 'base64'));
    } catch {
      throw keyringRefused();
    }
    return checked(key);
  }
  if (options.databaseExists || !isSecure(withoutCrypto)) return delegate();
  const key = randomBytes(32);
  writeAtomically(file, JSON.stringify({ version: 1, scheme: 'os', data: (await store.encrypt(key)).toString('base64') } satisfies KeyFile));
  return key;
}
