import { useEffect, useRef } from 'react';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'mousedown'] as const;

/**
 * Calls `onIdle` once after `minutes` with no keyboard, mouse or touch input.
 * One timer, re-armed lazily: input only moves a timestamp, and the timer
 * checks it when it fires (so a moving mouse costs nothing). Uses Date.now
 * and setTimeout only, so Playwright's page.clock can drive it in tests.
 */
export function useIdleLock(active: boolean, minutes: number, onIdle: () => void): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (!active || !(minutes > 0)) return;
    const limit = minutes * 60_000;
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms: number) => {
      timer = setTimeout(check, Math.max(ms, 250));
    };
    const check = () => {
      const idle = Date.now() - last;
      if (idle >= limit) callback.current();
      else arm(limit - idle);
    };
    const touch = () => {
      last = Date.now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, touch, { capture: true, passive: true });
    arm(limit);
    return () => {
      clearTimeout(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, touch, { capture: true });
    };
  }, [active, minutes]);
}
