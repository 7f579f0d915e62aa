/**
 * The delivery worker (main process): takes due rows from the outbox and
 * sends each visit's DocumentReference (and, where the EHR is set up for it,
 * the FHIR document Bundle the export builds) as conditional creates on a
 * stable identifier. Transient failures back off exponentially with jitter,
 * or as long as Retry-After asks; a refusal (4xx) stops the row as failed
 * with the EHR's words. Rows left "sending" by a crash are sent again at
 * start: the conditional create makes that safe.
 */
import type { ExportModel } from '../export/model';
import { buildFhirBundle } from '../export/fhir';
import { buildDocumentReference, documentIdentifier, type EhrLinks } from './document';
import type { FhirClient, FhirResult } from './fhir-client';
import type { Outbox, OutboxRow } from './outbox';

export interface DeliveryWorkerDeps {
  outbox: Outbox;
  /** The configured EHR client, or null in standalone use (nothing is sent). */
  client: () => FhirClient | null;
  /** The visit's export model and its note PDF (the export service's, same as "Export…"). */
  render: (visitId: string) => Promise<{ model: ExportModel; pdf: Uint8Array }>;
  /** Send the FHIR document Bundle too (only when the EHR accepts Bundles). */
  sendBundle?: () => boolean;
  links?: (visitId: string) => EhrLinks;
  now?: () => number;
  backoff?: { baseMs: number; maxMs: number };
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** How long to sleep when nothing is due (a kick wakes it earlier). */
  idleMs?: number;
  random?: () => number;
  /** Told after each state change (to tell the renderer). Visit id only. */
  onChange?: (visitId: string) => void;
}

export function backoffMs(attempts: number, backoff: { baseMs: number; maxMs: number }, random: number): number {
  const exp = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  // Full jitter in [exp/2, exp]: many consoles retrying after an outage do not arrive together.
  return Math.round(exp / 2 + (exp / 2) * random);
}

export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  const now = deps.now ?? Date.now;
  const backoff = deps.backoff ?? { baseMs: 2_000, maxMs: 10 * 60_000 };
  const random = deps.random ?? Math.random;
  const concurrency = deps.concurrency ?? 2;
  const idleMs = deps.idleMs ?? 30_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  // The printed note of a row being retried: printing again on every attempt costs far more than the request.
  const renderCache = new Map<number, { model: ExportModel; pdf: Uint8Array }>();
  const RENDER_CACHE_MAX = 16;

  function settle(row: OutboxRow, result: Extract<FhirResult<unknown>, { ok: false }>): void {
    if (result.transient) {
      const wait = result.retryAfterMs ?? backoffMs(row.attempts, backoff, random());
      deps.outbox.markRetry(row, iso(now() + wait), result.message);
    } else {
      deps.outbox.markFailed(row, result.message, iso(now()), result.status);
      renderCache.delete(row.id);
    }
  }

  async function deliver(row: OutboxRow, client: FhirClient): Promise<void> {
    let rendered: { model: ExportModel; pdf: Uint8Array };
    try {
      rendered = renderCache.get(row.id) ?? (await deps.render(row.visitId));
      renderCache.delete(row.id);
      renderCache.set(row.id, rendered);
      if (renderCache.size > RENDER_CACHE_MAX) renderCache.delete(renderCache.keys().next().value!);
    } catch {
      deps.outbox.markRetry(row, iso(now() + backoffMs(row.attempts, backoff, random())), 'The note could not be prepared for sending; the console will try again.');
      return;
    }
    const replaces = deps.outbox.replacedRemoteId(row.visitId, row.version);
    const doc = buildDocumentReference(rendered.model, rendered.pdf, { version: row.version, replaces, links: deps.links?.(row.visitId) ?? {} });
    const sent = await client.conditionalCreate<{ id?: string }>('DocumentReference', doc, documentIdentifier(row.visitId, row.version));
    if (!sent.ok) return settle(row, sent);
    const remoteId = sent.body?.id;
    if (typeof remoteId !== 'string' || !remoteId) {
      deps.outbox.markRetry(row, iso(now() + backoffMs(row.attempts, backoff, random())), 'The EHR answered without a document id.');
      return;
    }
    if (deps.sendBundle?.()) {
      const bundle = buildFhirBundle(rendered.model, { pdf: { data: rendered.pdf, title: `visit-note-${rendered.model.visitDate}.pdf` } });
      const b = await client.conditionalCreate('Bundle', bundle, bundle.identifier);
      if (!b.ok) return settle(row, b);
    }
    deps.outbox.markSent(row, remoteId, iso(now()));
    renderCache.delete(row.id);
  }

  /** Deliver what is due now; resolves with how many rows were attempted. */
  async function runOnce(): Promise<number> {
    const client = deps.client();
    if (!client) return 0;
    let total = 0;
    for (;;) {
      const rows = deps.outbox.claimDue(iso(now()), concurrency);
      if (rows.length === 0) return total;
      total += rows.length;
      await Promise.all(
        rows.map(async (row) => {
          try {
            await deliver(row, client);
          } catch {
            deps.outbox.markRetry(row, iso(now() + backoffMs(row.attempts, backoff, random())), 'Sending failed unexpectedly; the console will try again.');
          }
          deps.onChange?.(row.visitId);
        }),
      );
    }
  }

  function schedule(): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    const next = deps.outbox.nextDueAt();
    const wait = next ? Math.min(idleMs, Math.max(0, Date.parse(next) - now())) : idleMs;
    timer = setTimeout(tick, wait);
  }

  function tick(): void {
    timer = null;
    if (running || stopped) return;
    running = runOnce()
      .then(() => undefined)
      .catch(() => undefined)
      .finally(() => {
        running = null;
        schedule();
      });
  }

  return {
    runOnce,
    /** Start the loop; rows left in flight by a crash are queued again first. */
    start(): void {
      if (!stopped) return;
      stopped = false;
      deps.outbox.recoverInFlight();
      tick();
    },
    /** Something was queued (a signature, "Retry now"): look now rather than at the next poll. */
    kick(): void {
      if (stopped || running) return;
      if (timer) clearTimeout(timer);
      tick();
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
