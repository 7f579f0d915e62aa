/**
 * The delivering process of the EHR drill (tests/drills/ehr.ts starts it,
 * kills it with SIGKILL mid-delivery, and starts it again): the app's
 * delivery worker over the drill's visit store, with the real export service
 * printing each note with Chromium, talking to the test EHR through the
 * fault proxy. Configuration comes as one JSON argument; it prints "ready".
 */
import { readFileSync } from 'node:fs';
import { openAppStore } from '../../electron/main/app-store';
import { createFhirClient } from '../../electron/main/ehr/fhir-client';
import { createOutbox } from '../../electron/main/ehr/outbox';
import { createSmartClient } from '../../electron/main/ehr/smart';
import { createDeliveryWorker } from '../../electron/main/ehr/worker';
import { createChromiumPrinter } from '../../electron/main/export/pdf-chromium';
import { createExportService } from '../../electron/main/export/service';
import { createServices } from '../../electron/main/services';
import { defaultDeps } from '../../electron/main/services/deps';

const config = JSON.parse(process.argv[2] ?? '{}') as { db: string; base: string; tokenUrl: string; clientId: string; keyFile: string; scope: string; concurrency: number; pdf: 'print' | 'reuse'; bundle: boolean };
const { db } = openAppStore(config.db);
const deps = defaultDeps(db);
const services = createServices(deps);
const printer = createChromiumPrinter();
const exportsService = createExportService({ record: services.record, clinicians: services.clinicians, clock: deps.clock, printer: () => printer, timeZone: 'UTC' });
const smart = createSmartClient({ tokenUrl: config.tokenUrl, clientId: config.clientId, privateKeyPem: readFileSync(config.keyFile, 'utf8'), scope: config.scope });
// 10 s: the test EHR shares a loaded 2-core machine; stalls still cost a full timeout each.
const client = createFhirClient({ baseUrl: config.base, smart, timeoutMs: 10_000 });
const outbox = createOutbox(db);
let reused: Promise<Uint8Array> | null = null;
const worker = createDeliveryWorker({
  outbox,
  client: () => client,
  // 'print': every note printed by Chromium, as in the app. 'reuse': the first visit's note is printed by
  // Chromium and its bytes reused for the others (the model, DocumentReference and Bundle stay per visit):
  // on a loaded 2-core machine printing 220 notes takes longer than the delivery under test.
  render: async (visitId) => {
    const model = await exportsService.model(visitId);
    if (config.pdf === 'reuse') {
      reused ??= exportsService.render(visitId, 'note-pdf').then((r) => r.bytes);
      return { model, pdf: await reused };
    }
    return { model, pdf: (await exportsService.render(visitId, 'note-pdf')).bytes };
  },
  sendBundle: () => config.bundle,
  concurrency: config.concurrency,
  backoff: { baseMs: 100, maxMs: 2_000 },
  idleMs: 250,
});
worker.start();
console.log('ready');
process.on('SIGTERM', () => {
  void worker.stop().then(async () => {
    await printer.close();
    db.close();
    process.exit(0);
  });
});
