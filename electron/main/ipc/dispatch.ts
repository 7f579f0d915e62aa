/**
 * The one wrapper every IPC channel goes through (runs under plain Node; the
 * Electron glue in ./register.ts only adapts `ipcMain.handle` to it, and the
 * end-to-end tests bind the same function to the page).
 *
 * Order matters: the sender is checked before the payload is even looked at,
 * the payload is parsed before any service runs, and the response is parsed
 * on the way out so a service can never leak a field the contract does not
 * declare. Nothing thrown crosses the boundary: the result is always an
 * envelope, and an unexpected error becomes INTERNAL with no stack or data.
 */
import { AppError, type ErrorBody, type IpcResult } from '../../../shared/ipc/errors';
import {
  channels,
  isChannelName,
  type ChannelName,
  type ChannelRequestParsed,
  type ChannelResponse,
} from '../../../shared/ipc/contract';
import { issuesToFieldErrors } from '../../../shared/ipc/issues';
import { isAppOrigin } from '../security/policies';

/** What the main process knows about who sent a message. */
export interface SenderInfo {
  /** URL of the frame that sent it (`event.senderFrame.url`). */
  frameUrl: string;
  /** True when that frame is its page's top-level frame. */
  isTopFrame: boolean;
  /** True when the web contents belongs to a window this app created. */
  isKnownWindow: boolean;
}

export type Handlers = {
  [C in ChannelName]: (request: ChannelRequestParsed<C>) => Promise<ChannelResponse<C>> | ChannelResponse<C>;
};

export interface DispatchLog {
  /** Called with a code and channel only: never the payload, never patient data. */
  (entry: { level: 'warn' | 'error'; code: string; channel: string; detail?: string }): void;
}

export type Dispatch = (sender: SenderInfo, channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

/**
 * An unexpected failure, with whether the store was left exactly as it was.
 * Handlers are wrapped by {@link withWriteAccounting}, which counts the
 * store's completed writes around each call: only when none completed may the
 * answer say "Nothing was changed" (issue 14: the writes that went through
 * before an INTERNAL were reported to the clinician as not made).
 */
export class UnexpectedFailure extends Error {
  constructor(
    readonly original: unknown,
    readonly nothingWritten: boolean,
  ) {
    super('unexpected failure');
    this.name = 'UnexpectedFailure';
  }
}

export const INTERNAL_NOTHING_CHANGED = 'Something went wrong. Nothing was changed.';
export const INTERNAL_MAYBE_CHANGED = 'Something went wrong, possibly after part of this was saved. Reload the visit to check.';

/**
 * Wrap every handler so an unexpected error says whether anything was
 * written: `writes` is a counter that never goes back (SQLite's
 * total_changes(), which also counts statements later rolled back, so a
 * rolled-back write is reported as "possibly saved", never the reverse).
 * AppErrors pass through untouched: their messages already say what happened.
 */
export function withWriteAccounting(handlers: Handlers, writes: () => number): Handlers {
  const out = { ...handlers } as Record<ChannelName, (req: unknown) => unknown>;
  for (const name of Object.keys(handlers) as ChannelName[]) {
    const inner = handlers[name] as (req: unknown) => unknown;
    out[name] = async (req) => {
      const before = writes();
      try {
        return await inner(req);
      } catch (error) {
        if (error instanceof AppError || error instanceof UnexpectedFailure) throw error;
        throw new UnexpectedFailure(error, writes() === before);
      }
    };
  }
  return out as Handlers;
}

export function createDispatcher(options: { appOrigin: string; handlers: Handlers; log?: DispatchLog }): Dispatch {
  const { appOrigin, handlers } = options;
  const log: DispatchLog = options.log ?? (() => {});
  const fail = (error: ErrorBody): IpcResult<never> => ({ ok: false, error });

  return async function dispatch(sender, channel, payload) {
    const channelLabel = isChannelName(channel) ? channel : '(unknown)';
    if (!sender.isKnownWindow || !sender.isTopFrame || !isAppOrigin(sender.frameUrl, appOrigin)) {
      log({ level: 'warn', code: 'FORBIDDEN_SENDER', channel: channelLabel });
      return fail({ code: 'FORBIDDEN_SENDER', message: 'This request did not come from the console window.' });
    }
    if (!isChannelName(channel)) {
      log({ level: 'warn', code: 'UNKNOWN_CHANNEL', channel: channelLabel });
      return fail({ code: 'UNKNOWN_CHANNEL', message: 'Unknown request.' });
    }
    const def = channels[channel];
    const parsed = def.request.safeParse(payload);
    if (!parsed.success) {
      log({ level: 'warn', code: 'INVALID_REQUEST', channel });
      return fail({
        code: 'INVALID_REQUEST',
        message: 'Some of the information is missing or not valid.',
        fields: issuesToFieldErrors(parsed.error.issues),
      });
    }
    try {
      const handler = handlers[channel] as (req: unknown) => unknown;
      const value = await handler(parsed.data);
      const checked = def.response.safeParse(value);
      if (!checked.success) {
        // The handler ran to the end: whatever it wrote is saved.
        log({ level: 'error', code: 'INTERNAL', channel, detail: 'response failed its schema' });
        return fail({ code: 'INTERNAL', message: INTERNAL_MAYBE_CHANGED });
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (error instanceof AppError) return fail(error.toBody());
      // "Nothing was changed" only when the write accounting says so; without it, never.
      const nothingWritten = error instanceof UnexpectedFailure && error.nothingWritten;
      const original = error instanceof UnexpectedFailure ? error.original : error;
      // Only the error's class name is logged: SQLite and Node messages can
      // quote values, and values here are patient data.
      log({ level: 'error', code: 'INTERNAL', channel, detail: original instanceof Error ? original.name : typeof original });
      return fail({ code: 'INTERNAL', message: nothingWritten ? INTERNAL_NOTHING_CHANGED : INTERNAL_MAYBE_CHANGED });
    }
  };
}
