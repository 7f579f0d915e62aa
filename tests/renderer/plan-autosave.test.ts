import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAutosave, describeAutosave, type AutosaveState, type SaveResult } from '../../renderer/src/plan/autosave';

afterEach(() => vi.useRealTimers());

function harness(answers: SaveResult[] = []) {
  vi.useFakeTimers();
  const saved: string[] = [];
  const states: AutosaveState['kind'][] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const auto = createAutosave<string>({
    save: async (v) => {
      if (hold) await new Promise<void>((r) => (release = r));
      saved.push(v);
      return answers.shift() ?? { ok: true };
    },
    onState: (s) => states.push(s.kind),
  });
  return {
    auto,
    saved,
    states,
    holdSaves: () => (hold = true),
    releaseSave: () => {
      hold = false;
      release?.();
    },
  };
}

describe('the plan saves as it is made (issue 16 item 4)', () => {
  it('typing saves once, after the pause, with the last value', async () => {
    const { auto, saved, states } = harness();
    auto.changed('I', 600);
    auto.changed('In', 600);
    auto.changed('In 1 week', 600);
    await vi.advanceTimersByTimeAsync(599);
    expect(saved).toEqual([]);
    expect(auto.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(['In 1 week']);
    expect(states.at(-1)).toBe('saved');
    expect(auto.dirty).toBe(false);
  });

  it('flush saves at once (a field lost focus) and does nothing when all is saved', async () => {
    const { auto, saved } = harness();
    auto.changed('x', 600);
    await auto.flush();
    expect(saved).toEqual(['x']);
    await auto.flush();
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual(['x']);
  });

  it('a failed save says why, stays dirty, and Retry saves the same value', async () => {
    const { auto, saved, states } = harness([{ ok: false, message: 'The store refused the plan.' }]);
    auto.changed('Family doctor', 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toBe('error');
    expect(auto.dirty).toBe(true);
    await auto.flush();
    expect(saved).toEqual(['Family doctor', 'Family doctor']);
    expect(states.at(-1)).toBe('saved');
    expect(auto.dirty).toBe(false);
  });

  it('a thrown error is a failed save, not a lost one', async () => {
    vi.useFakeTimers();
    const states: AutosaveState[] = [];
    const auto = createAutosave<string>({ save: () => Promise.reject(new Error('LOCKED')), onState: (s) => states.push(s) });
    auto.changed('a', 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toEqual({ kind: 'error', message: 'LOCKED' });
    expect(auto.dirty).toBe(true);
  });

  it('a change made while a save runs is saved next, in order, and the state stays pending until then', async () => {
    const h = harness();
    h.holdSaves();
    h.auto.changed('one', 0);
    await vi.advanceTimersByTimeAsync(0);
    h.auto.changed('two', 0);
    await vi.advanceTimersByTimeAsync(0);
    h.releaseSave();
    await vi.advanceTimersByTimeAsync(0);
    await h.auto.flush();
    expect(h.saved).toEqual(['one', 'two']);
    expect(h.states).toContain('pending');
    expect(h.states.at(-1)).toBe('saved');
  });

  it('says what is happening in words', () => {
    expect(describeAutosave({ kind: 'error', message: 'Visit is signed.' }, null)).toBe('Not saved: Visit is signed. What you entered is still here.');
    expect(describeAutosave({ kind: 'idle' }, null)).toMatch(/saves as you make it/);
    expect(describeAutosave({ kind: 'saving' }, null)).toBe('Saving…');
  });
});
