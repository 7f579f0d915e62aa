/**
 * A live call on real network paths, for the namespace tests
 * (turn-netns.test.ts, restart-netns.test.ts): the namespaces of ./netns.ts, coturn with the
 * sample configuration from docs/deployment.md, the visit server
 * (./netns-server.ts) in the server namespace, the family's network where
 * only TURN and the page's HTTPS reach the server, the console's network that
 * accepts no inbound connections, the console (./netns-console.ts) enrolled
 * and connected out, and the family's Chromium that joins with the console's
 * link. The server can be killed and started again with the same
 * configuration and state folder.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { answerLobby } from '../../support/family-lobby';
import { NetLab } from './netns';
import { ROOT, makeCert, tempDir, waitFor, writeConfig } from './support';

export const SECRET = 'test-turn-secret-0123456789abcdef';
export const HTTP_PORT = 8443; // inside the test's own namespace: nothing else listens there
export const RTC_PORT = 44400;

/** The coturn block of docs/deployment.md with the placeholders filled in, plus where the test wants logs. */
export function coturnConfigFromDocs(values: Record<string, string>, extra: string[]): string {
  const doc = readFileSync(join(ROOT, 'docs/deployment.md'), 'utf8');
  const m = /<!-- coturn-sample:start -->\s*```conf\n([\s\S]*?)```\s*<!-- coturn-sample:end -->/.exec(doc);
  if (!m) throw new Error('docs/deployment.md has no coturn sample block');
  let text = m[1]!;
  for (const [k, v] of Object.entries(values)) text = text.replaceAll(`<${k}>`, v);
  if (/<[A-Z_]+>/.test(text)) throw new Error(`unfilled placeholder in the coturn sample: ${/<[A-Z_]+>/.exec(text)![0]}`);
  return `${text}\n${extra.join('\n')}\n`;
}

/** The JSON lines a child prints, collected as they come. */
export function lines(child: ChildProcess): Record<string, unknown>[] {
  const got: Record<string, unknown>[] = [];
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const p of parts) {
      if (!p.trim()) continue;
      try {
        got.push(JSON.parse(p) as Record<string, unknown>);
      } catch {
        got.push({ text: p });
      }
    }
  });
  return got;
}

export interface Proc {
  proc: ChildProcess;
  out: Record<string, unknown>[];
  stderr: () => string;
}

function watch(proc: ChildProcess): Proc {
  const out = lines(proc);
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return { proc, out, stderr: () => err };
}

/** Ask a line-protocol child something and wait for the answer line that has `key`. */
export async function ask(p: Proc, cmd: string, key: string, timeoutMs = 20_000): Promise<unknown> {
  const seen = p.out.length;
  p.proc.stdin!.write(`${JSON.stringify({ cmd })}\n`);
  const line = await waitFor(`${cmd} from the child`, () => p.out.slice(seen).find((l) => key in l), timeoutMs);
  return line[key];
}

/** Frames decoded at the family page (its quality indicator reads them from getStats). */
export const familyFrames = async (page: Page): Promise<number> => Number((await page.getByTestId('quality').first().getAttribute('data-frames-decoded').catch(() => '0')) ?? 0);

/**
 * Wait until `read` (a decoded-frame counter) has gone up by more than `by`
 * frames. A counter that starts again from 0 (a new consumer after a
 * rebuild) is followed from its new value: only increases count.
 */
export async function framesRise(what: string, read: () => Promise<number>, by = 15, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let prev = await read();
  let gained = 0;
  const seen: number[] = [prev];
  while (gained <= by) {
    if (Date.now() > until) throw new Error(`${what}: decoded frames did not rise (read ${seen.slice(-12).join(', ')})`);
    await new Promise((r) => setTimeout(r, 500));
    const now = await read();
    seen.push(now);
    if (now > prev) gained += now - prev;
    prev = now;
  }
}

/** Wait until `read` stops rising for `quietMs` (media has stopped). */
export async function framesStall(what: string, read: () => Promise<number>, quietMs = 3_000, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = await read();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > until) throw new Error(`${what}: decoded frames kept rising (${last})`);
    await new Promise((r) => setTimeout(r, 250));
    const now = await read();
    if (now > last) since = Date.now();
    last = now;
  }
}

/** The family page's selected ICE candidate pair (local and remote candidate types), or null while none. */
export async function selectedPair(page: Page): Promise<{ local: string; remote: string; relayProtocol: string | null } | null> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    // The newest connections first: after a rebuild the old ones are closed.
    for (const pc of [...pcs].reverse()) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      let result: { local: string; remote: string; relayProtocol: string | null } | null = null;
      stats.forEach((s: { type: string; state?: string; nominated?: boolean; localCandidateId?: string; remoteCandidateId?: string }) => {
        if (s.type !== 'candidate-pair' || s.state !== 'succeeded' || !s.nominated) return;
        const local = stats.get(s.localCandidateId!) as { candidateType: string; relayProtocol?: string };
        const remote = stats.get(s.remoteCandidateId!) as { candidateType: string };
        result = { local: local.candidateType, remote: remote.candidateType, relayProtocol: local.relayProtocol ?? null };
      });
      if (result) return result;
    }
    return null;
  });
}

/** The family page's selected candidate pair once it has one (null after `tries` half-seconds without). */
export async function settledPair(page: Page, tries = 60): Promise<Awaited<ReturnType<typeof selectedPair>>> {
  for (let i = 0; i < tries; i += 1) {
    const pair = await selectedPair(page);
    if (pair) return pair;
    await new Promise((r) => setTimeout(r, 500));
  }
  return null;
}

export class CallLab {
  readonly lab = new NetLab();
  browser: Browser | undefined;
  server!: Proc;
  configFile!: string;
  certFile!: string;
  coturnPid: number | undefined;

  constructor(readonly dir: string) {}

  turnUrls(): string[] {
    const ip = this.lab.serverIp;
    return [`turn:${ip}:3478?transport=udp`, `turn:${ip}:3478?transport=tcp`, `turns:${ip}:5349?transport=tcp`];
  }

  /** Namespaces, coturn, the visit server, both firewalls and the family's Chromium. */
  async up(): Promise<void> {
    const { lab, dir } = this;
    lab.up();
    const cert = makeCert(dir, ['visits.test'], [lab.serverIp, lab.serverIpForConsole]);
    this.certFile = cert.certFile;
    const coturnLog = join(dir, 'coturn.log');
    const conf = join(dir, 'turnserver.conf');
    writeFileSync(
      conf,
      coturnConfigFromDocs(
        { PRIVATE_IP: lab.serverIp, PUBLIC_IP: lab.serverIp, SFU_IP: lab.serverIp, SECRET, REALM: 'visits.test', CERT_FILE: cert.certFile, KEY_FILE: cert.keyFile },
        [`log-file=${coturnLog}`, 'simple-log', 'no-stdout-log', `pidfile=${join(dir, 'coturn.pid')}`, 'verbose'],
      ),
    );
    this.coturnPid = lab.spawn(lab.server, 'turnserver', ['-c', conf]).pid;
    this.configFile = writeConfig(dir, {
      workers: 1,
      media: { listenIp: lab.serverIp, rtcPort: RTC_PORT },
      http: { host: '0.0.0.0', port: HTTP_PORT, tls: { certFile: cert.certFile, keyFile: cert.keyFile }, publicOrigin: `https://${lab.serverIp}:${HTTP_PORT}` },
      turn: { urls: this.turnUrls(), secret: SECRET, credentialTtlSeconds: 600 },
      stateDir: join(dir, 'state'),
      rendererDir: join(ROOT, 'out/renderer'),
    });
    await this.startServer();
    lab.nft(
      lab.family,
      `table inet bptc_family {
        chain output {
          type filter hook output priority 0; policy accept;
          ip daddr ${lab.serverIp} udp dport != 3478 drop
          ip daddr ${lab.serverIp} tcp dport != { 3478, 5349, ${HTTP_PORT} } drop
        }
      }`,
    );
    lab.nft(
      lab.console,
      `table inet bptc_console {
        counter inbound_new { }
        chain input {
          type filter hook input priority 0; policy drop;
          iif lo accept
          ct state established,related accept
          ip daddr ${lab.consoleIp} meta l4proto { tcp, udp } ct state new counter name "inbound_new" drop
        }
      }`,
    );
    await waitFor('coturn listening', () => {
      try {
        return readFileSync(coturnLog, 'utf8').includes('5349');
      } catch {
        return false;
      }
    }, 30_000);
    this.browser = await chromium.launch({
      executablePath: lab.chromiumWrapper(lab.family, dir),
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--disable-features=WebRtcHideLocalIpsWithMdns',
        '--ignore-certificate-errors',
      ],
    });
  }

  /** Start the visit server (again) with the same configuration and state folder; resolves when it is ready. */
  async startServer(): Promise<Proc> {
    const proc = this.lab.spawn(this.lab.server, process.execPath, ['--import', 'tsx', join(ROOT, 'tests/main/visit-server/netns-server.ts'), this.configFile], { cwd: ROOT });
    const p = watch(proc);
    await waitFor('visit server ready', () => p.out.find((l) => l.ready) ?? (proc.exitCode !== null && (() => { throw new Error(`visit server exited ${proc.exitCode}: ${p.stderr()}`); })()), 90_000);
    this.server = p;
    return p;
  }

  /** SIGKILL the visit server (no goodbye to anyone) and wait until it and its mediasoup worker are gone. */
  async killServer(): Promise<void> {
    const { proc } = this.server;
    const exited = new Promise<void>((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', () => r())));
    proc.kill('SIGKILL');
    await exited;
    // The worker notices its parent is gone and exits; until then it holds the RTC port.
    await waitFor('the old mediasoup worker gone', () => this.serverNamespacePids().every((pid) => pid === this.coturnPid), 30_000);
  }

  private serverNamespacePids(): number[] {
    return execFileSync('ip', ['netns', 'pids', this.lab.server], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  }

  /** The console, enrolled with a fresh code from the running server, connected out; resolves with its family link. */
  async startConsole(): Promise<{ console: Proc; link: string }> {
    const { enrolmentCode } = this.server.out.find((l) => l.ready) as { enrolmentCode: string };
    const proc = this.lab.spawn(
      this.lab.console,
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tests/main/visit-server/netns-console.ts'), `wss://${this.lab.serverIpForConsole}:${HTTP_PORT}/console`, enrolmentCode, this.certFile],
      { cwd: ROOT },
    );
    const c = watch(proc);
    const { link } = (await waitFor(
      'the console’s link',
      () => c.out.find((l) => l.link) ?? (proc.exitCode !== null && (() => { throw new Error(c.stderr()); })()),
      120_000,
    )) as { link: string };
    return { console: c, link };
  }

  /** A family context whose RTCPeerConnections are kept on window.__pcs (to read the selected candidate pair). */
  async familyContext(): Promise<BrowserContext> {
    const context = await this.browser!.newContext({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 } });
    await context.addInitScript(() => {
      const Native = window.RTCPeerConnection;
      const all: RTCPeerConnection[] = [];
      (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
      window.RTCPeerConnection = class extends Native {
        constructor(config?: RTCConfiguration) {
          super(config);
          all.push(this);
        }
      } as typeof RTCPeerConnection;
    });
    return context;
  }

  async down(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    this.lab.down();
  }
}

/** A CallLab in a new temporary folder for the enclosing suite: up before its tests, down (folder removed) after them. */
export function callLabForSuite(dirPrefix: string): CallLab {
  const dir = tempDir(dirPrefix);
  const call = new CallLab(dir);
  beforeAll(async () => {
    await call.up();
  }, 180_000);
  afterAll(async () => {
    await call.down();
    rmSync(dir, { recursive: true, force: true });
  });
  return call;
}

/** The family's way into the call: device check, consent, intake (all signs absent). */
export async function familyJoins(f: Page, link: string): Promise<void> {
  await f.goto(link);
  await answerLobby(f, { symptoms: 'Sore back', painStarted: '2026-11-20', betterOrWorse: 'Rest' }, 30_000);
}
