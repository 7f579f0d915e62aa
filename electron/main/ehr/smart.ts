/**
 * SMART Backend Services (client-credentials with a private_key_jwt client
 * assertion, signed with jose). The access token is cached until shortly
 * before it expires and fetched again then (or at once after the EHR says
 * 401). The token and the key never appear in an error message or a log
 * line: errors carry the HTTP status and the OAuth error code only.
 */
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

export type SigningAlg = 'ES384' | 'RS384';

export class EhrAuthError extends Error {
  constructor(
    message: string,
    /** True when trying again later may help (network, 5xx, 429). */
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'EhrAuthError';
  }
}

/** Parse a PEM private key and the algorithm it signs with; refuses anything but P-384 EC or RSA ≥ 2048 bits. */
export function parsePrivateKey(pem: string): { key: KeyObject; alg: SigningAlg } {
  if (typeof pem !== 'string' || pem.length > 16_384 || !pem.includes('PRIVATE KEY')) throw new Error('The private key must be a PEM "PRIVATE KEY" (ES384 or RS384).');
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error('The private key could not be read: paste the whole PEM text (ES384 or RS384).');
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec' && details.namedCurve === 'secp384r1') return { key, alg: 'ES384' };
  if (key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048) return { key, alg: 'RS384' };
  throw new Error('The private key must be an EC P-384 key (ES384) or an RSA key of at least 2048 bits (RS384).');
}

export interface SmartClientOptions {
  tokenUrl: string;
  clientId: string;
  privateKeyPem: string;
  /** Optional key id the EHR registered (JWKS `kid`). */
  keyId?: string;
  scope: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export interface SmartClient {
  /** A valid access token (cached until 60 s before it expires). */
  token(): Promise<string>;
  /** Forget the cached token (after the EHR answered 401). */
  invalidate(): void;
  /** When the cached token expires (ms since epoch), or null; for tests and status. */
  cachedUntil(): number | null;
}

const EXPIRY_MARGIN_MS = 60_000;

export function createSmartClient(options: SmartClientOptions): SmartClient {
  const { key, alg } = parsePrivateKey(options.privateKeyPem);
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  let cached: { token: string; until: number } | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const iat = Math.floor(now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg, typ: 'JWT', ...(options.keyId ? { kid: options.keyId } : {}) })
      .setIssuer(options.clientId)
      .setSubject(options.clientId)
      .setAudience(options.tokenUrl)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + 300)
      .sign(key);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: options.scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    let res: Response;
    try {
      res = await doFetch(options.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch {
      throw new EhrAuthError('The token endpoint could not be reached.', true);
    }
    let json: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      json = (await res.json()) as typeof json;
    } catch {
      /* not JSON: judged by the status below */
    }
    if (!res.ok) {
      const code = typeof json.error === 'string' ? json.error.slice(0, 80) : `HTTP ${res.status}`;
      const description = typeof json.error_description === 'string' ? `: ${json.error_description.slice(0, 200)}` : '';
      const transient = res.status >= 500 || res.status === 429;
      throw new EhrAuthError(`The token endpoint refused the console (${code}${description}).`, transient);
    }
    if (typeof json.access_token !== 'string' || json.access_token.length === 0 || json.access_token.length > 8192) {
      throw new EhrAuthError('The token endpoint answered without an access token.', false);
    }
    const lifetime = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in * 1000 : 300_000;
    cached = { token: json.access_token, until: now() + lifetime };
    return json.access_token;
  }

  return {
    async token() {
      if (cached && cached.until - EXPIRY_MARGIN_MS > now()) return cached.token;
      // One request at a time: parallel deliveries share the same new token.
      pending ??= fetchToken().finally(() => {
        pending = null;
      });
      return pending;
    },
    invalidate() {
      cached = null;
    },
    cachedUntil: () => cached?.until ?? null,
  };
}
