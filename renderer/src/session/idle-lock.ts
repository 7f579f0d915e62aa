/**
 * The idle-lock timer, without React or the DOM (tests/renderer/idle-lock.test.ts).
 *
 * One timer, re-armed lazily: input only moves a timestamp, and the timer
 * checks it when it fires (so a moving mouse costs nothing). While a call is
 * live (`isHeld`) the lock waits; when the hold is released (`released()`,
 * the call ended) and the limit has passed since the last input, it locks at
 * once, else it re-arms for the time left.
 */
export interface IdleLockDeps {
  limitMs: number;
  now: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  isHeld: () => boolean;
  onIdle: () => void;
}

export function createIdleLock(deps: IdleLockDeps) {
  let last = deps.now();
  let timer: unknown;
  let fired = false;
  const arm = (ms: number) => {
    if (timer !== undefined) deps.clearTimer(timer);
    timer = deps.setTimer(check, Math.max(ms, 250));
  };
  function check() {
    timer = undefined;
    if (fired) return;
    const idle = deps.now() - last;
    if (idle < deps.limitMs) return arm(deps.limitMs - idle);
    // A live call holds the lock; released() checks again when it ends.
    if (deps.isHeld()) return arm(deps.limitMs);
    fired = true;
    deps.onIdle();
  }
  arm(deps.limitMs);
  return {
    /** Keyboard, mouse or touch input. */
    touch() {
      last = deps.now();
    },
    /** The hold changed (a call started or ended): lock now if the idle time has passed and nothing holds it. */
    released() {
      if (!fired && !deps.isHeld()) check();
    },
    dispose() {
      if (timer !== undefined) deps.clearTimer(timer);
      timer = undefined;
    },
  };
}
