/**
 * The close gate is written once (shared/clinical/gate.ts, read over a stored
 * record by shared/clinical/stored-gate.ts) and guarded again by SQL triggers
 * (0006, 0015, 0018). Generated records, written through the real services
 * into a real SQLite file with every migration, show the two agree on
 * whether a visit can be signed: the service's gate says ok exactly when a
 * raw UPDATE to signed gets past the triggers. The records cover flags not
 * screened, present, absent and could not assess from every source (the
 * family's "no" included), a flag the catalog no longer lists, decisions of
 * every tier with and without a rationale, the call check, and movements
 * examined, struck out or never examined.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clinicalContent, FAMILY_CONFIRMED_NOTE, MOVEMENTS, storeCatalogOf } from '../../../shared/clinical';
import { openAppStore } from '../../../electron/main/app-store';
import { activeCatalog, syncActiveCatalog } from '../../../electron/main/store/catalog';
import { openTestStore, tempDbFile, validPatient, TEST_NOW } from '../../support/db';

const FLAGS = [
  { id: 'flag-cauda', label: 'Saddle numbness', tier: 'A' as const },
  { id: 'flag-fever', label: 'Fever', tier: 'C' as const },
  { id: 'flag-untiered', label: 'A flag synced before tiers', tier: null },
];
const MOVES = [
  { id: 'gait', title: 'Gait' },
  { id: 'squat-rise', title: 'Squat and rise' },
];
const NOT_LISTED = 'flag-retired';

type Assessment = { state: 'present' | 'absent' | 'could_not_assess'; source: 'family_intake' | 'observation' | 'derived' | 'clinician'; confirmed: boolean } | null;

const assessment: fc.Arbitrary<Assessment> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 5,
    arbitrary: fc.record({
      state: fc.constantFrom('present' as const, 'absent' as const, 'absent' as const, 'could_not_assess' as const),
      source: fc.constantFrom('clinician' as const, 'clinician' as const, 'family_intake' as const, 'observation' as const, 'derived' as const),
      confirmed: fc.boolean(),
    }),
  },
);

const generatedRecord = fc.record({
  flags: fc.tuple(assessment, assessment, assessment),
  retired: fc.oneof(fc.constant(null), fc.constantFrom('present' as const, 'absent' as const, 'could_not_assess' as const)),
  decision: fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 4, arbitrary: fc.record({ tier: fc.constantFrom('A' as const, 'B' as const, 'C' as const, 'D' as const, 'E' as const), rationale: fc.constantFrom(null, 'Reviewed with the family; safety net given.') }) },
  ),
  callCheck: fc.boolean(),
  movements: fc.tuple(...MOVES.map(() => fc.constantFrom('examined' as const, 'examined' as const, 'retracted' as const, 'none' as const))),
});

let store: ReturnType<typeof openTestStore>;
let clinicianId = '';
let patientId = '';

beforeAll(async () => {
  store = openTestStore();
  syncActiveCatalog(store.db, 'agree-1', FLAGS, new Date(TEST_NOW), MOVES);
  clinicianId = (await store.services.clinicians.create({ displayName: 'Dr. Gate', credentials: 'MD', passcode: 'correct horse 42' })).id;
  patientId = (await store.services.patients.create(validPatient)).id;
});
afterAll(() => store?.close());

describe('the shared close gate and the SQL triggers', () => {
  it('agree on whether a generated visit can be signed', async () => {
    const seen = { signed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(generatedRecord, async (g) => {
        const { services, db } = store;
        const r = services.record;
        const visit = await services.visits.schedule({ patientId, scheduledStart: '2026-11-27T11:00:00Z', durationMinutes: 20 }, clinicianId);
        for (const step of ['waiting', 'in_progress', 'awaiting_decision'] as const) await r.setStatus(visit.id, step, clinicianId);
        const write = async (flagId: string, a: NonNullable<Assessment>) => {
          const actor = a.source === 'clinician' ? clinicianId : a.source === 'family_intake' ? 'family' : 'system';
          const note = a.source === 'clinician' && a.state === 'absent' && a.confirmed ? FAMILY_CONFIRMED_NOTE : null;
          await r.assessFlag(visit.id, { flagId, state: a.state, source: a.source, note }, actor);
        };
        for (const [i, a] of g.flags.entries()) if (a) await write(FLAGS[i]!.id, a);
        if (g.retired) await write(NOT_LISTED, { state: g.retired, source: 'clinician', confirmed: false });
        if (g.decision) await r.decide(visit.id, { tier: g.decision.tier, rationale: g.decision.rationale, familyTold: 'Told.' }, clinicianId);
        if (g.callCheck) services.callChecks.record({ visitId: visit.id, childLocation: 'At home', callbackPhone: '+1 555 010 0001' }, clinicianId);
        for (const [i, m] of g.movements.entries()) {
          if (m === 'none') continue;
          const o = await r.addObservation(visit.id, { maneuverId: MOVES[i]!.id, result: 'normal', side: 'not_applicable' }, clinicianId);
          if (m === 'retracted') await r.retractObservation(o.id, clinicianId);
        }

        const gate = await r.gateStatus(visit.id);
        let signedBySql = true;
        try {
          db.prepare(`UPDATE visits SET status = 'signed', signed_at = ?, signed_by = ? WHERE id = ?`).run(TEST_NOW, clinicianId, visit.id);
        } catch (error) {
          expect(String((error as Error).message)).toMatch(/^close gate:/);
          signedBySql = false;
        }
        seen[signedBySql ? 'signed' : 'refused'] += 1;
        expect({ signedBySql, reasons: gate.reasons }).toEqual({ signedBySql: gate.ok, reasons: gate.reasons });
      }),
      { numRuns: 150, seed: 15_0002 },
    );
    // The generator reaches both answers often enough for the agreement to mean something.
    expect(seen.signed).toBeGreaterThan(5);
    expect(seen.refused).toBeGreaterThan(5);
  });
});

describe('the catalog the triggers read', () => {
  it('is synced from the clinical content with every flag\'s tier and every checklist movement', () => {
    const tmp = tempDbFile();
    const { db } = openAppStore(tmp.file);
    try {
      const catalog = activeCatalog(db);
      expect(catalog.flags).toEqual(clinicalContent.redFlags.flags.map((f) => ({ id: f.id, label: f.label, tier: f.tier })));
      expect(catalog.movements.map((m) => m.id)).toEqual(MOVEMENTS.map((m) => m.id));
      expect(storeCatalogOf().movements.length).toBeGreaterThan(5);
    } finally {
      db.close();
      tmp.cleanup();
    }
  });
});
