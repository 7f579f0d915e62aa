import { describe, expect, it } from 'vitest';
import { IntakeAnswers, Observations, parseVisitSnapshot } from '../../../shared/clinical';
import { rawSnapshot } from './fixtures';

function problems(raw: Record<string, unknown>) {
  const r = parseVisitSnapshot(raw);
  if (r.ok) throw new Error('expected the snapshot to be refused');
  return r.problems;
}

describe('parseVisitSnapshot()', () => {
  it('accepts the builder snapshot', () => {
    expect(parseVisitSnapshot(rawSnapshot()).ok).toBe(true);
  });

  it('names a warning-sign answer that is not yes, no or unsure', () => {
    const raw = rawSnapshot();
    (raw.intake as { warningSigns: Record<string, string> }).warningSigns.fever = 'a bit';
    expect(problems(raw)).toEqual([{ path: 'intake.warningSigns.fever', message: 'Use one of: yes, no, unsure.' }]);
  });

  it('names a maneuver result the checklist does not allow, with the allowed values', () => {
    const raw = rawSnapshot({ observations: { 'heel-walk': { result: 'wobbly' } } });
    expect(problems(raw)).toEqual([{ path: 'observations.heel-walk.result', message: 'Use one of: able, unable, asymmetric, not_assessed.' }]);
  });

  it('names unknown maneuvers and unknown fields', () => {
    const raw = rawSnapshot();
    (raw.observations as Record<string, unknown>)['cartwheel'] = { result: 'normal' };
    raw.weight = 30;
    expect(problems(raw)).toEqual(
      expect.arrayContaining([
        { path: 'observations.cartwheel', message: 'Unknown field.' },
        { path: 'weight', message: 'Unknown field.' },
      ]),
    );
  });

  it('refuses a pain onset after the visit and a visit before birth', () => {
    expect(problems(rawSnapshot({ onsetDate: '2025-03-11' }))).toEqual([
      { path: 'intake.onsetDate', message: 'The pain cannot start after the visit date.' },
    ]);
    expect(problems({ ...rawSnapshot(), dateOfBirth: '2026-01-01' }).map((p) => p.path)).toContain('visitDate');
  });

  it('refuses a pain score on the wrong scale steps inside an observation', () => {
    const raw = rawSnapshot({ observations: { 'lumbar-extension': { result: 'painful', pain: { scale: 'FPS-R', score: 3 } } } });
    expect(problems(raw)).toEqual([{ path: 'observations.lumbar-extension.pain.score', message: 'A FPS-R score is one of 0, 2, 4, 6, 8, 10.' }]);
  });

  it('refuses the same flag assessed twice and an unknown flag', () => {
    const raw = rawSnapshot({
      flagAssessments: [
        { flagId: 'fever', state: 'absent' },
        { flagId: 'fever', state: 'present' },
      ],
    });
    expect(problems(raw)).toEqual([{ path: 'flagAssessments.1.flagId', message: 'fever is assessed twice.' }]);
    const unknown = rawSnapshot();
    unknown.flagAssessments = [{ flagId: 'scurvy', state: 'present' }];
    expect(problems(unknown).map((p) => p.path)).toEqual(['flagAssessments.0.flagId']);
  });

  it('refuses a decision tier outside A-E and a missing required field', () => {
    const raw = rawSnapshot({ escalation: { tier: 'F' as never } });
    expect(problems(raw)).toEqual([{ path: 'escalation.tier', message: 'Use one of: A, B, C, D, E.' }]);
    expect(problems({ ...rawSnapshot(), dateOfBirth: undefined }).map((p) => p.path)).toEqual(['dateOfBirth']);
  });
});

describe('reusable schemas', () => {
  it('IntakeAnswers defaults the warning signs to none answered', () => {
    expect(IntakeAnswers.parse({ symptoms: 'sore back' }).warningSigns).toEqual({});
  });

  it('Observations requires the main result of a recorded maneuver', () => {
    const r = Observations.safeParse({ gait: {} });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['gait', 'result']);
  });
});
