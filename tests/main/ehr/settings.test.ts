/**
 * EHR settings (key wrapped by the OS secret store like the database key),
 * "Test connection" in words, and the runtime the app wires: enabled
 * settings → signing queues → the worker delivers → the delivery state the
 * renderer asks for shows "sent" with the EHR's id.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createEhrRuntime } from '../../../electron/main/ehr/ipc';
import { createEhrSettingsStore, type EhrSecretStore } from '../../../electron/main/ehr/settings';
import { openAppStore } from '../../../electron/main/app-store';
import { createServices } from '../../../electron/main/services';
import { defaultDeps } from '../../../electron/main/services/deps';
import { seedDemoVisits } from '../../../electron/main/export/demo-data';
import { createExportService } from '../../../electron/main/export/service';
import { createChromiumPrinter } from '../../../electron/main/export/pdf-chromium';
import { startFhirServer } from '../../support/fhir-server/engine';
import { testKeyPair } from '../../support/fhir-server/keys';
import { tempFolders } from '../../support/db';

/** A secret store that really encrypts (AES-GCM with a process key), standing in for safeStorage. */
function fakeSafeStorage(backend = 'gnome_libsecret'): EhrSecretStore {
  const key = randomBytes(32);
  return {
    isAvailable: true,
    backend,
    encrypt: async (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([c.update(plain), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), data]);
    },
    decrypt: async (wrapped) => {
      const d = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, 12));
      d.setAuthTag(wrapped.subarray(12, 28));
      return Buffer.concat([d.update(wrapped.subarray(28)), d.final()]);
    },
  };
}

const folders = tempFolders('bptc-ehr-settings-');
const tmp = folders.make;
afterAll(folders.removeAll);
const keys = testKeyPair();
const base = { enabled: true, fhirBaseUrl: 'https://ehr.example.org/fhir', tokenUrl: 'https://ehr.example.org/token', clientId: 'console', practitionerIdentifier: '', sendBundle: false };

describe('EHR settings', () => {
  it('keeps the private key wrapped by the secret store, never in the clear, and reads it back after a restart', async () => {
    const file = join(tmp(), 'ehr-settings.json');
    const secrets = fakeSafeStorage();
    const store = createEhrSettingsStore({ file, secrets });
    expect(store.view()).toMatchObject({ enabled: false, hasKey: false }); // standalone by default
    const view = await store.save({ ...base, privateKeyPem: keys.privatePem });
    expect(view).toMatchObject({ enabled: true, hasKey: true, keyAlgorithm: 'ES384' });
    expect(JSON.stringify(view)).not.toContain('PRIVATE KEY');
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('PRIVATE KEY');
    expect(onDisk).not.toContain(keys.privatePem.split('\n')[1]!.slice(0, 20));
    const again = createEhrSettingsStore({ file, secrets });
    expect(await again.privateKeyPem()).toBe(keys.privatePem.trim());
    // Saving without a new key keeps the stored one.
    await again.save({ ...base, clientId: 'renamed' });
    expect(await again.privateKeyPem()).toBe(keys.privatePem.trim());
  });

  it('refuses to store the key where the secret store is not secure, and a bad key, changing nothing', async () => {
    const file = join(tmp(), 'ehr-settings.json');
    const insecure = createEhrSettingsStore({ file, secrets: fakeSafeStorage('basic_text') });
    await expect(insecure.save({ ...base, privateKeyPem: keys.privatePem })).rejects.toThrow(/no secure key store/);
    expect(existsSync(file)).toBe(false);
    const store = createEhrSettingsStore({ file, secrets: fakeSafeStorage() });
    await expect(store.save({ ...base, privateKeyPem: 'nonsense' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(store.save({ ...base })).rejects.toThrow(/Paste the console's private key/);
    expect(existsSync(file)).toBe(false);
  });
});

describe('the EHR runtime the app wires', () => {
  const printer = createChromiumPrinter();
  let cleanup: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await cleanup?.();
    cleanup = null;
  });
  afterAll(() => printer.close());

  async function setUp() {
    const server = await startFhirServer({ clientId: 'console', publicKey: keys.publicKey });
    const { db } = openAppStore(join(tmp(), 'visits.sqlite'));
    const settings = createEhrSettingsStore({ file: join(tmp(), 'ehr.json'), secrets: fakeSafeStorage() });
    const events: string[] = [];
    let services: ReturnType<typeof createServices> | null = null;
    const runtime = createEhrRuntime({
      db,
      settings,
      emit: (event, payload) => events.push(`${event}:${(payload as { visitId: string }).visitId}`),
      render: async (visitId) => {
        const ex = createExportService({ record: services!.record, clinicians: services!.clinicians, clock: defaultDeps(db).clock, printer: () => printer, timeZone: 'UTC' });
        return { model: await ex.model(visitId), pdf: (await ex.render(visitId, 'note-pdf')).bytes };
      },
    });
    services = createServices({ ...defaultDeps(db), ehrOutbox: runtime.hook });
    cleanup = async () => {
      await runtime.stop();
      await server.close();
      db.close();
    };
    return { server, db, settings, runtime, services, events };
  }

  it('"Test connection" says in words what worked and what did not', async () => {
    const { server, runtime } = await setUp();
    expect(await runtime.handlers.testConnection()).toMatchObject({ ok: false, steps: [{ step: 'settings', ok: false }] });
    await runtime.handlers.saveSettings({ ...base, fhirBaseUrl: server.baseUrl, tokenUrl: server.tokenUrl, privateKeyPem: keys.privatePem });
    const ok = await runtime.handlers.testConnection();
    expect(ok.ok).toBe(true);
    expect(ok.steps.map((s) => s.message)).toEqual([
      'The FHIR base URL, token URL and client id are set.',
      'The private key is stored and reads as ES384.',
      "The token endpoint accepted the console's signed assertion and issued an access token.",
      'The FHIR server answered a search with the access token: deliveries can be sent.',
    ]);
    await runtime.handlers.saveSettings({ ...base, fhirBaseUrl: server.baseUrl, tokenUrl: server.tokenUrl, clientId: 'not-registered' });
    const refused = await runtime.handlers.testConnection();
    expect(refused.ok).toBe(false);
    expect(refused.steps.at(-1)).toMatchObject({ step: 'token', ok: false, message: expect.stringMatching(/refused the console \(invalid_client/) });
    await runtime.handlers.saveSettings({ ...base, fhirBaseUrl: `${server.baseUrl}/nowhere`, tokenUrl: server.tokenUrl });
    const fhir = await runtime.handlers.testConnection();
    expect(fhir.steps.at(-1)).toMatchObject({ step: 'fhir', ok: false });
  });

  it('signing with the EHR set up shows queued, then sent with the EHR id; disabled = standalone, nothing queued', async () => {
    const { server, db, runtime, services, events } = await setUp();
    await runtime.start();
    const standalone = await seedDemoVisits(services, db, { today: '2026-11-27', nowIso: '2026-11-27T15:00:00.000Z', only: ['tier-B'] });
    expect((await runtime.handlers.deliveries({ visitIds: [standalone.visits[0]!.visitId] })).states).toEqual([]);
    await runtime.handlers.saveSettings({ ...base, fhirBaseUrl: server.baseUrl, tokenUrl: server.tokenUrl, privateKeyPem: keys.privatePem });
    const { visits } = await seedDemoVisits(services, db, { today: '2026-11-27', nowIso: '2026-11-27T15:00:00.000Z', only: ['tier-C'] });
    const id = visits[0]!.visitId;
    const end = Date.now() + 60_000;
    let states = await runtime.handlers.deliveries({ visitIds: [id] });
    expect(states.enabled).toBe(true);
    while (states.states[0]?.state !== 'sent' && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      states = await runtime.handlers.deliveries({ visitIds: [id] });
    }
    const docs = (await server.repo.search({ resourceType: 'DocumentReference' })).entry ?? [];
    expect(docs).toHaveLength(1);
    expect(states.states[0]).toMatchObject({ visitId: id, state: 'sent', remoteId: docs[0]!.resource!.id });
    expect(events).toContain(`ehr:delivery:${id}`);
  });
});
