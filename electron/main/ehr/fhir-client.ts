/**
 * The few FHIR REST calls the console makes, with the outcome judged for
 * the delivery worker: ok, transient (retry later: network, timeout, dropped
 * connection, 5xx, 429 with its Retry-After) or refused (another 4xx, with
 * the EHR's OperationOutcome in words). Never logs; error texts carry no
 * token and no patient data beyond what the EHR itself wrote in its outcome.
 */
import { EhrAuthError, type SmartClient } from './smart';

export type FhirResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; transient: boolean; status: number | null; message: string; retryAfterMs?: number };

interface OutcomeIssue {
  severity?: string;
  code?: string;
  diagnostics?: string;
  details?: { text?: string };
  expression?: string[];
}

/** An OperationOutcome in words: "Missing required property (DocumentReference.content); …". */
export function outcomeInWords(body: unknown): string | null {
  const issues = (body as { resourceType?: string; issue?: OutcomeIssue[] } | null)?.issue;
  if ((body as { resourceType?: string } | null)?.resourceType !== 'OperationOutcome' || !Array.isArray(issues)) return null;
  const parts = issues.slice(0, 5).map((i) => {
    const text = String(i.details?.text ?? i.diagnostics ?? i.code ?? 'error').slice(0, 200);
    const where = Array.isArray(i.expression) && i.expression.length ? ` (${i.expression.slice(0, 3).join(', ').slice(0, 200)})` : '';
    return `${text}${where}`;
  });
  return parts.length ? parts.join('; ') : null;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; capped at an hour. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = /^\s*(\d{1,7})\s*$/.exec(header);
  const ms = seconds ? Number(seconds[1]) * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), 3_600_000);
}

class TooLargeError extends Error {}

/** The body as JSON, refusing (TooLargeError) once more than `maxBytes` have arrived, whatever Content-Length said. */
async function readJsonAtMost(res: Response, maxBytes: number): Promise<unknown> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new TooLargeError();
  }
  if (!res.body) return JSON.parse('');
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError();
    }
    chunks.push(value);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

export interface FhirClientOptions {
  baseUrl: string;
  smart: SmartClient;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export function createFhirClient(options: FhirClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;

  async function call<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    limits: { maxBytes?: number } = {},
  ): Promise<FhirResult<T>> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let token: string;
      try {
        token = await options.smart.token();
      } catch (error) {
        if (error instanceof EhrAuthError) return { ok: false, transient: error.transient, status: null, message: error.message };
        return { ok: false, transient: false, status: null, message: 'The console could not sign in to the EHR: check the private key.' };
      }
      let res: Response;
      try {
        res = await doFetch(`${base}/${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json', ...(body ? { 'content-type': 'application/fhir+json' } : {}), ...headers },
          ...(body ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        const timedOut = (error as { name?: string }).name === 'TimeoutError';
        return { ok: false, transient: true, status: null, message: timedOut ? 'The EHR did not answer in time.' : 'The connection to the EHR was lost.' };
      }
      let json: unknown = null;
      try {
        json = limits.maxBytes ? await readJsonAtMost(res, limits.maxBytes) : await res.json();
      } catch (error) {
        if (error instanceof TooLargeError) {
          return { ok: false, transient: false, status: res.status, message: `The EHR's answer was larger than the console accepts (${Math.round(limits.maxBytes! / 1024)} KB).` };
        }
        if (res.ok) return { ok: false, transient: true, status: res.status, message: 'The EHR answered with something that is not FHIR JSON.' };
      }
      if (res.ok) return { ok: true, status: res.status, body: json as T };
      if (res.status === 401 && attempt === 0) {
        // The token may have been revoked or expired early: get a new one, once.
        options.smart.invalidate();
        continue;
      }
      const words = outcomeInWords(json);
      if (res.status === 429 || res.status >= 500) {
        const after = retryAfterMs(res.headers.get('retry-after'), now());
        return {
          ok: false,
          transient: true,
          status: res.status,
          message: res.status === 429 ? 'The EHR asked the console to slow down (429).' : `The EHR had an error (${res.status})${words ? `: ${words}` : ''}.`,
          ...(after !== undefined ? { retryAfterMs: after } : {}),
        };
      }
      return { ok: false, transient: false, status: res.status, message: `The EHR refused it (${res.status})${words ? `: ${words}` : ''}.` };
    }
    return { ok: false, transient: true, status: 401, message: 'The EHR did not accept the access token.' };
  }

  return {
    call,
    /** Create unless a resource with this identifier exists (If-None-Exist): a retry never makes a duplicate. */
    conditionalCreate<T extends { id?: string }>(resourceType: string, resource: unknown, identifier: { system: string; value: string }) {
      return call<T>('POST', resourceType, resource, { 'if-none-exist': `identifier=${identifier.system}|${identifier.value}` });
    },
    search<T>(resourceType: string, params: Record<string, string>) {
      return call<{ resourceType: 'Bundle'; entry?: { resource?: T }[]; link?: { relation: string; url: string }[] }>('GET', `${resourceType}?${new URLSearchParams(params).toString()}`);
    },
    read<T>(path: string, limits: { maxBytes?: number } = {}) {
      return call<T>('GET', path, undefined, {}, limits);
    },
    /** A search whose answer may be at most `maxBytes` (the schedule pull bounds every page). */
    searchBounded<T>(resourceType: string, params: Record<string, string> | URLSearchParams, maxBytes: number) {
      return call<{ resourceType: 'Bundle'; total?: number; entry?: { resource?: T; search?: { mode?: string } }[]; link?: { relation: string; url: string }[] }>(
        'GET',
        `${resourceType}?${new URLSearchParams(params).toString()}`,
        undefined,
        {},
        { maxBytes },
      );
    },
  };
}
export type FhirClient = ReturnType<typeof createFhirClient>;
