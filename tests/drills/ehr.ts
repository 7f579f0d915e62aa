/**
 * The EHR delivery drill: N signed visits (some with an addendum) delivered
 * to the test EHR (Medplum's FHIR engine, validating every resource) through
 * the fault proxy injecting random 500s, 429s with Retry-After, stalls and
 * dropped connections (before and after the EHR stored the request), while
 * the delivering process is killed with SIGKILL mid-delivery and restarted.
 *   npm run drill:ehr -- [--visits 200] [--kills 3] [--concurrency 4] [--print-every-note] [--bundle]
 * --bundle also sends each visit's FHIR document Bundle (Medplum's in-memory repository searches
 * by scanning, so with hundreds of ~60-entry Bundles stored the test EHR itself becomes the bottleneck).
 * By default the delivering process prints one note with Chromium and reuses its bytes for the
 * others (see ehr-worker.ts); --print-every-note prints each visit's own note, as the app does.
 * Last line: {"visits":N,"delivered":N,"duplicates":0,"lost":0,"invalid_resources":0,"delivery_p50_ms":…,…}
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppStore } from '../../electron/main/app-store';
import { createOutbox } from '../../electron/main/ehr/outbox';
import { seedDemoVisits } from '../../electron/main/export/demo-data';
import { createServices } from '../../electron/main/services';
import { defaultDeps } from '../../electron/main/services/deps';
import { Sqlite } from '../../electron/main/store/sqlite';
import { startFhirServer } from '../support/fhir-server/engine';
import { startFaultProxy, type Fault } from '../support/fhir-server/fault-proxy';
import { testKeyPair } from '../support/fhir-server/keys';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isInteger(v) || v < 0) {
    console.error(`--${name} takes a whole number`);
    process.exit(2);
  }
  return v;
};
const VISITS = arg('visits', 200);
const KILLS = arg('kills', 3);
const CONCURRENCY = arg('concurrency', 4);
const ADDENDUM_EVERY = 10;
const PDF = process.argv.includes('--print-every-note') ? 'print' : 'reuse';
const BUNDLE = process.argv.includes('--bundle');
const log = (s: string) => console.log(s);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : null;
};

let seed = 0x2f6e2b1 ^ Date.now();
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
function randomFault(): Fault {
  const r = rnd();
  if (r < 0.1) return { kind: 'status', status: 500 };
  if (r < 0.17) return { kind: 'status', status: 429, retryAfterSeconds: rnd() < 0.5 ? 0 : 1 };
  if (r < 0.2) return { kind: 'stall' };
  if (r < 0.24) return { kind: 'drop-after' };
  if (r < 0.27) return { kind: 'drop-before' };
  return { kind: 'pass' };
}

const dir = mkdtempSync(join(tmpdir(), 'bptc-ehr-drill-'));
const file = join(dir, 'visits.sqlite');
const keys = testKeyPair('ES384');
const keyFile = join(dir, 'client-key.pem');
writeFileSync(keyFile, keys.privatePem, { mode: 0o600 });
const server = await startFhirServer({ clientId: 'bptc-drill', publicKey: keys.publicKey });
const proxy = await startFaultProxy({ target: new URL(server.baseUrl).origin, plan: (req) => (req.path.startsWith('/fhir/') ? randomFault() : { kind: 'pass' }) });
server.acceptAudience(`${proxy.origin}/token`);
let child: ChildProcess | null = null;

try {
  // 1. Sign N visits (the outbox hook on, as in the app with an EHR set up).
  {
    const { db } = openAppStore(file);
    const outbox = createOutbox(db);
    const services = createServices({ ...defaultDeps(db), ehrOutbox: { enabled: () => true, enqueue: (...a: Parameters<typeof outbox.enqueue>) => outbox.enqueue(...a) } });
    const today = new Date().toISOString().slice(0, 10);
    for (let i = 0; i < VISITS; i += 1) {
      const key = i % ADDENDUM_EVERY === 0 ? 'tier-E-addendum' : (['tier-B', 'tier-C', 'tier-D', 'tier-E-es'] as const)[i % 4]!;
      await seedDemoVisits(services, db, { today, nowIso: new Date().toISOString(), only: [key] });
      if ((i + 1) % 50 === 0) log(`signed ${i + 1}/${VISITS}`);
    }
    db.close();
  }

  // 2. Deliver, killing the delivering process mid-delivery KILLS times.
  const config = JSON.stringify({ db: file, base: `${proxy.origin}/fhir`, tokenUrl: `${proxy.origin}/token`, clientId: 'bptc-drill', keyFile, scope: 'system/DocumentReference.cruds system/Bundle.c', concurrency: CONCURRENCY, pdf: PDF, bundle: BUNDLE });
  const startChild = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      const c = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'ehr-worker.ts'), config], { stdio: ['ignore', 'pipe', 'inherit'] });
      c.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve(c);
      });
      c.on('error', reject);
    });
  const watch = new Sqlite(file, { readonly: true });
  const counts = () => Object.fromEntries((watch.prepare(`SELECT state, COUNT(*) AS n FROM ehr_outbox GROUP BY state`).all() as { state: string; n: number }[]).map((r) => [r.state, r.n])) as Record<string, number>;
  const total = (watch.prepare(`SELECT COUNT(*) AS n FROM ehr_outbox`).get() as { n: number }).n;
  child = await startChild();
  let kills = 0;
  let killsMidDelivery = 0;
  const started = Date.now();
  const deadline = started + 30 * 60_000;
  while (Date.now() < deadline) {
    const c = counts();
    const sent = c.sent ?? 0;
    if (sent === total) break;
    if ((c.failed ?? 0) > 0) throw new Error(`${c.failed} deliveries were refused by the EHR`);
    if (kills < KILLS && sent >= ((kills + 1) * total) / (KILLS + 2) && (c.sending ?? 0) > 0) {
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      kills += 1;
      killsMidDelivery += 1;
      log(`killed the delivering process with ${c.sending} deliveries in flight (${sent}/${total} sent); restarting`);
      child = await startChild();
    }
    await sleep(100);
  }
  const elapsed = Date.now() - started;
  child.kill('SIGTERM');
  await new Promise((r) => child!.once('exit', r));
  child = null;

  // 3. Judge from the EHR's side and the outbox.
  const rows = watch.prepare(`SELECT visit_id, version, state, remote_id, enqueued_at, sent_at, attempts FROM ehr_outbox`).all() as {
    visit_id: string;
    version: number;
    state: string;
    remote_id: string | null;
    enqueued_at: string;
    sent_at: string | null;
    attempts: number;
  }[];
  const signedVisits = (watch.prepare(`SELECT id FROM visits WHERE status = 'signed'`).all() as { id: string }[]).map((r) => r.id);
  watch.close();
  const docs = (await server.repo.search({ resourceType: 'DocumentReference', count: 100_000 })).entry?.map((e) => e.resource as unknown as { id: string; identifier?: { value?: string }[]; relatesTo?: { target?: { reference?: string } }[] }) ?? [];
  const bundles = (await server.repo.search({ resourceType: 'Bundle', count: 100_000 })).entry?.length ?? 0;
  const byIdentifier = new Map<string, string[]>();
  for (const d of docs) {
    const v = d.identifier?.[0]?.value ?? '?';
    byIdentifier.set(v, [...(byIdentifier.get(v) ?? []), d.id]);
  }
  const duplicates = [...byIdentifier.values()].reduce((n, ids) => n + ids.length - 1, 0);
  let lost = 0;
  let delivered = 0;
  let badReplaces = 0;
  for (const visitId of signedVisits) {
    const mine = rows.filter((r) => r.visit_id === visitId);
    const ok = mine.length > 0 && mine.every((r) => r.state === 'sent' && byIdentifier.get(`${visitId}.v${r.version}`)?.includes(r.remote_id!));
    if (ok) delivered += 1;
    else lost += 1;
    for (const r of mine.filter((x) => x.version > 1)) {
      const prev = mine.find((x) => x.version === r.version - 1);
      const doc = docs.find((d) => d.id === r.remote_id);
      if (!prev || doc?.relatesTo?.[0]?.target?.reference !== `DocumentReference/${prev.remote_id}`) badReplaces += 1;
    }
  }
  const latencies = rows.filter((r) => r.sent_at).map((r) => Date.parse(r.sent_at!) - Date.parse(r.enqueued_at));
  log(`faults injected: ${JSON.stringify(proxy.counts)}; token requests ${server.stats.tokensIssued}; attempts ${rows.reduce((n, r) => n + r.attempts, 0)} for ${rows.length} documents; ${bundles} Bundles; ${elapsed} ms`);
  if (server.stats.invalidIssues.length) log(`invalid: ${[...new Set(server.stats.invalidIssues)].slice(0, 5).join(' | ')}`);
  console.log(
    JSON.stringify({
      visits: signedVisits.length,
      delivered,
      duplicates,
      lost,
      invalid_resources: server.stats.invalid,
      delivery_p50_ms: median(latencies),
      documents: rows.length,
      replaces_wrong: badReplaces,
      kills_mid_delivery: killsMidDelivery,
      pdf: PDF === 'print' ? 'each note printed' : 'one printed note reused',
      bundles_sent: BUNDLE,
      faults: proxy.counts,
      elapsed_ms: elapsed,
    }),
  );
} finally {
  if (child) child.kill('SIGKILL');
  await proxy.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
