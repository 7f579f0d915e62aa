/**
 * Round trip (issue 15): every field the IPC accepts for a plan, an
 * observation, a flag assessment and a decision comes back unchanged
 * through the real dispatcher, the real services and a real SQLite file.
 *
 * "Unchanged" is after the contract's own normalisation (the request schema
 * trims free text): the expected value is what the schema parsed. One
 * equivalence is named: an optional text left out or left blank is stored
 * and returned as null (the plan's follow-up, a flag's note, a decision's
 * rationale), because the record keeps "nothing written" one way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { clinicalContent, type Maneuver } from '../../../shared/clinical';
import { AnalgesiaEntry, AssessFlagInput, BODY_MAP_REGIONS, DecideInput, SavePlanInput, type VisitRoomState } from '../../../shared/domain/visit-room';
import { openTestStore, validPatient } from '../../support/db';

const sender = { frameUrl: 'app://console/index.html', isTopFrame: true, isKnownWindow: true };
let store: ReturnType<typeof openTestStore>;
let call: (channel: string, payload: unknown) => Promise<VisitRoomState>;
let visitId: string;

beforeAll(async () => {
  store = openTestStore();
  const dispatch = createDispatcher({
    appOrigin: 'app://console',
    handlers: createHandlers(store.services, { appName: 'x', appVersion: '0', contentVersion: null }),
  });
  call = async (channel, payload) => {
    const r = await dispatch(sender, channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as VisitRoomState;
  };
  await store.services.session.setup({ displayName: 'Dr Round Trip', credentials: 'MD', passcode: 'round-trip-42' });
  const patient = await store.services.patients.create(validPatient);
  visitId = (await store.services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T09:30:00Z', durationMinutes: 30 })).id;
});
afterAll(() => store?.close());

/** Free text as the contract accepts it (any characters, including spaces to trim, up to `max`). */
const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: Math.min(max, 60) });
const blankToNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim());
const runs = { numRuns: 25 };

const dose = fc.record(
  {
    drug: fc.constantFrom('acetaminophen' as const, 'ibuprofen' as const),
    productId: fc.oneof(fc.constantFrom(...clinicalContent.analgesics.products.map((p) => p.id)), fc.string({ minLength: 1, maxLength: 100 })),
    doseMg: fc.double({ min: 0.001, max: 1000, noNaN: true, noDefaultInfinity: true }).filter((n) => n > 0),
    doseMl: fc.double({ min: 0.001, max: 100, noNaN: true, noDefaultInfinity: true }).filter((n) => n > 0),
    intervalHours: fc.double({ min: 0.001, max: 24, noNaN: true, noDefaultInfinity: true }).filter((n) => n > 0),
    maxDosesPer24h: fc.integer({ min: 1, max: 10 }),
    maxMgPer24h: fc.double({ min: 0.001, max: 4000, noNaN: true, noDefaultInfinity: true }).filter((n) => n > 0),
    confirmed: fc.constant(true as const),
    stopAfterDays: fc.integer({ min: 1, max: 14 }),
    weightOverrideReason: text(500).filter((s) => s.trim().length > 0),
  },
  { requiredKeys: ['drug', 'productId', 'doseMg', 'doseMl', 'intervalHours', 'maxDosesPer24h', 'maxMgPer24h', 'confirmed'] },
);

const plan = fc.record({
  adviceIds: fc.array(fc.oneof(fc.constantFrom(...clinicalContent.familyAdvice.homeCare.map((h) => h.id)), fc.string({ minLength: 1, maxLength: 100 })), { maxLength: 5 }),
  analgesia: fc.array(dose, { maxLength: 2 }),
  followUp: fc.record({ when: text(200), withWhom: text(200), instructions: text(2000) }, { requiredKeys: [] }),
  bodyMap: fc.uniqueArray(fc.constantFrom(...BODY_MAP_REGIONS), { maxLength: BODY_MAP_REGIONS.length }),
});

/** Values for one maneuver as its schema allows: each field optional, a pain score where it has one, a note. */
function valuesFor(m: Maneuver) {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of m.fields) {
    if (f.kind === 'choice') fields[f.id] = fc.constantFrom(...f.values);
    else if (f.kind === 'number') fields[f.id] = fc.integer({ min: Math.ceil(f.min), max: Math.floor(f.max) });
    else fields[f.id] = text(200);
  }
  if (m.pain) {
    fields.pain = fc.constantFrom(...clinicalContent.painScales.scales).chain((s) => fc.constantFrom(...s.scores).map((score) => ({ scale: s.id, score })));
  }
  fields.note = text(200);
  return fc.record(fields, { requiredKeys: m.fields.filter((f) => f.required).map((f) => f.id) });
}
const observation = fc.constantFrom(...clinicalContent.maneuvers.maneuvers).chain((m) => valuesFor(m).map((values) => ({ maneuverId: m.id, values })));

describe('what the IPC accepts comes back unchanged (real dispatcher, services and SQLite)', () => {
  it('a plan: advice, every dose field (stopAfterDays and the weight override too), follow-up, body map', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const sent = SavePlanInput.parse({ visitId, ...p });
        const state = await call('plans:save', sent);
        expect(state.plan?.analgesia).toEqual(sent.analgesia.map((d) => AnalgesiaEntry.parse(d)));
        expect(state.plan).toMatchObject({
          adviceIds: sent.adviceIds,
          bodyMap: sent.bodyMap,
          followUp: {
            when: blankToNull(sent.followUp.when),
            withWhom: blankToNull(sent.followUp.withWhom),
            instructions: blankToNull(sent.followUp.instructions),
          },
        });
        expect(state.dataNotes.join(' ')).not.toMatch(/dose/);
      }),
      runs,
    );
  });

  it('an observation: every field of the maneuver, the pain score and the note', async () => {
    await fc.assert(
      fc.asyncProperty(observation, async (o) => {
        const state = await call('observations:record', { visitId, ...o });
        expect(state.observations[o.maneuverId]?.values).toEqual(o.values);
      }),
      runs,
    );
  });

  it('a flag assessment: the state (all three) and the note', async () => {
    const flags = clinicalContent.redFlags.flags.map((f) => f.id);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...flags), fc.constantFrom('present' as const, 'absent' as const, 'could_not_assess' as const), fc.option(text(2000), { nil: undefined }), async (flagId, state, note) => {
        const sent = AssessFlagInput.parse({ visitId, flagId, state, ...(note !== undefined ? { note } : {}) });
        const view = await call('flags:assess', sent);
        const flag = view.flags.find((f) => f.id === flagId);
        expect(flag).toMatchObject({ state: sent.state, source: 'clinician', clinicianNote: blankToNull(sent.note) });
      }),
      runs,
    );
  });

  it('a decision: the tier, the rationale and what the family was told', async () => {
    const tiers = ['A', 'B', 'C', 'D', 'E'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...tiers), fc.option(text(4000), { nil: undefined }), text(4000).filter((s) => s.trim().length > 0), async (tier, rationale, familyTold) => {
        const sent = DecideInput.parse({ visitId, tier, familyTold, ...(rationale !== undefined ? { rationale } : {}) });
        const view = await call('visits:decide', sent);
        expect(view.decision).toMatchObject({ tier: sent.tier, rationale: blankToNull(sent.rationale), familyTold: sent.familyTold });
      }),
      runs,
    );
  });
});
