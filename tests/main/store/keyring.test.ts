import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KeyringError, loadOrCreateKey, type SecretStore } from '../../../electron/main/store/keyring';
import { tempDbFile } from '../../support/db';
import { thrownBy } from '../../support/thrown';

let tmp: ReturnType<typeof tempDbFile> | undefined;
afterEach(() => tmp?.cleanup());

/** A stand-in for Electron safeStorage: reversible, and visibly not the plain key. */
const osStore = (backend = 'gnome_libsecret'): SecretStore => ({
  isAvailable: true,
  backend,
  encrypt: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)),
  decrypt: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)),
});

const error = (fn: () => unknown) => thrownBy(KeyringError, fn);

describe('database key', () => {
  it('creates a random 256-bit key wrapped by the OS store, in an owner-only file, and reads the same key back', () => {
    tmp = tempDbFile();
    const file = join(tmp.dir, 'visits.key');
    const key = loadOrCreateKey({ file, databaseExists: false, store: osStore() });
    expect(key).toHaveLength(32);
    expect(readFileSync(file, 'utf8')).not.toContain(key.toString('base64'));
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(loadOrCreateKey({ file, databaseExists: true, store: osStore() }).equals(key)).toBe(true);
  });

  it('refuses the Linux basic_text backend unless a passphrase is given, and then needs that passphrase', () => {
    tmp = tempDbFile();
    const file = join(tmp.dir, 'visits.key');
    expect(error(() => loadOrCreateKey({ file, databaseExists: false, store: osStore('basic_text') })).code).toBe('NO_SECURE_STORAGE');
    const key = loadOrCreateKey({ file, databaseExists: false, store: osStore('basic_text'), passphrase: () => 'a long passphrase here' });
    expect(loadOrCreateKey({ file, databaseExists: true, store: osStore('basic_text'), passphrase: () => 'a long passphrase here' }).equals(key)).toBe(true);
    expect(error(() => loadOrCreateKey({ file, databaseExists: true, store: osStore('basic_text'), passphrase: () => 'the wrong passphrase' })).code).toBe('WRONG_PASSPHRASE');
  });

  it('never invents a new key for an existing database whose key file is missing', () => {
    tmp = tempDbFile();
    expect(error(() => loadOrCreateKey({ file: join(tmp!.dir, 'visits.key'), databaseExists: true, store: osStore() })).code).toBe('UNREADABLE');
  });
});
