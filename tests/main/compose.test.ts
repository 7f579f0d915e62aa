/**
 * composeMain (electron/main/compose.ts) is the one composition the app, the
 * end-to-end harness and the CLIs share: real SQLite file, real services,
 * real dispatcher.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { composeMain, type ComposedMain } from '../../electron/main/compose';
import { fixedClock } from '../../electron/main/services/deps';
import { tempDbFile } from '../support/db';

const APP = 'app://console';
const sender = { frameUrl: `${APP}/index.html`, isTopFrame: true, isKnownWindow: true };
const info = { appName: 'Back Pain Telehealth Console', appVersion: 'test', contentVersion: null };
const CLINICIAN = { displayName: 'Dr Compose', credentials: 'MD', passcode: 'compose-passcode-42' };

let tmp: ReturnType<typeof tempDbFile>;
const opened: ComposedMain[] = [];
afterEach(() => {
  opened.splice(0).forEach((m) => m.close());
  tmp?.cleanup();
});
async function compose(options: Omit<Parameters<typeof composeMain>[0], 'store'> = {}) {
  const main = await composeMain({ store: { file: tmp.file }, ...options });
  opened.push(main);
  return main;
}

describe('composeMain', () => {
  it('builds store, services and the IPC dispatcher; what the console writes through IPC is in the file', async () => {
    tmp = tempDbFile();
    const main = await compose({ ipc: { appOrigin: APP, info } });
    const about = await main.dispatch!(sender, 'app:about', {});
    expect(about).toMatchObject({ ok: true, value: { appName: info.appName, appVersion: 'test' } });
    const setup = await main.dispatch!(sender, 'session:setup', CLINICIAN);
    expect(setup.ok).toBe(true);
    main.close();

    // The same file composed again, as the export CLI would: the clinician is there.
    const again = await compose();
    expect((await again.services.clinicians.list()).map((c) => c.displayName)).toEqual([CLINICIAN.displayName]);
    expect(again.dispatch).toBeNull();
    expect(again.exports).toBeNull();
  });

  it('gives the services the clock and the EHR outbox hook it is given', async () => {
    tmp = tempDbFile();
    const clock = fixedClock('2026-12-04T09:00:00.000Z');
    const hook = { enabled: () => false, enqueue: () => undefined };
    const main = await compose({ clock, ehr: () => ({ hook, handlers: {} as never }) });
    expect(main.deps.clock.today()).toBe('2026-12-04');
    expect(main.deps.ehrOutbox).toBe(hook);
  });

  it('refuses exports over IPC without a printer, and leaves the database closed', async () => {
    tmp = tempDbFile();
    let db: { open: boolean } | null = null;
    await expect(
      composeMain({
        store: { file: tmp.file },
        ehr: (ctx) => {
          db = ctx.db;
          return { handlers: {} as never };
        },
        ipc: { appOrigin: APP, info, saveExports: { chooseDestination: async () => null, emit: () => undefined } },
      }),
    ).rejects.toThrow(/saveExports needs ComposeOptions.exports/);
    expect(db!.open).toBe(false);
  });

  it('tells the EHR worker plainly when no exports were composed to render its notes', async () => {
    tmp = tempDbFile();
    let render: ((visitId: string) => Promise<unknown>) | null = null;
    await compose({
      ehr: (ctx) => {
        render = ctx.render;
        return { handlers: {} as never };
      },
    });
    await expect(render!('any-visit')).rejects.toThrow(/needs the exports composed/);
  });
});
