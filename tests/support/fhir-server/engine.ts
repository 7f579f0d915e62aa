/**
 * A real FHIR R4 engine for the EHR tests and the drill, not a hand-written
 * mock: Medplum's FhirRouter over its in-memory repository, behind node:http.
 *
 * The router alone does not validate, so every resource that comes in (and
 * every entry of an incoming Bundle) is validated with @medplum/core against
 * the R4 StructureDefinitions first; an invalid one is refused with 400 and
 * its OperationOutcome, and counted (`stats.invalid`).
 *
 * The token endpoint is SMART Backend Services' (client-credentials with a
 * private_key_jwt client assertion): it checks the assertion's signature
 * against the registered public key, iss = sub = client id, aud = the token
 * URL, a short expiry, and refuses a `jti` it has seen before (replay). FHIR
 * calls need a bearer token it issued and that has not expired.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { jwtVerify, type CryptoKey, type KeyObject } from 'jose';
import { WebSocket } from 'ws';

type Resource = { resourceType: string; id?: string } & Record<string, unknown>;
interface OutcomeIssue {
  severity: string;
  code: string;
  details?: { text?: string };
  expression?: string[];
}
interface Outcome {
  resourceType: 'OperationOutcome';
  id?: string;
  issue: OutcomeIssue[];
}

let medplum: Promise<{
  core: typeof import('@medplum/core');
  router: typeof import('@medplum/fhir-router');
}> | null = null;

/** Load @medplum/core with the R4 definitions and search parameters, once per process. */
function loadMedplum() {
  medplum ??= (async () => {
    // @medplum/core 5 expects Node 22's global WebSocket; on Node 20 `ws` stands in.
    (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
    const core = await import('@medplum/core');
    const router = await import('@medplum/fhir-router');
    const dir = join(process.cwd(), 'node_modules', '@medplum', 'definitions', 'dist', 'fhir', 'r4');
    for (const f of ['profiles-types.json', 'profiles-resources.json']) {
      core.indexStructureDefinitionBundle(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    }
    core.indexSearchParameterBundle(JSON.parse(readFileSync(join(dir, 'search-parameters.json'), 'utf8')));
    return { core, router };
  })();
  return medplum;
}

export interface FhirServerOptions {
  clientId: string;
  /** The public half of the client's registered key (ES384 or RS384). */
  publicKey: CryptoKey | KeyObject;
  /** Lifetime of the access tokens it issues (seconds). */
  tokenLifetimeSeconds?: number;
  /** The longest assertion lifetime accepted (SMART says no more than five minutes). */
  maxAssertionSeconds?: number;
  /** Scopes it grants (space separated); a request asking for anything else is refused. */
  grantedScopes?: string;
}

export interface FhirServer {
  /** e.g. http://127.0.0.1:PORT/fhir */
  baseUrl: string;
  /** e.g. http://127.0.0.1:PORT/token */
  tokenUrl: string;
  repo: import('@medplum/fhir-router').MemoryRepository;
  stats: {
    /** Resources refused because they did not validate against R4. */
    invalid: number;
    invalidIssues: string[];
    tokensIssued: number;
    tokenRefusals: string[];
    fhirRequests: number;
  };
  /** Also accept assertions addressed to this URL (the token URL as seen through a proxy in front). */
  acceptAudience(url: string): void;
  /** Add resources directly (the EHR's own data: appointments, patients…), validated like any other. */
  seed(resource: Resource): Promise<Resource>;
  close(): Promise<void>;
}

const MAX_BODY = 32 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/fhir+json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const outcome = (code: string, text: string, severity = 'error'): Outcome => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity, code, details: { text } }],
});

export async function startFhirServer(options: FhirServerOptions): Promise<FhirServer> {
  const { core, router: routerModule } = await loadMedplum();
  const router = new routerModule.FhirRouter();
  const repo = new routerModule.MemoryRepository();
  const tokenLifetime = options.tokenLifetimeSeconds ?? 300;
  const maxAssertion = options.maxAssertionSeconds ?? 300;
  const granted = new Set((options.grantedScopes ?? 'system/DocumentReference.cruds system/Bundle.c system/Appointment.rs system/Patient.rs system/RelatedPerson.rs system/Practitioner.rs system/Observation.rs').split(' '));
  const seenJti = new Set<string>();
  const tokens = new Map<string, number>();
  const stats: FhirServer['stats'] = { invalid: 0, invalidIssues: [], tokensIssued: 0, tokenRefusals: [], fhirRequests: 0 };
  let tokenUrl = '';
  const audiences: string[] = [];

  /** Validation issues of severity error for a resource and, for a Bundle, each entry's resource. */
  function validate(resource: Resource): OutcomeIssue[] {
    const issues: OutcomeIssue[] = [];
    const one = (r: Resource) => {
      try {
        issues.push(...(core.validateResource(r as never) as OutcomeIssue[]).filter((i) => i.severity === 'error' || i.severity === 'fatal'));
      } catch (error) {
        const o = (error as { outcome?: Outcome }).outcome;
        if (!o) throw error;
        issues.push(...o.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal'));
      }
    };
    one(resource);
    if (resource.resourceType === 'Bundle') {
      for (const e of (resource.entry as { resource?: Resource }[] | undefined) ?? []) if (e.resource) one(e.resource);
    }
    return issues;
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refuse = (why: string) => {
      stats.tokenRefusals.push(why);
      send(res, why === 'invalid_scope' ? 400 : 401, { error: why === 'invalid_scope' ? 'invalid_scope' : 'invalid_client', error_description: why }, 'application/json');
    };
    if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      send(res, 400, { error: 'invalid_request' }, 'application/json');
      return;
    }
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials') return refuse('unsupported grant_type');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return refuse('client_assertion_type');
    const assertion = form.get('client_assertion') ?? '';
    let payload: { jti?: string; exp?: number; iat?: number };
    try {
      const verified = await jwtVerify(assertion, options.publicKey, {
        issuer: options.clientId,
        subject: options.clientId,
        audience: [tokenUrl, ...audiences],
        algorithms: ['ES384', 'RS384'],
        requiredClaims: ['exp', 'jti'],
      });
      payload = verified.payload;
    } catch (error) {
      return refuse(`assertion: ${(error as { code?: string }).code ?? 'invalid'}`);
    }
    const now = Math.floor(Date.now() / 1000);
    if (payload.exp! - now > maxAssertion) return refuse('assertion: expiry too far ahead');
    if (seenJti.has(payload.jti!)) return refuse('assertion: jti replayed');
    seenJti.add(payload.jti!);
    const scope = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (scope.length === 0 || scope.some((s) => !granted.has(s))) return refuse('invalid_scope');
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, Date.now() + tokenLifetime * 1000);
    stats.tokensIssued += 1;
    res.setHeader('cache-control', 'no-store');
    send(res, 200, { access_token: accessToken, token_type: 'bearer', expires_in: tokenLifetime, scope: scope.join(' ') }, 'application/json');
  }

  async function fhir(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    stats.fhirRequests += 1;
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const expires = auth ? tokens.get(auth[1]!) : undefined;
    if (!expires || expires < Date.now()) {
      send(res, 401, outcome('login', expires ? 'The access token has expired.' : 'A valid access token is required.'));
      return;
    }
    const raw = await readBody(req);
    let body: Resource | undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8')) as Resource;
      } catch {
        send(res, 400, outcome('structure', 'The body is not JSON.'));
        return;
      }
    }
    if ((req.method === 'POST' || req.method === 'PUT') && body && !path.includes('_search')) {
      const issues = validate(body);
      if (issues.length) {
        stats.invalid += 1;
        stats.invalidIssues.push(...issues.map((i) => `${i.details?.text ?? i.code} @ ${(i.expression ?? []).join(',')}`));
        send(res, 400, { resourceType: 'OperationOutcome', issue: issues });
        return;
      }
    }
    const headers: Record<string, string> = {};
    for (const h of ['if-none-exist', 'if-match']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const [result, resource] = await router.handleRequest(
      { method: req.method as 'GET', url: path, pathname: '', body, params: {}, query: {}, headers },
      repo,
    );
    const status = core.getStatus(result);
    if (resource && status < 400 && req.method === 'GET') addNextLink(resource as Resource, path);
    if (resource && status < 400) {
      const r = resource as Resource & { meta?: { versionId?: string } };
      if (r.id) res.setHeader('location', `${r.resourceType}/${r.id}${r.meta?.versionId ? `/_history/${r.meta.versionId}` : ''}`);
      send(res, status, resource);
    } else {
      send(res, status, result);
    }
  }

  /**
   * Medplum's in-memory search answers one page (`_count`, `_offset`) with `total` but no `next` link;
   * a real EHR pages with `next`, so the test EHR adds one (the schedule pull follows it).
   */
  function addNextLink(resource: Resource, path: string): void {
    const bundle = resource as Resource & { type?: string; total?: number; entry?: { search?: { mode?: string } }[]; link?: { relation: string; url: string }[] };
    if (bundle.resourceType !== 'Bundle' || bundle.type !== 'searchset' || typeof bundle.total !== 'number') return;
    if (bundle.link?.some((l) => l.relation === 'next')) return;
    const url = new URL(path, 'http://local/');
    const count = Number(url.searchParams.get('_count') ?? NaN);
    if (!Number.isInteger(count) || count <= 0) return;
    const offset = Number(url.searchParams.get('_offset') ?? 0);
    const matches = (bundle.entry ?? []).filter((e) => e.search?.mode !== 'include').length;
    if (offset + matches >= bundle.total || matches === 0) return;
    url.searchParams.set('_offset', String(offset + count));
    bundle.link = [...(bundle.link ?? []), { relation: 'next', url: `${nextBase}${url.pathname}${url.search}` }];
  }
  let nextBase = '';

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const handle = url.pathname === '/token' ? token(req, res) : url.pathname.startsWith('/fhir/') ? fhir(req, res, url.pathname.slice('/fhir/'.length) + url.search) : Promise.resolve(send(res, 404, outcome('not-found', 'Not found.')));
    handle.catch(() => {
      if (!res.headersSent) send(res, 500, outcome('exception', 'Internal error.'));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  tokenUrl = `http://127.0.0.1:${port}/token`;
  nextBase = `http://127.0.0.1:${port}/fhir`;

  return {
    baseUrl: `http://127.0.0.1:${port}/fhir`,
    tokenUrl,
    repo,
    stats,
    acceptAudience(url) {
      audiences.push(url);
    },
    async seed(resource) {
      const issues = validate(resource);
      if (issues.length) throw new Error(`seed resource is not valid R4: ${issues.map((i) => i.details?.text).join('; ')}`);
      return (await repo.createResource(resource as never)) as Resource;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
