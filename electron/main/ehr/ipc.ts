/**
 * The EHR in the main process: settings, the outbox hook the record service
 * calls when signing, the delivery worker (rebuilt when the settings change),
 * "Test connection", and the IPC handlers (ehr:*). Nothing here logs a token,
 * a key or patient data.
 */
import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { EhrConnectionReport, EhrSettingsInput, ScheduleLink, SchedulePullReport } from '../../../shared/domain/ehr';
import type { EventName, EventPayload } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/ipc/errors';
import type { ExportModel } from '../export/model';
import type { EhrOutboxHook } from '../services/deps';
import { createFhirClient, type FhirClient } from './fhir-client';
import { createOutbox, type DeliveryState } from './outbox';
import type { EhrSettingsStore } from './settings';
import { ehrLinksOf, pullSchedule, scheduleLinks } from './schedule';
import { createSmartClient, EhrAuthError, parsePrivateKey } from './smart';
import { createDeliveryWorker, type DeliveryWorker } from './worker';

/** The scopes the console asks for (docs/ehr.md lists them for the EHR administrator). */
export const EHR_SCOPES = 'system/DocumentReference.cruds system/Bundle.c system/Appointment.rs system/Patient.rs system/RelatedPerson.rs system/Practitioner.rs system/Observation.rs';

export interface EhrRuntimeDeps {
  db: Database;
  settings: EhrSettingsStore;
  render: (visitId: string) => Promise<{ model: ExportModel; pdf: Uint8Array }>;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  fetch?: typeof fetch;
}

export function createEhrRuntime(deps: EhrRuntimeDeps) {
  const outbox = createOutbox(deps.db);
  let client: FhirClient | null = null;
  let worker: DeliveryWorker | null = null;
  let pulling = false;

  async function buildClient(): Promise<FhirClient | null> {
    const s = deps.settings.settings();
    if (!s.enabled) return null;
    const pem = await deps.settings.privateKeyPem();
    if (!pem) return null;
    const smart = createSmartClient({ tokenUrl: s.tokenUrl, clientId: s.clientId, privateKeyPem: pem, scope: EHR_SCOPES, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    return createFhirClient({ baseUrl: s.fhirBaseUrl, smart, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
  }

  async function restart(): Promise<void> {
    await worker?.stop();
    worker = null;
    try {
      client = await buildClient();
    } catch {
      client = null; // an unreadable key: "Test connection" says why
    }
    if (!client) return;
    worker = createDeliveryWorker({
      outbox,
      client: () => client,
      render: deps.render,
      sendBundle: () => deps.settings.settings().sendBundle,
      onChange: (visitId) => deps.emit('ehr:delivery', { visitId }),
      // A visit from the EHR's schedule: its document names the EHR's Patient and Appointment.
      links: (visitId) => ehrLinksOf(deps.db, visitId),
    });
    worker.start();
  }

  const hook: EhrOutboxHook = {
    enabled: () => deps.settings.settings().enabled,
    enqueue: (visitId, reason, at, actor) => {
      const v = outbox.enqueue(visitId, reason, at, actor);
      // After the transaction commits: tell the room and wake the worker.
      queueMicrotask(() => {
        deps.emit('ehr:delivery', { visitId });
        worker?.kick();
      });
      return v;
    },
  };

  async function testConnection(): Promise<EhrConnectionReport> {
    const steps: EhrConnectionReport['steps'] = [];
    const s = deps.settings.settings();
    if (!s.fhirBaseUrl || !s.tokenUrl || !s.clientId) {
      steps.push({ step: 'settings', ok: false, message: 'Enter the FHIR base URL, the token URL and the client id first.' });
      return { ok: false, steps };
    }
    steps.push({ step: 'settings', ok: true, message: 'The FHIR base URL, token URL and client id are set.' });
    let pem: string | null;
    try {
      pem = await deps.settings.privateKeyPem();
      if (!pem) throw new Error('none');
      steps.push({ step: 'key', ok: true, message: `The private key is stored and reads as ${parsePrivateKey(pem).alg}.` });
    } catch {
      steps.push({ step: 'key', ok: false, message: 'No usable private key is stored: paste the key the EHR registered.' });
      return { ok: false, steps };
    }
    const smart = createSmartClient({ tokenUrl: s.tokenUrl, clientId: s.clientId, privateKeyPem: pem, scope: EHR_SCOPES, timeoutMs: 10_000, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    try {
      await smart.token();
      steps.push({ step: 'token', ok: true, message: 'The token endpoint accepted the console\'s signed assertion and issued an access token.' });
    } catch (error) {
      steps.push({ step: 'token', ok: false, message: error instanceof EhrAuthError ? error.message : 'The token request failed.' });
      return { ok: false, steps };
    }
    const fhir = createFhirClient({ baseUrl: s.fhirBaseUrl, smart, timeoutMs: 10_000, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
    const probe = await fhir.search('DocumentReference', { identifier: 'urn:bptc:fhir:connection-test|0', _count: '1' });
    if (probe.ok && (probe.body as { resourceType?: string }).resourceType === 'Bundle') {
      steps.push({ step: 'fhir', ok: true, message: 'The FHIR server answered a search with the access token: deliveries can be sent.' });
      return { ok: true, steps };
    }
    steps.push({ step: 'fhir', ok: false, message: probe.ok ? 'The FHIR base URL answered, but not with FHIR.' : probe.message });
    return { ok: false, steps };
  }

  return {
    outbox,
    hook,
    start: restart,
    stop: async () => {
      await worker?.stop();
      worker = null;
    },
    testConnection,
    handlers: {
      getSettings: async () => deps.settings.view(),
      saveSettings: async (input: EhrSettingsInput) => {
        const view = await deps.settings.save(input);
        await restart();
        return view;
      },
      testConnection,
      deliveries: async (req: { visitIds: string[] }): Promise<{ enabled: boolean; states: DeliveryState[] }> => ({
        enabled: deps.settings.settings().enabled,
        states: req.visitIds.map((id) => outbox.stateOf(id)).filter((s): s is DeliveryState => s !== null),
      }),
      /** Schedule in: the same FHIR client (and token cache) as the deliveries; one pull at a time. */
      pullSchedule: async (actor: string): Promise<SchedulePullReport> => {
        if (!deps.settings.settings().enabled) throw new AppError('CONFLICT', 'The EHR connection is off: turn it on in the EHR settings to pull the schedule.');
        if (!client) throw new AppError('CONFLICT', 'The EHR connection is not ready: check the settings with Test connection.');
        if (pulling) throw new AppError('CONFLICT', 'The schedule is already being pulled.');
        pulling = true;
        try {
          return await pullSchedule({
            db: deps.db,
            client,
            practitionerIdentifier: deps.settings.settings().practitionerIdentifier,
            actor,
            now: new Date(),
            newId: () => randomUUID(),
          });
        } finally {
          pulling = false;
        }
      },
      scheduleLinks: async (req: { visitIds: string[] }): Promise<{ enabled: boolean; links: ScheduleLink[] }> => ({
        enabled: deps.settings.settings().enabled,
        links: scheduleLinks(deps.db, req.visitIds),
      }),
      retry: async (req: { visitId: string }, actor: string): Promise<DeliveryState | null> => {
        if (!outbox.stateOf(req.visitId)) throw new AppError('NOT_FOUND', 'This visit has no delivery to the EHR.');
        outbox.retryNow(req.visitId, new Date().toISOString(), actor);
        worker?.kick();
        deps.emit('ehr:delivery', { visitId: req.visitId });
        return outbox.stateOf(req.visitId);
      },
    },
  };
}
export type EhrRuntime = ReturnType<typeof createEhrRuntime>;
export type EhrHandlers = EhrRuntime['handlers'];

/** Without EHR wiring (tests, tools): standalone, nothing is delivered. */
export function unavailableEhrHandlers(): EhrHandlers {
  const off = async (): Promise<never> => {
    throw new AppError('CONFLICT', 'The EHR connection is not available in this window.');
  };
  return {
    getSettings: async () => ({ enabled: false, fhirBaseUrl: '', tokenUrl: '', clientId: '', practitionerIdentifier: '', sendBundle: false, hasKey: false, keyAlgorithm: null }),
    saveSettings: off,
    testConnection: off,
    deliveries: async () => ({ enabled: false, states: [] }),
    retry: off,
    pullSchedule: off,
    scheduleLinks: async () => ({ enabled: false, links: [] }),
  };
}
