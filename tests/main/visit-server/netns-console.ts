/**
 * The clinician's console as the namespace test runs it, in a namespace that
 * accepts no inbound connections: a real console store (temp SQLite file, a
 * signed-in clinician, a visit tomorrow), enrolled on the visit server with
 * the administrator's one-time code, connected out over WSS with
 * electron/main/visit-server-client. It makes the family's link through the
 * server, receives the family's answers into its own record, and admits
 * whoever reaches the waiting room — what the clinician does with a click.
 * argv: wss URL, enrolment code, CA file. Prints JSON lines.
 */
import { readFileSync } from 'node:fs';
import { enrolConsole, VisitServerClient } from '../../../electron/main/visit-server-client/client';
import { applyRelayed, createRemoteVideoHandlers } from '../../../electron/main/visit-server-client/handlers';
import { createVideoRecord } from '../../../electron/main/media/visit-record';
import type { VideoEvent } from '../../../shared/signaling/clinician';
import { openTestStore, validPatient } from '../../support/db';

const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
const [url, code, caFile] = process.argv.slice(2) as [string, string, string];
const ca = readFileSync(caFile, 'utf8');

const store = openTestStore(new Date().toISOString());
const patient = await store.services.patients.create(validPatient);
const visit = await store.services.visits.schedule({ patientId: patient.id, scheduledStart: new Date(Date.now() + 24 * 3600_000).toISOString(), durationMinutes: 30 });
await store.services.session.setup({ displayName: 'Dr Robin Test', credentials: 'MD', passcode: 'correct-horse-42' });
const record = createVideoRecord(store.services);

const creds = await enrolConsole(url, code, ca);
let video: ReturnType<typeof createRemoteVideoHandlers> | null = null;
const admitting = new Set<string>();
const client = new VisitServerClient({
  url,
  ca,
  ...creds,
  onDeliver: async (item) => {
    await applyRelayed(record)(item);
    if (item.kind === 'intake') out({ intakeStored: (await store.services.intakes.get(item.visitId))?.submittedBy ?? null });
  },
  onEvent: (e) => {
    const event = e as VideoEvent;
    if (event.type !== 'participants' || !video) return;
    for (const p of event.participants) {
      if (p.phase !== 'waiting' || admitting.has(p.id)) continue;
      admitting.add(p.id);
      video['video:admit']({ visitId: event.visitId, participantId: p.id }).then(
        () => out({ admitted: true }),
        (error: unknown) => out({ admitError: String(error) }),
      );
    }
  },
});
if ((await client.ready(30_000)) !== 'ready') throw new Error(`console not connected: ${client.state}`);
video = createRemoteVideoHandlers({
  client,
  record,
  actor: () => store.services.session.requireActor(),
  getVisit: (id) => store.services.visits.get(id),
  now: () => new Date(),
});
await video['video:open']({ visitId: visit.id });
const link = (await video['visits:createJoinLink']({ visitId: visit.id, role: 'family' })) as { url: string };
out({ link: link.url });
process.on('SIGTERM', () => {
  client.close();
  store.close();
  process.exit(0);
});
