/**
 * Live video for end-to-end tests and the join benchmark: the test main process plus a real
 * mediasoup worker, the visit rooms, the family page server on 127.0.0.1, and
 * helpers that open the clinician's stage and the family's link in two
 * separate Chromium contexts (fake camera and microphone).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { startTestMain, type TestMain } from './main-process';
import { MediaConfig } from '../../../electron/main/media/config';
import { WorkerManager } from '../../../electron/main/media/worker';
import { RoomManager } from '../../../electron/main/media/rooms';
import { createVideoHandlers } from '../../../electron/main/media/handlers';
import { createVideoRecord } from '../../../electron/main/media/visit-record';
import { createJoinTokenRepository, type JoinTokenRepository } from '../../../electron/main/store/join-tokens';
import { startFamilyServer, type FamilyServer } from '../../../electron/main/family/server';
import { FamilyServerConfig, type TurnServerConfig } from '../../../electron/main/media/config';
import type { VideoEvent } from '../../../shared/signaling/clinician';
import './preload-shim-types';
import { bindConsole } from './visit-room-harness';

export interface VideoMain {
  main: TestMain;
  rooms: RoomManager;
  workers: WorkerManager;
  /** The family page server now running (a new one after `restartFamilyServer`). */
  readonly family: FamilyServer;
  tokens: JoinTokenRepository;
  /** Pages that receive `video:event` (the clinician's). */
  eventSinks: Set<(event: VideoEvent) => void>;
  /** A patient and a visit starting in five minutes. */
  newVisit(): Promise<string>;
  close(): Promise<void>;
}

/** How `restartFamilyServer` stops and starts each VideoMain's family server. */
const restarters = new WeakMap<VideoMain, { stop(): Promise<void>; start(): Promise<void> }>();

export async function startVideoMain(options: { graceMs?: number; turnServers?: TurnServerConfig[] } = {}): Promise<VideoMain> {
  const config = MediaConfig.parse({
    portMin: 44000,
    portMax: 44999,
    reconnectGraceMs: options.graceMs ?? 30_000,
    ...(options.turnServers ? { turnServers: options.turnServers } : {}),
  });
  const workers = new WorkerManager(config);
  const eventSinks = new Set<(event: VideoEvent) => void>();
  let family: FamilyServer | null = null;
  const holder = {} as { rooms: RoomManager; tokens: JoinTokenRepository };
  const main = await startTestMain({
    // As startLiveVideo wires it: the visit record through the services, the clinician from the session.
    video: ({ db, services }) => {
      const record = createVideoRecord(services, config);
      holder.tokens = createJoinTokenRepository(db);
      holder.rooms = new RoomManager({
        workers,
        config,
        tokens: holder.tokens,
        record,
        now: () => new Date(),
        emitClinician: (event) => eventSinks.forEach((sink) => sink(event)),
      });
      return createVideoHandlers({
        rooms: holder.rooms,
        record,
        actor: () => services.session.requireActor(),
        getVisit: (id) => services.visits.get(id),
        joinUrl: (token) => family!.joinUrl(token),
        now: () => new Date(),
      });
    },
  });
  const serveFamily = (port: number) =>
    startFamilyServer({
      config: FamilyServerConfig.parse({ host: '127.0.0.1', port }),
      rooms: holder.rooms,
      rendererDir: join(process.cwd(), 'out', 'renderer'),
    });
  family = await serveFamily(0);
  const vm: VideoMain = {
    main,
    rooms: holder.rooms,
    workers,
    get family() {
      return family!;
    },
    tokens: holder.tokens,
    eventSinks,
    async newVisit() {
      const patient = await main.services.patients.create({
        childName: 'Mia Example',
        dateOfBirth: '2014-04-12',
        sex: 'female',
        weightKg: 38,
        guardianName: 'Ana Example',
        guardianPhone: '+1 555 010 2000',
      });
      const visit = await main.services.visits.schedule({
        patientId: patient.id,
        scheduledStart: new Date(Date.now() + 5 * 60_000).toISOString(),
        durationMinutes: 30,
      });
      return visit.id;
    },
    async close() {
      holder.rooms.closeAll();
      await family!.close();
      workers.close();
      await main.close();
    },
  };
  restarters.set(vm, {
    stop: () => family!.close(),
    async start() {
      family = await serveFamily(Number(new URL(family!.origin).port));
    },
  });
  return vm;
}

/**
 * The signaling server killed and started again, as a crash and restart of
 * it would look to the pages: the family HTTP/WebSocket server is closed
 * (every family socket dropped at once, no close handshake), `whileDown`
 * runs, and a new server is started on the same port with the same rooms,
 * SFU and join tokens. `vm.family` is the new server afterwards.
 */
export async function restartFamilyServer(vm: VideoMain, whileDown: () => Promise<void> = async () => {}): Promise<void> {
  const control = restarters.get(vm);
  if (!control) throw new Error('restartFamilyServer needs a VideoMain from startVideoMain');
  await control.stop();
  try {
    await whileDown();
  } finally {
    await control.start();
  }
}

/** Collects page errors and CSP violations. */
export function watchErrors(page: Page, into: string[], label: string): void {
  page.on('pageerror', (e) => into.push(`${label}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(`${label}: ${m.text()}`);
  });
}

/** The clinician's console on the standalone video route, bound to the real dispatcher. */
export async function openClinician(browser: Browser, vm: VideoMain, visitId: string, errors: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await bindConsole(page, vm.main);
  const sink = (event: VideoEvent) => {
    void page.evaluate(([name, payload]) => window.__consoleEmit(name, payload), ['video:event', event] as const).catch(() => undefined);
  };
  vm.eventSinks.add(sink);
  page.on('close', () => vm.eventSinks.delete(sink));
  watchErrors(page, errors, 'clinician');
  await page.goto(`${vm.main.origin}/index.html#/video/${visitId}`);
  return { context, page };
}

/** The clinician makes the family's join link (Create link) and reads it off the page. */
export async function familyLink(clinician: Page): Promise<string> {
  await clinician.getByRole('button', { name: 'Create link' }).click();
  return clinician.getByTestId('join-link-family').inputValue();
}

/** The family's phone-sized browser opening a join link. */
export async function openFamily(browser: Browser, url: string, errors: string[], label = 'family'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: false, hasTouch: true });
  const page = await context.newPage();
  watchErrors(page, errors, label);
  await page.goto(url);
  return { context, page };
}

/** Frames decoded so far at a page (from getStats, shown on the quality indicator). */
export async function framesDecoded(page: Page): Promise<number> {
  const value = await page.getByTestId('quality').first().getAttribute('data-frames-decoded');
  return Number(value ?? 0);
}

/**
 * The family's lobby, the short way: device check passed, consent to video,
 * the intake sent (with `symptoms` typed when given), then the waiting room.
 */
export async function throughLobby(f: Page, options: { symptoms?: string } = {}): Promise<void> {
  await f.getByRole('button', { name: 'Camera and sound work' }).click();
  await f.getByLabel('I agree to have this visit by video.').check();
  await f.getByRole('button', { name: 'Continue' }).click();
  if (options.symptoms !== undefined) await f.getByLabel("What are your child's symptoms?").fill(options.symptoms);
  await f.getByRole('button', { name: 'Send answers' }).click();
  await f.getByTestId('waiting-room').waitFor();
}
