/** The shared normal examination (shared/clinical/normal-exam.ts) the demo data and the rules' tests start from. */
import { describe, expect, it } from 'vitest';
import { clinicalContent, coarseFinding, evaluateVisit, NORMAL_EXAM, observationSchemaFor } from '../../../shared/clinical';
import { snapshot } from './fixtures';

describe('the normal examination', () => {
  it('names every maneuver of the content, each with findings its schema accepts and a normal coarse finding where it has one', () => {
    const maneuvers = clinicalContent.maneuvers.maneuvers;
    expect(Object.keys(NORMAL_EXAM).sort()).toEqual(maneuvers.map((m) => m.id).sort());
    for (const m of maneuvers) {
      const values = NORMAL_EXAM[m.id]!;
      expect(observationSchemaFor(m).safeParse(values).success, m.id).toBe(true);
      expect(['normal', 'not-assessed'], m.id).toContain(coarseFinding(m, values));
    }
  });

  it('raises no flag with every warning sign answered no', () => {
    const evaluation = evaluateVisit(snapshot());
    expect(evaluation.allFlags.filter((f) => f.derivedState === 'present').map((f) => f.id)).toEqual([]);
  });
});
