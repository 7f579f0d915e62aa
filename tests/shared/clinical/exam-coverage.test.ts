/**
 * Exam coverage (issue 13, item 5): the minimum tier is provisional until
 * screening is complete, and a visit with movements never examined cannot
 * close until each is examined or skipped with a reason (recorded as not
 * assessed, so the note lists it).
 */
import { describe, expect, it } from 'vitest';
import { evaluateVisit, MOVEMENTS } from '../../../shared/clinical';
import { snapshot } from './fixtures';

describe('exam coverage', () => {
  it('a complete, normal exam is not provisional and can close', () => {
    const r = evaluateVisit(snapshot({ escalation: { tier: 'E' } }));
    expect(r).toMatchObject({ minimumTierProvisional: false, notExamined: [], gate: { canClose: true } });
  });

  it('lists movements never examined, marks the tier provisional and blocks signing until they have a reason', () => {
    // The call dropped before the heel walk and toe walk.
    const r = evaluateVisit(snapshot({ observations: { 'heel-walk': null, 'toe-walk': null }, escalation: { tier: 'E' } }));
    expect(r.notExamined).toEqual([
      { id: 'heel-walk', title: 'Heel walk' },
      { id: 'toe-walk', title: 'Toe walk' },
    ]);
    expect(r.minimumTierProvisional).toBe(true);
    expect(r.gate.canClose).toBe(false);
    expect(r.gate.blockingReasons.find((b) => b.code === 'movements_not_examined')?.message).toMatch(
      /^2 movements were never examined: Heel walk, Toe walk\. Examine them, or skip with a reason/,
    );
  });

  it('accepts a movement skipped with a reason (not assessed), which leaves its flag undecided rather than absent', () => {
    const r = evaluateVisit(
      snapshot({ observations: { 'heel-walk': { result: 'not_assessed', note: 'Call dropped.' } }, escalation: { tier: 'D' } }),
    );
    expect(r.notExamined).toEqual([]);
    expect(r.gate.canClose).toBe(true);
    expect(r.flags.find((f) => f.id === 'leg-weakness')?.state).toBe('could_not_assess');
  });

  it('is provisional while a flag is not screened, even with every movement examined', () => {
    const r = evaluateVisit(snapshot({ answers: { 'night-pain': undefined } }));
    expect(r.notExamined).toEqual([]);
    expect(r.minimumTierProvisional).toBe(true);
  });

  it('counts as movements only what can be skipped as not assessed (not the set-up or the history questions)', () => {
    const ids = MOVEMENTS.map((m) => m.id);
    expect(ids).toContain('heel-walk');
    expect(ids).not.toContain('setup');
    expect(ids).not.toContain('saddle-bladder-bowel-history');
    expect(ids).not.toContain('injury-history');
  });
});
