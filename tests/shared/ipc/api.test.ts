import { describe, expect, it, vi } from 'vitest';
import { createConsoleApi } from '../../../shared/ipc/api';
import { channels, events } from '../../../shared/ipc/contract';

describe('createConsoleApi', () => {
  const invoke = vi.fn(async () => ({ ok: true, value: 1 }));
  const listeners: ((p: unknown) => void)[] = [];
  const subscribe = vi.fn((_e: string, l: (p: unknown) => void) => {
    listeners.push(l);
    return () => {};
  });
  const api = createConsoleApi(invoke, subscribe as never) as unknown as Record<string, (...a: unknown[]) => unknown>;

  it('exposes one named method per channel and event, and no generic invoke', () => {
    const expected = [...Object.values(channels).map((c) => c.method), ...Object.values(events).map((e) => e.method)];
    expect(Object.keys(api).sort()).toEqual(expected.sort());
    expect(api).not.toHaveProperty('invoke');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('sends each method on its own channel', async () => {
    await api.createPatient!({ a: 1 });
    expect(invoke).toHaveBeenCalledWith('patients:create', { a: 1 });
  });

  it('drops event payloads that do not match the contract', () => {
    const got = vi.fn();
    api.onVisitsChanged!(got);
    listeners[0]!({ visitId: null });
    listeners[0]!({ visitId: 'not-an-id', extra: 1 });
    expect(got.mock.calls).toEqual([[{ visitId: null }]]);
  });
});

describe('contract', () => {
  it('names every channel domain:verb with a unique method', () => {
    for (const name of Object.keys(channels)) expect(name).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/);
    const methods = Object.values(channels).map((c) => c.method);
    expect(new Set(methods).size).toBe(methods.length);
  });
});
