/**
 * The visit server as the namespace test runs it inside the server namespace:
 * the real startVisitServer, an enrolment code for the console (printed at
 * start, as `--enrol` would), and a line protocol on stdin/stdout for the
 * test: `{"cmd":"stats"}` → what the SFU receives from the family (bytes, and
 * the address its media comes from).
 */
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import { createInterface } from 'node:readline';
import { loadVisitServerConfig } from '../../../electron/main/visit-server/config';
import { startVisitServer } from '../../../electron/main/visit-server/server';

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
out({ ready: true, origin: server.origin, enrolmentCode: server.devices.issueEnrolment('Exam room (namespace test)').code });

for await (const line of createInterface({ input: process.stdin })) {
  const cmd = (JSON.parse(line) as { cmd: string }).cmd;
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
