/**
 * Bricking inputs (issue 14, item 1): generated stored records — any intake
 * and finding values the schemas accept, dates anywhere from 1900 to 2100,
 * and what older versions wrote (unknown keys, retired answers, findings for
 * values since removed, intakes that are not even objects) — stored in a
 * real SQLite file through the store's own repositories, then every room,
 * gate and export path is run through the real dispatcher. Any INTERNAL, any
 * throw, is a failure. Used by tests/security/bricking.test.ts and by
 * `npm run security:report` (bricking_inputs_tried / bricking_inputs_failed).
 */
import fc from 'fast-check';
import { openAppStore } from '../../electron/main/app-store';
import { createServices } from '../../electron/main/services';
import { createHandlers } from '../../electron/main/ipc/handlers';
import { fixedClock } from '../../electron/main/services/deps';
import { createDispatcher } from '../../electron/main/ipc/dispatch';
import { createIntakeRepository } from '../../electron/main/store/intakes';
import { buildExportModel } from '../../electron/main/export/model';
import { familyHtml, noteHtml } from '../../electron/main/export/html';
import { buildFhirBundle } from '../../electron/main/export/fhir';
import { clinicalContent, WARNING_SIGN_IDS, type Maneuver } from '../../shared/clinical';
import { sequentialIds, tempDbFile, validPatient } from '../support/db';

const NOW = '2026-11-27T10:00:00.000Z';
const TODAY = NOW.slice(0, 10);
const SENDER = { frameUrl: 'app://console/index.html', isTopFrame: true, isKnownWindow: true };

const calendarDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
/** Dates near today and the child's birth are where the edge cases are. */
const interestingDate = fc.oneof(
  calendarDate,
  fc.integer({ min: -4000, max: 400 }).map((days) => new Date(Date.parse(NOW) + days * 86_400_000).toISOString().slice(0, 10)),
  fc.constantFrom(TODAY, '2026-11-28', validPatient.dateOfBirth, '2016-04-11'),
);

const painScore = fc.oneof(
  ...clinicalContent.painScales.scales.map((s) => fc.constantFrom(...s.scores).map((score) => ({ scale: s.id, score }))),
);
const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constant(''));

/** An intake this version's schema accepts. */
const currentIntake = fc.record(
  {
    symptoms: text,
    onsetDate: interestingDate,
    betterWorse: text,
    medicines: text,
    questions: text,
    painScore,
    warningSigns: fc.dictionary(fc.constantFrom(...WARNING_SIGN_IDS), fc.constantFrom('yes', 'no', 'unsure'), { maxKeys: WARNING_SIGN_IDS.length }),
  },
  { requiredKeys: ['warningSigns'] },
);
/** What another version could have stored: extra keys, retired answers, other shapes. */
const olderIntake = fc.oneof(
  currentIntake.chain((i) => fc.record({ extra: fc.string({ maxLength: 12 }), value: fc.jsonValue({ maxDepth: 2 }) }).map(({ extra, value }) => ({ ...i, [`old_${extra}`]: value }))),
  currentIntake.map((i) => ({ ...i, warningSigns: { ...i.warningSigns, 'retired-question': 'yes', fever: 'maybe' } })),
  currentIntake.map((i) => ({ ...i, onsetDate: `${i.onsetDate ?? '2026-01-01'}T00:00:00Z`, painScore: { scale: 'VAS', score: 55 } })),
  fc.jsonValue({ maxDepth: 3 }),
);

const MANEUVERS = clinicalContent.maneuvers.maneuvers;

function fieldValue(f: Maneuver['fields'][number]): fc.Arbitrary<unknown> {
  if (f.kind === 'choice') return fc.constantFrom(...f.values);
  if (f.kind === 'number') return fc.double({ min: f.min, max: f.max, noNaN: true });
  return text;
}
/** A finding this version accepts for the maneuver, or one an older checklist allowed. */
function findingFor(m: Maneuver): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of m.fields) shape[f.id] = fieldValue(f);
  if (m.pain) shape.pain = painScore;
  shape.note = text;
  const current = fc.record(shape, { requiredKeys: m.fields.filter((f) => f.required).map((f) => f.id) });
  return fc.oneof(
    { arbitrary: current, weight: 3 },
    { arbitrary: current.map((v) => ({ ...v, [m.fields[0]!.id]: 'retired_value' })), weight: 1 },
    { arbitrary: current.map((v) => ({ ...v, removedField: 3 })), weight: 1 },
    { arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 10 }), fc.double(), fc.boolean(), fc.constant(null)), { maxKeys: 4 }), weight: 1 },
  );
}
const findings = fc.uniqueArray(fc.constantFrom(...MANEUVERS), { maxLength: 5, selector: (m) => m.id }).chain((ms) =>
  ms.length === 0 ? fc.constant([] as { maneuverId: string; fields: Record<string, unknown> }[]) : fc.tuple(...ms.map((m) => findingFor(m).map((fields) => ({ maneuverId: m.id, fields })))),
);

export const storedVisit = fc.record({
  dateOfBirth: fc.oneof(
    { arbitrary: fc.constant(validPatient.dateOfBirth), weight: 3 },
    { arbitrary: interestingDate, weight: 1 },
    // What the column's own check (GLOB NNNN-NN-NN) lets through, from a script or an older build.
    { arbitrary: fc.constantFrom('2016-02-30', '2015-13-01', '0000-00-00'), weight: 1 },
  ),
  weightKg: fc.oneof(fc.constant(31.5), fc.double({ min: 0.5, max: 250, noNaN: true })),
  intake: fc.option(fc.oneof({ arbitrary: currentIntake, weight: 3 }, { arbitrary: olderIntake, weight: 2 }), { nil: undefined }),
  findings,
  assessments: fc.uniqueArray(
    fc.record({ flagId: fc.constantFrom(...clinicalContent.redFlags.flags.map((f) => f.id)), state: fc.constantFrom('present', 'absent', 'could_not_assess' as const) }),
    { maxLength: 4, selector: (a) => a.flagId },
  ),
  /** A plan as the store accepts it (shared/domain/record-input.ts PlanInput), which is wider than the room's form. */
  plan: fc.option(
    fc.record({
      advice: fc.array(fc.oneof(fc.constantFrom(...clinicalContent.familyAdvice.homeCare.map((h) => h.id)), fc.string({ minLength: 1, maxLength: 20 })), { maxLength: 3 }),
      analgesia: fc.array(
        fc.record({
          drug: fc.constantFrom('acetaminophen', 'ibuprofen', 'naproxen'),
          doseMg: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
          mgPerKg: fc.option(fc.double({ min: 0.01, max: 1000, noNaN: true }), { nil: null }),
          intervalHours: fc.double({ min: 0.01, max: 1000, noNaN: true }),
          maxDosesPer24h: fc.integer({ min: 1, max: 1000 }),
          productId: fc.option(fc.constantFrom(...clinicalContent.analgesics.products.map((p) => p.id), 'no-such-syrup'), { nil: null }),
          doseMl: fc.option(fc.double({ min: 0.01, max: 1e4, noNaN: true }), { nil: null }),
          stopAfterDays: fc.option(fc.integer({ min: 1, max: 365 }), { nil: null }),
          note: fc.option(fc.oneof(text, fc.constant('Some syrup: 999 mL per dose.')), { nil: null }),
        }),
        { maxLength: 3 },
      ),
      followUp: fc.record({ when: fc.option(text, { nil: null }), withWhom: fc.option(text, { nil: null }), instructions: fc.option(text, { nil: null }) }),
      bodyMap: fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { maxLength: 3 }),
    }),
    { nil: undefined },
  ),
  decide: fc.option(fc.constantFrom('A', 'B', 'C', 'D', 'E' as const), { nil: undefined }),
  trySign: fc.boolean(),
});
export type StoredVisit = typeof storedVisit extends fc.Arbitrary<infer T> ? T : never;

export interface BrickingReport {
  tried: number;
  failed: number;
  examples: string[];
}

/** Store `count` generated visits and run every path on each; returns what failed. */
export async function runBricking(options: { count: number; seed?: number }): Promise<BrickingReport> {
  const tmp = tempDbFile();
  const { db } = openAppStore(tmp.file);
  const clock = fixedClock(NOW);
  const services = createServices({ db, clock, newId: sequentialIds(141) });
  const status = await services.session.setup({ displayName: 'Dr Brick', credentials: 'MD', passcode: 'correct-horse-42' });
  const actor = status.current!.id;
  let lastLog = '';
  const dispatch = createDispatcher({
    appOrigin: 'app://console',
    handlers: createHandlers(services, { appName: 'x', appVersion: '0', contentVersion: null }),
    log: (e) => {
      lastLog = e.detail ?? e.code;
    },
  });
  const intakes = createIntakeRepository(db);
  const report: BrickingReport = { tried: 0, failed: 0, examples: [] };

  async function one(v: StoredVisit): Promise<string | null> {
    const patient = await services.patients.create(validPatient);
    const visit = await services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T09:30:00Z', durationMinutes: 20 });
    const visitId = visit.id;
    // Stored the way an older build could have: straight through the repositories, past today's checks at the door.
    db.prepare(`UPDATE patients SET date_of_birth = ?, weight_kg = ? WHERE id = ?`).run(v.dateOfBirth, v.weightKg, patient.id);
    if (v.intake !== undefined) {
      const json = JSON.stringify(v.intake);
      if (json !== undefined && json.length <= 20_000) intakes.saveIntake(visitId, json, 'en', 'family');
    }
    for (const f of v.findings) {
      await services.record
        .addObservation(visitId, { maneuverId: f.maneuverId, result: 'abnormal', side: 'not_applicable', painScore: null, painScale: null, note: null, fields: f.fields as never }, actor)
        .catch(() => undefined); // the store refused it: not a record anyone could have stored
    }
    for (const a of v.assessments) {
      await services.record.assessFlag(visitId, { flagId: a.flagId, state: a.state, source: 'clinician', note: null }, actor).catch(() => undefined);
    }
    if (v.plan) await services.record.savePlan(visitId, v.plan as never, actor).catch(() => undefined);
    const calls: [string, unknown][] = [
      ['visits:peek', { visitId }],
      ['visits:open', { visitId }],
      ['patients:painHistory', { patientId: patient.id }],
      ['patients:get', { patientId: patient.id }],
      ['patients:list', {}],
      ['visits:list', {}],
      ['observations:record', { visitId, maneuverId: 'gait', values: { result: 'normal' } }],
      ['flags:assess', { visitId, flagId: 'fever', state: 'absent' }],
      ...(v.decide ? ([['visits:decide', { visitId, tier: v.decide, rationale: 'Generated.', familyTold: 'Generated.' }]] as [string, unknown][]) : []),
      ['plans:save', { visitId, adviceIds: [], analgesia: [], followUp: {}, bodyMap: [] }],
      // Issue 13's steps before signing: the family's answers gone over, the movements not examined given a reason.
      ['flags:confirmFamilyAnswers', { visitId }],
      ['observations:skipNotExamined', { visitId, reason: 'Generated: not examined.' }],
      ...(v.trySign ? ([['visits:sign', { visitId }]] as [string, unknown][]) : []),
      ['visits:peek', { visitId }],
    ];
    for (const [channel, payload] of calls) {
      const result = await dispatch(SENDER, channel, payload);
      if (!result.ok && result.error.code === 'INTERNAL') return `${channel} answered INTERNAL (${lastLog})`;
    }
    try {
      const m = buildExportModel(await services.record.getVisitRecord(visitId), { clinicians: await services.clinicians.list(), now: clock.now(), today: clock.today(), timeZone: 'UTC' });
      noteHtml(m);
      familyHtml(m, 'en');
      familyHtml(m, 'es');
      JSON.stringify(buildFhirBundle(m));
    } catch (error) {
      return `export threw ${(error as Error)?.name ?? typeof error}`;
    }
    return null;
  }

  try {
    const samples = fc.sample(storedVisit, { numRuns: options.count, seed: options.seed ?? 20261203 });
    for (const v of samples) {
      report.tried += 1;
      let problem: string | null;
      try {
        problem = await one(v);
      } catch (error) {
        problem = `threw ${(error as Error)?.name ?? typeof error}: ${(error as Error)?.message ?? ''}`;
      }
      if (problem) {
        report.failed += 1;
        if (report.examples.length < 5) report.examples.push(`${problem}: ${JSON.stringify(v).slice(0, 400)}`);
      }
    }
  } finally {
    db.close();
    tmp.cleanup();
  }
  return report;
}
