/**
 * The clinic settings file (shared/domain/clinic.ts): JSON beside the
 * database, mode 0600, written whole then renamed, like the EHR settings.
 * A missing or damaged file reads as the defaults (an empty name and phone:
 * the exports and family pages then say "your clinic" without a number).
 * `file: null` keeps the settings in memory (tests, tools, the e2e harness).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseOrRefuse } from '../../../shared/ipc/issues';
import { CLINIC_DEFAULTS, ClinicSettings } from '../../../shared/domain/clinic';

/** Read a clinic settings file; defaults when it is missing or unreadable (never throws). */
export function readClinicSettingsFile(file: string): ClinicSettings {
  if (!existsSync(file)) return CLINIC_DEFAULTS;
  try {
    const { version: _version, ...stored } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const parsed = ClinicSettings.safeParse({ ...CLINIC_DEFAULTS, ...stored });
    return parsed.success ? parsed.data : CLINIC_DEFAULTS;
  } catch {
    return CLINIC_DEFAULTS;
  }
}

export function createClinicSettingsStore(options: { file: string | null; initial?: Partial<ClinicSettings> }) {
  let current: ClinicSettings = options.file ? readClinicSettingsFile(options.file) : { ...CLINIC_DEFAULTS, ...options.initial };
  return {
    get: (): ClinicSettings => ({ ...current }),
    /** Validates again (the IPC layer already did); a refused input changes nothing. */
    save(input: unknown): ClinicSettings {
      const settings = parseOrRefuse(ClinicSettings, input, 'The clinic settings were not saved.');
      if (options.file) {
        const partial = `${options.file}.partial`;
        writeFileSync(partial, JSON.stringify({ version: 1, ...settings }), { mode: 0o600 });
        renameSync(partial, options.file);
      }
      current = settings;
      return { ...current };
    },
  };
}
export type ClinicSettingsStore = ReturnType<typeof createClinicSettingsStore>;

/** The IPC handlers (clinic:getSettings / clinic:saveSettings). */
export function createClinicHandlers(store: ClinicSettingsStore) {
  return {
    getSettings: async () => store.get(),
    saveSettings: async (input: ClinicSettings) => store.save(input),
  };
}
export type ClinicHandlers = ReturnType<typeof createClinicHandlers>;
