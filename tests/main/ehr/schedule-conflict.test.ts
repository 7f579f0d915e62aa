/** The schedule's conflict rule (electron/main/ehr/schedule-conflict.ts), pure; schedule.test.ts runs it against a real EHR and store. */
import { describe, expect, it } from 'vitest';
import { describe as inWords, judgeSchedule } from '../../../electron/main/ehr/schedule-conflict';

const at9 = { start: '2026-12-07T09:00:00.000Z', minutes: 30, reason: 'Back pain', cancelled: false };
const at10 = { ...at9, start: '2026-12-07T10:00:00.000Z' };
const notStarted = { started: false, holdsClinicalData: () => false };

describe('schedule conflict rule', () => {
  it('agrees when the EHR says what the console has, without asking about clinical data', () => {
    expect(judgeSchedule(at9, at9, at10, { started: false, holdsClinicalData: () => { throw new Error('not asked'); } })).toEqual({ kind: 'agree' });
  });

  it('follows the EHR when the visit is untouched here since the last pull', () => {
    expect(judgeSchedule(at10, at9, at9, notStarted)).toEqual({ kind: 'follow', fields: ['start'] });
  });

  it('keeps the console’s visit when it changed here, started, or holds clinical data, and says why', () => {
    const changed = judgeSchedule(at10, { ...at9, minutes: 45 }, at9, notStarted);
    expect(changed).toMatchObject({ kind: 'conflict', reason: 'changed-here', fields: ['start', 'length'] });
    expect(changed.kind === 'conflict' && changed.message).toContain('it was changed here (length) since the last pull');
    expect(judgeSchedule(at10, at9, at9, { started: true, holdsClinicalData: () => false })).toMatchObject({ kind: 'conflict', reason: 'started' });
    expect(judgeSchedule(at10, at9, at9, { started: false, holdsClinicalData: () => true })).toMatchObject({ kind: 'conflict', reason: 'clinical-data' });
    const cancelled = judgeSchedule({ ...at9, cancelled: true }, at9, at9, { started: true, holdsClinicalData: () => false });
    expect(cancelled.kind === 'conflict' && cancelled.message).toMatch(/^The EHR cancelled this appointment, but this visit has started/);
  });

  it('says the fields in words', () => {
    expect(inWords(at9)).toBe('2026-12-07 09:00 UTC, 30 min');
    expect(inWords({ ...at9, cancelled: true })).toBe('cancelled (the appointment at 2026-12-07 09:00 UTC, 30 min)');
  });
});
