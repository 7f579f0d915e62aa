/**
 * The EHR connection settings: a JSON file next to the database (mode 0600,
 * written whole then renamed), with the client's private key wrapped by the
 * operating system's secret store exactly as the database key is (Electron
 * safeStorage; refused where the store is not secure, e.g. Linux basic_text).
 * The key never leaves the main process and is never written in the clear.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { AppError } from '../../../shared/ipc/errors';
import type { EhrSettingsInput, EhrSettingsView } from '../../../shared/domain/ehr';
import { parsePrivateKey, type SigningAlg } from './smart';

export interface EhrSettings {
  enabled: boolean;
  fhirBaseUrl: string;
  tokenUrl: string;
  clientId: string;
  practitionerIdentifier: string;
  sendBundle: boolean;
}

/** The settings file: the settings the clinician sees, plus the wrapped key. */
interface StoredFile extends EhrSettings {
  version: 1;
  keyAlgorithm: SigningAlg | null;
  /** base64 of the secret store's wrapping of the PEM. */
  wrappedKey: string | null;
}

const DEFAULTS: StoredFile = {
  version: 1,
  enabled: false,
  fhirBaseUrl: '',
  tokenUrl: '',
  clientId: '',
  practitionerIdentifier: '',
  sendBundle: false,
  keyAlgorithm: null,
  wrappedKey: null,
};

/** The OS secret store (Electron safeStorage in the app: its asynchronous calls). */
export interface EhrSecretStore {
  isAvailable: boolean;
  /** Electron's backend name on Linux ('basic_text' means a hard-coded password: not acceptable). */
  backend: string;
  encrypt(plain: Buffer): Buffer | Promise<Buffer>;
  decrypt(wrapped: Buffer): Buffer | Promise<Buffer>;
}

export function createEhrSettingsStore(options: { file: string; secrets: EhrSecretStore }) {
  let current: StoredFile = DEFAULTS;
  if (existsSync(options.file)) {
    try {
      const parsed = JSON.parse(readFileSync(options.file, 'utf8')) as Partial<StoredFile>;
      current = { ...DEFAULTS, ...parsed, version: 1 };
    } catch {
      // A damaged settings file means standalone use until the clinician saves again; the records are untouched.
      current = DEFAULTS;
    }
  }

  const view = (): EhrSettingsView => ({
    enabled: current.enabled,
    fhirBaseUrl: current.fhirBaseUrl,
    tokenUrl: current.tokenUrl,
    clientId: current.clientId,
    practitionerIdentifier: current.practitionerIdentifier,
    sendBundle: current.sendBundle,
    hasKey: current.wrappedKey !== null,
    keyAlgorithm: current.keyAlgorithm,
  });

  return {
    view,
    settings(): EhrSettings {
      const { enabled, fhirBaseUrl, tokenUrl, clientId, practitionerIdentifier, sendBundle } = current;
      return { enabled, fhirBaseUrl, tokenUrl, clientId, practitionerIdentifier, sendBundle };
    },
    /** The PEM, unwrapped on demand (main process only); null when none is stored. */
    async privateKeyPem(): Promise<string | null> {
      if (!current.wrappedKey) return null;
      return (await options.secrets.decrypt(Buffer.from(current.wrappedKey, 'base64'))).toString('utf8');
    },
    async save(input: EhrSettingsInput): Promise<EhrSettingsView> {
      let wrappedKey = current.wrappedKey;
      let keyAlgorithm = current.keyAlgorithm;
      if (input.privateKeyPem !== undefined && input.privateKeyPem.trim() !== '') {
        let alg: SigningAlg;
        try {
          alg = parsePrivateKey(input.privateKeyPem.trim()).alg;
        } catch (error) {
          throw new AppError('VALIDATION', 'The private key was not accepted.', [{ path: 'privateKeyPem', message: (error as Error).message }]);
        }
        if (!options.secrets.isAvailable || options.secrets.backend === 'basic_text') {
          throw new AppError('CONFLICT', 'This computer has no secure key store, so the EHR key cannot be kept safely. The settings were not saved.');
        }
        wrappedKey = (await options.secrets.encrypt(Buffer.from(input.privateKeyPem.trim(), 'utf8'))).toString('base64');
        keyAlgorithm = alg;
      }
      if (input.enabled && !wrappedKey) {
        throw new AppError('VALIDATION', 'Paste the console\'s private key before turning the EHR connection on.', [{ path: 'privateKeyPem', message: 'A private key is needed.' }]);
      }
      const next: StoredFile = {
        version: 1,
        enabled: input.enabled,
        fhirBaseUrl: input.fhirBaseUrl,
        tokenUrl: input.tokenUrl,
        clientId: input.clientId,
        practitionerIdentifier: input.practitionerIdentifier,
        sendBundle: input.sendBundle,
        keyAlgorithm,
        wrappedKey,
      };
      const partial = `${options.file}.partial`;
      writeFileSync(partial, JSON.stringify(next), { mode: 0o600 });
      renameSync(partial, options.file);
      current = next;
      return view();
    },
  };
}
export type EhrSettingsStore = ReturnType<typeof createEhrSettingsStore>;
