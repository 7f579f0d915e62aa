/**
 * Live-video configuration: where the SFU listens and what it announces, the
 * UDP/TCP port range, TURN servers, and where the family page is served.
 * Read from environment variables (documented in docs/video.md) and checked
 * with zod, so a typo stops the app at start instead of failing a visit.
 */
import { z } from 'zod';
import { isIP } from 'node:net';

const Port = z.coerce.number().int().min(1).max(65535);

export const TurnServerConfig = z.strictObject({
  urls: z.array(z.string().regex(/^turns?:[^\s]+$/)).min(1),
  /**
   * The shared secret of a TURN server run with the REST-API scheme
   * (coturn `use-auth-secret`): the app hands out credentials that expire
   * after `credentialTtlSeconds`, never the secret.
   */
  secret: z.string().min(16),
  /**
   * Short: credentials are handed out only after admission and a fresh set
   * with every (re)connection, so a leaked one is useful briefly. (An
   * allocation made in time keeps working while it is refreshed.)
   */
  credentialTtlSeconds: z.number().int().min(60).max(3600).default(600),
});
export type TurnServerConfig = z.infer<typeof TurnServerConfig>;

export const MediaConfig = z
  .strictObject({
    /** Address the SFU's sockets bind to. */
    listenIp: z.string().refine((s) => isIP(s) !== 0, { error: 'listenIp must be an IP address.' }).default('127.0.0.1'),
    /** Address put into ICE candidates (public IP or host name behind NAT). */
    announcedAddress: z.string().min(1).max(253).optional(),
    portMin: Port.default(40000),
    portMax: Port.default(40999),
    enableTcp: z.boolean().default(true),
    turnServers: z.array(TurnServerConfig).default([]),
    /** Bits per second the SFU may start sending to each browser. */
    initialOutgoingBitrate: z.number().int().min(100_000).default(1_000_000),
    /** Ceiling on what one participant may send (bits per second). */
    maxIncomingBitrate: z.number().int().min(100_000).default(1_500_000),
    /** How long a participant's media survives a dropped signaling connection before it is closed. */
    reconnectGraceMs: z.number().int().min(0).max(10 * 60_000).default(30_000),
    logLevel: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
    /**
     * How long someone in the lobby or the waiting room may stay disconnected
     * (a phone asleep) and still resume; then their place is freed and their
     * resume key forgotten.
     */
    lobbyExpiryMs: z.number().int().min(0).max(24 * 3600_000).default(10 * 60_000),
    /** Links that may enter one visit's room (each hello), so a room's participant table stays small. */
    maxEntriesPerVisit: z.number().int().min(1).max(100).default(12),
    /** Times one participant may send the intake (resubmissions correct a typo; thousands are refused). */
    maxIntakeSubmissions: z.number().int().min(1).max(50).default(5),
    /** Versions of one visit's intake the family may create in all (each keeps the old answers in the history). */
    maxIntakeVersionsPerVisit: z.number().int().min(1).max(200).default(15),
    /** Still pictures one visit may hold. */
    maxStillsPerVisit: z.number().int().min(1).max(500).default(40),
  })
  .refine((c) => c.portMin <= c.portMax, { error: 'portMin must not exceed portMax.', path: ['portMin'] });
export type MediaConfig = z.infer<typeof MediaConfig>;

const Count = (max: number) => z.coerce.number().int().min(1).max(max);
const Millis = z.coerce.number().int().min(100).max(24 * 3600_000);

/**
 * Connection limits of the family server (docs/video.md, "Connection limits").
 * An unauthenticated socket (no hello yet) is cheap to open, so those have
 * their own small pool, a short life and a per-address share; participants
 * who presented a valid link have a separate pool no stranger can fill.
 */
export const FamilyServerLimits = z.strictObject({
  /** TCP connections the HTTP server accepts at once (Node's server.maxConnections). */
  maxHttpConnections: Count(100_000).default(512),
  /** TCP connections one client address may hold at once (a trusted proxy itself is exempt). */
  maxConnectionsPerAddress: Count(10_000).default(24),
  /** HTTP requests (page and assets) one client address may make per minute. */
  httpRequestsPerMinute: Count(100_000).default(300),
  /** A connection that sends nothing for this long is closed. */
  idleSocketMs: Millis.default(15_000),
  /** The request headers must arrive within this time. */
  headersTimeoutMs: Millis.default(5_000),
  /** WebSockets that have not said hello yet, in all. */
  maxUnauthenticated: Count(10_000).default(64),
  /** …and from one client address. */
  maxUnauthenticatedPerAddress: Count(10_000).default(4),
  /** A WebSocket that has not said hello (or resume) within this time is closed. */
  helloTimeoutMs: Millis.default(5_000),
  /** WebSockets of participants who presented a valid link or resume key. */
  maxParticipants: Count(10_000).default(64),
  /** Refused hellos/resumes from one address before it is locked out. */
  authFailuresBeforeLockout: Count(1000).default(10),
  /** The first lockout; each further one from the same address doubles, up to the maximum. */
  lockoutMs: Millis.default(30_000),
  maxLockoutMs: Millis.default(30 * 60_000),
});
export type FamilyServerLimits = z.infer<typeof FamilyServerLimits>;

export const FamilyServerConfig = z.strictObject({
  /** Address the family page's HTTP(S) server binds to. Loopback unless deliberately opened. */
  host: z.string().default('127.0.0.1'),
  /** 0 picks a free port (tests). */
  port: z.coerce.number().int().min(0).max(65535).default(47800),
  /** PEM certificate and key; required when `host` is not a loopback address. */
  tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
  /** The origin written into join links when the server sits behind a proxy (https://visits.example.org). */
  publicOrigin: z.url().optional(),
  /**
   * Addresses of reverse proxies whose X-Forwarded-For is believed. A request
   * from one of them is counted against the client address the proxy appended;
   * from anyone else the header is ignored (a client could write anything).
   */
  trustedProxies: z.array(z.string().refine((s) => isIP(s) !== 0, { error: 'trustedProxies must be IP addresses.' })).max(16).default([]),
  limits: FamilyServerLimits.prefault({}),
});
export type FamilyServerConfig = z.infer<typeof FamilyServerConfig>;

/** True for 127.0.0.0/8, ::1 and "localhost". */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Build the configuration from `BPTC_*` environment variables. */
export function mediaConfigFromEnv(env: Record<string, string | undefined>): MediaConfig {
  const turnUrls = list(env.BPTC_TURN_URLS);
  return MediaConfig.parse({
    ...(env.BPTC_MEDIA_LISTEN_IP ? { listenIp: env.BPTC_MEDIA_LISTEN_IP } : {}),
    ...(env.BPTC_MEDIA_ANNOUNCED_ADDRESS ? { announcedAddress: env.BPTC_MEDIA_ANNOUNCED_ADDRESS } : {}),
    ...(env.BPTC_MEDIA_PORT_MIN ? { portMin: env.BPTC_MEDIA_PORT_MIN } : {}),
    ...(env.BPTC_MEDIA_PORT_MAX ? { portMax: env.BPTC_MEDIA_PORT_MAX } : {}),
    ...(turnUrls.length
      ? {
          turnServers: [
            {
              urls: turnUrls,
              secret: env.BPTC_TURN_SECRET ?? '',
              ...(env.BPTC_TURN_TTL_SECONDS ? { credentialTtlSeconds: Number(env.BPTC_TURN_TTL_SECONDS) } : {}),
            },
          ],
        }
      : {}),
  });
}

/** The environment variable for each limit (docs/video.md). */
export const LIMIT_ENV: Record<keyof FamilyServerLimits, string> = {
  maxHttpConnections: 'BPTC_FAMILY_MAX_HTTP_CONNECTIONS',
  maxConnectionsPerAddress: 'BPTC_FAMILY_MAX_CONNECTIONS_PER_ADDRESS',
  httpRequestsPerMinute: 'BPTC_FAMILY_HTTP_REQUESTS_PER_MINUTE',
  idleSocketMs: 'BPTC_FAMILY_IDLE_SOCKET_MS',
  headersTimeoutMs: 'BPTC_FAMILY_HEADERS_TIMEOUT_MS',
  maxUnauthenticated: 'BPTC_FAMILY_MAX_UNAUTHENTICATED',
  maxUnauthenticatedPerAddress: 'BPTC_FAMILY_MAX_UNAUTHENTICATED_PER_ADDRESS',
  helloTimeoutMs: 'BPTC_FAMILY_HELLO_TIMEOUT_MS',
  maxParticipants: 'BPTC_FAMILY_MAX_PARTICIPANT_SOCKETS',
  authFailuresBeforeLockout: 'BPTC_FAMILY_AUTH_FAILURES_BEFORE_LOCKOUT',
  lockoutMs: 'BPTC_FAMILY_LOCKOUT_MS',
  maxLockoutMs: 'BPTC_FAMILY_MAX_LOCKOUT_MS',
};

export function familyServerConfigFromEnv(env: Record<string, string | undefined>, readFile: (path: string) => string): FamilyServerConfig {
  const tls =
    env.BPTC_FAMILY_TLS_CERT && env.BPTC_FAMILY_TLS_KEY
      ? { cert: readFile(env.BPTC_FAMILY_TLS_CERT), key: readFile(env.BPTC_FAMILY_TLS_KEY) }
      : undefined;
  return FamilyServerConfig.parse({
    ...(env.BPTC_FAMILY_HOST ? { host: env.BPTC_FAMILY_HOST } : {}),
    ...(env.BPTC_FAMILY_PORT ? { port: env.BPTC_FAMILY_PORT } : {}),
    ...(env.BPTC_FAMILY_PUBLIC_ORIGIN ? { publicOrigin: env.BPTC_FAMILY_PUBLIC_ORIGIN } : {}),
    ...(list(env.BPTC_FAMILY_TRUSTED_PROXIES).length ? { trustedProxies: list(env.BPTC_FAMILY_TRUSTED_PROXIES) } : {}),
    limits: Object.fromEntries(
      Object.entries(LIMIT_ENV)
        .filter(([, name]) => env[name] !== undefined && env[name] !== '')
        .map(([key, name]) => [key, env[name]]),
    ),
    ...(tls ? { tls } : {}),
  });
}
