/**
 * npm run bench:store — the visit store's numbers (issue 3, item 10).
 * Human-readable lines first; the last line is one JSON object.
 *
 * Files live in the OS temp folder on a real disk, so "durable" means an
 * fsync per commit (WAL, synchronous=FULL), as in the app.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/main/store/database';
import { syncActiveCatalog } from '../../electron/main/store/catalog';
import { createServices } from '../../electron/main/services';
import { defaultDeps } from '../../electron/main/services/deps';
import { runKillTrials } from '../support/kill-harness';
import { appendAudit } from '../../electron/main/store/audit';
import { seedVisits, seededName } from '../support/seed';

const WRITES = Number(process.env.BENCH_WRITES ?? 600);
const VISITS = 100_000;
const PATIENTS = 25_000;
const QUERY_RUNS = 500;
const KILL_TRIALS = Number(process.env.BENCH_KILL_TRIALS ?? 20);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number) => Math.round(n * 1000) / 1000;
const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function setupVisit(file: string) {
  const db = openDatabase(file);
  const services = createServices({ ...defaultDeps(db), newId: randomUUID });
  syncActiveCatalog(db, 'bench', ['flag-a', 'flag-b']);
  const clinician = await services.clinicians.create({ displayName: 'Dr. Bench', credentials: 'MD', passcode: 'bench passcode' });
  const patient = await services.patients.create({
    childName: 'Bench Child',
    dateOfBirth: '2015-03-03',
    sex: 'unknown',
    weightKg: 30,
    guardianName: 'Bench Guardian',
    guardianPhone: '+1 555 0100',
  });
  const visit = await services.visits.schedule({ patientId: patient.id, scheduledStart: new Date().toISOString(), durationMinutes: 20 }, clinician.id);
  for (const s of ['waiting', 'in_progress'] as const) await services.record.setStatus(visit.id, s, clinician.id);
  return { db, services, visitId: visit.id, clinicianId: clinician.id };
}

async function benchWrites(dir: string) {
  const { db, services, visitId, clinicianId } = await setupVisit(join(dir, 'writes.sqlite'));
  // The raw baseline (issue 15): what the service writes, without the service — the same observation row plus
  // its audit row, chained and keyed with the same hashing (store/audit.ts), in one transaction.
  const insertRaw = db.prepare(
    `INSERT INTO observations (id, visit_id, maneuver_id, result, side, pain_score, pain_scale, note, retracted, author, observed_at, version, updated_at, updated_by)
     VALUES (?, ?, 'forward-bend', 'abnormal', 'midline', 5, 'nrs-11', 'Stops halfway, points to the lower back', 0, ?, ?, 1, ?, ?)`,
  );
  const raw = {
    run: db.transaction((id: string, visit: string, by: string, at: string) => {
      insertRaw.run(id, visit, by, at, at, by);
      appendAudit(db, { actor: by, action: 'visit.change', entity: 'observation', entityId: id, at, detail: { visitId: visit, change: 'added' } });
    }),
  };
  const ours: number[] = [];
  const rawTimes: number[] = [];
  // warm-up
  for (let i = 0; i < 20; i += 1) {
    await services.record.addObservation(visitId, { maneuverId: 'forward-bend', result: 'abnormal', side: 'midline', painScore: 5, painScale: 'nrs-11', note: 'warm-up' }, clinicianId);
    raw.run(randomUUID(), visitId, clinicianId, new Date().toISOString());
  }
  // Interleaved, so both paths see the same disk and cache conditions.
  for (let i = 0; i < WRITES; i += 1) {
    let t = performance.now();
    await services.record.addObservation(
      visitId,
      { maneuverId: 'forward-bend', result: 'abnormal', side: 'midline', painScore: 5, painScale: 'nrs-11', note: 'Stops halfway, points to the lower back' },
      clinicianId,
    );
    ours.push(performance.now() - t);
    t = performance.now();
    raw.run(randomUUID(), visitId, clinicianId, new Date().toISOString());
    rawTimes.push(performance.now() - t);
  }
  db.close();
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const oursPerSec = (WRITES / sum(ours)) * 1000;
  const rawPerSec = (WRITES / sum(rawTimes)) * 1000;
  const s = sortNum(ours);
  const r = sortNum(rawTimes);
  console.log(`durable single-observation write (service, with audit row), n=${WRITES}: p50 ${pct(s, 50).toFixed(3)} ms, p99 ${pct(s, 99).toFixed(3)} ms, ${oursPerSec.toFixed(0)}/s`);
  console.log(`raw baseline (same row + its audit row, same hashing, one transaction), n=${WRITES}: p50 ${pct(r, 50).toFixed(3)} ms, p99 ${pct(r, 99).toFixed(3)} ms, ${rawPerSec.toFixed(0)}/s`);
  return { p50: pct(s, 50), p99: pct(s, 99), ratio: oursPerSec / rawPerSec, rawP50: pct(r, 50) };
}

async function benchQueries(dir: string) {
  const db = openDatabase(join(dir, 'list.sqlite'));
  const services = createServices(defaultDeps(db));
  let t = performance.now();
  seedVisits(db, { patients: PATIENTS, visits: VISITS });
  console.log(`seeded ${VISITS} visits for ${PATIENTS} patients in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const time = async (fn: () => Promise<unknown>) => {
    const xs: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i += 1) {
      t = performance.now();
      await fn();
      xs.push(performance.now() - t);
    }
    return sortNum(xs);
  };
  const first = await time(() => services.visits.list({}));
  const byStatus = await time(() => services.visits.list({ status: 'awaiting_decision' }));
  // A mix of searches: one child's full name, a surname, a common fragment, two letters, and no match.
  const terms = [seededName(12_345).toLowerCase(), 'okafor', 'ia ', 'mü', 'no such child', seededName(7).slice(0, 8), 'garcía-4'];
  let k = 0;
  const search = await time(() => services.visits.list({ search: terms[k++ % terms.length]! }));
  db.close();
  console.log(`visit list, first page (50), ${VISITS} visits: p50 ${pct(first, 50).toFixed(3)} ms, p99 ${pct(first, 99).toFixed(3)} ms`);
  console.log(`visit list filtered by status: p50 ${pct(byStatus, 50).toFixed(3)} ms, p99 ${pct(byStatus, 99).toFixed(3)} ms`);
  console.log(`patient-name search (${terms.length} kinds of term): p50 ${pct(search, 50).toFixed(3)} ms, p99 ${pct(search, 99).toFixed(3)} ms`);
  return { first: pct(first, 99), status: pct(byStatus, 99), search: pct(search, 99) };
}

async function benchKills(dir: string) {
  const file = join(dir, 'kill.sqlite');
  const { db, visitId, clinicianId } = await setupVisit(file);
  db.close();
  const t = performance.now();
  const summary = await runKillTrials({ file, visitId, clinicianId, trials: KILL_TRIALS, seed: Date.now() | 0 });
  console.log(
    `kill -9 trials: ${summary.trials}, acknowledged writes ${summary.ackedWrites}, lost ${summary.ackedWritesLost}, ` +
      `integrity failures ${summary.integrityFailures}, unclean reopenings ${summary.uncleanShutdowns} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
  return summary;
}

const dir = mkdtempSync(join(tmpdir(), 'bptc-bench-'));
try {
  const writes = await benchWrites(dir);
  const queries = await benchQueries(dir);
  const kills = await benchKills(dir);
  console.log(
    JSON.stringify({
      write_p50_ms: round(writes.p50),
      write_p99_ms: round(writes.p99),
      throughput_ratio_vs_raw: round(writes.ratio),
      list_first_page_p99_ms: round(queries.first),
      name_search_p99_ms: round(queries.search),
      kill_trials: kills.trials,
      acked_writes_lost: kills.ackedWritesLost,
      raw_write_p50_ms: round(writes.rawP50),
      status_filter_p99_ms: round(queries.status),
      kill_acked_writes: kills.ackedWrites,
      kill_integrity_failures: kills.integrityFailures,
      visits: VISITS,
      writes: WRITES,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
