import { describe, expect, it, vi } from 'vitest';
import { createExternalOpener } from '../../../electron/main/shell/external';

describe('the external opener (the only shell.openExternal call)', () => {
  it('opens mailto: and sms: links and refuses everything else before it reaches the shell', async () => {
    const openExternal = vi.fn(async () => undefined);
    const open = createExternalOpener({ openExternal });
    await open('sms:+15550102000?body=Here%20is%20the%20link');
    await open('mailto:?subject=Your%20video%20visit%20link&body=x');
    for (const bad of ['https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'ms-settings:', 'mailto:a b']) {
      await expect(open(bad)).rejects.toThrow(/only mailto: and sms:/);
    }
    expect(openExternal.mock.calls.map((c) => (c as unknown[])[0])).toEqual([
      'sms:+15550102000?body=Here%20is%20the%20link',
      'mailto:?subject=Your%20video%20visit%20link&body=x',
    ]);
  });
});
