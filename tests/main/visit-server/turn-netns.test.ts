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
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { turnCredentials } from '../../../electron/main/media/turn';
import { namespacesOrFailInCi } from './netns';
import { callLabForSuite, SECRET, HTTP_PORT, ask, familyFrames, familyJoins, framesRise, settledPair } from './netns-call';
import { waitFor } from './support';

const available = namespacesOrFailInCi('TURN on real network paths');

describe.skipIf(!available.ok)('TURN on real network paths (issue 11, items 4 and 5)', () => {
  // Namespaces, coturn with the sample configuration, the visit server, the family's network (only the page's
  // HTTPS and TURN reach the server) and the console's (no inbound connections; new ones are counted before they
  // are dropped, so the test can tell nobody tried), and the family's Chromium: ./netns-call.ts.
  const call = callLabForSuite('bptc-netns-');
  const { lab } = call;

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
    const page = await call.browser!.newPage();
    const fresh = turnCredentials([{ urls: call.turnUrls(), secret: SECRET, credentialTtlSeconds: 600 }], 'p-fresh', new Date());
    expect(await gatherRelay(page, fresh)).toEqual(['tcp', 'tls', 'udp']);

    // Minted two TTLs ago: expired ten minutes ago.
    const expired = turnCredentials([{ urls: call.turnUrls(), secret: SECRET, credentialTtlSeconds: 600 }], 'p-old', new Date(Date.now() - 1_200_000));
    expect(await gatherRelay(page, expired)).toEqual([]);
    const wrongSecret = turnCredentials([{ urls: call.turnUrls(), secret: 'another-secret-0123456789', credentialTtlSeconds: 600 }], 'p-x', new Date());
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

  it('the console (main process and renderer) in a namespace that accepts no inbound connections holds a visit through the server: decoded frames both ways, the family through TURN only', async () => {
    const { console: consoleApp, link } = await call.startConsole();
    // The link the console's page shows carries the server's public https origin, not the console's address.
    expect(link.startsWith(`https://${lab.serverIp}:${HTTP_PORT}/join#t=`)).toBe(true);
    // Every RTCPeerConnection the page makes is kept, to read its selected candidate pair.
    const context = await call.familyContext();
    const f = await context.newPage();
    await familyJoins(f, link);

    // The family's answers reached the console's own record, through the server; the clinician admits from the page.
    expect(await waitFor('intake in the console record', () => consoleApp.out.find((l) => 'intakeStored' in l), 30_000)).toEqual({ intakeStored: 'family' });
    await waitFor('admitted by the console', () => consoleApp.out.find((l) => l.admitted || l.admitError), 60_000);
    expect(consoleApp.out.find((l) => l.admitError)).toBeUndefined();

    // Decoded frames rise on both sides: the family sees the clinician, the clinician's page sees the family.
    await framesRise('family page', () => familyFrames(f), 15, 45_000);
    await framesRise('clinician page', async () => Number(await ask(consoleApp, 'frames', 'frames')), 15, 45_000);

    const selected = await settledPair(f, 120);
    expect(selected, 'the family page connected its media').not.toBeNull();
    expect(selected!.local).toBe('relay');

    // The SFU receives both videos; the family's arrives from coturn's relay address, never from the family's own.
    type SfuStats = { videoProducers: number; bytes: number; tuples: { remoteIp: string }[] };
    const stats = (await ask(call.server, 'stats', 'stats', 60_000)) as SfuStats;
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
    consoleApp.proc.stdin!.write('{"cmd":"stop"}\n');
  }, 240_000);
});
