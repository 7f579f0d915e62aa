/**
 * loadOrCreateKeyAsync: the database key through Electron 45's asynchronous
 * safeStorage calls (the synchronous ones are deprecated, removed in 46).
 * Same file format and refusals as the synchronous path; files written by
 * either are read by the other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyringError, loadOrCreateKey, loadOrCreateKeyAsync, type AsyncSecretStore, type SecretStore } from '../../../electron/main/store/keyring';
import { tempDbFile } from '../../support/db';

let tmp: ReturnType<typeof tempDbFile> | undefined;
afterEach(() => tmp?.cleanup());

const xor = (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a));
const asyncStore = (backend = 'gnome_libsecret', calls: string[] = []): AsyncSecretStore => ({
  isAvailable: true,
  backend,
  encrypt: async (b) => {
    calls.push('encrypt');
    return xor(b);
  },
  decrypt: async (b) => {
    calls.push('decrypt');
    return xor(b);
  },
});
const syncStore: SecretStore = { isAvailable: true, backend: 'gnome_libsecret', encrypt: xor, decrypt: xor };

async function rejection(p: Promise<unknown>): Promise<KeyringError> {
  try {
    await p;
  } catch (e) {
    return e as KeyringError;
  }
  throw new Error('expected a KeyringError');
}

describe('database key through the asynchronous keyring', () => {
  it('creates a key wrapped asynchronously in an owner-only file and reads it back; the sync path reads the same file', async () => {
    tmp = tempDbFile();
    const file = join(tmp.dir, 'visits.key');
    const calls: string[] = [];
    const key = await loadOrCreateKeyAsync({ file, databaseExists: false, store: asyncStore('gnome_libsecret', calls) });
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, scheme: 'os' });
    expect(readFileSync(file, 'utf8')).not.toContain(key.toString('base64'));
    expect((await loadOrCreateKeyAsync({ file, databaseExists: true, store: asyncStore('gnome_libsecret', calls) })).equals(key)).toBe(true);
    expect(calls).toEqual(['encrypt', 'decrypt']);
    expect(loadOrCreateKey({ file, databaseExists: true, store: syncStore }).equals(key)).toBe(true);
  });

  it('reads a key file the synchronous path wrote', async () => {
    tmp = tempDbFile();
    const file = join(tmp.dir, 'visits.key');
    const key = loadOrCreateKey({ file, databaseExists: false, store: syncStore });
    expect((await loadOrCreateKeyAsync({ file, databaseExists: true, store: asyncStore() })).equals(key)).toBe(true);
  });

  it('refuses, never invents, a key when the file is missing beside an existing database', async () => {
    tmp = tempDbFile();
    expect((await rejection(loadOrCreateKeyAsync({ file: join(tmp.dir, 'visits.key'), databaseExists: true, store: asyncStore() }))).code).toBe('UNREADABLE');
  });

  it('asks for a passphrase where the keyring is basic_text, and unwraps with it', async () => {
    tmp = tempDbFile();
    const file = join(tmp.dir, 'visits.key');
    expect((await rejection(loadOrCreateKeyAsync({ file, databaseExists: false, store: asyncStore('basic_text') }))).code).toBe('NO_SECURE_STORAGE');
    const key = await loadOrCreateKeyAsync({ file, databaseExists: false, store: asyncStore('basic_text'), passphrase: () => 'a long passphrase here' });
    expect((await loadOrCreateKeyAsync({ file, databaseExists: true, store: asyncStore('basic_text'), passphrase: () => 'a long passphrase here' })).equals(key)).toBe(true);
    expect((await rejection(loadOrCreateKeyAsync({ file, databaseExists: true, store: asyncStore('basic_text'), passphrase: () => 'the wrong one!!' }))).code).toBe('WRONG_PASSPHRASE');
  });

  it('says the keyring could not unlock the key when decryption fails, and that it is unavailable when it is', async () => {
    tmp = tempDbFile();
    const file = join(tmp.dir, 'visits.key');
    await loadOrCreateKeyAsync({ file, databaseExists: false, store: asyncStore() });
    const failing: AsyncSecretStore = { ...asyncStore(), decrypt: async () => Promise.reject(new Error('keyring locked')) };
    expect((await rejection(loadOrCreateKeyAsync({ file, databaseExists: true, store: failing }))).code).toBe('UNREADABLE');
    expect((await rejection(loadOrCreateKeyAsync({ file, databaseExists: true, store: { ...asyncStore(), isAvailable: false } }))).code).toBe('NO_SECURE_STORAGE');
    writeFileSync(file, '{not json');
    expect((await rejection(loadOrCreateKeyAsync({ file, databaseExists: true, store: asyncStore() }))).code).toBe('UNREADABLE');
  });
});
