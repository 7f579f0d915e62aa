/**
 * Save-as-you-go for the plan (issue 16 item 4), the way the checklist saves
 * each entry: every change is saved after a short pause (text) or at once
 * (a tick, a dose, a body region), one save at a time, always the latest
 * values. A failed save keeps what was typed (the values live in the form,
 * not here) and says why; the next change or "Retry" saves again.
 *
 * Plain TypeScript with an injected timer so it is unit-tested without React.
 */
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.plan.save;

export type AutosaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; message: string };

export type SaveResult = { ok: true } | { ok: false; message: string };

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface Autosave<T> {
  /** A change was made: save `value` after `delayMs` (0 = on the next tick). */
  changed(value: T, delayMs: number): void;
  /** Save now if anything is unsaved (a field lost focus, the tab closes, Retry). */
  flush(): Promise<void>;
  /** True while a change has not been saved yet. */
  readonly dirty: boolean;
}

export function createAutosave<T>(opts: {
  save: (value: T) => Promise<SaveResult>;
  onState: (state: AutosaveState) => void;
  timers?: Timers;
  now?: () => Date;
}): Autosave<T> {
  const timers: Timers = opts.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  const now = opts.now ?? (() => new Date());
  let latest: T | undefined;
  let version = 0;
  let savedVersion = 0;
  let timer: unknown = null;
  let running: Promise<void> = Promise.resolve();

  const cancelTimer = () => {
    if (timer !== null) timers.clear(timer);
    timer = null;
  };

  async function saveOnce(): Promise<void> {
    const v = version;
    if (v === savedVersion || latest === undefined) return;
    const value = latest;
    opts.onState({ kind: 'saving' });
    let result: SaveResult;
    try {
      result = await opts.save(value);
    } catch (e) {
      result = { ok: false, message: (e as Error).message || t.failed };
    }
    if (result.ok) {
      savedVersion = Math.max(savedVersion, v);
      // A change made while this save ran is saved by its own turn; until then it is pending.
      opts.onState(v === version ? { kind: 'saved', at: now() } : { kind: 'pending' });
    } else if (v === version) {
      opts.onState({ kind: 'error', message: result.message });
    }
  }

  function flush(): Promise<void> {
    cancelTimer();
    // One save at a time, in order; each turn saves the newest values.
    running = running.then(saveOnce);
    return running;
  }

  return {
    changed(value, delayMs) {
      latest = value;
      version += 1;
      opts.onState({ kind: 'pending' });
      cancelTimer();
      timer = timers.set(() => {
        timer = null;
        void flush();
      }, delayMs);
    },
    flush,
    get dirty() {
      return version !== savedVersion;
    },
  };
}

/** The words beside the plan: what a clinician sees while it saves. */
export function describeAutosave(state: AutosaveState, savedAt: string | null): string {
  switch (state.kind) {
    case 'pending':
      return t.pending;
    case 'saving':
      return CONSOLE.common.saving;
    case 'saved':
      return t.savedAt(state.at.toLocaleTimeString());
    case 'error':
      return t.notSaved(state.message);
    case 'idle':
      return savedAt ? t.savedAt(new Date(savedAt).toLocaleTimeString()) : t.empty;
  }
}
