import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppRequestHandler, createDevProxyHandler, resolveAppPath } from '../../../electron/main/security/app-protocol';

const root = mkdtempSync(join(tmpdir(), 'bptc-proto-'));
mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const serve = createAppRequestHandler({ rootDir: join(root, 'renderer'), selfOrigin: 'app://console' });

describe('app:// protocol handler', () => {
  it('serves the renderer with the CSP, nosniff and no-referrer headers', async () => {
    const res = await serve(new Request('app://console/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    // The console window compiles the pose estimator's WebAssembly (docs/security.md): that source only.
    expect(res.headers.get('content-security-policy')).toContain(`script-src 'self' 'wasm-unsafe-eval'`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await (await serve(new Request('app://console/'))).text()).toContain('console');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/%2e%2e%2fsecret.txt', '/a%00b', '/%E0%A4%A'])(
    'never serves a file outside the renderer folder: %s',
    async (path) => {
      const res = await serve(new Request(`app://console${path}`));
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('outside the renderer');
    },
  );

  it('refuses methods other than GET and HEAD', async () => {
    expect((await serve(new Request('app://console/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('resolveAppPath keeps every path inside the root', () => {
    expect(resolveAppPath('/srv/r', '/assets/app.js')).toBe('/srv/r/assets/app.js');
    expect(resolveAppPath('/srv/r', '/../../etc/passwd')).toBeNull();
  });
});

describe('createDevProxyHandler (npm run dev)', () => {
  const html = (body: string) => new Response(body, { headers: { 'content-type': 'text/html' } });

  it('says the dev server is not answering when it is down', async () => {
    const handler = createDevProxyHandler({ devOrigin: 'http://localhost:5173', selfOrigin: 'app://console', fetch: async () => Promise.reject(new Error('ECONNREFUSED')) });
    const res = await handler(new Request('app://console/index.html'));
    expect(res.status).toBe(502);
    expect(await res.text()).toBe('The renderer dev server at http://localhost:5173 is not answering.');
  });

  it('names a nonce in the CSP only when the page carries the placeholder', async () => {
    const plain = createDevProxyHandler({ devOrigin: 'http://localhost:5173', selfOrigin: 'app://console', fetch: async () => html('<p>no inline</p>') });
    expect((await plain(new Request('app://console/index.html'))).headers.get('content-security-policy')).not.toContain('nonce-');
    const asked: string[] = [];
    const stamped = createDevProxyHandler({
      devOrigin: 'http://localhost:5173',
      selfOrigin: 'app://console',
      fetch: async (url) => {
        asked.push(String(url));
        return html('<script nonce="bptc-dev-csp-nonce">x</script>');
      },
    });
    const res = await stamped(new Request('app://console/index.html?x=1'));
    const nonce = /nonce="([^"]+)"/.exec(await res.text())![1]!;
    expect(res.headers.get('content-security-policy')).toContain(`'nonce-${nonce}'`);
    expect(asked).toEqual(['http://localhost:5173/index.html?x=1']);
    expect((await stamped(new Request('app://console/x', { method: 'POST' }))).status).toBe(405);
  });
});
