/**
 * Fuzzes every IPC channel's handler through the real dispatcher and store:
 * valid payloads, payloads with one thing wrong (a key dropped or added, a
 * value replaced, a string made huge) and arbitrary values. A failure is a
 * thrown exception, a result that is not an envelope, an INTERNAL error (an
 * unexpected path), an unhandled rejection, or any change to the store by a
 * request that was refused. Shared by tests/security/ipc-fuzz.test.ts and
 * `npm run security:report`.
 */
import fc from 'fast-check';
import type { Database } from 'better-sqlite3';
import { openAppStore } from '../../electron/main/app-store';
import { createServices, type Services } from '../../electron/main/services';
import { createHandlers } from '../../electron/main/ipc/handlers';
import { fixedClock } from '../../electron/main/services/deps';
import { createDispatcher } from '../../electron/main/ipc/dispatch';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/ipc/contract';
import { sequentialIds, tempDbFile, validPatient } from './db';

export interface FuzzReport {
  cases: number;
  failures: number;
  perChannel: Record<string, { cases: number; failures: number }>;
  examples: string[];
}

const PASS = 'fuzz-passcode-1';

/** A fingerprint that changes when any row is added, removed or revised. */
function fingerprint(db: Database): string {
  const tables = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'patient_names%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
  return tables
    .map((t) => {
      const cols = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map((c) => c.name);
      const version = cols.includes('version') ? ', total(version)' : '';
      const row = db.prepare(`SELECT count(*) AS n${version ? `${version} AS v` : ''} FROM "${t}"`).get() as { n: number; v?: number };
      return `${t}:${row.n}:${row.v ?? ''}`;
    })
    .join('|');
}

async function seed(services: Services) {
  const status = await services.session.setup({ displayName: 'Dr Fuzz', credentials: 'MD', passcode: PASS });
  const patient = await services.patients.create(validPatient);
  const visit = await services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T09:00:00Z', durationMinutes: 20 });
  return { clinicianId: status.current!.id, patientId: patient.id, visitId: visit.id };
}

/** One plausible, valid request per channel (channels not listed get `{}`). */
function samples(ids: { clinicianId: string; patientId: string; visitId: string }): Partial<Record<ChannelName, Record<string, unknown>>> {
  const { visitId, patientId, clinicianId } = ids;
  return {
    'patients:create': { ...validPatient },
    'patients:list': { search: 'mia' },
    'patients:get': { patientId },
    'patients:painHistory': { patientId },
    'visits:schedule': { patientId, scheduledStart: '2026-12-01T09:00:00Z', durationMinutes: 20, reason: 'back pain' },
    'visits:list': { status: 'scheduled', limit: 10 },
    'session:unlock': { clinicianId, passcode: 'wrong-passcode' },
    'session:setup': { displayName: 'X', credentials: '', passcode: 'another-one' },
    'visits:open': { visitId },
    'visits:attachEstimate': {
      visitId, maneuverId: 'lumbar-flexion', measure: 'forward-bend-trunk-angle', value: 40, unit: 'degrees', confidence: 0.9, model: 'MediaPipe Pose',
      summary: { frames: 20, spanMs: 1000, meanVisibility: 0.9, keyFrame: { t: 0, aspect: 1.5, points: { left_hip: [0.5, 0.5] } } },
    },
    'visits:estimates': { visitId },
    'visits:retractEstimate': { visitId, estimateId: visitId, reason: 'Child was half turned.' },
    'visits:setStatus': { visitId, status: 'waiting' },
    'observations:record': { visitId, maneuverId: 'gait', values: { result: 'normal' } },
    'flags:assess': { visitId, flagId: 'fever', state: 'absent' },
    'flags:confirmFamilyAnswers': { visitId },
    'observations:skipNotExamined': { visitId, reason: 'Child too tired to continue.' },
    'visits:decide': { visitId, tier: 'C', familyTold: 'Come in tomorrow.' },
    'plans:save': { visitId, adviceIds: [], analgesia: [], followUp: {}, bodyMap: ['mid-back'] },
    'visits:sign': { visitId },
    'addenda:add': { visitId, reason: 'r', text: 't' },
    'intakes:correct': { visitId, answers: { onsetDate: '2026-11-20', warningSigns: { fever: 'no' } } },
    'visits:createJoinLink': { visitId },
    'calls:recordCheck': { visitId, childLocation: 'Home, 12 Elm Street', callbackPhone: '+1 555 010 2000' },
    'visits:sendJoinLink': { visitId, via: 'sms', url: `https://clinic.example/join#t=${'T'.repeat(43)}` },
    'visits:previousFindings': { visitId },
    'patients:visitHistory': { patientId },
    'visits:compare': { firstVisitId: visitId, secondVisitId: visitId },
  };
}

/** A valid sample with exactly one thing wrong, or an arbitrary value. */
function payloadArbitrary(sample: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(sample);
  const mutated = fc
    .tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom(...(keys.length ? keys : ['x'])), fc.anything(), fc.string({ maxLength: 20 }))
    .map(([op, key, value, newKey]) => {
      const copy: Record<string, unknown> = { ...sample };
      if (op === 0) delete copy[key];
      else if (op === 1) copy[`${newKey}_extra`] = value;
      else if (op === 2) copy[key] = value;
      else if (op === 3) copy[key] = 'x'.repeat(20_000);
      else copy[key] = { nested: { deeper: [copy[key], value] } };
      return copy;
    });
  return fc.oneof(
    { arbitrary: fc.constant(sample), weight: 1 },
    { arbitrary: mutated, weight: 6 },
    { arbitrary: fc.anything({ maxDepth: 3 }), weight: 3 },
  );
}

export async function runIpcFuzz(options: { casesPerChannel: number; seed?: number }): Promise<FuzzReport> {
  const tmp = tempDbFile();
  const { db } = openAppStore(tmp.file);
  const services = createServices({ db, clock: fixedClock('2026-11-27T10:00:00.000Z'), newId: sequentialIds(42) });
  const ids = await seed(services);
  const dispatch = createDispatcher({
    appOrigin: 'app://console',
    handlers: createHandlers(services, { appName: 'x', appVersion: '0', contentVersion: null }),
  });
  const sender = { frameUrl: 'app://console/index.html', isTopFrame: true, isKnownWindow: true };
  const table = samples(ids);
  const report: FuzzReport = { cases: 0, failures: 0, perChannel: {}, examples: [] };
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    for (const channel of CHANNEL_NAMES) {
      // Locking would only turn later cases into LOCKED answers; it is fuzzed with refused payloads only.
      const sample = table[channel] ?? {};
      const arb = channel === 'session:lock' ? fc.anything({ maxDepth: 3 }).filter((v) => JSON.stringify(v) !== '{}') : payloadArbitrary(sample);
      const stats = { cases: 0, failures: 0 };
      const payloads = fc.sample(arb, { numRuns: options.casesPerChannel, seed: options.seed ?? 20261127 });
      for (const payload of payloads) {
        stats.cases += 1;
        const before = fingerprint(db);
        let problem: string | null = null;
        try {
          const result = await dispatch(sender, channel, payload);
          if (!result || typeof result !== 'object' || typeof (result as { ok?: unknown }).ok !== 'boolean') problem = 'not an envelope';
          else if (!result.ok && result.error.code === 'INTERNAL') problem = 'INTERNAL';
          else if (!result.ok && fingerprint(db) !== before) problem = `refused (${result.error.code}) but the store changed`;
        } catch (error) {
          problem = `threw ${(error as Error)?.name ?? typeof error}`;
        }
        if (problem) {
          stats.failures += 1;
          if (report.examples.length < 10) report.examples.push(`${channel}: ${problem}: ${JSON.stringify(payload)?.slice(0, 200)}`);
        }
      }
      report.perChannel[channel] = stats;
      report.cases += stats.cases;
      report.failures += stats.failures;
    }
    await new Promise((r) => setTimeout(r, 10));
    if (unhandled.length) {
      report.failures += unhandled.length;
      report.examples.push(`${unhandled.length} unhandled rejection(s)`);
    }
  } finally {
    process.off('unhandledRejection', onUnhandled);
    db.close();
    tmp.cleanup();
  }
  return report;
}
