/**
 * Clinic settings (issue 16 item 5): the name, phone and default follow-up
 * are kept in a file beside the database, survive a restart, answer through
 * the real dispatcher, and bad input is refused with per-field messages and
 * changes nothing.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClinicHandlers, createClinicSettingsStore } from '../../../electron/main/clinic/settings';
import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { CLINIC_DEFAULTS } from '../../../shared/domain/clinic';
import { CONSOLE_SENDER, openServicesHarness } from '../../support/services';
import { tempFolders } from '../../support/db';

const folders = tempFolders('bptc-clinic-');
const tmp = folders.make;
afterAll(folders.removeAll);

const riverside = { clinicName: 'Riverside Pediatrics', clinicPhone: '(555) 010-2000 ext 12', followUpDays: 10 };

describe('clinic settings file', () => {
  it('starts empty, saves whole (mode 0600) and reads back after a restart', () => {
    const file = join(tmp(), 'clinic-settings.json');
    const store = createClinicSettingsStore({ file });
    expect(store.get()).toEqual(CLINIC_DEFAULTS);
    expect(store.save(riverside)).toEqual(riverside);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(createClinicSettingsStore({ file }).get()).toEqual(riverside);
  });

  it('reads a damaged or foreign file as the defaults instead of failing', () => {
    const file = join(tmp(), 'clinic-settings.json');
    writeFileSync(file, '{"clinicName": ');
    expect(createClinicSettingsStore({ file }).get()).toEqual(CLINIC_DEFAULTS);
    writeFileSync(file, JSON.stringify({ clinicName: 'X', clinicPhone: 'call us maybe', followUpDays: 3 }));
    expect(createClinicSettingsStore({ file }).get()).toEqual(CLINIC_DEFAULTS);
  });

  it('refuses a phone without digits and a follow-up out of range, and keeps what was saved', () => {
    const file = join(tmp(), 'clinic-settings.json');
    const store = createClinicSettingsStore({ file });
    store.save(riverside);
    const before = readFileSync(file, 'utf8');
    expect(() => store.save({ ...riverside, clinicPhone: 'not a number' })).toThrow(/not saved/);
    expect(() => store.save({ ...riverside, followUpDays: 400 })).toThrow(/not saved/);
    expect(store.get()).toEqual(riverside);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('clinic:getSettings / clinic:saveSettings through the dispatcher', () => {
  it('saves and answers the settings; a bad phone answers INVALID_REQUEST naming the field', async () => {
    const h = await openServicesHarness({ idSeed: 9100 });
    try {
      const file = join(tmp(), 'clinic-settings.json');
      const handlers = createHandlers(h.services, { appName: 'x', appVersion: '0', contentVersion: null }, undefined, undefined, undefined, createClinicHandlers(createClinicSettingsStore({ file })));
      const dispatch = createDispatcher({ appOrigin: 'app://console', handlers });
      const call = (channel: string, payload: unknown) => dispatch(CONSOLE_SENDER, channel, payload);
      expect(await call('clinic:getSettings', {})).toEqual({ ok: true, value: CLINIC_DEFAULTS });
      expect(await call('clinic:saveSettings', riverside)).toEqual({ ok: true, value: riverside });
      const bad = (await call('clinic:saveSettings', { ...riverside, clinicPhone: 'ring ring' })) as { ok: false; error: { code: string; fields: { path: string }[] } };
      expect(bad.ok).toBe(false);
      expect(bad.error.code).toBe('INVALID_REQUEST'); // the contract's schema refuses it before the store sees it
      expect(bad.error.fields.map((f) => f.path)).toContain('clinicPhone');
      expect(await call('clinic:getSettings', {})).toEqual({ ok: true, value: riverside });
      // Locked: no answer.
      await h.services.session.lock();
      expect(await call('clinic:getSettings', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    } finally {
      h.close();
    }
  });
});
