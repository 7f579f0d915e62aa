import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdleLock } from '../../renderer/src/session/idle-lock';
import { callIsLive, onCallLiveChange, setCallLive } from '../../renderer/src/session/live-call';

const MIN = 60_000;

function harness() {
  vi.useFakeTimers();
  const onIdle = vi.fn();
  const lock = createIdleLock({
    limitMs: 2 * MIN,
    now: () => Date.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    isHeld: callIsLive,
    onIdle,
  });
  const unsubscribe = onCallLiveChange(() => lock.released());
  return { onIdle, lock, unsubscribe };
}

afterEach(() => {
  setCallLive('v1', false);
  setCallLive('v2', false);
  vi.useRealTimers();
});

describe('the idle lock (issue 16: waits while a call is live, locks when it ends)', () => {
  it('locks after the idle time, and input keeps it open', () => {
    const { onIdle, lock } = harness();
    vi.advanceTimersByTime(1.5 * MIN);
    lock.touch();
    vi.advanceTimersByTime(1.5 * MIN);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0.6 * MIN);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * MIN);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('never locks during a live call, however long, and locks the moment the last call ends', () => {
    const { onIdle } = harness();
    setCallLive('v1', true);
    setCallLive('v2', true);
    vi.advanceTimersByTime(30 * MIN);
    expect(onIdle).not.toHaveBeenCalled();
    setCallLive('v1', false);
    expect(onIdle).not.toHaveBeenCalled();
    setCallLive('v2', false);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('after a call that ends with recent input, counts the idle time from that input', () => {
    const { onIdle, lock } = harness();
    setCallLive('v1', true);
    vi.advanceTimersByTime(20 * MIN);
    lock.touch(); // the clinician clicks "End call"
    setCallLive('v1', false);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1.9 * MIN);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0.2 * MIN);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('stops when disposed', () => {
    const { onIdle, lock, unsubscribe } = harness();
    lock.dispose();
    unsubscribe();
    vi.advanceTimersByTime(10 * MIN);
    setCallLive('v1', true);
    setCallLive('v1', false);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
