/**
 * The test EHR itself: Medplum's router and in-memory repository behind
 * node:http, validating every incoming resource, and the fault proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmartClient } from '../../../electron/main/ehr/smart';
import { startFhirServer, type FhirServer } from '../../support/fhir-server/engine';
import { startFaultProxy, type Fault } from '../../support/fhir-server/fault-proxy';
import { testKeyPair } from '../../support/fhir-server/keys';

const keys = testKeyPair();
let server: FhirServer;
let token: string;

beforeAll(async () => {
  server = await startFhirServer({ clientId: 'c', publicKey: keys.publicKey });
  token = await createSmartClient({ tokenUrl: server.tokenUrl, clientId: 'c', privateKeyPem: keys.privatePem, scope: 'system/DocumentReference.cruds' }).token();
});
afterAll(() => server.close());

const doc = (value: string, extra: Record<string, unknown> = {}) => ({
  resourceType: 'DocumentReference',
  status: 'current',
  identifier: [{ system: 'urn:test', value }],
  content: [{ attachment: { contentType: 'application/pdf', data: 'JVBERi0=' } }],
  ...extra,
});

function post(base: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/DocumentReference`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('test FHIR engine', () => {
  it('stores a valid resource and answers 201 with its id and version', async () => {
    const res = await post(server.baseUrl, doc('a'));
    expect(res.status).toBe(201);
    const json = (await res.json()) as { id: string; meta: { versionId: string } };
    expect(json.id).toMatch(/[0-9a-f-]{36}/);
    expect(res.headers.get('location')).toBe(`DocumentReference/${json.id}/_history/${json.meta.versionId}`);
  });

  it('refuses a resource that is not valid R4 with its OperationOutcome, stores nothing, and counts it', async () => {
    const before = server.stats.invalid;
    const res = await post(server.baseUrl, { resourceType: 'DocumentReference', status: 'current', identifier: [{ system: 'urn:test', value: 'bad' }] });
    expect(res.status).toBe(400);
    const outcome = (await res.json()) as { issue: { details: { text: string }; expression: string[] }[] };
    expect(outcome.issue[0]!.details.text).toBe('Missing required property');
    expect(outcome.issue[0]!.expression).toEqual(['DocumentReference.content']);
    expect(server.stats.invalid).toBe(before + 1);
    const bundle = (await server.repo.search({ resourceType: 'DocumentReference', filters: [{ code: 'identifier', operator: 'eq' as never, value: 'urn:test|bad' }] })) as { total?: number };
    expect(bundle.total).toBe(0);
    // An unknown element is refused too. (Medplum's validator does not check
    // codes against required value sets without a terminology service: a
    // wrong `status` code would pass — docs/ehr.md says so.)
    expect((await post(server.baseUrl, doc('bad2', { colour: 'red' }))).status).toBe(400);
  });

  it('a conditional create (If-None-Exist) on the same identifier returns the first resource, never a second', async () => {
    const first = await post(server.baseUrl, doc('once'), { 'if-none-exist': 'identifier=urn:test|once' });
    const again = await post(server.baseUrl, doc('once'), { 'if-none-exist': 'identifier=urn:test|once' });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const found = (await (await fetch(`${server.baseUrl}/DocumentReference?identifier=urn:test|once`, { headers: { authorization: `Bearer ${token}` } })).json()) as { total: number };
    expect(found.total).toBe(1);
  });

  it('FHIR calls need a token it issued', async () => {
    const res = await fetch(`${server.baseUrl}/DocumentReference`, { headers: { authorization: 'Bearer made-up' } });
    expect(res.status).toBe(401);
  });
});

describe('fault proxy', () => {
  it('answers 500 and 429 with Retry-After, stalls, drops before and after forwarding', async () => {
    const faults: Fault[] = [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 429, retryAfterSeconds: 7 },
      { kind: 'drop-before' },
      { kind: 'drop-after' },
      { kind: 'stall' },
      { kind: 'pass' },
    ];
    const proxy = await startFaultProxy({ target: new URL(server.baseUrl).origin, plan: () => faults.shift() ?? { kind: 'pass' } });
    const base = `${proxy.origin}/fhir`;
    try {
      expect((await post(base, doc('p1'))).status).toBe(500);
      const throttled = await post(base, doc('p1'));
      expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '7']);
      await expect(post(base, doc('p1'), { 'if-none-exist': 'identifier=urn:test|p1' })).rejects.toThrow();
      // Dropped after forwarding: the engine stored it although the client saw no answer.
      await expect(post(base, doc('p1'), { 'if-none-exist': 'identifier=urn:test|p1' })).rejects.toThrow();
      const stalled = await fetch(`${base}/DocumentReference`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(300) }).catch((e: Error) => e.name);
      expect(stalled).toBe('TimeoutError');
      const passed = await post(base, doc('p1'), { 'if-none-exist': 'identifier=urn:test|p1' });
      expect(passed.status).toBe(200); // found the one the dropped request created
      expect(proxy.counts).toEqual({ pass: 1, status: 2, stall: 1, 'drop-before': 1, 'drop-after': 1 });
    } finally {
      await proxy.close();
    }
  });
});
