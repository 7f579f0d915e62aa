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
        log({ level: 'error', code: 'INTERNAL', channel, detail: 'response failed its schema' });
        return fail({ code: 'INTERNAL', message: 'Something went wrong. Nothing was changed.' });
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (error instanceof AppError) return fail(error.toBody());
      // Only the error's class name is logged: SQLite and Node messages can
      // quote values, and values here are patient data.
      log({ level: 'error', code: 'INTERNAL', channel, detail: error instanceof Error ? error.name : typeof error });
      return fail({ code: 'INTERNAL', message: 'Something went wrong. Nothing was changed.' });
    }
  };
}
