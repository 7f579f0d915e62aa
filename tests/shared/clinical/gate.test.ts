import { describe, expect, it } from 'vitest';
import { deriveFlags, evaluateGate, isMoreUrgent, mergeFlagStates, minimumTier, withFamilyAnswersConfirmed, type FlagAssessment } from '../../../shared/clinical';
import { snapshot, type SnapshotOptions } from './fixtures';

function flags(o: SnapshotOptions = {}, assessments: FlagAssessment[] = []) {
  // Combination rules read the clinician's calls, so the derivation sees them too (as evaluateVisit does);
  // the clinician has gone over the family's answers unless a test says otherwise.
  const derived = deriveFlags(snapshot({ ...o, flagAssessments: assessments }));
  return mergeFlagStates(derived, o.familyAnswersConfirmed === false ? assessments : withFamilyAnswersConfirmed(derived, assessments));
}

describe('isMoreUrgent()', () => {
  it('orders A (emergency) before E (home care)', () => {
    expect(isMoreUrgent('A', 'B')).toBe(true);
    expect(isMoreUrgent('E', 'D')).toBe(false);
    expect(isMoreUrgent('C', 'C')).toBe(false);
  });
});

describe('minimumTier()', () => {
  it('is the most urgent tier any present flag demands', () => {
    expect(minimumTier(flags({ answers: { fever: 'yes', 'night-pain': 'yes', 'numbness-tingling': 'yes' } }))).toBe('B');
  });

  it('is E when nothing is present, even if something could not be assessed', () => {
    expect(minimumTier(flags({ answers: { 'bladder-bowel-change': 'unsure' }, observations: { 'saddle-bladder-bowel-history': { urineChange: 'unsure' } } }))).toBe('E');
  });
});

describe('evaluateGate()', () => {
  it('opens for a well child with a home-care decision', () => {
    expect(evaluateGate(flags(), { tier: 'E' })).toEqual({ canClose: true, minimumTier: 'E', decisionRequired: false, blockingReasons: [] });
  });

  it('names each unscreened flag in words', () => {
    const gate = evaluateGate(flags({ answers: { 'night-pain': undefined } }), { tier: 'E' });
    expect(gate.blockingReasons).toEqual([
      {
        code: 'flag_not_screened',
        flagId: 'night-pain',
        message: '"Night pain" has not been screened: ask or observe, then mark it present, absent or could not assess.',
      },
    ]);
  });

  it('says which flags demand which tier when a less urgent tier is chosen', () => {
    const gate = evaluateGate(flags({ answers: { 'numbness-tingling': 'yes', 'severe-pain': 'yes', fever: 'yes' } }), { tier: 'C' });
    expect(gate.blockingReasons.map((r) => r.message)).toEqual([
      'tier C (in person within 24 h) is less urgent than tier B (same-day in person), which "Numbness or tingling in the legs" and "Severe pain" demand: write a clinical rationale, or choose tier B or more urgent.',
    ]);
  });

  it('accepts a more urgent tier than the minimum without a rationale', () => {
    expect(evaluateGate(flags({ answers: { 'night-pain': 'yes' } }), { tier: 'A' }).canClose).toBe(true);
  });

  it('does not accept a rationale of only spaces', () => {
    expect(evaluateGate(flags({ answers: { 'night-pain': 'yes' } }), { tier: 'E', rationale: '   \n ' }).canClose).toBe(false);
  });

  it('lets an unassessable flag close with any tier A-D, but home care needs a rationale', () => {
    const f = flags({ observations: { 'heel-walk': { result: 'not_assessed' } } });
    expect(evaluateGate(f, { tier: 'D' }).canClose).toBe(true);
    const home = evaluateGate(f, { tier: 'E' });
    expect(home.decisionRequired).toBe(true);
    expect(home.blockingReasons.map((r) => r.message)).toEqual([
      'Home care (tier E) was chosen although "Progressive or bilateral leg weakness, or cannot move a leg" and "New leg weakness" could not be assessed: write a clinical rationale, or choose tier A to D.',
    ]);
  });

  it('asks for a decision and says the minimum when flags are present', () => {
    const gate = evaluateGate(flags({ answers: { 'bladder-bowel-change': 'yes' } }), undefined);
    expect(gate.blockingReasons.map((r) => r.message)).toEqual([
      'Record an escalation decision: the red flags demand at least tier A (emergency now).',
    ]);
  });

  it('blocks dismissing a raised flag without a note and says what raised it', () => {
    const f = flags({ observations: { palpation: { result: 'midline_bone' } } }, [{ flagId: 'midline-bony-tenderness', state: 'absent' }]);
    const gate = evaluateGate(f, { tier: 'E' });
    expect(gate.blockingReasons).toEqual([
      {
        code: 'absent_overrides_finding_without_note',
        flagId: 'midline-bony-tenderness',
        message: '"Midline bony tenderness" was raised (Parent-guided palpation: midline bone) but marked absent: add a note saying why.',
      },
    ]);
  });

  it('lists every blocking reason at once, not just the first', () => {
    const f = flags({ answers: { 'night-pain': undefined, 'weight-loss': undefined, fever: 'yes' } }, [{ flagId: 'fever', state: 'absent' }]);
    const codes = evaluateGate(f, undefined).blockingReasons.map((r) => r.code);
    expect(codes).toEqual(['absent_overrides_finding_without_note', 'flag_not_screened', 'flag_not_screened', 'decision_missing']);
  });

  describe("the family's answers are not the clinician's findings", () => {
    it('keeps a family "no" as absent per family, not confirmed, and the gate waits for the clinician', () => {
      const f = flags({ familyAnswersConfirmed: false });
      const night = f.find((x) => x.id === 'night-pain')!;
      expect(night).toMatchObject({ state: 'absent', source: 'family_intake', familyAbsence: 'unconfirmed' });
      const gate = evaluateGate(f, { tier: 'E' });
      expect(gate.canClose).toBe(false);
      expect(gate.blockingReasons.map((r) => r.code)).toEqual(['family_absence_unconfirmed']);
      expect(gate.blockingReasons[0]?.message).toMatch(/absent only by the family's answers, not confirmed: .*"Night pain"/);
    });

    it('does not ask to confirm an absence the clinician saw for themselves', () => {
      // The family said no weakness and the child heel-walks, toe-walks and does calf raises: observed, not hearsay.
      const weakness = flags({ familyAnswersConfirmed: false }).find((x) => x.id === 'leg-weakness')!;
      expect(weakness).toMatchObject({ state: 'absent', source: 'observation', familyAbsence: null });
    });

    it('opens once the clinician confirms the family answers as a group, and says which absences came from the family', () => {
      const f = flags();
      expect(evaluateGate(f, { tier: 'E' }).canClose).toBe(true);
      expect(f.find((x) => x.id === 'night-pain')).toMatchObject({ state: 'absent', source: 'clinician', familyAbsence: 'confirmed' });
    });

    it('accepts the clinician confirming flag by flag', () => {
      const derived = deriveFlags(snapshot({ familyAnswersConfirmed: false }));
      const perFlag = derived.filter((d) => d.familyOnly).map((d) => ({ flagId: d.id, state: 'absent' as const }));
      const all = mergeFlagStates(derived, perFlag.slice(1));
      expect(evaluateGate(all, { tier: 'E' }).blockingReasons.map((r) => r.message)).toEqual([
        expect.stringMatching(/^1 flag is absent only by the family's answers/),
      ]);
      expect(evaluateGate(mergeFlagStates(derived, perFlag), { tier: 'E' }).canClose).toBe(true);
    });
  });
});

describe('the call check (issue 16)', () => {
  const present = () => flags({ answers: { 'night-pain': 'yes' } });
  it('blocks signing an emergency-now or same-day decision until the child\'s location and a call-back number are recorded', () => {
    for (const tier of ['A', 'B'] as const) {
      const gate = evaluateGate(present(), { tier }, undefined, { callCheckRecorded: false });
      expect(gate.canClose).toBe(false);
      expect(gate.blockingReasons).toEqual([expect.objectContaining({ code: 'call_check_missing' })]);
      expect(gate.blockingReasons[0]!.message).toMatch(/where the child is and a call-back number/);
      expect(evaluateGate(present(), { tier }, undefined, { callCheckRecorded: true }).canClose).toBe(true);
    }
  });

  it('does not ask for it below tier B, without a decision reason of its own, or when the call is not judged (CLI snapshots)', () => {
    expect(evaluateGate(present(), { tier: 'C', rationale: 'seen tomorrow' }, undefined, { callCheckRecorded: false }).canClose).toBe(true);
    expect(evaluateGate(flags(), { tier: 'E' }, undefined, { callCheckRecorded: false }).canClose).toBe(true);
    expect(evaluateGate(present(), { tier: 'A' }).canClose).toBe(true);
    expect(evaluateGate(present(), undefined, undefined, { callCheckRecorded: false }).blockingReasons.map((r) => r.code)).toEqual(['decision_missing']);
  });
});
