import { useEffect, useRef } from 'react';
import { createIdleLock } from './idle-lock';
import { callIsLive, onCallLiveChange } from './live-call';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'mousedown'] as const;

/**
 * Calls `onIdle` once after `minutes` with no keyboard, mouse or touch input,
 * but never while a call is live (./live-call.ts): then it waits, and locks
 * as soon as the call ends if the idle time has passed (./idle-lock.ts).
 * Uses Date.now and setTimeout only, so Playwright's page.clock can drive it
 * in tests.
 */
export function useIdleLock(active: boolean, minutes: number, onIdle: () => void): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (!active || !(minutes > 0)) return;
    const lock = createIdleLock({
      limitMs: minutes * 60_000,
      now: () => Date.now(),
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      isHeld: callIsLive,
      onIdle: () => callback.current(),
    });
    const touch = () => lock.touch();
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, touch, { capture: true, passive: true });
    const unsubscribe = onCallLiveChange(() => lock.released());
    return () => {
      lock.dispose();
      unsubscribe();
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, touch, { capture: true });
    };
  }, [active, minutes]);
}
