import type { IpcResult } from './errors';
import {
  channels,
  events,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type Channels,
  type EventName,
  type EventPayload,
  type Events,
} from './contract';

/** The transport the preload provides: `ipcRenderer.invoke` in the app, a Playwright binding in tests. */
export type Invoke = (channel: ChannelName, payload: unknown) => Promise<unknown>;
/** Subscribe to one main-to-renderer event; returns an unsubscribe function. */
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/** The API the preload exposes on `window.consoleApi`: one named method per channel. */
export type ConsoleApi = {
  [C in ChannelName as Channels[C]['method']]: (request: ChannelRequest<C>) => Promise<IpcResult<ChannelResponse<C>>>;
} & {
  [E in EventName as Events[E]['method']]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

/**
 * Build the named API from the contract. Nothing generic leaks out: there is
 * no `invoke(channel, ...)` on the result, only the methods the contract names.
 */
export function createConsoleApi(invoke: Invoke, subscribe: Subscribe): ConsoleApi {
  const api: Record<string, unknown> = {};
  for (const name of Object.keys(channels) as ChannelName[]) {
    api[channels[name].method] = (request: unknown) => invoke(name, request);
  }
  for (const name of Object.keys(events) as EventName[]) {
    const def = events[name];
    api[def.method] = (listener: (payload: unknown) => void) =>
      subscribe(name, (payload) => {
        // Events come from our own main process; a payload that does not match
        // the contract is a bug there, and is dropped rather than shown.
        const parsed = def.payload.safeParse(payload);
        if (parsed.success) listener(parsed.data);
      });
  }
  return Object.freeze(api) as ConsoleApi;
}
