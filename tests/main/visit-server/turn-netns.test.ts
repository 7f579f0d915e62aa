/**
 * Issue 11, items 4 and 5, on real network paths: network namespaces built by
 * the test (ip netns, veth pairs, nftables), coturn from Debian's package run
 * with the sample configuration in docs/deployment.md, the visit server, the
 * clinician's console — its main process and its renderer in Chromium
 * (./netns-console.ts) — in a namespace that accepts no inbound connections
 * (it enrols and connects out), and Chromium inside the family's namespace,
 * where UDP and TCP to the SFU's ports are dropped so only TURN (and the
 * page's HTTPS) gets through. Decoded frames must rise on both pages.
 *
 * In CI (CI=true) a machine that cannot build the namespaces fails this test;
 * elsewhere (not root, no coturn) it is skipped with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { turnCredentials } from '../../../electron/main/media/turn';
import { NetLab, namespacesAvailable } from './netns';
import { ROOT, makeCert, tempDir, waitFor, writeConfig } from './support';

const available = namespacesAvailable();
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!available.ok && inCi) {
  describe('TURN on real network paths', () => {
    it('can build its network namespaces (required in CI)', () => {
      throw new Error(`cannot build network namespaces in CI: ${available.why}`);
    });
  });
}

const SECRET = 'test-turn-secret-0123456789abcdef';
const HTTP_PORT = 8443; // inside the test's own namespace: nothing else listens there
const RTC_PORT = 44400;

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

function lines(child: ChildProcess): Record<string, unknown>[] {
  const got: Record<string, unknown>[] = [];
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const p of parts) if (p.trim()) got.push(JSON.parse(p) as Record<string, unknown>);
  });
  return got;
}

describe.skipIf(!available.ok)('TURN on real network paths (issue 11, items 4 and 5)', () => {
  const lab = new NetLab();
  const dir = tempDir('bptc-netns-');
  let browser: Browser | undefined;
  let server: ChildProcess;
  let serverOut: Record<string, unknown>[];
  let coturnLog: string;
  const turnUrls = () => [
    `turn:${lab.serverIp}:3478?transport=udp`,
    `turn:${lab.serverIp}:3478?transport=tcp`,
    `turns:${lab.serverIp}:5349?transport=tcp`,
  ];

  beforeAll(async () => {
    lab.up();
    const cert = makeCert(dir, ['visits.test'], [lab.serverIp, lab.serverIpForConsole]);
    coturnLog = join(dir, 'coturn.log');
    const conf = join(dir, 'turnserver.conf');
    writeFileSync(
      conf,
      coturnConfigFromDocs(
        { PRIVATE_IP: lab.serverIp, PUBLIC_IP: lab.serverIp, SFU_IP: lab.serverIp, SECRET, REALM: 'visits.test', CERT_FILE: cert.certFile, KEY_FILE: cert.keyFile },
        [`log-file=${coturnLog}`, 'simple-log', 'no-stdout-log', `pidfile=${join(dir, 'coturn.pid')}`, 'verbose'],
      ),
    );
    lab.spawn(lab.server, 'turnserver', ['-c', conf]);

    const configFile = writeConfig(dir, {
      workers: 1,
      media: { listenIp: lab.serverIp, rtcPort: RTC_PORT },
      // All of the server namespace's addresses: the family's link and the console's.
      http: { host: '0.0.0.0', port: HTTP_PORT, tls: { certFile: cert.certFile, keyFile: cert.keyFile }, publicOrigin: `https://${lab.serverIp}:${HTTP_PORT}` },
      turn: { urls: turnUrls(), secret: SECRET, credentialTtlSeconds: 600 },
      stateDir: join(dir, 'state'),
      // The real built family page (npm test builds before the unit tests).
      rendererDir: join(ROOT, 'out/renderer'),
    });
    server = lab.spawn(lab.server, process.execPath, ['--import', 'tsx', join(ROOT, 'tests/main/visit-server/netns-server.ts'), configFile], { cwd: ROOT });
    serverOut = lines(server);
    let stderr = '';
    server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor('visit server ready', () => serverOut.find((l) => l.ready) ?? (server.exitCode !== null && (() => { throw new Error(stderr); })()), 90_000);

    // The family's network: UDP and TCP to the SFU dropped; only the page (HTTPS) and TURN get through.
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
    // The console's network accepts no inbound connections: only replies to what it opened. New connections
    // to the console's address are counted before they are dropped, so the test can tell nobody tried.
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
    browser = await chromium.launch({
      executablePath: lab.chromiumWrapper(lab.family, dir),
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--disable-features=WebRtcHideLocalIpsWithMdns',
        '--ignore-certificate-errors',
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    lab.down();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Relay candidates Chromium (in the family namespace) gathers with these ICE servers. */
  async function gatherRelay(page: Page, iceServers: unknown): Promise<string[]> {
    return page.evaluate(async (servers) => {
      const pc = new RTCPeerConnection({ iceServers: servers as RTCIceServer[], iceTransportPolicy: 'relay' });
      pc.createDataChannel('x');
      const found: string[] = [];
      pc.onicecandidate = (e) => {
        if (e.candidate?.candidate.includes('typ relay')) found.push(e.candidate.candidate);
      };
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((done) => {
        const stop = setTimeout(done, 12_000);
        pc.onicegatheringstatechange = () => {
          if (pc.iceGatheringState === 'complete') {
            clearTimeout(stop);
            done();
          }
        };
      });
      // Which TURN transport each relay candidate came through (udp, tcp, tls).
      const stats = await pc.getStats();
      const kinds: string[] = [];
      stats.forEach((s: { type: string; candidateType?: string; relayProtocol?: string }) => {
        if (s.type === 'local-candidate' && s.candidateType === 'relay' && s.relayProtocol) kinds.push(s.relayProtocol);
      });
      pc.close();
      return found.length ? kinds.sort() : [];
    }, iceServers);
  }

  it('coturn (the sample configuration) grants relays over UDP, TCP and TLS to a current credential and refuses an expired one', async () => {
    const page = await browser!.newPage();
    const fresh = turnCredentials([{ urls: turnUrls(), secret: SECRET, credentialTtlSeconds: 600 }], 'p-fresh', new Date());
    expect(await gatherRelay(page, fresh)).toEqual(['tcp', 'tls', 'udp']);

    // Minted two TTLs ago: expired ten minutes ago.
    const expired = turnCredentials([{ urls: turnUrls(), secret: SECRET, credentialTtlSeconds: 600 }], 'p-old', new Date(Date.now() - 1_200_000));
    expect(await gatherRelay(page, expired)).toEqual([]);
    const wrongSecret = turnCredentials([{ urls: turnUrls(), secret: 'another-secret-0123456789', credentialTtlSeconds: 600 }], 'p-x', new Date());
    expect(await gatherRelay(page, wrongSecret)).toEqual([]);
    await page.close();
  }, 90_000);

  /** New connections that reached the console namespace's address (all dropped by its firewall). */
  const inboundAttempts = (): number => {
    const listed = lab.exec(lab.console, 'nft', ['list', 'counter', 'inet', 'bptc_console', 'inbound_new']);
    const m = /packets (\d+)/.exec(listed ?? '');
    if (!m) throw new Error(`cannot read the console's inbound counter: ${listed}`);
    return Number(m[1]);
  };

  /** Ask a line-protocol child (the console) something and wait for the answer line that has `key`. */
  async function ask(child: ChildProcess, got: Record<string, unknown>[], cmd: string, key: string): Promise<unknown> {
    const seen = got.length;
    child.stdin!.write(`${JSON.stringify({ cmd })}\n`);
    const line = await waitFor(`${cmd} from the console`, () => got.slice(seen).find((l) => key in l), 20_000);
    return line[key];
  }

  /** Frames decoded at the family page (its quality indicator reads them from getStats). */
  const familyFrames = async (page: Page) => Number((await page.getByTestId('quality').first().getAttribute('data-frames-decoded')) ?? 0);

  async function rising(what: string, read: () => Promise<number>, by = 15, timeoutMs = 45_000): Promise<void> {
    const start = await read();
    const until = Date.now() + timeoutMs;
    let now = start;
    while (now <= start + by) {
      if (Date.now() > until) throw new Error(`${what}: decoded frames did not rise (from ${start} to ${now})`);
      await new Promise((r) => setTimeout(r, 500));
      now = await read();
    }
  }

  it('the console (main process and renderer) in a namespace that accepts no inbound connections holds a visit through the server: decoded frames both ways, the family through TURN only', async () => {
    const { enrolmentCode } = serverOut.find((l) => l.ready) as { enrolmentCode: string };
    const consoleProc = lab.spawn(
      lab.console,
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tests/main/visit-server/netns-console.ts'), `wss://${lab.serverIpForConsole}:${HTTP_PORT}/console`, enrolmentCode, join(dir, 'cert.pem')],
      { cwd: ROOT },
    );
    const consoleOut = lines(consoleProc);
    let consoleErr = '';
    consoleProc.stderr!.on('data', (d: Buffer) => (consoleErr += d.toString()));
    const { link } = (await waitFor(
      'the console’s link',
      () => consoleOut.find((l) => l.link) ?? (consoleProc.exitCode !== null && (() => { throw new Error(consoleErr); })()),
      120_000,
    )) as { link: string };
    // The link the console's page shows carries the server's public https origin, not the console's address.
    expect(link.startsWith(`https://${lab.serverIp}:${HTTP_PORT}/join#t=`)).toBe(true);
    const context = await browser!.newContext({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 } });
    // Keep every RTCPeerConnection the page makes, to read its selected candidate pair.
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
    const f = await context.newPage();
    await f.goto(link);
    await f.getByRole('button', { name: 'Camera and sound work' }).click({ timeout: 30_000 });
    await f.getByLabel('I agree to have this visit by video.').check();
    await f.getByRole('button', { name: 'Continue' }).click();
    await f.getByLabel("What are your child's symptoms?").fill('Sore back');
    await f.getByLabel('When did the pain start? (date)').fill('2026-11-20');
    await f.getByLabel('What makes the pain better or worse?').fill('Rest');
    for (const id of ['fever', 'leg-weakness', 'numbness-tingling', 'bladder-bowel-change', 'night-pain']) {
      await f.getByTestId(`sign-${id}`).getByLabel('No', { exact: true }).check();
    }
    await f.getByRole('button', { name: 'Send answers' }).click();

    // The family's answers reached the console's own record, through the server; the clinician admits from the page.
    expect(await waitFor('intake in the console record', () => consoleOut.find((l) => 'intakeStored' in l), 30_000)).toEqual({ intakeStored: 'family' });
    await waitFor('admitted by the console', () => consoleOut.find((l) => l.admitted || l.admitError), 60_000);
    expect(consoleOut.find((l) => l.admitError)).toBeUndefined();

    // Decoded frames rise on both sides: the family sees the clinician, the clinician's page sees the family.
    await rising('family page', () => familyFrames(f));
    await rising('clinician page', async () => Number(await ask(consoleProc, consoleOut, 'frames', 'frames')));

    let selected: { local: string; remote: string; relayProtocol: string | null } | null = null;
    for (let i = 0; i < 120 && !selected; i += 1) {
      selected = await f.evaluate(async () => {
        for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
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
      if (!selected) await new Promise((r) => setTimeout(r, 500));
    }
    expect(selected, 'the family page connected its media').not.toBeNull();
    expect(selected!.local).toBe('relay');

    // The SFU receives both videos; the family's arrives from coturn's relay address, never from the family's own.
    type SfuStats = { videoProducers: number; bytes: number; tuples: { remoteIp: string }[] };
    const sfuStats = async (): Promise<SfuStats> => {
      const seen = serverOut.length;
      server.stdin!.write('{"cmd":"stats"}\n');
      return ((await waitFor('stats', () => serverOut.slice(seen).find((l) => l.stats))) as { stats: SfuStats }).stats;
    };
    const stats = await sfuStats();
    expect(stats.videoProducers).toBe(2);
    expect(stats.bytes).toBeGreaterThan(20_000);
    const remotes = stats.tuples.map((t) => t.remoteIp);
    expect(remotes).toContain(lab.serverIp);
    expect(remotes).not.toContain(lab.familyIp);
    for (const ip of remotes) expect([lab.serverIp, lab.consoleIp]).toContain(ip);

    // Nothing connected inbound to the console's namespace: everything it has, it opened. The counter is live:
    // a connection attempt from the server's namespace is counted (and dropped).
    expect(inboundAttempts()).toBe(0);
    expect(lab.exec(lab.server, 'curl', ['-s', '-m', '2', `http://${lab.consoleIp}:8080/`], 5_000)).toBeNull();
    expect(inboundAttempts()).toBeGreaterThan(0);

    await context.close();
    consoleProc.stdin!.write('{"cmd":"stop"}\n');
  }, 240_000);
});
