/**
 * Property: adding a positive finding or answer never lowers the minimum
 * tier. A family "yes", an abnormal finding on video, a wider side, or the
 * clinician confirming a flag can only keep or raise the urgency the rules
 * demand; if a combination rule ever read a positive as reassurance, this
 * fails with the smallest visit that shows it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clinicalContent,
  evaluateVisit,
  isMoreUrgent,
  VisitSnapshot,
  WARNING_SIGN_IDS,
  type FlagAssessment,
  type RuleCondition,
} from '../../../shared/clinical';

const { maneuvers, redFlags, combinationRules } = clinicalContent;

/** Per maneuver field, the values any rule treats as a finding (the positives). */
const FINDING_VALUES = new Map<string, Set<string>>();
const addFinding = (maneuver: string, field: string, values: readonly string[]) => {
  const key = `${maneuver}.${field}`;
  const set = FINDING_VALUES.get(key) ?? new Set<string>();
  values.forEach((v) => set.add(v));
  FINDING_VALUES.set(key, set);
};
for (const m of maneuvers.maneuvers) for (const f of m.findings) if ('values' in f) addFinding(m.id, f.field, f.values);
const walk = (c: RuleCondition): void => {
  if (c.kind === 'observation') addFinding(c.maneuver, c.field, c.values);
  if (c.kind === 'both-legs') c.maneuvers.forEach((id) => addFinding(id, c.field, c.values));
  if (c.kind === 'all' || c.kind === 'any') c.of.forEach(walk);
};
combinationRules.rules.forEach((r) => walk(r.when));

// Mostly well children (answers "no", normal findings), so a single step often decides the tier.
const answer = fc.oneof(
  { weight: 12, arbitrary: fc.constant('no' as const) },
  { weight: 1, arbitrary: fc.constant('yes' as const) },
  { weight: 1, arbitrary: fc.constant('unsure' as const) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
/** The first listed value is the normal one in every choice field; favour it. */
const choice = (values: readonly string[]) =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(values[0]!) }, { weight: 1, arbitrary: fc.constantFrom(...values) });

/** Any recordable observation of one maneuver (required fields always set), or none. */
function maneuverArb(m: (typeof maneuvers.maneuvers)[number]): fc.Arbitrary<Record<string, unknown> | undefined> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of m.fields) {
    if (f.kind === 'choice') fields[f.id] = f.required ? choice(f.values) : fc.option(choice(f.values), { nil: undefined, freq: 4 });
    if (f.kind === 'number') fields[f.id] = fc.option(fc.integer({ min: f.min, max: f.max }), { nil: undefined });
  }
  return fc.option(
    fc.record(fields).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
    { nil: undefined, freq: 6 },
  );
}

const visitArb = fc.record({
  ageMonths: fc.integer({ min: 0, max: 215 }),
  onsetDaysAgo: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  answers: fc.record(Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, answer]))),
  observations: fc.record(Object.fromEntries(maneuvers.maneuvers.map((m) => [m.id, maneuverArb(m)]))),
  assessed: fc.subarray(redFlags.flags.map((f) => f.id), { maxLength: 4 }),
  assessedAs: fc.constantFrom('present', 'absent', 'could_not_assess'),
});
type Visit = typeof visitArb extends fc.Arbitrary<infer T> ? T : never;

const VISIT_DATE = '2025-03-10';
function dob(ageMonths: number): string {
  const d = new Date(Date.UTC(2025, 2, 10));
  d.setUTCMonth(d.getUTCMonth() - ageMonths);
  return d.toISOString().slice(0, 10);
}
function daysAgo(n: number): string {
  return new Date(Date.UTC(2025, 2, 10 - n)).toISOString().slice(0, 10);
}

function snapshotOf(v: Visit): VisitSnapshot {
  const born = dob(v.ageMonths);
  const onset = v.onsetDaysAgo === undefined ? undefined : daysAgo(v.onsetDaysAgo);
  const warningSigns = Object.fromEntries(Object.entries(v.answers).filter(([, a]) => a !== undefined));
  return VisitSnapshot.parse({
    dateOfBirth: born,
    visitDate: VISIT_DATE,
    intake: { warningSigns, ...(onset !== undefined && onset >= born ? { onsetDate: onset } : {}) },
    observations: Object.fromEntries(Object.entries(v.observations).filter(([, o]) => o !== undefined)),
    flagAssessments: v.assessed.map((flagId): FlagAssessment => ({ flagId, state: v.assessedAs as FlagAssessment['state'] })),
  });
}

/** One positive step: a family "yes", a finding value, a side widened to both legs, or the clinician confirming a flag. */
type Step =
  | { kind: 'answer'; question: string }
  | { kind: 'finding'; maneuver: string; field: string; pick: number }
  | { kind: 'side'; maneuver: string }
  | { kind: 'confirm'; flag: string };

const FINDING_FIELDS = [...FINDING_VALUES.keys()];
const SIDED = maneuvers.maneuvers.filter((m) => m.fields.some((f) => f.id === 'side')).map((m) => m.id);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom(...WARNING_SIGN_IDS).map((question): Step => ({ kind: 'answer', question })),
  fc.record({ key: fc.constantFrom(...FINDING_FIELDS), pick: fc.nat() }).map(({ key, pick }): Step => {
    const [maneuver, field] = key.split('.') as [string, string];
    return { kind: 'finding', maneuver, field, pick };
  }),
  fc.constantFrom(...SIDED).map((maneuver): Step => ({ kind: 'side', maneuver })),
  fc.constantFrom(...redFlags.flags.map((f) => f.id)).map((flag): Step => ({ kind: 'confirm', flag })),
);

/** The visit after the step, or null when the step would not add anything positive. */
function apply(v: Visit, step: Step): Visit | null {
  const next: Visit = structuredClone(v);
  switch (step.kind) {
    case 'answer':
      if (next.answers[step.question] === 'yes') return null;
      next.answers[step.question] = 'yes';
      return next;
    case 'finding': {
      const findings = [...(FINDING_VALUES.get(`${step.maneuver}.${step.field}`) ?? [])];
      const current = next.observations[step.maneuver]?.[step.field];
      // From a value no rule counts as a finding (normal, not assessed, not recorded) to one that is.
      if (typeof current === 'string' && findings.includes(current)) return null;
      const m = maneuvers.maneuvers.find((x) => x.id === step.maneuver)!;
      const base: Record<string, unknown> = next.observations[step.maneuver] ?? {};
      for (const f of m.fields) if (f.kind === 'choice' && f.required && base[f.id] === undefined) base[f.id] = f.values[0];
      base[step.field] = findings[step.pick % findings.length];
      next.observations[step.maneuver] = base;
      return next;
    }
    case 'side': {
      const o = next.observations[step.maneuver];
      if (!o || o.side === 'both') return null;
      o.side = 'both';
      return next;
    }
    case 'confirm': {
      // The clinician confirms one more flag present (the generated calls are all of one state).
      if (next.assessed.includes(step.flag) || next.assessedAs !== 'present') return null;
      next.assessed = [...next.assessed, step.flag];
      return next;
    }
  }
}

describe('adding a positive finding or answer', () => {
  it('never lowers the minimum tier', () => {
    fc.assert(
      fc.property(visitArb, stepArb, (v, step) => {
        const after = apply(v, step);
        fc.pre(after !== null);
        const before = evaluateVisit(snapshotOf(v)).minimumTier;
        const then = evaluateVisit(snapshotOf(after!)).minimumTier;
        expect(isMoreUrgent(before, then), `${JSON.stringify(step)}: ${before} -> ${then}`).toBe(false);
      }),
      { numRuns: 1500 },
    );
  });

  it('raises the tier for the issue examples (the property is not vacuous)', () => {
    const v: Visit = {
      ageMonths: 120,
      onsetDaysAgo: 3,
      answers: Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no'])),
      observations: { 'heel-walk': { result: 'unable', side: 'left' } },
      assessed: [],
      assessedAs: 'present',
    };
    expect(evaluateVisit(snapshotOf(v)).minimumTier).toBe('B');
    const bothLegs = apply(v, { kind: 'side', maneuver: 'heel-walk' })!;
    expect(evaluateVisit(snapshotOf(bothLegs)).minimumTier).toBe('A');
    const fever = apply(apply(v, { kind: 'answer', question: 'fever' })!, { kind: 'answer', question: 'night-pain' })!;
    expect(evaluateVisit(snapshotOf({ ...fever, observations: {} })).minimumTier).toBe('B');
  });
});
