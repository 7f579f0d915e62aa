import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { familyServerConfigFromEnv, LIMIT_ENV, MediaConfig, mediaConfigFromEnv } from '../../../electron/main/media/config';
import { turnCredentials } from '../../../electron/main/media/turn';

describe('media configuration', () => {
  it('defaults to loopback and a fixed port range', () => {
    const c = mediaConfigFromEnv({});
    expect(c).toMatchObject({ listenIp: '127.0.0.1', portMin: 40000, portMax: 40999, turnServers: [] });
  });

  it('reads listen and announced addresses, ports and TURN from the environment', () => {
    const c = mediaConfigFromEnv({
      BPTC_MEDIA_LISTEN_IP: '0.0.0.0',
      BPTC_MEDIA_ANNOUNCED_ADDRESS: 'sfu.example.org',
      BPTC_MEDIA_PORT_MIN: '50000',
      BPTC_MEDIA_PORT_MAX: '50100',
      BPTC_TURN_URLS: 'turns:turn.example.org:5349?transport=tcp, turn:turn.example.org:3478',
      BPTC_TURN_SECRET: 's'.repeat(32),
      BPTC_TURN_TTL_SECONDS: '600',
    });
    expect(c).toMatchObject({ listenIp: '0.0.0.0', announcedAddress: 'sfu.example.org', portMin: 50000, portMax: 50100 });
    expect(c.turnServers[0]).toMatchObject({ urls: ['turns:turn.example.org:5349?transport=tcp', 'turn:turn.example.org:3478'], credentialTtlSeconds: 600 });
  });

  it('refuses a reversed port range, a non-IP listen address and a short TURN secret', () => {
    expect(() => MediaConfig.parse({ portMin: 5000, portMax: 4000 })).toThrow();
    expect(() => mediaConfigFromEnv({ BPTC_MEDIA_LISTEN_IP: 'my-host' })).toThrow();
    expect(() => mediaConfigFromEnv({ BPTC_TURN_URLS: 'turn:x:3478', BPTC_TURN_SECRET: 'short' })).toThrow();
  });

  it('reads TLS files for the family server', () => {
    const c = familyServerConfigFromEnv(
      { BPTC_FAMILY_HOST: '0.0.0.0', BPTC_FAMILY_TLS_CERT: '/c.pem', BPTC_FAMILY_TLS_KEY: '/k.pem' },
      (p) => `PEM ${p}`,
    );
    expect(c).toMatchObject({ host: '0.0.0.0', port: 47800, tls: { cert: 'PEM /c.pem', key: 'PEM /k.pem' } });
  });

  it('has connection limits with defaults, each settable from the environment, and trusted proxies (issue 14)', () => {
    const defaults = familyServerConfigFromEnv({}, () => '');
    expect(defaults.trustedProxies).toEqual([]);
    expect(defaults.limits).toMatchObject({ maxUnauthenticated: 64, maxUnauthenticatedPerAddress: 4, helloTimeoutMs: 5_000, maxConnectionsPerAddress: 24 });
    const env = Object.fromEntries(Object.values(LIMIT_ENV).map((name) => [name, '777']));
    const c = familyServerConfigFromEnv({ ...env, BPTC_FAMILY_TRUSTED_PROXIES: '10.0.0.1, ::1' }, () => '');
    expect(Object.values(c.limits)).toEqual(Object.keys(LIMIT_ENV).map(() => 777));
    expect(c.trustedProxies).toEqual(['10.0.0.1', '::1']);
    expect(() => familyServerConfigFromEnv({ BPTC_FAMILY_TRUSTED_PROXIES: 'proxy.example.org' }, () => '')).toThrow();
    expect(() => familyServerConfigFromEnv({ BPTC_FAMILY_HELLO_TIMEOUT_MS: 'soon' }, () => '')).toThrow();
    expect(() => familyServerConfigFromEnv({ BPTC_FAMILY_MAX_UNAUTHENTICATED: '0' }, () => '')).toThrow();
  });

  it('issues TURN credentials for 10 minutes by default and at most an hour', () => {
    expect(mediaConfigFromEnv({ BPTC_TURN_URLS: 'turn:x:3478', BPTC_TURN_SECRET: 'x'.repeat(32) }).turnServers[0]!.credentialTtlSeconds).toBe(600);
    expect(() => mediaConfigFromEnv({ BPTC_TURN_URLS: 'turn:x:3478', BPTC_TURN_SECRET: 'x'.repeat(32), BPTC_TURN_TTL_SECONDS: '86400' })).toThrow();
  });
});

describe('TURN credentials', () => {
  it('are time-limited HMACs of "expiry:participant" and never contain the secret', () => {
    const secret = 'x'.repeat(32);
    const now = new Date('2026-11-27T10:00:00Z');
    const [server] = turnCredentials([{ urls: ['turn:t.example:3478'], secret, credentialTtlSeconds: 600 }], 'p-1', now);
    const expiry = now.getTime() / 1000 + 600;
    expect(server!.username).toBe(`${expiry}:p-1`);
    expect(server!.credential).toBe(createHmac('sha1', secret).update(`${expiry}:p-1`).digest('base64'));
    expect(JSON.stringify(server)).not.toContain(secret);
  });
});
