/**
 * The visit server as the namespace test runs it inside the server namespace:
 * the real startVisitServer, plus a stand-in for what issue 11's console
 * connection will do (not built yet) — acknowledge the family's answers and
 * admit whoever reaches the waiting room — and a line protocol on stdin/stdout
 * for the test: `{"cmd":"link"}` → `{"link": url}`, `{"cmd":"stats"}` → what
 * the SFU receives from the family (bytes, and the address its media comes from).
 */
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import { createInterface } from 'node:readline';
import { loadVisitServerConfig } from '../../../electron/main/visit-server/config';
import { roomKey, startVisitServer } from '../../../electron/main/visit-server/server';

const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

const transports: ms.WebRtcTransport[] = [];
const producers: ms.Producer[] = [];
mediasoup.observer.on('newworker', (w) =>
  w.observer.on('newrouter', (r) =>
    r.observer.on('newtransport', (t) => {
      transports.push(t as ms.WebRtcTransport);
      t.observer.on('newproducer', (p) => producers.push(p));
    }),
  ),
);

const config = loadVisitServerConfig(process.argv[2]!);
const server = await startVisitServer(config, (level, code, fields) => out({ log: { level, code, ...fields } }));
const DEVICE = 'console-1';
server.relay.setConsole(DEVICE, async () => {});
server.onClinicianEvent = (_owner, event) => {
  if (event.type !== 'participants') return;
  for (const p of event.participants) if (p.phase === 'waiting') server.rooms.admit(roomKey(DEVICE, event.visitId), p.id);
};
await server.rooms.openForClinician(roomKey(DEVICE, 'visit-1'));
out({ ready: true, origin: server.origin });

for await (const line of createInterface({ input: process.stdin })) {
  const cmd = (JSON.parse(line) as { cmd: string }).cmd;
  if (cmd === 'link') out({ link: server.issueLink(DEVICE, 'visit-1', 'family', new Date(Date.now() + 3600_000)) });
  if (cmd === 'stats') {
    const video = producers.filter((p) => !p.closed && p.kind === 'video');
    const bytes = (await Promise.all(video.map((p) => p.getStats()))).flat().reduce((n, s) => n + s.byteCount, 0);
    const tuples = (await Promise.all(transports.filter((t) => !t.closed).map((t) => t.getStats())))
      .flat()
      .map((s) => s.iceSelectedTuple)
      .filter((t): t is NonNullable<typeof t> => !!t)
      .map((t) => ({ remoteIp: t.remoteIp, protocol: t.protocol }));
    out({ stats: { videoProducers: video.length, bytes, tuples } });
  }
  if (cmd === 'stop') {
    await server.close();
    process.exit(0);
  }
}
