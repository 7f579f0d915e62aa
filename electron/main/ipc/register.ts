/**
 * Electron glue: one `ipcMain.handle` per contract channel, each calling the
 * shared dispatcher with what Electron tells us about the sender.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES } from '../../../shared/ipc/contract';
import type { Dispatch, SenderInfo } from './dispatch';

export function senderInfo(event: IpcMainInvokeEvent, knownContents: ReadonlySet<number>): SenderInfo {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url ?? '',
    isTopFrame: frame != null && frame === event.sender.mainFrame,
    isKnownWindow: knownContents.has(event.sender.id),
  };
}

export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, knownContents: ReadonlySet<number>): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, payload: unknown) => dispatch(senderInfo(event, knownContents), channel, payload));
  }
}
