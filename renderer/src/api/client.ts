/**
 * The one module that talks to the preload API. Every call resolves with the
 * value or rejects with an AppError carrying the main process's code,
 * message and per-field messages.
 */
import type { ConsoleApi } from '../../../shared/ipc/api';
import { AppError, ERROR_CODES, type IpcResult } from '../../../shared/ipc/errors';

type Methods = {
  [K in keyof ConsoleApi]: ConsoleApi[K] extends (req: infer Req) => Promise<IpcResult<infer Res>>
    ? (req: Req) => Promise<Res>
    : ConsoleApi[K];
};

function toAppError(result: unknown): AppError {
  const error = (result as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | null)?.error;
  const code = ERROR_CODES.find((c) => c === error?.code) ?? 'INTERNAL';
  const message = typeof error?.message === 'string' ? error.message : 'Something went wrong.';
  const fields = Array.isArray(error?.fields) ? (error.fields as AppError['fields']) : [];
  return new AppError(code, message, fields);
}

const lockedListeners = new Set<() => void>();

/**
 * Called whenever the main process answers LOCKED (the console was locked
 * elsewhere, or the lock raced a request): the app shell shows the lock screen.
 */
export function onLocked(listener: () => void): () => void {
  lockedListeners.add(listener);
  return () => {
    lockedListeners.delete(listener);
  };
}

function wrap(api: ConsoleApi): Methods {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api) as [string, (arg: unknown) => unknown][]) {
    out[name] = name.startsWith('on')
      ? fn
      : async (req: unknown) => {
          const result = (await fn(req)) as IpcResult<unknown>;
          if (result && result.ok === true) return result.value;
          const error = toAppError(result);
          if (error.code === 'LOCKED' && name !== 'unlockSession') for (const l of lockedListeners) l();
          throw error;
        };
  }
  return out as Methods;
}

export const client: Methods = wrap(window.consoleApi);
export { AppError };
