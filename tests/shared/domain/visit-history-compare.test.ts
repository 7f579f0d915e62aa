/**
 * Issue 16, item 7: how a movement changed between two visits, in words.
 * The coarse result used for today's unsigned values must be the one the
 * store writes for signed ones (services/visit-room.ts coarseObservation).
 */
import { describe, expect, it } from 'vitest';
import { clinicalContent, type Observation } from '../../../shared/clinical';
import { coarseObservation } from '../../../electron/main/services/visit-room';
import { coarseResult, compareFindings, summarizeValues, type FindingSummary } from '../../../shared/domain/visit-history-compare';

const MANEUVERS = clinicalContent.maneuvers.maneuvers;
const byId = (id: string) => MANEUVERS.find((m) => m.id === id)!;
const flex = (values: Observation): FindingSummary => summarizeValues(byId('lumbar-flexion'), values);
const nrs = (score: number) => ({ scale: 'NRS-11' as const, score });

describe('coarse result', () => {
  it('agrees with the store’s summary for every value of every maneuver', () => {
    let checked = 0;
    for (const m of MANEUVERS) {
      for (const f of m.fields) {
        if (f.kind !== 'choice') continue;
        for (const v of f.values) {
          const values: Observation = { [f.id]: v };
          expect(coarseResult(m, values), `${m.id} ${f.id}=${v}`).toBe(coarseObservation(m, values).result);
          expect(summarizeValues(m, values).side, `${m.id} side`).toBe(coarseObservation(m, values).side);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('compareFindings', () => {
  it('marks better, worse, same and new in words', () => {
    expect(compareFindings(flex({ result: 'limited' }), flex({ result: 'full' }))).toEqual({ kind: 'better', words: 'Better: finding limited → full' });
    expect(compareFindings(flex({ result: 'full' }), flex({ result: 'painful', pain: nrs(4) }))).toMatchObject({ kind: 'worse', words: expect.stringMatching(/^Worse: finding full → painful/) });
    expect(compareFindings(flex({ result: 'full' }), flex({ result: 'full' }))).toEqual({ kind: 'same', words: 'Same' });
    expect(compareFindings(undefined, flex({ result: 'full' }))).toMatchObject({ kind: 'new', words: expect.stringMatching(/^New/) });
    expect(compareFindings(flex({ result: 'full' }), undefined)).toMatchObject({ kind: 'not recorded' });
  });

  it('compares pain only on the same scale: lower is better, and says when scales differ', () => {
    expect(compareFindings(flex({ result: 'limited', pain: nrs(6) }), flex({ result: 'limited', pain: nrs(2) }))).toEqual({ kind: 'better', words: 'Better: pain 6 → 2 (NRS-11)' });
    expect(compareFindings(flex({ result: 'limited', pain: nrs(2) }), flex({ result: 'limited', pain: nrs(6) }))).toMatchObject({ kind: 'worse' });
    const scales = compareFindings(flex({ result: 'limited', pain: { scale: 'FPS-R', score: 4 } }), flex({ result: 'limited', pain: nrs(2) }));
    expect(scales.kind).toBe('changed');
    expect(scales.words).toMatch(/different scales, not compared/);
  });

  it('a finding that improved while pain rose is mixed; another abnormal finding is changed', () => {
    expect(compareFindings(flex({ result: 'painful', pain: nrs(2) }), flex({ result: 'full', pain: nrs(5) }))).toMatchObject({ kind: 'mixed' });
    expect(compareFindings(flex({ result: 'limited' }), flex({ result: 'painful' }))).toEqual({ kind: 'changed', words: 'Changed: finding limited → painful' });
  });

  it('a side change is named; skipped or impossible movements are not comparable', () => {
    const heel = (values: Observation) => summarizeValues(byId('heel-walk'), values);
    expect(compareFindings(heel({ result: 'asymmetric', side: 'left' }), heel({ result: 'asymmetric', side: 'right' }))).toEqual({
      kind: 'changed',
      words: 'Changed: side left → right',
    });
    expect(compareFindings(flex({ result: 'not_assessed' }), flex({ result: 'full' }))).toEqual({ kind: 'not comparable', words: 'Not comparable: not assessed → full' });
    expect(compareFindings(flex({ result: 'unable' }), flex({ result: 'limited' }))).toMatchObject({ kind: 'not comparable', words: 'Not comparable: could not be done → limited' });
    expect(compareFindings(flex({ result: 'not_assessed' }), flex({ result: 'not_assessed' }))).toMatchObject({ kind: 'same' });
  });
});
