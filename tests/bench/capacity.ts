/**
 * npm run bench:capacity — how many two-party visits one mediasoup worker
 * carries. N simulated visits run at once on ONE worker, each on its own
 * router (as the visit server puts a visit on one router): both parties send
 * real RTP (VP8 video + Opus audio) into PlainTransports, and each party's
 * media is forwarded to the other through consumers on a PlainTransport that
 * ends at a UDP socket here, which counts what arrives.
 *
 * The RTP comes from Debian's ffmpeg (`apt-get install ffmpeg`): a clip is
 * encoded once (1280×720, 30 fps, VP8 at about 1.2 Mbit/s, keyframe every 2 s;
 * Opus 32 kbit/s; cached in the temp folder) and each visit's ffmpeg sends it
 * in a loop at real time with `-c copy` (no encoding per visit, so the
 * machine's CPU goes to the SFU, not to encoders), one RTP output per party
 * and kind with its own SSRC. Why ffmpeg and not GStreamer: one Debian
 * package, already needed by nothing else, and its RTP muxer takes the SSRC
 * and payload type on the command line; the mediasoup-demo project feeds its
 * broadcaster the same way. What this does not model: simulcast (a browser
 * sends 2-3 layers, the SFU forwards one), bandwidth estimation, RTX and
 * DTLS/SRTP encryption (PlainTransports carry plain RTP) — so the per-visit
 * cost here is a lower bound for WebRTC transports; docs/video.md gives the
 * join bench's real-browser figure next to it.
 *
 * The worker's CPU is read from /proc/PID/stat over a measured window after
 * a warm-up. Loss: packets the worker saw missing on arrival (producer
 * stats) plus packets a consumer sent that did not reach the sink, over all
 * packets sent. Prints human lines, then one JSON line last.
 *
 * Env: BENCH_VISITS (default 20), BENCH_SECONDS (measured window, default 30),
 * BENCH_WARMUP_SECONDS (default 5).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mediasoup from 'mediasoup';
import type { types as ms } from 'mediasoup';
import { MEDIA_CODECS } from '../../electron/main/media/worker';

const VISITS = Number(process.env.BENCH_VISITS ?? 20);
const WINDOW_MS = Number(process.env.BENCH_SECONDS ?? 30) * 1000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5) * 1000;
const VP8_PT = 101;
const OPUS_PT = 100;
const CLIP = join(tmpdir(), 'bptc-capacity-720p30-vp8-1200k-opus32k-10s.webm');

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ensureClip(): void {
  if (existsSync(CLIP)) return;
  console.log('encoding the test clip once (ffmpeg testsrc2 + sine, VP8/Opus) …');
  const r = spawnSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '10',
    '-c:v', 'libvpx', '-b:v', '1200k', '-deadline', 'realtime', '-cpu-used', '8', '-g', '60',
    '-c:a', 'libopus', '-b:a', '32k', '-ac', '1',
    `${CLIP}.part.webm`,
  ], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('ffmpeg could not encode the test clip (is Debian\'s ffmpeg installed?)');
  spawnSync('mv', [`${CLIP}.part.webm`, CLIP]);
}

/** CPU time (user + system) of a process so far, in ms, from /proc/PID/stat. */
function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hz = Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString().trim()) || 100;
  return (ticks * 1000) / hz;
}

interface Party {
  video: ms.Producer;
  audio: ms.Producer;
  videoPort: number;
  videoRtcpPort: number;
  audioPort: number;
  audioRtcpPort: number;
  videoSsrc: number;
  audioSsrc: number;
}

interface Visit {
  router: ms.Router;
  parties: [Party, Party];
  consumers: ms.Consumer[];
  ffmpeg: ChildProcess | null;
}

async function main(): Promise<void> {
  if (spawnSync('ffmpeg', ['-version']).status !== 0) throw new Error('needs Debian\'s ffmpeg: apt-get install ffmpeg');
  ensureClip();
  const worker = await mediasoup.createWorker({ logLevel: 'error', rtcMinPort: 46000, rtcMaxPort: 47999 });
  // One sink for every consumer: counts RTP packets per SSRC.
  const sink = createSocket('udp4');
  const received = new Map<number, number>();
  sink.on('message', (msg) => {
    if (msg.length < 12 || (msg[1]! >= 200 && msg[1]! <= 207)) return; // RTCP (PT 200-207) is not counted
    const ssrc = msg.readUInt32BE(8);
    received.set(ssrc, (received.get(ssrc) ?? 0) + 1);
  });
  await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r));
  const sinkPort = sink.address().port;

  const visits: Visit[] = [];
  let ssrc = 10_000;
  const errors: string[] = [];
  try {
    for (let v = 0; v < VISITS; v += 1) {
      const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
      // Sending side as mediasoup-demo's ffmpeg broadcaster: comedia, RTCP on its own port (ffmpeg sends RTP and
      // RTCP from two sockets; with rtcpMux the first RTCP packet would latch the wrong source port).
      const plain = (comedia: boolean) =>
        router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: !comedia, comedia });
      const party = async (): Promise<Party> => {
        const vt = await plain(true);
        const at = await plain(true);
        const videoSsrc = (ssrc += 1);
        const audioSsrc = (ssrc += 1);
        const video = await vt.produce({
          kind: 'video',
          rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000 }], encodings: [{ ssrc: videoSsrc }] },
        });
        const audio = await at.produce({
          kind: 'audio',
          rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: audioSsrc }] },
        });
        return { video, audio, videoPort: vt.tuple.localPort, videoRtcpPort: vt.rtcpTuple!.localPort, audioPort: at.tuple.localPort, audioRtcpPort: at.rtcpTuple!.localPort, videoSsrc, audioSsrc };
      };
      const parties: [Party, Party] = [await party(), await party()];
      // Each party receives the other's audio and video on one transport that ends at the sink.
      const consumers: ms.Consumer[] = [];
      for (const other of [parties[1], parties[0]]) {
        const recv = await plain(false);
        await recv.connect({ ip: '127.0.0.1', port: sinkPort });
        for (const producer of [other.video, other.audio]) {
          consumers.push(await recv.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities }));
        }
      }
      const out = (p: Party) => [
        '-map', '0:v:0', '-c', 'copy', '-payload_type', String(VP8_PT), '-ssrc', String(p.videoSsrc), '-f', 'rtp', `rtp://127.0.0.1:${p.videoPort}?rtcpport=${p.videoRtcpPort}&pkt_size=1200`,
        '-map', '0:a:0', '-c', 'copy', '-payload_type', String(OPUS_PT), '-ssrc', String(p.audioSsrc), '-f', 'rtp', `rtp://127.0.0.1:${p.audioPort}?rtcpport=${p.audioRtcpPort}&pkt_size=1200`,
      ];
      const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', CLIP, ...out(parties[0]), ...out(parties[1])], {
        stdio: ['ignore', 'ignore', 'pipe'], // stdout: the SDP ffmpeg prints
      });
      ffmpeg.stderr!.on('data', (d: Buffer) => errors.push(d.toString().trim()));
      visits.push({ router, parties, consumers, ffmpeg });
    }
    console.log(`${VISITS} visits running on one worker (pid ${worker.pid}); warming up ${WARMUP_MS / 1000} s …`);
    await sleep(WARMUP_MS);

    const snapshot = async () => {
      let ingress = 0;
      let ingressLost = 0;
      let sent = 0;
      let arrived = 0;
      for (const visit of visits) {
        for (const p of visit.parties) {
          for (const producer of [p.video, p.audio]) {
            for (const s of await producer.getStats()) {
              ingress += s.packetCount;
              ingressLost += s.packetsLost;
            }
          }
        }
        for (const c of visit.consumers) {
          const out = (await c.getStats()).find((s) => s.type === 'outbound-rtp');
          sent += out?.packetCount ?? 0;
          arrived += received.get(c.rtpParameters.encodings![0]!.ssrc!) ?? 0;
        }
      }
      return { ingress, ingressLost, sent, arrived, cpuMs: procCpuMs(worker.pid), t: performance.now() };
    };
    const a = await snapshot();
    await sleep(WINDOW_MS);
    const b = await snapshot();

    const seconds = (b.t - a.t) / 1000;
    const cpuMs = b.cpuMs - a.cpuMs;
    const workerCpuPct = (cpuMs / (b.t - a.t)) * 100;
    const ingressPackets = b.ingress - a.ingress;
    const ingressLost = b.ingressLost - a.ingressLost;
    const egressLost = Math.max(0, b.sent - a.sent - (b.arrived - a.arrived));
    const totalSent = ingressPackets + ingressLost;
    const lossPct = totalSent > 0 ? ((ingressLost + egressLost) / (totalSent + (b.sent - a.sent))) * 100 : NaN;
    const ffmpegDied = visits.filter((v) => v.ffmpeg?.exitCode !== null).length;
    console.log(`measured ${round(seconds)} s: worker CPU ${round(workerCpuPct)} % of one core for ${VISITS} visits`);
    console.log(`packets into the worker ${ingressPackets} (${round(ingressPackets / seconds / VISITS, 0)}/s per visit), lost on arrival ${ingressLost}`);
    console.log(`packets forwarded ${b.sent - a.sent}, arrived at the sink ${b.arrived - a.arrived}`);
    if (ffmpegDied) console.log(`ffmpeg processes that exited early: ${ffmpegDied}`);
    if (errors.length) console.log(`ffmpeg said (first): ${errors[0]}`);
    if (ingressPackets === 0) throw new Error('no RTP reached the worker');
    const msPerVisitMinute = cpuMs / VISITS / (seconds / 60);
    console.log(
      JSON.stringify({
        visits: VISITS,
        seconds: round(seconds),
        worker_cpu_pct: round(workerCpuPct),
        worker_cpu_ms_per_visit_minute: round(msPerVisitMinute),
        projected_visits_per_core: Math.floor((70 / workerCpuPct) * VISITS),
        packet_loss_pct: round(lossPct, 3),
      }),
    );
  } finally {
    for (const v of visits) v.ffmpeg?.kill('SIGKILL');
    worker.close();
    sink.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
