/**
 * npm run bench:join — how long from the clinician's "Admit" to the first
 * decoded frame of the family's video at the clinician, through the SFU,
 * against a direct RTCPeerConnection between the same two pages in the same
 * run (the baseline); and the mediasoup worker's CPU per minute of a
 * two-party call. Real worker, real Chromium (fake camera and microphone),
 * loopback only. Prints human lines, then one JSON line last.
 *
 * Relayed joins (issue 11): the same run also admits the family from a
 * second browser whose every RTCPeerConnection is `iceTransportPolicy:
 * 'relay'`, through Debian's coturn started here on 127.0.0.1 with the
 * time-limited credentials the SFU hands out after admission
 * (`use-auth-secret`; `allow-loopback-peers` only because this bench runs on
 * loopback — the deployment sample denies loopback peers). No frame without
 * TURN is possible there, so a frame is proof of a relayed path.
 * `relay_ratio` = relayed SFU admit-to-first-frame over the direct P2P
 * baseline. Loopback has no distance: the relay's cost here is its extra
 * round trips (allocation, permission), not latency. Without `turnserver`
 * the relay fields are null.
 */
import { chromium, type Page } from 'playwright-core';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { openClinician, startVideoMain, throughLobby } from '../e2e/support/video-main';
import { cameras, pairs, steps, takeTrace, TRACE_SCRIPT } from './join-trace';

const JOINS = Number(process.env.BENCH_JOINS ?? 12);
const CPU_WINDOW_MS = Number(process.env.BENCH_CPU_SECONDS ?? 30) * 1000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number) => Math.round(x * 10) / 10;

interface Timed {
  ms: number;
  /** The click and the first frame on the shared clock (performance.timeOrigin + now), for the step trace. */
  admitAt: number;
  frameAt: number;
}

/** Clicks a button and resolves with ms until the first remote frame is decoded (readyState >= HAVE_CURRENT_DATA). */
async function admitAndTime(page: Page): Promise<Timed> {
  const button = page.getByRole('button', { name: /^Admit / });
  await button.waitFor();
  // Browser-side code as strings: tsx would wrap named inner functions in a helper the page does not have.
  const timed = new Function('el', `return new Promise((resolve, reject) => {
    const t0 = performance.now();
    el.click();
    const deadline = t0 + 30000;
    const check = () => {
      const v = document.querySelector('[data-testid="remote-video"]');
      if (v && v.readyState >= 2 && v.videoWidth > 0) {
        const t1 = performance.now();
        resolve({ ms: t1 - t0, admitAt: performance.timeOrigin + t0, frameAt: performance.timeOrigin + t1 });
      }
      else if (performance.now() > deadline) reject(new Error('no frame'));
      else setTimeout(check, 1);
    };
    check();
  })`) as (el: Element) => Promise<Timed>;
  return button.evaluate(timed);
}

/** The baseline: the family page offers its camera to the clinician page over a direct RTCPeerConnection. */
async function p2pFirstFrame(c: Page, f: Page): Promise<number> {
  // The family already has its camera open, as it does in the SFU case (device check).
  await f.evaluate(async () => {
    const w = window as unknown as { __stream?: MediaStream };
    w.__stream ??= await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
  });
  await c.evaluate(`(() => {
    const t0 = performance.now();
    const pc = new RTCPeerConnection();
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    document.body.append(video);
    window.__p2p = {
      pc,
      video,
      done: new Promise((resolve) => {
        pc.ontrack = (e) => {
          if (e.track.kind !== 'video') return;
          video.srcObject = new MediaStream([e.track]);
          video.play().catch(() => undefined);
          const check = () => (video.readyState >= 2 && video.videoWidth > 0 ? resolve(performance.now() - t0) : setTimeout(check, 1));
          check();
        };
      }),
    };
  })()`);
  const gather = `new Promise((r) => pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()))`;
  const offer = await f.evaluate(`(async () => {
    const pc = new RTCPeerConnection();
    window.__pc = pc;
    for (const t of window.__stream.getTracks()) pc.addTrack(t, window.__stream);
    await pc.setLocalDescription(await pc.createOffer());
    await ${gather};
    return pc.localDescription.toJSON();
  })()`);
  const answer = await c.evaluate(`(async () => {
    const pc = window.__p2p.pc;
    await pc.setRemoteDescription(${JSON.stringify(offer)});
    await pc.setLocalDescription(await pc.createAnswer());
    await ${gather};
    return pc.localDescription.toJSON();
  })()`);
  await f.evaluate(`window.__pc.setRemoteDescription(${JSON.stringify(answer)})`);
  const ms = await c.evaluate(() => (window as unknown as { __p2p: { done: Promise<number> } }).__p2p.done);
  await c.evaluate(() => {
    const p = (window as unknown as { __p2p: { pc: RTCPeerConnection; video: HTMLVideoElement } }).__p2p;
    p.pc.close();
    p.video.remove();
  });
  await f.evaluate(() => {
    const w = window as unknown as { __pc: RTCPeerConnection; __stream?: MediaStream };
    w.__pc.close();
    // Release the camera: the relayed family (same browser, one fake camera) must open its own, at its own size.
    for (const t of w.__stream?.getTracks() ?? []) t.stop();
    delete w.__stream;
  });
  return ms;
}

/** A free TCP port on loopback (coturn uses it for UDP and TCP). */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

interface Turn {
  proc: ChildProcess;
  dir: string;
  url: string;
  secret: string;
}

/** coturn on loopback for the relayed joins, or null when Debian's coturn is not installed. */
async function startTurn(): Promise<Turn | null> {
  if (spawnSync('turnserver', ['--version']).error) return null;
  const dir = mkdtempSync(join(tmpdir(), 'bptc-bench-turn-'));
  const port = await freePort();
  const secret = randomBytes(24).toString('hex');
  const conf = join(dir, 'turnserver.conf');
  writeFileSync(
    conf,
    [
      `listening-port=${port}`,
      'listening-ip=127.0.0.1',
      'relay-ip=127.0.0.1',
      'min-port=49300',
      'max-port=49400',
      'fingerprint',
      'use-auth-secret',
      `static-auth-secret=${secret}`,
      'realm=bench.invalid',
      'no-tls',
      'no-dtls',
      'no-cli',
      'no-multicast-peers',
      'allow-loopback-peers',
      `log-file=${join(dir, 'turn.log')}`,
      'simple-log',
      `pidfile=${join(dir, 'turn.pid')}`,
      '',
    ].join('\n'),
  );
  const proc = spawn('turnserver', ['-c', conf], { stdio: 'ignore' });
  // Ready when it accepts TCP on its port.
  const until = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((ok) => {
      const s = createServer();
      s.once('error', () => ok(true));
      s.listen(port, '127.0.0.1', () => s.close(() => ok(false)));
    });
    if (up) break;
    if (Date.now() > until || proc.exitCode !== null) {
      proc.kill('SIGKILL');
      throw new Error('coturn did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, dir, url: `turn:127.0.0.1:${port}?transport=udp`, secret };
}

/** Every RTCPeerConnection the page makes may use relay candidates only. */
const RELAY_ONLY = `(() => {
  const Native = window.RTCPeerConnection;
  class RelayOnly extends Native {
    constructor(config, ...rest) { super({ ...(config || {}), iceTransportPolicy: 'relay' }, ...rest); }
  }
  window.RTCPeerConnection = RelayOnly;
})()`;

async function main(): Promise<void> {
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  const turn = await startTurn();
  if (!turn) console.log('turnserver (Debian coturn) not found: relayed joins skipped');
  const vm = await startVideoMain(turn ? { turnServers: [{ urls: [turn.url], secret: turn.secret, credentialTtlSeconds: 600 }] } : {});
  const errors: string[] = [];
  const sfu: number[] = [];
  const p2p: number[] = [];
  const relay: number[] = [];
  let cpuPerMinute = NaN;
  let famBrowser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  let receivedWidth = NaN;
  let receivedFps = NaN;
  const directSteps: Record<string, number>[] = [];
  const relaySteps: Record<string, number>[] = [];
  const directPairs = new Set<string>();
  const relayPairs = new Set<string>();
  try {
    const firstVisit = await vm.newVisit();
    const { page: c, context: clinicianContext } = await openClinician(browser, vm, firstVisit, errors);
    await clinicianContext.addInitScript(TRACE_SCRIPT);
    // The family's phone is another device: its own browser, so its own fake camera (one browser shares one fake
    // camera, opened by the clinician first at 640×480, which would hide the family's 1280×720 request).
    famBrowser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
    const famContext = await famBrowser.newContext({ viewport: { width: 390, height: 844 } });
    await famContext.addInitScript(TRACE_SCRIPT);
    const f = await famContext.newPage();
    // The relayed family: same browser (its own fake camera), a context whose peer connections may only relay.
    const relayContext = await famBrowser.newContext({ viewport: { width: 390, height: 844 } });
    await relayContext.addInitScript(RELAY_ONLY);
    await relayContext.addInitScript(TRACE_SCRIPT);
    const fr = await relayContext.newPage();
    /**
     * The clinician opens the visit and makes the link once its own media is up (as it is in a visit); the family
     * opens the link in a fresh document and goes through the lobby; Admit is timed and the join's per-step offsets
     * kept.
     */
    const joinTraced = async (family: Page, visitId: string, run: string, into: Record<string, number>[], pairsSeen: Set<string>): Promise<number> => {
      await c.goto(`${vm.main.origin}/index.html?run=${run}#/video/${visitId}`);
      await c.getByRole('button', { name: 'Create link' }).click();
      const url = await c.getByTestId('join-link-family').inputValue();
      await c.getByRole('button', { name: 'Turn camera off' }).waitFor();
      await c.waitForFunction(() => (document.querySelector('[data-testid="self-video"]') as HTMLVideoElement | null)?.readyState === 4);
      // A fresh document: the link differs from the last one only in its fragment.
      await family.goto('about:blank');
      await family.goto(url);
      await throughLobby(family);
      await takeTrace(c);
      const timed = await admitAndTime(c);
      const [ct, ft] = [await takeTrace(c), await takeTrace(family)];
      into.push({ ...steps(timed.admitAt, timed.frameAt, ct, ft), camera_width: Number(cameras(ft).at(-1)?.split('x')[0] ?? NaN) });
      for (const p of pairs(ft)) pairsSeen.add(p.replace(/^pc\d+ /, ''));
      return timed.ms;
    };
    /** The clinician ends the call (issue 16: End call asks first) and the family page says so. */
    const endCall = async (family: Page): Promise<void> => {
      await c.getByRole('button', { name: 'End call' }).click();
      await c.getByTestId('end-call-confirm').getByRole('button', { name: 'End call' }).click();
      await family.getByText('The visit has ended.').waitFor();
    };
    for (let i = 0; i < JOINS; i += 1) {
      const visitId = i === 0 ? firstVisit : await vm.newVisit();
      const ms = await joinTraced(f, visitId, String(i), directSteps, directPairs);
      sfu.push(ms);
      if (i === JOINS - 1) {
        // Worker CPU over a measured stretch of this two-party call (both sides send audio and video).
        const cpu0 = await vm.workers.cpuMs();
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, CPU_WINDOW_MS));
        const cpu1 = await vm.workers.cpuMs();
        cpuPerMinute = (cpu1 - cpu0) / ((performance.now() - t0) / 60_000);
        // The family's video as the clinician receives it, after the CPU window let bandwidth estimation ramp up
        // (issue 17: up to 1280×720 at 30 fps, simulcast; loopback, no bandwidth limit).
        const received = c.getByTestId('received-video');
        await received.waitFor();
        receivedWidth = Number(await received.getAttribute('data-width'));
        receivedFps = Number(await received.getAttribute('data-fps'));
        console.log(`received from the family: ${(await received.textContent()) ?? ''}`);
      }
      await endCall(f);
      const base = await p2pFirstFrame(c, f);
      p2p.push(base);
      let relayed = NaN;
      if (turn) {
        relayed = await joinTraced(fr, await vm.newVisit(), `r${i}`, relaySteps, relayPairs);
        await endCall(fr);
        relay.push(relayed);
      }
      console.log(`join ${i + 1}/${JOINS}: sfu ${round(ms)} ms, p2p ${round(base)} ms${turn ? `, sfu via TURN ${round(relayed)} ms` : ''}`);
    }
  } finally {
    turn?.proc.kill('SIGTERM');
    if (turn) rmSync(turn.dir, { recursive: true, force: true });
    await vm.close();
    await famBrowser?.close();
    await browser.close();
  }
  if (errors.length) console.log(`page errors: ${errors.length} (first: ${errors[0]})`);
  const sfuMedian = median(sfu);
  const p2pMedian = median(p2p);
  console.log(`SFU admit→first frame: median ${round(sfuMedian)} ms (min ${round(Math.min(...sfu))}, max ${round(Math.max(...sfu))})`);
  console.log(`P2P baseline:           median ${round(p2pMedian)} ms (min ${round(Math.min(...p2p))}, max ${round(Math.max(...p2p))})`);
  const relayMedian = relay.length ? median(relay) : NaN;
  if (relay.length) console.log(`SFU via TURN (relay only): median ${round(relayMedian)} ms (min ${round(Math.min(...relay))}, max ${round(Math.max(...relay))})`);
  // Where the time goes: each milestone's median offset from Admit (ms), direct family and relay-only family.
  const stepMedians = (list: Record<string, number>[]) => {
    const names = [...new Set(list.flatMap((r) => Object.keys(r)))];
    return Object.fromEntries(names.map((n) => [n, round(median(list.map((r) => r[n]).filter((x): x is number => x !== undefined)))]));
  };
  console.log(`steps (median ms after Admit), direct: ${JSON.stringify(stepMedians(directSteps))}`);
  for (const r of directSteps) console.log(`  direct join: ${JSON.stringify(r)}`);
  console.log(`selected pairs, direct: ${[...directPairs].join(' | ')}`);
  if (relaySteps.length) {
    console.log(`steps (median ms after Admit), relay: ${JSON.stringify(stepMedians(relaySteps))}`);
    for (const r of relaySteps) console.log(`  relay join: ${JSON.stringify(r)}`);
    console.log(`selected pairs, relay: ${[...relayPairs].join(' | ')}`);
  }
  console.log(`worker CPU: ${round(cpuPerMinute)} ms per call-minute (two parties, ${CPU_WINDOW_MS / 1000} s measured)`);
  console.log(
    JSON.stringify({
      joins: sfu.length,
      sfu_first_frame_median_ms: round(sfuMedian),
      p2p_first_frame_median_ms: round(p2pMedian),
      ratio: Math.round((sfuMedian / p2pMedian) * 100) / 100,
      relay_first_frame_median_ms: relay.length ? round(relayMedian) : null,
      relay_ratio: relay.length ? Math.round((relayMedian / p2pMedian) * 100) / 100 : null,
      worker_cpu_ms_per_call_minute: round(cpuPerMinute),
      received_width: receivedWidth,
      received_fps: receivedFps,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
