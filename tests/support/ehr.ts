/**
 * An EHR test rig: the real FHIR engine (Medplum) behind a fault proxy, the
 * console's SMART client and FHIR client pointed at the proxy, a temp visit
 * store with the outbox hook on, the export service with a real Chromium
 * printer, and the delivery worker.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openAppStore } from '../../electron/main/app-store';
import { createFhirClient } from '../../electron/main/ehr/fhir-client';
import { createOutbox } from '../../electron/main/ehr/outbox';
import { createSmartClient } from '../../electron/main/ehr/smart';
import { createDeliveryWorker, type DeliveryWorkerDeps } from '../../electron/main/ehr/worker';
import { createChromiumPrinter } from '../../electron/main/export/pdf-chromium';
import type { PdfPrinter } from '../../electron/main/export/pdf';
import { createExportService } from '../../electron/main/export/service';
import { createServices } from '../../electron/main/services';
import { fixedClock, type ServiceDeps } from '../../electron/main/services/deps';
import { startFhirServer } from './fhir-server/engine';
import { startFaultProxy, type Fault } from './fhir-server/fault-proxy';
import { testKeyPair } from './fhir-server/keys';

export const EHR_SCOPE = 'system/DocumentReference.cruds system/Bundle.c';
export const RIG_NOW = '2026-11-27T15:00:00.000Z';

export async function startEhrRig(options: { plan?: (req: { method: string; path: string }) => Fault; printer?: PdfPrinter; worker?: Partial<DeliveryWorkerDeps>; file?: string } = {}) {
  const keys = testKeyPair();
  const server = await startFhirServer({ clientId: 'bptc-console', publicKey: keys.publicKey });
  const faults: Fault[] = [];
  const proxy = await startFaultProxy({
    target: new URL(server.baseUrl).origin,
    plan: (req) => (req.path.startsWith('/fhir/') ? (faults.shift() ?? options.plan?.(req) ?? { kind: 'pass' }) : { kind: 'pass' }),
  });
  server.acceptAudience(`${proxy.origin}/token`);
  const smart = createSmartClient({ tokenUrl: `${proxy.origin}/token`, clientId: 'bptc-console', privateKeyPem: keys.privatePem, scope: EHR_SCOPE });
  const client = createFhirClient({ baseUrl: `${proxy.origin}/fhir`, smart, timeoutMs: 1_500 });

  const dir = mkdtempSync(join(tmpdir(), 'bptc-ehr-'));
  const file = options.file ?? join(dir, 'visits.sqlite');
  let db: Database = openAppStore(file).db;
  let outbox = createOutbox(db);
  let enabled = true;
  const hook = { enabled: () => enabled, enqueue: (...a: Parameters<typeof outbox.enqueue>) => outbox.enqueue(...a) };
  const clock = fixedClock(RIG_NOW);
  let deps: ServiceDeps = { db, clock, newId: () => crypto.randomUUID(), ehrOutbox: hook };
  let services = createServices(deps);
  const printer = options.printer ?? createChromiumPrinter();
  const makeExports = () => createExportService({ record: services.record, clinicians: services.clinicians, clock, printer: () => printer, timeZone: 'UTC' });
  let exportsService = makeExports();
  const render = async (visitId: string) => {
    const model = await exportsService.model(visitId);
    const rendered = await exportsService.render(visitId, 'note-pdf');
    return { model, pdf: rendered.bytes };
  };
  const makeWorker = () =>
    createDeliveryWorker({ outbox, client: () => client, render, backoff: { baseMs: 50, maxMs: 400 }, idleMs: 200, ...options.worker });
  let worker = makeWorker();

  return {
    keys,
    server,
    proxy,
    faults,
    smart,
    client,
    file,
    get db() {
      return db;
    },
    get outbox() {
      return outbox;
    },
    get services() {
      return services;
    },
    get worker() {
      return worker;
    },
    setEnabled(on: boolean) {
      enabled = on;
    },
    /** Close and open the store again, as after a restart (the outbox is whatever was committed). */
    async reopen() {
      await worker.stop();
      db.close();
      db = openAppStore(file).db;
      outbox = createOutbox(db);
      deps = { ...deps, db };
      services = createServices(deps);
      exportsService = makeExports();
      worker = makeWorker();
    },
    /** Run the worker until nothing is due or `ms` passes. */
    async drain(ms = 60_000) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        await worker.runOnce();
        const c = outbox.counts();
        if (c.queued === 0 && c.sending === 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** DocumentReferences the EHR holds with this identifier value. */
    async documents(value?: string) {
      const bundle = await server.repo.search({ resourceType: 'DocumentReference', ...(value ? { filters: [{ code: 'identifier', operator: 'eq' as never, value: `urn:bptc:fhir:visit-document|${value}` }] } : {}) });
      return (bundle.entry ?? []).map((e) => e.resource as unknown as Record<string, unknown> & { id: string });
    },
    async close() {
      await worker.stop();
      if (!options.printer) await printer.close();
      await proxy.close();
      await server.close();
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type EhrRig = Awaited<ReturnType<typeof startEhrRig>>;
