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
  credentialTtlSeconds: z.number().int().min(60).max(24 * 3600).default(3600),
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
  })
  .refine((c) => c.portMin <= c.portMax, { error: 'portMin must not exceed portMax.', path: ['portMin'] });
export type MediaConfig = z.infer<typeof MediaConfig>;

export const FamilyServerConfig = z.strictObject({
  /** Address the family page's HTTP(S) server binds to. Loopback unless deliberately opened. */
  host: z.string().default('127.0.0.1'),
  /** 0 picks a free port (tests). */
  port: z.coerce.number().int().min(0).max(65535).default(47800),
  /** PEM certificate and key; required when `host` is not a loopback address. */
  tls: z.strictObject({ cert: z.string().min(1), key: z.string().min(1) }).optional(),
  /** The origin written into join links when the server sits behind a proxy (https://visits.example.org). */
  publicOrigin: z.url().optional(),
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

export function familyServerConfigFromEnv(env: Record<string, string | undefined>, readFile: (path: string) => string): FamilyServerConfig {
  const tls =
    env.BPTC_FAMILY_TLS_CERT && env.BPTC_FAMILY_TLS_KEY
      ? { cert: readFile(env.BPTC_FAMILY_TLS_CERT), key: readFile(env.BPTC_FAMILY_TLS_KEY) }
      : undefined;
  return FamilyServerConfig.parse({
    ...(env.BPTC_FAMILY_HOST ? { host: env.BPTC_FAMILY_HOST } : {}),
    ...(env.BPTC_FAMILY_PORT ? { port: env.BPTC_FAMILY_PORT } : {}),
    ...(env.BPTC_FAMILY_PUBLIC_ORIGIN ? { publicOrigin: env.BPTC_FAMILY_PUBLIC_ORIGIN } : {}),
    ...(tls ? { tls } : {}),
  });
}
