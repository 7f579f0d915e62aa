/**
 * "Export..." over IPC, through the real dispatcher, services and store:
 * the main process chooses the destination (here a stand-in for the save
 * dialog), progress arrives as `exports:progress` events, a closed dialog or
 * `exports:cancel` cancels, the renderer cannot send a path, a locked console
 * answers LOCKED, and without export wiring the channel answers CONFLICT.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSeededStore } from './fixture';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { createDispatcher, type SenderInfo } from '../../../electron/main/ipc/dispatch';
import { createExportHandlers } from '../../../electron/main/export/ipc';
import { createExportService } from '../../../electron/main/export/service';
import { createChromiumPrinter } from '../../../electron/main/export/pdf-chromium';
import type { EventPayload } from '../../../shared/ipc/contract';

const APP = 'app://console';
const sender: SenderInfo = { frameUrl: `${APP}/index.html`, isTopFrame: true, isKnownWindow: true };
const INFO = { appName: 'test', appVersion: 'test', contentVersion: null };
const printer = createChromiumPrinter();
let store: Awaited<ReturnType<typeof openSeededStore>>;
const events: EventPayload<'exports:progress'>[] = [];
let nextDestination: string | null = null;
const asked: string[] = [];

function dispatcher(withExports = true) {
  const service = createExportService({ record: store.services.record, clinicians: store.services.clinicians, clock: store.clock, printer: () => printer, timeZone: 'UTC' });
  const exportsHandlers = createExportHandlers({
    service,
    chooseDestination: async ({ defaultName }) => {
      asked.push(defaultName);
      return nextDestination;
    },
    emit: (name, payload) => {
      if (name === 'exports:progress') events.push(payload as EventPayload<'exports:progress'>);
    },
  });
  return createDispatcher({ appOrigin: APP, handlers: createHandlers(store.services, INFO, undefined, withExports ? exportsHandlers : undefined) });
}

beforeAll(async () => {
  store = await openSeededStore(['tier-B', 'draft']);
  const [clinician] = await store.services.clinicians.list();
  // The seeded clinician's passcode is the demo one (electron/main/export/demo-data.ts).
  await store.services.session.unlock({ clinicianId: clinician!.id, passcode: 'demo-passcode-123' });
}, 60_000);
afterAll(async () => {
  await printer.close();
  store?.close();
});

describe('exports:create', () => {
  it('asks the main process for the destination, saves, reports progress, and answers with the file name only', async () => {
    const dispatch = dispatcher();
    const visitId = store.byKey('tier-B').visitId;
    nextDestination = join(store.dir, 'chosen-note.pdf');
    events.length = 0;
    const result = await dispatch(sender, 'exports:create', { visitId, format: 'note-pdf' });
    expect(result).toEqual({ ok: true, value: { status: 'saved', format: 'note-pdf', fileName: 'chosen-note.pdf', bytes: expect.any(Number), documentStatus: 'final' } });
    expect(existsSync(nextDestination)).toBe(true);
    expect(asked.at(-1)).toMatch(/^visit-note-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(events[0]).toMatchObject({ visitId, format: 'note-pdf', stage: 'choosing' });
    expect(events.map((e) => e.stage)).toEqual(expect.arrayContaining(['loading', 'printing', 'writing', 'done']));
    expect(events.at(-1)).toMatchObject({ stage: 'done', fraction: 1 });
    const fractions = events.map((e) => e.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const exportsAudited = (await store.services.audit.rowsFor(visitId)).filter((r) => r.action === 'visit.export');
    expect(exportsAudited).toHaveLength(1);
  });

  it('a family summary defaults to English (the intake language) and the default name has no patient data', async () => {
    const dispatch = dispatcher();
    nextDestination = join(store.dir, 'family.pdf');
    const result = await dispatch(sender, 'exports:create', { visitId: store.byKey('draft').visitId, format: 'family-pdf' });
    expect(result).toMatchObject({ ok: true, value: { status: 'saved', documentStatus: 'preliminary' } });
    expect(asked.at(-1)).toMatch(/^after-visit-summary-en-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(asked.join(' ')).not.toMatch(/Demo|Frankie|Bruno/);
  });

  it('a closed save dialog cancels: nothing written, nothing audited', async () => {
    const dispatch = dispatcher();
    const visitId = store.byKey('tier-B').visitId;
    const before = (await store.services.audit.rowsFor(visitId)).length;
    nextDestination = null;
    events.length = 0;
    const result = await dispatch(sender, 'exports:create', { visitId, format: 'fhir' });
    expect(result).toEqual({ ok: true, value: { status: 'cancelled', format: 'fhir', fileName: null, bytes: null, documentStatus: null } });
    expect(events.at(-1)).toMatchObject({ stage: 'cancelled' });
    expect((await store.services.audit.rowsFor(visitId)).length).toBe(before);
  });

  it('exports:cancel stops a running export; the destination stays empty', async () => {
    const dispatch = dispatcher();
    const visitId = store.byKey('tier-B').visitId;
    nextDestination = join(store.dir, 'cancel-me.json');
    events.length = 0;
    const running = dispatch(sender, 'exports:create', { visitId, format: 'fhir' });
    // Cancel as soon as printing starts (what the Cancel button does).
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (events.some((e) => e.stage === 'printing')) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    expect(await dispatch(sender, 'exports:cancel', { visitId })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await running).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    expect(readdirSync(store.dir).filter((f) => f.includes('cancel-me'))).toEqual([]);
    expect(await dispatch(sender, 'exports:cancel', { visitId })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('refuses a path from the renderer, an unknown format, and an unknown visit', async () => {
    const dispatch = dispatcher();
    const visitId = store.byKey('tier-B').visitId;
    expect(await dispatch(sender, 'exports:create', { visitId, format: 'note-pdf', path: '/tmp/x.pdf' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await dispatch(sender, 'exports:create', { visitId, format: 'docx' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    nextDestination = join(store.dir, 'nope.pdf');
    expect(await dispatch(sender, 'exports:create', { visitId: '00000000-0000-4000-8000-00000000beef', format: 'note-pdf' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers LOCKED when the console is locked, and CONFLICT without export wiring', async () => {
    const visitId = store.byKey('tier-B').visitId;
    expect(await dispatcher(false)(sender, 'exports:create', { visitId, format: 'note-pdf' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await store.services.session.lock();
    expect(await dispatcher()(sender, 'exports:create', { visitId, format: 'note-pdf' })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });
});
