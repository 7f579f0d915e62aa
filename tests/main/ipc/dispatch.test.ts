import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, type Handlers, type SenderInfo } from '../../../electron/main/ipc/dispatch';
import { AppError } from '../../../shared/ipc/errors';
import { validPatient } from '../../support/db';

const APP = 'app://console';
const goodSender: SenderInfo = { frameUrl: `${APP}/index.html`, isTopFrame: true, isKnownWindow: true };

function spyHandlers(): Handlers & Record<string, ReturnType<typeof vi.fn>> {
  const summary = {
    id: '00000000-0000-4000-8000-000000000001',
    ...validPatient,
    guardianEmail: null,
    createdAt: '2026-11-27T10:00:00.000Z',
  };
  return {
    'app:about': vi.fn(() => ({ appName: 'x', appVersion: '1', contentVersion: null, clinicalReviewStatement: 'not reviewed' })),
    'patients:create': vi.fn(async () => summary),
    'patients:list': vi.fn(async () => [summary]),
    'patients:get': vi.fn(async () => summary),
    'visits:schedule': vi.fn(),
    'visits:list': vi.fn(async () => ({ items: [], nextCursor: null })),
  } as never;
}

describe('createDispatcher', () => {
  describe('sender checks', () => {
    const cases: [string, SenderInfo][] = [
      ['a frame on another origin', { ...goodSender, frameUrl: 'https://evil.example/index.html' }],
      ['a look-alike host', { ...goodSender, frameUrl: 'app://console.evil/index.html' }],
      ['a file: URL', { ...goodSender, frameUrl: 'file:///etc/passwd' }],
      ['an empty URL', { ...goodSender, frameUrl: '' }],
      ['a sub-frame', { ...goodSender, isTopFrame: false }],
      ['a window the app did not create', { ...goodSender, isKnownWindow: false }],
    ];
    it.each(cases)('refuses %s before the service runs', async (_label, sender) => {
      const handlers = spyHandlers();
      const dispatch = createDispatcher({ appOrigin: APP, handlers });
      const result = await dispatch(sender, 'patients:create', validPatient);
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN_SENDER' }) });
      expect(handlers['patients:create']).not.toHaveBeenCalled();
    });
  });

  describe('payload checks', () => {
    const cases: [string, unknown, string][] = [
      ['an unknown key', { ...validPatient, isAdmin: true }, ''],
      ['an oversized string', { ...validPatient, childName: 'x'.repeat(10_000) }, 'childName'],
      ['a wrong type', { ...validPatient, weightKg: '31' }, 'weightKg'],
      ['a missing field', { ...validPatient, guardianPhone: undefined }, 'guardianPhone'],
      ['a non-object payload', 'DROP TABLE patients', ''],
      ['null', null, ''],
    ];
    it.each(cases)('refuses %s with INVALID_REQUEST naming the field, and the service never runs', async (_l, payload, path) => {
      const handlers = spyHandlers();
      const dispatch = createDispatcher({ appOrigin: APP, handlers });
      const result = await dispatch(goodSender, 'patients:create', payload);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('INVALID_REQUEST');
      expect(result.error.fields?.map((f) => f.path)).toContain(path);
      expect(handlers['patients:create']).not.toHaveBeenCalled();
    });

    it('never echoes the offending key or value back', async () => {
      const dispatch = createDispatcher({ appOrigin: APP, handlers: spyHandlers() });
      const result = await dispatch(goodSender, 'patients:create', { ...validPatient, 'Secret Name': 'Secret Value' });
      expect(JSON.stringify(result)).not.toMatch(/Secret/);
    });
  });

  it('refuses a channel that is not in the contract', async () => {
    const dispatch = createDispatcher({ appOrigin: APP, handlers: spyHandlers() });
    const result = await dispatch(goodSender, 'fs:readFile', { path: '/etc/passwd' });
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_CHANNEL' }) });
  });

  it('passes the parsed request to the service and wraps its value', async () => {
    const handlers = spyHandlers();
    const dispatch = createDispatcher({ appOrigin: APP, handlers });
    const result = await dispatch(goodSender, 'patients:create', { ...validPatient, childName: '  Mia Example  ' });
    expect(result.ok).toBe(true);
    expect(handlers['patients:create']).toHaveBeenCalledWith(expect.objectContaining({ childName: 'Mia Example' }));
  });

  it('turns a service AppError into its envelope', async () => {
    const handlers = spyHandlers();
    handlers['patients:get'] = vi.fn(async () => {
      throw new AppError('NOT_FOUND', 'That patient was not found.');
    });
    const dispatch = createDispatcher({ appOrigin: APP, handlers });
    const result = await dispatch(goodSender, 'patients:get', { patientId: '00000000-0000-4000-8000-000000000009' });
    expect(result).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'That patient was not found.' } });
  });

  it('hides an unexpected error: INTERNAL, no message, no stack, and logs no payload', async () => {
    const handlers = spyHandlers();
    handlers['patients:create'] = vi.fn(async () => {
      throw new Error('UNIQUE constraint failed: patients.child_name = Mia Example');
    });
    const log = vi.fn();
    const dispatch = createDispatcher({ appOrigin: APP, handlers, log });
    const result = await dispatch(goodSender, 'patients:create', validPatient);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(JSON.stringify(result)).not.toMatch(/Mia|UNIQUE|at /);
    expect(JSON.stringify(log.mock.calls)).not.toMatch(/Mia/);
  });

  it('refuses a service response that breaks the contract instead of leaking extra fields', async () => {
    const handlers = spyHandlers();
    handlers['patients:list'] = vi.fn(async () => [{ id: 'x', secret: 'y' }]) as never;
    const dispatch = createDispatcher({ appOrigin: APP, handlers });
    const result = await dispatch(goodSender, 'patients:list', {});
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'INTERNAL' }) });
  });
});
