import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { AuthLockout } from '../../../electron/main/family/rate-limit';
import { clientAddress } from '../../../electron/main/family/address';
import { familyEntryAssets, startFamilyServer, FamilyServerConfigError, type FamilyServer } from '../../../electron/main/family/server';
import { FamilyServerConfig, isLoopback } from '../../../electron/main/media/config';
import { setupVideo, type VideoHarness } from '../media/harness';
import { MAX_SIGNAL_MESSAGE_BYTES } from '../../../shared/signaling/limits';

let h: VideoHarness | undefined;
let server: FamilyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  h?.close();
  h = undefined;
});

function fakeRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bptc-family-'));
  mkdirSync(join(dir, 'assets'));
  // Laid out as electron-vite builds it: both entries' files in one assets folder, a chunk they share.
  writeFileSync(
    join(dir, 'family.html'),
    '<!doctype html><title>join</title><link rel="icon" href="./favicon.svg" /><script type="module" crossorigin src="./assets/family-abc.js"></script>' +
      '<link rel="modulepreload" crossorigin href="./assets/shared-s1.js"><link rel="stylesheet" crossorigin href="./assets/family-f1.css">',
  );
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>clinician console</title><script type="module" src="./assets/index-c1.js"></script>');
  writeFileSync(join(dir, 'assets', 'family-abc.js'), 'import { a } from "./shared-s1.js";\nconst later = () => import("./family-lazy-l1.js");');
  writeFileSync(join(dir, 'assets', 'family-lazy-l1.js'), 'export const x = 1;');
  writeFileSync(join(dir, 'assets', 'shared-s1.js'), 'export const a = 1;');
  writeFileSync(join(dir, 'assets', 'family-f1.css'), '@font-face { src: url(./font-w1.woff2) } body { color: red }');
  writeFileSync(join(dir, 'assets', 'font-w1.woff2'), 'font');
  writeFileSync(join(dir, 'assets', 'index-c1.js'), 'import { a } from "./shared-s1.js"; import("./visit-room-v1.js");');
  writeFileSync(join(dir, 'assets', 'index-c1.css'), 'body { color: blue }');
  writeFileSync(join(dir, 'assets', 'visit-room-v1.js'), 'export const patient = "clinician only";');
  return dir;
}

async function start(extra: Partial<Parameters<typeof startFamilyServer>[0]> = {}, config: Record<string, unknown> = {}) {
  h = await setupVideo();
  server = await startFamilyServer({
    config: FamilyServerConfig.parse({ host: '127.0.0.1', port: 0, ...config }),
    rooms: h.rooms,
    rendererDir: fakeRenderer(),
    ...extra,
  });
  return server;
}

/** A client on another loopback address (Linux routes all of 127/8 to lo), optionally through a "proxy" header. */
interface From {
  localAddress?: string;
  forwardedFor?: string;
}

function open(s: FamilyServer, origin = s.origin, from: From = {}): Promise<{ ws: WebSocket; messages: unknown[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.origin.replace('http', 'ws')}/signal`, {
      origin,
      ...(from.localAddress ? { localAddress: from.localAddress } : {}),
      ...(from.forwardedFor ? { headers: { 'x-forwarded-for': from.forwardedFor } } : {}),
    });
    const messages: unknown[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    ws.on('open', () => resolve({ ws, messages, closed }));
    ws.on('error', reject);
  });
}

describe('family server', () => {
  it('refuses to bind a non-loopback address without TLS', async () => {
    h = await setupVideo();
    await expect(
      startFamilyServer({ config: FamilyServerConfig.parse({ host: '0.0.0.0', port: 0 }), rooms: h.rooms, rendererDir: fakeRenderer() }),
    ).rejects.toBeInstanceOf(FamilyServerConfigError);
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('192.168.1.5')).toBe(false);
  });

  it('serves only the join page and assets, with a strict CSP and no referrer', async () => {
    const s = await start();
    const page = await fetch(`${s.origin}/join`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain(`script-src 'self'`);
    expect(csp).not.toContain('unsafe-inline');
    // WebAssembly is for the console's pose estimator only; the family page never runs it.
    expect(csp).not.toContain('wasm-unsafe-eval');
    expect(csp).toContain(s.origin.replace('http', 'ws'));
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    for (const path of ['/assets/family-abc.js', '/assets/shared-s1.js', '/assets/family-f1.css', '/assets/font-w1.woff2', '/assets/family-lazy-l1.js']) {
      expect((await fetch(`${s.origin}${path}`)).status, path).toBe(200);
    }
    expect((await fetch(`${s.origin}/assets/family-abc.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    for (const path of ['/', '/index.html', '/family.html', '/assets/../index.html', '/assets/%2e%2e%2findex.html', '/join/../index.html']) {
      const r = await fetch(`${s.origin}${path}`);
      expect(r.status, path).toBe(404);
    }
    expect((await fetch(`${s.origin}/join`, { method: 'POST' })).status).toBe(405);
    expect(s.joinUrl('T'.repeat(43))).toBe(`${s.origin}/join#t=${'T'.repeat(43)}`);
  });

  it("does not serve the clinician console's bundle, though it sits in the same assets folder", async () => {
    const s = await start();
    for (const path of ['/assets/index-c1.js', '/assets/index-c1.css', '/assets/visit-room-v1.js', '/assets/nothing.js', '/assets/.hidden']) {
      const r = await fetch(`${s.origin}${path}`);
      expect(r.status, path).toBe(404);
      expect(await r.text()).toBe('Not found');
    }
  });

  it('follows a rebuild: the new family bundle is served, the old one no longer', async () => {
    const dir = fakeRenderer();
    const s = await start({ rendererDir: dir });
    expect((await fetch(`${s.origin}/assets/family-abc.js`)).status).toBe(200);
    writeFileSync(join(dir, 'assets', 'family-new2.js'), 'console.log(2)');
    writeFileSync(join(dir, 'family.html'), '<!doctype html><script type="module" src="./assets/family-new2.js"></script>');
    utimesSync(join(dir, 'family.html'), new Date(), new Date(Date.now() + 5000));
    expect((await fetch(`${s.origin}/assets/family-new2.js`)).status).toBe(200);
    expect((await fetch(`${s.origin}/assets/family-abc.js`)).status).toBe(404);
  });

  it('familyEntryAssets lists the family entry and what it loads, and nothing of the console', () => {
    expect([...familyEntryAssets(fakeRenderer())].sort()).toEqual(['family-abc.js', 'family-f1.css', 'family-lazy-l1.js', 'font-w1.woff2', 'shared-s1.js']);
  });

  it('refuses a WebSocket from another origin and counts it', async () => {
    const s = await start();
    await expect(open(s, 'http://evil.example')).rejects.toThrow(/403/);
    expect(s.counters().refused.forbiddenOrigin).toBe(1);
  });

  it('closes a socket that sends a frame over the size limit, and the process carries on', async () => {
    const s = await start();
    const c = await open(s);
    c.ws.send('x'.repeat(MAX_SIGNAL_MESSAGE_BYTES + 1));
    expect(await c.closed).toBe(1009);
    await expect.poll(() => s.counters().refused.oversized).toBe(1);
    const d = await open(s);
    d.ws.send(JSON.stringify({ type: 'hello', token: h!.issue(), lang: 'en' }));
    await expect.poll(() => d.messages.length).toBe(1);
    expect(d.messages[0]).toMatchObject({ type: 'welcome' });
    d.ws.close();
  });

  it('two concurrent uses of one link over real sockets: exactly one wins', async () => {
    const s = await start();
    const token = h!.issue();
    const [a, b] = await Promise.all([open(s), open(s)]);
    a.ws.send(JSON.stringify({ type: 'hello', token, lang: 'en' }));
    b.ws.send(JSON.stringify({ type: 'hello', token, lang: 'en' }));
    await expect.poll(() => a.messages.length + b.messages.length).toBe(2);
    const types = [a, b].map((c) => (c.messages[0] as { type: string }).type).sort();
    expect(types).toEqual(['refused', 'welcome']);
    a.ws.close();
    b.ws.close();
  });

  it('refuses upgrades from an address that keeps presenting bad tokens', async () => {
    const s = await start({}, { limits: { authFailuresBeforeLockout: 3 } });
    for (let i = 0; i < 3; i += 1) {
      const c = await open(s);
      c.ws.send(JSON.stringify({ type: 'hello', token: 'Z'.repeat(43), lang: 'en' }));
      expect(await c.closed).toBe(4003);
    }
    await expect(open(s)).rejects.toThrow(/429/);
    expect(s.counters().refused.badToken).toBe(3);
  });
});

const FAMILY = '127.0.0.2';
const STRANGER = '127.0.0.3';

/** A family with a valid link says hello from `from`: the first message it gets. */
async function familyJoins(s: FamilyServer, from: From = { localAddress: FAMILY }): Promise<string> {
  const c = await open(s, s.origin, from);
  c.ws.send(JSON.stringify({ type: 'hello', token: h!.issue(), lang: 'en' }));
  await expect.poll(() => c.messages.length).toBeGreaterThan(0);
  const type = (c.messages[0] as { type: string }).type;
  c.ws.send(JSON.stringify({ type: 'leave' }));
  await c.closed;
  return type;
}

async function badHello(s: FamilyServer, from: From): Promise<number> {
  const c = await open(s, s.origin, from);
  c.ws.send(JSON.stringify({ type: 'hello', token: 'Z'.repeat(43), lang: 'en' }));
  return c.closed;
}

/** One plain HTTP GET from `from`; resolves with the status, or 'dropped' when the server closed the connection. */
function get(s: FamilyServer, path: string, from: From = {}): Promise<number | 'dropped'> {
  return new Promise((resolve) => {
    const req = httpGet(`${s.origin}${path}`, {
      agent: false,
      ...(from.localAddress ? { localAddress: from.localAddress } : {}),
      ...(from.forwardedFor ? { headers: { 'x-forwarded-for': from.forwardedFor } } : {}),
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve('dropped'));
  });
}

describe('family server connection limits (issue 14, item 2)', () => {
  it('a stranger holding unauthenticated sockets gets only its small share; a family on another address still joins', async () => {
    const s = await start({}, { limits: { maxUnauthenticated: 8, maxUnauthenticatedPerAddress: 3, helloTimeoutMs: 60_000 } });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => open(s, s.origin, { localAddress: STRANGER })));
    const held = results.filter((r) => r.status === 'fulfilled');
    expect(held).toHaveLength(3);
    expect(s.unauthenticatedCount()).toBe(3);
    expect(s.counters().refused.perAddress).toBe(37);
    expect(await familyJoins(s)).toBe('welcome');
    for (const r of held) r.value.ws.close();
  });

  it('the unauthenticated pool is separate from participants: when strangers fill it, a joined participant stays connected', async () => {
    const s = await start({}, { limits: { maxUnauthenticated: 4, maxUnauthenticatedPerAddress: 1, helloTimeoutMs: 60_000 } });
    const fam = await open(s, s.origin, { localAddress: FAMILY });
    fam.ws.send(JSON.stringify({ type: 'hello', token: h!.issue(), lang: 'en' }));
    await expect.poll(() => fam.messages.length).toBe(1);
    expect(s.unauthenticatedCount()).toBe(0);
    const strangers = await Promise.all(['127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'].map((a) => open(s, s.origin, { localAddress: a })));
    expect(s.unauthenticatedCount()).toBe(4);
    await expect(open(s, s.origin, { localAddress: '127.0.0.8' })).rejects.toThrow(/503/);
    expect(s.counters().refused.unauthenticatedFull).toBe(1);
    expect(s.connectionCount()).toBe(5);
    fam.ws.send(JSON.stringify({ type: 'consent', id: 1, video: true, stills: false }));
    await expect.poll(() => fam.messages.length).toBe(2);
    expect(fam.messages[1]).toMatchObject({ type: 'result', id: 1, ok: true });
    fam.ws.close();
    for (const c of strangers) c.ws.close();
  });

  it('a socket that does not say hello is closed after the short hello timeout, and its slot is free again', async () => {
    const s = await start({}, { limits: { maxUnauthenticatedPerAddress: 1, helloTimeoutMs: 300 } });
    const quiet = await open(s, s.origin, { localAddress: STRANGER });
    await expect(open(s, s.origin, { localAddress: STRANGER })).rejects.toThrow(/429/);
    expect(await quiet.closed).toBe(4008);
    expect(s.counters().refused.helloTimeout).toBe(1);
    await expect.poll(() => s.unauthenticatedCount()).toBe(0);
    const next = await open(s, s.origin, { localAddress: STRANGER });
    next.ws.close();
  });

  it('raw TCP connections: capped per address, idle ones closed, and the page still loads for another address', async () => {
    const s = await start({}, { limits: { maxConnectionsPerAddress: 5, idleSocketMs: 500 } });
    const port = Number(new URL(s.origin).port);
    const sockets = Array.from({ length: 30 }, () => connect({ host: '127.0.0.1', port, localAddress: STRANGER }));
    const closedAt = sockets.map((sock) => new Promise<number>((r) => sock.on('close', () => r(Date.now()))));
    sockets.forEach((sock) => sock.on('error', () => undefined));
    await expect.poll(() => s.counters().refused.perAddress).toBe(25);
    expect(await get(s, '/join', { localAddress: FAMILY })).toBe(200);
    // The five that got in send nothing and are closed by the idle timeout (without it this never resolves).
    await Promise.all(closedAt);
    expect(await get(s, '/join', { localAddress: STRANGER })).toBe(200);
  });

  it('over TLS too: raw TCP connections that never finish a handshake are capped per address and timed out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bptc-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem')], { stdio: 'ignore' });
    const tls = { cert: readFileSync(join(dir, 'c.pem'), 'utf8'), key: readFileSync(join(dir, 'k.pem'), 'utf8') };
    const s = await start({}, { tls, limits: { maxConnectionsPerAddress: 5, headersTimeoutMs: 500 } });
    const port = Number(new URL(s.origin).port);
    const sockets = Array.from({ length: 30 }, () => connect({ host: '127.0.0.1', port, localAddress: STRANGER }));
    const closed = sockets.map((sock) => new Promise<void>((r) => sock.on('close', () => r())));
    sockets.forEach((sock) => sock.on('error', () => undefined));
    await expect.poll(() => s.counters().refused.perAddress).toBe(25);
    const status = await new Promise<number>((resolve, reject) => {
      httpsGet(`${s.origin}/join`, { agent: false, localAddress: FAMILY, rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(200);
    // The five that got in never start a handshake and are closed by its timeout (without it this never resolves).
    await Promise.all(closed);
  });

  it('HTTP requests are limited per address; another address is not affected', async () => {
    const s = await start({}, { limits: { httpRequestsPerMinute: 5 } });
    const statuses = [];
    for (let i = 0; i < 8; i += 1) statuses.push(await get(s, '/join', { localAddress: STRANGER }));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(await get(s, '/join', { localAddress: FAMILY })).toBe(200);
    expect(s.counters().refused.httpRateLimited).toBe(3);
    expect(s.connectionCount()).toBe(0);
  });

  it('bad tokens lock out only the address that sent them: a family on another address joins', async () => {
    const s = await start({}, { limits: { authFailuresBeforeLockout: 3 } });
    for (let i = 0; i < 3; i += 1) expect(await badHello(s, { localAddress: STRANGER })).toBe(4003);
    await expect(open(s, s.origin, { localAddress: STRANGER })).rejects.toThrow(/429/);
    expect(s.counters().refused.lockedOut).toBe(1);
    expect(await familyJoins(s)).toBe('welcome');
  });

  it('behind a trusted proxy the forwarded address is the client: one client is locked out, the next one through the proxy joins', async () => {
    const s = await start({}, { trustedProxies: ['127.0.0.1'], limits: { authFailuresBeforeLockout: 3 } });
    const viaProxy = (client: string): From => ({ localAddress: '127.0.0.1', forwardedFor: `${client}` });
    for (let i = 0; i < 3; i += 1) expect(await badHello(s, viaProxy('203.0.113.5'))).toBe(4003);
    await expect(open(s, s.origin, viaProxy('203.0.113.5'))).rejects.toThrow(/429/);
    // The proxy appends the address it saw: a client-written first entry does not matter.
    await expect(open(s, s.origin, viaProxy('198.51.100.1, 203.0.113.5'))).rejects.toThrow(/429/);
    expect(await familyJoins(s, viaProxy('203.0.113.9'))).toBe('welcome');
    expect(await familyJoins(s, viaProxy('203.0.113.5, 203.0.113.9'))).toBe('welcome');
  });

  it('X-Forwarded-For from an address that is not a trusted proxy is ignored (no escaping a lockout, no framing someone else)', async () => {
    const s = await start({}, { trustedProxies: ['127.0.0.1'], limits: { authFailuresBeforeLockout: 3 } });
    for (let i = 0; i < 3; i += 1) expect(await badHello(s, { localAddress: STRANGER, forwardedFor: `203.0.113.${i + 1}` })).toBe(4003);
    await expect(open(s, s.origin, { localAddress: STRANGER, forwardedFor: '203.0.113.77' })).rejects.toThrow(/429/);
    // The stranger wrote the family's forwarded address into its header: the family through the proxy is not locked out.
    expect(await familyJoins(s, { localAddress: '127.0.0.1', forwardedFor: '203.0.113.1' })).toBe('welcome');
  });
});

describe('lockout back-off', () => {
  it('each further lockout of the same address lasts twice as long, up to the maximum; other addresses are untouched', () => {
    let t = 0;
    const l = new AuthLockout(3, 1_000, 4_000, 60_000, () => t);
    const strike = () => {
      for (let i = 0; i < 3; i += 1) l.record('a');
    };
    strike();
    expect(l.lockedFor('a')).toBe(1_000);
    expect(l.lockedFor('b')).toBe(0);
    t += 1_000;
    expect(l.lockedFor('a')).toBe(0);
    strike();
    expect(l.lockedFor('a')).toBe(2_000);
    t += 2_000;
    strike();
    expect(l.lockedFor('a')).toBe(4_000);
    t += 4_000;
    strike();
    expect(l.lockedFor('a')).toBe(4_000);
  });

  it('keeps a bounded table however many addresses fail', () => {
    const l = new AuthLockout(3, 1_000, 4_000, 60_000, () => 0, 100);
    for (let i = 0; i < 10_000; i += 1) l.record(`10.0.${i >> 8}.${i & 255}`);
    expect(l.size).toBeLessThanOrEqual(100);
  });
});

describe('clientAddress', () => {
  const trusted = new Set(['10.0.0.1', '10.0.0.2']);
  it('uses the rightmost untrusted forwarded hop only when the peer is a trusted proxy', () => {
    expect(clientAddress('10.0.0.1', '198.51.100.1, 203.0.113.5', trusted)).toBe('203.0.113.5');
    expect(clientAddress('10.0.0.1', '203.0.113.5, 10.0.0.2', trusted)).toBe('203.0.113.5');
    expect(clientAddress('::ffff:10.0.0.1', ['203.0.113.5'], trusted)).toBe('203.0.113.5');
    expect(clientAddress('192.0.2.7', '203.0.113.5', trusted)).toBe('192.0.2.7');
    expect(clientAddress('10.0.0.1', 'not an address', trusted)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', undefined, trusted)).toBe('10.0.0.1');
    expect(clientAddress('::ffff:192.0.2.7', undefined, trusted)).toBe('192.0.2.7');
  });
});
