/**
 * The clinician's console as the namespace test runs it, in a namespace that
 * accepts no inbound connections, both halves of it:
 * - its main process: the real test main process (SQLite store in a temp
 *   folder, the services, the IPC dispatcher; tests/e2e/support/main-process.ts)
 *   whose video channels are answered by the visit server over the console's
 *   outbound WSS (electron/main/visit-server-client, wired as
 *   media/live-video.ts wires server mode), enrolled with the administrator's
 *   one-time code;
 * - its renderer: the built console page (out/renderer) in Chromium, launched
 *   from here so it runs inside this namespace too, bound to that dispatcher
 *   as the end-to-end tests bind it (exposeBinding + the preload shim).
 * The page makes the family's link (through the server), and the clinician
 * admits the family with the button, as a person would.
 * argv: wss URL, enrolment code (or "-" with an enrolment JSON file as 4th
 * argument, to reuse the device after a restart of this process), CA file.
 * Prints JSON lines; stdin takes `{"cmd":"frames"}` (decoded frames so far
 * on the clinician's page), `{"cmd":"muted"}` (what the page shows of the
 * family's microphone) and `{"cmd":"stop"}`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { enrolConsole, VisitServerClient } from '../../../electron/main/visit-server-client/client';
import { applyRelayed, createRemoteVideoHandlers } from '../../../electron/main/visit-server-client/handlers';
import { createVideoRecord, type VideoRecord } from '../../../electron/main/media/visit-record';
import { VideoEvent } from '../../../shared/signaling/clinician';
import { startTestMain } from '../../e2e/support/main-process';
import { bindConsole } from '../../e2e/support/visit-room-harness';
import { framesDecoded } from '../../e2e/support/video-main';
import { CHROMIUM_ARGS } from '../../../playwright.config';
import { validPatient } from '../../support/db';

const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
const [url, code, caFile, credsFile] = process.argv.slice(2) as [string, string, string, string | undefined];
const ca = readFileSync(caFile, 'utf8');

const creds = code === '-' ? (JSON.parse(readFileSync(credsFile!, 'utf8')) as { deviceId: string; credential: string }) : await enrolConsole(url, code, ca);
if (credsFile && code !== '-') writeFileSync(credsFile, JSON.stringify(creds), { mode: 0o600 });

const sinks = new Set<(event: VideoEvent) => void>();
const holder: { record: VideoRecord | null } = { record: null };
const client = new VisitServerClient({
  url,
  ca,
  ...creds,
  onEvent: (raw) => {
    const event = VideoEvent.safeParse(raw);
    if (event.success) for (const sink of sinks) sink(event.data);
  },
  onDeliver: async (item) => {
    await applyRelayed(holder.record!)(item);
    if (item.kind === 'intake') out({ intakeStored: (await main.services.intakes.get(item.visitId))?.submittedBy ?? null });
  },
  onState: (state) => out({ clientState: state }),
});
const main = await startTestMain({
  video: ({ services }) => {
    holder.record = createVideoRecord(services);
    return createRemoteVideoHandlers({
      client,
      record: holder.record,
      actor: () => services.session.requireActor(),
      getVisit: (id) => services.visits.get(id),
      now: () => new Date(),
    });
  },
});
if ((await client.ready(30_000)) !== 'ready') throw new Error(`console not connected: ${client.state}`);

const patient = await main.services.patients.create(validPatient);
const visit = await main.services.visits.schedule({ patientId: patient.id, scheduledStart: new Date(Date.now() + 5 * 60_000).toISOString(), durationMinutes: 30 });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
page.on('pageerror', (e) => out({ pageError: e.message }));
await bindConsole(page, main);
sinks.add((event) => {
  void page.evaluate(([name, payload]) => window.__consoleEmit(name, payload), ['video:event', event] as const).catch(() => undefined);
});
await page.goto(`${main.origin}/index.html#/video/${visit.id}`);
await page.getByRole('button', { name: 'Create link' }).click();
out({ link: await page.getByTestId('join-link-family').inputValue() });

let stopping = false;
async function stop(): Promise<never> {
  stopping = true;
  await browser.close().catch(() => undefined);
  client.close();
  await main.close().catch(() => undefined);
  process.exit(0);
}
process.on('SIGTERM', () => void stop());

// The clinician admits the family when they reach the waiting room.
void page
  .getByRole('button', { name: "Admit child's device" })
  .click({ timeout: 120_000 })
  .then(
    () => out({ admitted: true }),
    (error: unknown) => !stopping && out({ admitError: String(error) }),
  );

for await (const line of createInterface({ input: process.stdin })) {
  const cmd = (JSON.parse(line) as { cmd: string }).cmd;
  if (cmd === 'frames') out({ frames: await framesDecoded(page).catch(() => -1) });
  if (cmd === 'muted') out({ muted: await page.locator('figcaption').allTextContents().then((t) => t.join(' ').includes('muted')) });
  if (cmd === 'stop') await stop();
}
