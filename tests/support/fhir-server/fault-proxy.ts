/**
 * A fault proxy in front of the test FHIR engine: per request it passes the
 * request through, or answers 500, or 429 with Retry-After, or stalls (never
 * answers), or drops the connection mid-request. "drop-after" forwards the
 * request to the engine first (so the EHR may have stored it) and then cuts
 * the client's connection before any answer: the case that makes a naive
 * retry create a duplicate.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'pass' }
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'stall' }
  | { kind: 'drop-before' }
  | { kind: 'drop-after' };

export interface FaultProxy {
  /** The proxy's origin, e.g. http://127.0.0.1:PORT */
  origin: string;
  /** What happened, per fault kind. */
  counts: Record<Fault['kind'], number>;
  close(): Promise<void>;
}

export async function startFaultProxy(options: {
  /** The engine's origin, e.g. http://127.0.0.1:PORT */
  target: string;
  /** Decides each request's fate (method and path given). */
  plan: (req: { method: string; path: string }) => Fault;
}): Promise<FaultProxy> {
  const target = new URL(options.target);
  const counts: FaultProxy['counts'] = { pass: 0, status: 0, stall: 0, 'drop-before': 0, 'drop-after': 0 };
  const stalled = new Set<ServerResponse>();

  function forward(req: IncomingMessage, body: Buffer, onAnswer: (res: IncomingMessage, data: Buffer) => void, onError: () => void): void {
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => onAnswer(res, Buffer.concat(chunks)));
        res.on('error', onError);
      },
    );
    out.on('error', onError);
    out.end(body);
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = options.plan({ method: req.method ?? 'GET', path: req.url ?? '/' });
      counts[fault.kind] += 1;
      switch (fault.kind) {
        case 'status': {
          const text = JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: fault.status === 429 ? 'throttled' : 'exception', details: { text: `Injected ${fault.status}` } }] });
          res.writeHead(fault.status, { 'content-type': 'application/fhir+json', ...(fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {}) });
          res.end(text);
          return;
        }
        case 'stall':
          stalled.add(res);
          res.on('close', () => stalled.delete(res));
          return;
        case 'drop-before':
          req.socket.destroy();
          return;
        case 'drop-after':
          forward(req, body, () => req.socket.destroy(), () => req.socket.destroy());
          return;
        case 'pass':
          forward(
            req,
            body,
            (answer, data) => {
              const headers = { ...answer.headers };
              delete headers['transfer-encoding'];
              headers['content-length'] = String(data.length);
              res.writeHead(answer.statusCode ?? 502, headers);
              res.end(data);
            },
            () => req.socket.destroy(),
          );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of stalled) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
