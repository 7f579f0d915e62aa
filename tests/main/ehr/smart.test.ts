import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createSmartClient, EhrAuthError, parsePrivateKey } from '../../../electron/main/ehr/smart';
import { startFhirServer, type FhirServer } from '../../support/fhir-server/engine';
import { testKeyPair } from '../../support/fhir-server/keys';

const SCOPE = 'system/DocumentReference.cruds';
const keys = testKeyPair('ES384');
let server: FhirServer;

beforeAll(async () => {
  server = await startFhirServer({ clientId: 'console-1', publicKey: keys.publicKey });
});
afterAll(() => server.close());

describe('SMART Backend Services client against the test EHR token endpoint', () => {
  it('gets a token with a signed assertion, then reuses it until it nearly expires', async () => {
    // A 61 s token: the client refreshes 60 s before expiry, so after 1 s it must fetch a new one.
    const server = await startFhirServer({ clientId: 'console-1', publicKey: keys.publicKey, tokenLifetimeSeconds: 61 });
    onTestFinished(() => server.close());
    const client = createSmartClient({ tokenUrl: server.tokenUrl, clientId: 'console-1', privateKeyPem: keys.privatePem, scope: SCOPE });
    const before = server.stats.tokensIssued;
    const first = await client.token();
    const [a, b] = await Promise.all([client.token(), client.token()]);
    expect([a, b]).toEqual([first, first]);
    expect(server.stats.tokensIssued).toBe(before + 1);
    expect(await client.token()).toBe(first);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await client.token();
    expect(second).not.toBe(first);
    expect(server.stats.tokensIssued).toBe(before + 2);
    // The token works for FHIR calls.
    const res = await fetch(`${server.baseUrl}/DocumentReference?identifier=x`, { headers: { authorization: `Bearer ${second}` } });
    expect(res.status).toBe(200);
  });

  it('RS384 keys work too', async () => {
    const rsa = testKeyPair('RS384');
    const s = await startFhirServer({ clientId: 'rsa-client', publicKey: rsa.publicKey });
    try {
      const client = createSmartClient({ tokenUrl: s.tokenUrl, clientId: 'rsa-client', privateKeyPem: rsa.privatePem, scope: SCOPE });
      expect(await client.token()).toMatch(/^[\w-]+$/);
    } finally {
      await s.close();
    }
  });

  it('the endpoint refuses a key it does not know, another client id, or another audience; the error says so without the token', async () => {
    const other = testKeyPair('ES384');
    const wrongKey = createSmartClient({ tokenUrl: server.tokenUrl, clientId: 'console-1', privateKeyPem: other.privatePem, scope: SCOPE });
    const err = await wrongKey.token().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EhrAuthError);
    expect((err as EhrAuthError).transient).toBe(false);
    expect((err as Error).message).toMatch(/refused the console \(invalid_client/);
    const wrongId = createSmartClient({ tokenUrl: server.tokenUrl, clientId: 'someone-else', privateKeyPem: keys.privatePem, scope: SCOPE });
    await expect(wrongId.token()).rejects.toThrow(/invalid_client/);
    const wrongAud = createSmartClient({ tokenUrl: `${server.tokenUrl}?x=1`, clientId: 'console-1', privateKeyPem: keys.privatePem, scope: SCOPE });
    await expect(wrongAud.token()).rejects.toThrow(/invalid_client/);
    expect(server.stats.tokenRefusals.join(' ')).toMatch(/ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
    expect(server.stats.tokenRefusals.join(' ')).toMatch(/ERR_JWT_CLAIM_VALIDATION_FAILED/);
  });

  it('a replayed assertion (same jti) is refused', async () => {
    let sent: URLSearchParams | null = null;
    const spy: typeof fetch = async (url, init) => {
      sent = new URLSearchParams(String(init?.body));
      return fetch(url, init);
    };
    const client = createSmartClient({ tokenUrl: server.tokenUrl, clientId: 'console-1', privateKeyPem: keys.privatePem, scope: SCOPE, fetch: spy });
    await client.token();
    const replay = await fetch(server.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: sent! });
    expect(replay.status).toBe(401);
    expect(server.stats.tokenRefusals).toContain('assertion: jti replayed');
  });

  it('an expired token is refused by the FHIR endpoint; an unreachable token endpoint is a transient error', async () => {
    const s = await startFhirServer({ clientId: 'c', publicKey: keys.publicKey, tokenLifetimeSeconds: 1 });
    try {
      const client = createSmartClient({ tokenUrl: s.tokenUrl, clientId: 'c', privateKeyPem: keys.privatePem, scope: SCOPE });
      const token = await client.token();
      await new Promise((r) => setTimeout(r, 1100));
      const res = await fetch(`${s.baseUrl}/DocumentReference`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
    } finally {
      await s.close();
    }
    const gone = createSmartClient({ tokenUrl: s.tokenUrl, clientId: 'c', privateKeyPem: keys.privatePem, scope: SCOPE });
    const err = await gone.token().catch((e: unknown) => e);
    expect((err as EhrAuthError).transient).toBe(true);
  });

  it('keys other than P-384 EC or RSA ≥ 2048 are refused in words', () => {
    expect(() => parsePrivateKey('not a key')).toThrow(/PEM/);
    expect(() => parsePrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toThrow(/could not be read/);
    expect(parsePrivateKey(keys.privatePem).alg).toBe('ES384');
  });
});
