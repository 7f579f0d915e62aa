import { describe, expect, it, vi } from 'vitest';
import type { Session } from 'electron';
import { applySessionPolicies } from '../../../electron/main/shell/session';

function fakeSession() {
  const captured: {
    request?: (c: unknown, p: string, cb: (ok: boolean) => void, d: Record<string, unknown>) => void;
    check?: (c: unknown, p: string, origin: string) => boolean;
    device?: () => boolean;
  } = {};
  const ses = {
    setPermissionRequestHandler: (fn: never) => (captured.request = fn),
    setPermissionCheckHandler: (fn: never) => (captured.check = fn),
    setDevicePermissionHandler: (fn: never) => (captured.device = fn),
  } as unknown as Session;
  return { ses, captured };
}

describe('applySessionPolicies', () => {
  const { ses, captured } = fakeSession();
  applySessionPolicies(ses, 'app://console');
  const contents = { getURL: () => 'app://console/index.html' };

  it('grants a camera+microphone request from the app and nothing else', () => {
    const cb = vi.fn();
    captured.request!(contents, 'media', cb, { requestingUrl: 'app://console/index.html', mediaTypes: ['video', 'audio'] });
    captured.request!(contents, 'geolocation', cb, { requestingUrl: 'app://console/index.html' });
    captured.request!(contents, 'media', cb, { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] });
    expect(cb.mock.calls).toEqual([[true], [false], [false]]);
  });

  it('answers permission checks the same way', () => {
    expect(captured.check!(contents, 'media', 'app://console')).toBe(true);
    expect(captured.check!(contents, 'notifications', 'app://console')).toBe(false);
    expect(captured.check!(contents, 'media', 'https://evil.example')).toBe(false);
  });

  it('never grants device (USB, HID, serial) access', () => {
    expect(captured.device!()).toBe(false);
  });
});
