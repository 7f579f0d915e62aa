/** The guided checklist's pure logic (renderer/src/checklist/model.ts), against the real content. */
import { describe, expect, it } from 'vitest';
import * as checklist from '../../renderer/src/checklist/model';

const gait = checklist.MANEUVERS.find((m) => m.id === 'gait')!;
const { completeAndNormal, fieldKeys, mainField, MANEUVERS, sideField } = checklist;

describe('checklist model', () => {
  it('drives the digit keys from the first required choice field, and every maneuver has one to drive', () => {
    expect(checklist.mainField(gait)).toMatchObject({ id: 'result', values: ['normal', 'antalgic', 'limp', 'unable', 'not_assessed'] });
    for (const m of checklist.MANEUVERS) expect(checklist.mainField(m), m.id).not.toBeNull();
    const noRequired = { ...gait, fields: [{ id: 'a', label: 'A', kind: 'text' as const }, { id: 'b', label: 'B', kind: 'choice' as const, values: ['x', 'y'] }] };
    expect(checklist.mainField(noRequired)?.id).toBe('b');
    expect(checklist.mainField({ ...gait, fields: [] })).toBeNull();
  });

  it('finds the side field only where it is a choice named side', () => {
    const withSide = checklist.MANEUVERS.find((m) => m.fields.some((f) => f.id === 'side' && f.kind === 'choice'));
    if (!withSide) throw new Error('the content has no maneuver with a side field; this test needs one');
    expect(checklist.sideField(withSide)?.id).toBe('side');
    expect(checklist.sideField(gait)).toBeNull();
    expect(checklist.sideField({ ...gait, fields: [{ id: 'side', label: 'Side', kind: 'text' as const }] })).toBeNull();
  });

  it('offers skip exactly where "not assessed" is a value of the main finding, and reads a skip back', () => {
    expect(checklist.canSkip(gait)).toBe(true);
    expect(checklist.canSkip({ ...gait, fields: [{ id: 'result', label: 'R', kind: 'choice' as const, values: ['normal', 'abnormal'], required: true }] })).toBe(false);
    expect(checklist.isSkipped(gait, { result: 'not_assessed' })).toBe(true);
    expect(checklist.isSkipped(gait, { result: 'limp' })).toBe(false);
    expect(checklist.isSkipped(gait, undefined)).toBe(false);
  });

  it('labels values for people', () => {
    expect(checklist.valueLabel('not_assessed')).toBe('Not assessed');
    expect(checklist.valueLabel('midline_bone')).toBe('Midline bone');
    expect(checklist.valueLabel('')).toBe('');
  });

  it('lists the required fields still missing (blank counts as missing)', () => {
    expect(checklist.missingRequired(gait, {}).map((f) => f.id)).toEqual(['result']);
    expect(checklist.missingRequired(gait, { result: '' }).map((f) => f.id)).toEqual(['result']);
    expect(checklist.missingRequired(gait, { result: 'normal' })).toEqual([]);
  });

  it('leaves out blanks and non-finite numbers and trims text, keeping everything else as it is', () => {
    expect(checklist.cleanValues({ result: ' limp ', note: '   ', n: Number.NaN, m: Number.POSITIVE_INFINITY, k: 0, pain: { scale: 'NRS-11', score: 3 } } as never)).toEqual({
      result: 'limp',
      k: 0,
      pain: { scale: 'NRS-11', score: 3 },
    });
  });

  it('applies an age adaptation below its age only; one without an age always applies', () => {
    expect(checklist.adaptationApplies('under 5', 4)).toBe(true);
    expect(checklist.adaptationApplies('under 5', 5)).toBe(false);
    expect(checklist.adaptationApplies('Under 8 or not yet toilet trained', 7.9)).toBe(true);
    expect(checklist.adaptationApplies('any age', 15)).toBe(true);
  });

  it('finds a pain scale by id and refuses an unknown one', () => {
    expect(checklist.scaleOf('NRS-11').scores).toContain(10);
    expect(() => checklist.scaleOf('nope' as never)).toThrow(/Unknown pain scale/);
  });

  it('opens at the first maneuver without a finding, else the first', () => {
    const ids = checklist.MANEUVERS.map((m) => m.id);
    expect(checklist.firstOpenIndex({ observations: {} })).toBe(0);
    expect(checklist.firstOpenIndex({ observations: { [ids[0]!]: { result: 'normal' } } })).toBe(1);
    expect(checklist.firstOpenIndex({ observations: Object.fromEntries(ids.map((id) => [id, { result: 'normal' }])) })).toBe(0);
  });
  it('gives every other choice field a letter key no room key uses, unique within its movement, and every required choice a key', () => {
    const letters = (id: string) => fieldKeys(MANEUVERS.find((m) => m.id === id)!).map((k) => `${k.field.id}:${k.key}`);
    expect(letters('setup')).toEqual(['generalAppearance:g']);
    expect(letters('standing-inspection')).toEqual(['skinMarks:i']);
    expect(letters('saddle-bladder-bowel-history')).toEqual(['urineChange:u', 'stoolChange:t']);
    const roomKeys = new Set(['n', 's', 'p', 'l', 'r', 'b', 'v', 'w', 'd', 'f', 'y', 'a', 'c']);
    for (const m of MANEUVERS) {
      const keys = fieldKeys(m);
      expect(new Set(keys.map((k) => k.key)).size, m.id).toBe(keys.length);
      for (const k of keys) expect(roomKeys.has(k.key), `${m.id}.${k.field.id}`).toBe(false);
      // Every required choice is reachable by a key: the digits (main), the side letters, or its own letter.
      for (const f of m.fields.filter((x) => x.kind === 'choice' && x.required)) {
        expect(f === mainField(m) || f === sideField(m) || keys.some((k) => k.field === f), `${m.id}.${f.id}`).toBe(true);
      }
    }
  });

  it('moves on only when every choice but the side is chosen and normal', () => {
    const setup = MANEUVERS.find((m) => m.id === 'setup')!;
    const heel = MANEUVERS.find((m) => m.id === 'heel-walk')!;
    expect(completeAndNormal(gait, { result: 'normal' })).toBe(true);
    expect(completeAndNormal(gait, { result: 'limp' })).toBe(false);
    expect(completeAndNormal(gait, { result: 'not_assessed' })).toBe(false);
    expect(completeAndNormal(setup, { examQuality: 'adequate' })).toBe(false);
    expect(completeAndNormal(setup, { examQuality: 'adequate', generalAppearance: 'well' })).toBe(true);
    expect(completeAndNormal(setup, { examQuality: 'adequate', generalAppearance: 'unwell' })).toBe(false);
    expect(completeAndNormal(heel, { result: 'able' })).toBe(true);
    expect(completeAndNormal(heel, { result: 'asymmetric', side: 'left' })).toBe(false);
  });
});
