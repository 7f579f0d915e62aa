import { describe, expect, it } from 'vitest';
import {
  allowNavigation,
  allowOpenExternal,
  allowPermission,
  APP_ORIGIN,
  contentSecurityPolicy,
  metaContentSecurityPolicy,
  devRendererOrigin,
  isAppOrigin,
} from '../../../electron/main/security/policies';

describe('isAppOrigin', () => {
  it.each([
    ['app://console/index.html', true],
    ['app://console/deep/path?x=1#y', true],
    ['app://console.attacker.com/index.html', false],
    ['app://consol/index.html', false],
    ['http://console/index.html', false],
    ['file:///index.html', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
    ['', false],
  ])('%s -> %s', (url, expected) => {
    expect(isAppOrigin(url, APP_ORIGIN)).toBe(expected);
  });

  it('compares port for http origins (the test server)', () => {
    expect(isAppOrigin('http://127.0.0.1:4000/x', 'http://127.0.0.1:4000')).toBe(true);
    expect(isAppOrigin('http://127.0.0.1:4001/x', 'http://127.0.0.1:4000')).toBe(false);
  });
});

describe('allowNavigation', () => {
  it('blocks everything off the app origin', () => {
    expect(allowNavigation('app://console/index.html', APP_ORIGIN)).toBe(true);
    expect(allowNavigation('https://example.com/', APP_ORIGIN)).toBe(false);
    expect(allowNavigation('file:///etc/passwd', APP_ORIGIN)).toBe(false);
  });
});

describe('allowOpenExternal', () => {
  it.each([
    ['https://kidshealth.org/en/parents/back-pain.html', true],
    ['https://www.nice.org.uk/guidance', true],
    ['https://kidshealth.org.attacker.com/', false],
    ['https://attacker.com/kidshealth.org', false],
    ['https://kidshealth.org@attacker.com/', false],
    ['https://user:pw@kidshealth.org/', false],
    ['https://kidshealth.org:8443/', false],
    ['http://kidshealth.org/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['', false],
  ])('%s -> %s', (url, expected) => {
    expect(allowOpenExternal(url)).toBe(expected);
  });
});

describe('allowPermission', () => {
  const permissions = [
    'media', 'camera', 'microphone', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'fullscreen',
    'openExternal', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'mediaKeySystem', 'hid', 'serial',
    'usb', 'idle-detection', 'window-management', 'speaker-selection', 'storage-access', 'top-level-storage-access',
    'fileSystem', 'local-network-access', 'local-network', 'loopback-network', 'unknown',
  ];
  const origins = [
    [APP_ORIGIN + '/index.html', true],
    ['app://console.attacker.com/', false],
    ['https://example.com/', false],
    ['file:///index.html', false],
    ['', false],
  ] as const;
  // Clipboard writes for "Copy link"; Local Network Access so the console reaches its own SFU on this machine or LAN.
  const granted = new Set(['media', 'camera', 'microphone', 'clipboard-sanitized-write', 'local-network-access', 'local-network', 'loopback-network']);
  for (const permission of permissions) {
    for (const [origin, isApp] of origins) {
      const expected = isApp && granted.has(permission);
      it(`${permission} from ${origin || '(empty)'} -> ${expected ? 'granted' : 'denied'}`, () => {
        expect(allowPermission(permission, origin, APP_ORIGIN)).toBe(expected);
      });
    }
  }
  it('denies a media request that asks for more than audio and video', () => {
    expect(allowPermission('media', `${APP_ORIGIN}/`, APP_ORIGIN, ['video', 'audio'])).toBe(true);
    expect(allowPermission('media', `${APP_ORIGIN}/`, APP_ORIGIN, ['video', 'screen'])).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  const csp = contentSecurityPolicy({ selfOrigin: APP_ORIGIN, connectOrigins: ['ws://127.0.0.1:8443'] });
  const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));
  it('has no unsafe-inline or unsafe-eval anywhere', () => {
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
  });
  it('defaults to none and limits scripts to the app itself', () => {
    expect(directive('default-src')).toBe(`default-src 'none'`);
    expect(directive('script-src')).toBe(`script-src 'self'`);
    expect(directive('object-src')).toBe(`object-src 'none'`);
  });
  it('limits connect-src to the app and the signaling origin', () => {
    expect(directive('connect-src')).toBe(`connect-src 'self' ws://127.0.0.1:8443`);
  });
  it('adds wasm-unsafe-eval to script-src only when asked (the console window, for pose estimation), and nothing else', () => {
    const wasm = contentSecurityPolicy({ selfOrigin: APP_ORIGIN, connectOrigins: ['ws://127.0.0.1:8443'], wasm: true });
    expect(wasm.split('; ').find((d) => d.startsWith('script-src '))).toBe(`script-src 'self' 'wasm-unsafe-eval'`);
    // Only that one source differs: no plain unsafe-eval, no other directive widened.
    expect(wasm.replace(` 'wasm-unsafe-eval'`, '')).toBe(csp);
    expect(wasm.replace(`'wasm-unsafe-eval'`, '')).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*/);
    expect(csp).not.toContain('wasm-unsafe-eval');
    expect(metaContentSecurityPolicy({ selfOrigin: "'self'", wasm: true })).toContain(`script-src 'self' 'wasm-unsafe-eval'`);
    expect(metaContentSecurityPolicy({ selfOrigin: "'self'" })).not.toContain('wasm-unsafe-eval');
  });
});

describe('devRendererOrigin (npm run dev)', () => {
  it.each([
    ['http://localhost:5173/', 'http://localhost:5173'],
    ['http://127.0.0.1:5173', 'http://127.0.0.1:5173'],
    ['http://[::1]:5173/', 'http://[::1]:5173'],
    ['https://localhost:5173/', 'https://localhost:5173'],
    ['https://evil.example/', null],
    ['http://localhost.evil.example:5173/', null],
    ['http://user:pw@localhost:5173/', null],
    ['file:///index.html', null],
    ['javascript:alert(1)', null],
    ['not a url', null],
    [undefined, null],
  ] as const)('%s -> %s', (value, expected) => {
    expect(devRendererOrigin(value)).toBe(expected);
  });

  it('adds a nonce to script-src and style-src only when one is given, never unsafe-inline', () => {
    const csp = contentSecurityPolicy({ selfOrigin: APP_ORIGIN, nonce: 'abc' });
    expect(csp).toContain(`script-src 'self' 'nonce-abc'`);
    expect(csp).toContain(`style-src 'self' 'nonce-abc'`);
    expect(csp).not.toMatch(/unsafe-inline/);
  });
});
