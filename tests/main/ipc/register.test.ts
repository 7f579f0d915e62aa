import { describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { registerIpc } from '../../../electron/main/ipc/register';
import { CHANNEL_NAMES } from '../../../shared/ipc/contract';

describe('registerIpc', () => {
  const registered = new Map<string, (e: IpcMainInvokeEvent, p: unknown) => unknown>();
  const ipcMain = { handle: (ch: string, fn: never) => registered.set(ch, fn) } as unknown as IpcMain;
  const dispatch = vi.fn(async () => ({ ok: true as const, value: null }));
  registerIpc(ipcMain, dispatch, new Set([1]));

  it('registers exactly the contract channels', () => {
    expect([...registered.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('reports the sender frame, whether it is the top frame, and whether the window is ours', async () => {
    const mainFrame = { url: 'app://console/index.html' };
    const sub = { url: 'app://console/index.html' };
    await registered.get('patients:list')!({ senderFrame: mainFrame, sender: { id: 1, mainFrame } } as never, {});
    await registered.get('patients:list')!({ senderFrame: sub, sender: { id: 2, mainFrame } } as never, {});
    expect(dispatch.mock.calls).toEqual([
      [{ frameUrl: 'app://console/index.html', isTopFrame: true, isKnownWindow: true }, 'patients:list', {}],
      [{ frameUrl: 'app://console/index.html', isTopFrame: false, isKnownWindow: false }, 'patients:list', {}],
    ]);
  });

  it('treats a destroyed frame as an unknown sender', async () => {
    await registered.get('patients:list')!({ senderFrame: null, sender: { id: 1, mainFrame: {} } } as never, {});
    expect(dispatch).toHaveBeenLastCalledWith({ frameUrl: '', isTopFrame: false, isKnownWindow: true }, 'patients:list', {});
  });
});
