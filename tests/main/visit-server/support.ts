/** A self-signed certificate and a visit-server configuration in a temp folder, for tests on loopback. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

export const ROOT = resolve(__dirname, '../../..');

export function tempDir(prefix = 'bptc-visit-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A P-256 certificate for the given names/addresses (openssl, as an IT person would make a test one). */
export function makeCert(dir: string, names: string[] = ['localhost'], ips: string[] = ['127.0.0.1']): { certFile: string; keyFile: string; ca: string } {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const san = [...names.map((n) => `DNS:${n}`), ...ips.map((i) => `IP:${i}`)].join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${names[0] ?? 'test'}`, '-addext', `subjectAltName=${san}`,
  ], { stdio: 'ignore' });
  return { certFile, keyFile, ca: readFileSync(certFile, 'utf8') };
}

/** A minimal built family page, so the server has something to serve. */
export function fakeRenderer(dir: string): string {
  const out = join(dir, 'renderer');
  mkdirSync(join(out, 'assets'), { recursive: true });
  writeFileSync(join(out, 'family.html'), '<!doctype html><title>join</title><script type="module" src="./assets/family-a1.js"></script>');
  writeFileSync(join(out, 'assets', 'family-a1.js'), 'export {};');
  return out;
}

export function writeConfig(dir: string, config: Record<string, unknown>): string {
  const file = join(dir, 'visit-server.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** The built visit server, as `npm run build:visit-server` makes it (built once per test file). */
export const BUILT_VISIT_SERVER = join(ROOT, 'out/visit-server/main.js');
let built = false;
export function buildVisitServer(): string {
  if (!built) {
    execFileSync(process.execPath, [join(ROOT, 'electron/tools/build-visit-server.mjs')], { cwd: ROOT, stdio: 'pipe' });
    built = true;
  }
  return BUILT_VISIT_SERVER;
}

/**
 * The documented command (`npm run visit-server`, minus npm): the built
 * out/visit-server/main.js under plain node, no tsx loader.
 */
export function spawnVisitServer(configFile: string, extraArgs: string[] = [], env: NodeJS.ProcessEnv = process.env): ChildProcess & { lines: string[]; stderrText: () => string } {
  const child = spawn(process.execPath, [buildVisitServer(), '--config', configFile, ...extraArgs], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { lines: string[]; stderrText: () => string };
  child.lines = [];
  let buffered = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    child.lines.push(...parts.filter(Boolean));
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  child.stderrText = () => stderr;
  return child;
}

export async function waitFor<T>(what: string, fn: () => T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A family signaling socket over wss, trusting the test certificate. */
export function openFamilySocket(origin: string, ca: string, pageOrigin = origin): Promise<{ ws: WebSocket; messages: { type: string; [k: string]: unknown }[]; closed: Promise<{ code: number; reason: string }> }> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/signal`, { origin: pageOrigin, ca });
    const messages: { type: string; [k: string]: unknown }[] = [];
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as { type: string }));
    ws.on('open', () => ok({ ws, messages, closed }));
    ws.on('error', fail);
  });
}
