import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
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

async function start(extra: Partial<Parameters<typeof startFamilyServer>[0]> = {}) {
  h = await setupVideo();
  server = await startFamilyServer({
    config: FamilyServerConfig.parse({ host: '127.0.0.1', port: 0 }),
    rooms: h.rooms,
    rendererDir: fakeRenderer(),
    ...extra,
  });
  return server;
}

function open(s: FamilyServer, origin = s.origin): Promise<{ ws: WebSocket; messages: unknown[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.origin.replace('http', 'ws')}/signal`, { origin });
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
    const s = await start({ maxAuthFailuresPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) {
      const c = await open(s);
      c.ws.send(JSON.stringify({ type: 'hello', token: 'Z'.repeat(43), lang: 'en' }));
      expect(await c.closed).toBe(4003);
    }
    await expect(open(s)).rejects.toThrow(/429/);
    expect(s.counters().refused.badToken).toBe(3);
  });
});
