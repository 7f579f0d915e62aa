/**
 * One visit server on loopback for a test (the tests in tests/main/visit-server):
 * a temp folder, a self-signed certificate, a configuration file, the server
 * started in this process with its log lines kept, and the cleanup.
 *
 *   afterEach(closeLoopbackVisitServers);
 *   const { server, cert } = await startLoopbackVisitServer({ config: { workers: 2 } });
 *
 * `loopbackVisitServer()` prepares without starting (call `start()`; again
 * after `server.close()` to restart on the same state folder).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadVisitServerConfig } from '../../electron/main/visit-server/config';
import type { LogLevel } from '../../electron/main/visit-server/log';
import { startVisitServer, type VisitServer } from '../../electron/main/visit-server/server';
import { fakeRenderer, makeCert, tempDir, writeConfig } from '../main/visit-server/support';

export interface LoopbackOptions {
  /** Fields over the defaults (one worker; TLS on 127.0.0.1 with the test certificate; public origin https://visits.example.org). */
  config?: Record<string, unknown>;
  /** The media port range; each test file keeps its own so files running side by side do not meet. */
  ports?: [min: number, max: number];
  /** Called with the state folder before the configuration is written (to plant an older state file). */
  prepare?: (stateDir: string) => void;
}

export interface LoopbackVisitServer {
  dir: string;
  stateDir: string;
  configFile: string;
  cert: { certFile: string; keyFile: string; ca: string };
  /** Every log line of every start, in order. */
  logs: { level: LogLevel; code: string; fields: Record<string, unknown> }[];
  /** The running server (the last started). */
  server: VisitServer;
  start(): Promise<VisitServer>;
}

const made: { dir: string; server?: VisitServer }[] = [];

/** The configuration a loopback server runs with (also for a server started as a process, or a config to break). */
export function loopbackConfig(dir: string, cert: { certFile: string; keyFile: string }, options: Pick<LoopbackOptions, 'config' | 'ports'> = {}): Record<string, unknown> {
  const [portMin, portMax] = options.ports ?? [46000, 46999];
  return {
    workers: 1,
    media: { listenIp: '127.0.0.1', rtcPort: 0, portMin, portMax },
    http: { host: '127.0.0.1', port: 0, tls: { certFile: cert.certFile, keyFile: cert.keyFile }, publicOrigin: 'https://visits.example.org' },
    stateDir: join(dir, 'state'),
    rendererDir: fakeRenderer(dir),
    shutdownGraceMs: 200,
    ...options.config,
  };
}

/** Prepare a loopback visit server (folder, certificate, configuration) without starting it. */
export function loopbackVisitServer(options: LoopbackOptions = {}): LoopbackVisitServer {
  const dir = tempDir();
  const entry: { dir: string; server?: VisitServer } = { dir };
  made.push(entry);
  const cert = makeCert(dir);
  const stateDir = join(dir, 'state');
  options.prepare?.(stateDir);
  const configFile = writeConfig(dir, loopbackConfig(dir, cert, options));
  const logs: LoopbackVisitServer['logs'] = [];
  const fixture: LoopbackVisitServer = {
    dir,
    stateDir,
    configFile,
    cert,
    logs,
    get server(): VisitServer {
      if (!entry.server) throw new Error('the loopback visit server is not started: call start()');
      return entry.server;
    },
    async start() {
      entry.server = await startVisitServer(loadVisitServerConfig(configFile), (level, code, fields = {}) => logs.push({ level, code, fields }));
      return entry.server;
    },
  };
  return fixture;
}

/** Prepare and start a loopback visit server. */
export async function startLoopbackVisitServer(options: LoopbackOptions = {}): Promise<LoopbackVisitServer> {
  const fixture = loopbackVisitServer(options);
  await fixture.start();
  return fixture;
}

/** Close every loopback server made since the last call and remove its folder (for afterEach). */
export async function closeLoopbackVisitServers(): Promise<void> {
  for (const entry of made.splice(0)) {
    await entry.server?.close();
    rmSync(entry.dir, { recursive: true, force: true });
  }
}
