/**
 * The visit server's configuration file (JSON), parsed with zod. A bad file
 * stops the server before it binds anything, with the path of the first bad
 * field (`http.tls.certFile: …`), so an IT person can fix it from the message.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { isIP } from 'node:net';
import { FamilyServerLimits, TurnServerConfig } from '../media/config';

const Ip = z.string().refine((s) => isIP(s) !== 0, { error: 'must be an IP address' });
const Port = z.number().int().min(0).max(65535);
const Path = z.string().min(1).max(4096);

export const VisitServerConfig = z.strictObject({
  /** mediasoup workers: one per core by default. */
  workers: z.union([z.literal('auto'), z.number().int().min(1).max(64)]).default('auto'),
  media: z
    .strictObject({
      /** Address the WebRtcServers bind to (0.0.0.0 on a VM with one interface). */
      listenIp: Ip.default('0.0.0.0'),
      /** Public IP or DNS name put into ICE candidates; required unless listenIp is itself reachable. */
      announcedAddress: z.string().min(1).max(253).optional(),
      /** UDP and TCP port of the first worker; worker i uses rtcPort + i. 0: free ports from the range (tests). */
      rtcPort: Port.default(44400),
      portMin: Port.default(40000),
      portMax: Port.default(40999),
      logLevel: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
      reconnectGraceMs: z.number().int().min(0).max(10 * 60_000).default(30_000),
    })
    .prefault({}),
  http: z.strictObject({
    host: z.string().min(1).default('0.0.0.0'),
    port: Port.default(443),
    /** PEM files, read at start. Required unless the server binds to loopback only (behind a TLS proxy on the same host). */
    tls: z.strictObject({ certFile: Path, keyFile: Path }).optional(),
    /** The https:// origin written into join links (the DNS name families see). */
    publicOrigin: z.url({ protocol: /^https?$/ }),
    trustedProxies: z.array(Ip).max(16).default([]),
    limits: FamilyServerLimits.prefault({}),
  }),
  turn: TurnServerConfig.optional(),
  /** Folder for the server's own state (hashed link tokens, console devices). No patient data is written. */
  stateDir: Path,
  /** The built family page (out/renderer); default: the repository's out/renderer. */
  rendererDir: Path.optional(),
  /** The clinic's name and phone: the family page for a used or expired link says whom to call (as the console's clinic settings do standalone). */
  clinic: z.strictObject({ name: z.string().min(1).max(120), phone: z.string().min(1).max(40) }).optional(),
  /** How long connected pages and consoles get to hear "restarting" before sockets are cut. */
  shutdownGraceMs: z.number().int().min(0).max(60_000).default(2_000),
});
export type VisitServerConfig = z.infer<typeof VisitServerConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    /** The dotted path of the bad field, or '' for the file itself. */
    readonly field: string,
  ) {
    super(message);
  }
}

/** Read and check a configuration file; relative paths inside it are relative to the file. */
export function loadVisitServerConfig(file: string): VisitServerConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, '');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`, '');
  }
  const parsed = VisitServerConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? '' : '(top level)');
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    const where = field || '(top level)';
    throw new ConfigError(`${where}: ${issue.message}${keys}`, field);
  }
  const base = dirname(resolve(file));
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const config = parsed.data;
  return {
    ...config,
    stateDir: abs(config.stateDir),
    ...(config.rendererDir ? { rendererDir: abs(config.rendererDir) } : {}),
    http: { ...config.http, ...(config.http.tls ? { tls: { certFile: abs(config.http.tls.certFile), keyFile: abs(config.http.tls.keyFile) } } : {}) },
  };
}

export function workerCount(config: VisitServerConfig): number {
  return config.workers === 'auto' ? availableParallelism() : config.workers;
}
