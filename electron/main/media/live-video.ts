/**
 * Starts live video for the app: the mediasoup worker (lazily, on the first
 * call), the visit rooms, and the family page server. Runs under plain Node;
 * the Electron glue (electron/main/index.ts) passes in how to reach the
 * clinician's window. If the family server cannot start (port taken, TLS
 * missing for a non-loopback address), the console still runs and the video
 * channels say live video is unavailable.
 */
import type { Database } from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { EventName, EventPayload } from '../../../shared/ipc/contract';
import { createJoinTokenRepository } from '../store/join-tokens';
import { startFamilyServer, type FamilyServer } from '../family/server';
import { familyServerConfigFromEnv, mediaConfigFromEnv } from './config';
import { createVideoHandlers, unavailableVideoHandlers, type VideoHandlers } from './handlers';
import { RoomManager } from './rooms';
import { createVideoRecord, type VideoRecordServices } from './visit-record';
import { WorkerManager, type MediaLog } from './worker';
import { VideoEvent } from '../../../shared/signaling/clinician';
import { VisitServerClient, type ClientState } from '../visit-server-client/client';
import { applyRelayed, createRemoteVideoHandlers } from '../visit-server-client/handlers';
import type { Enrolment } from '../visit-server-client/enrolment';

export interface LiveVideoOptions {
  /** For the join tokens (store/join-tokens.ts). Everything clinical goes through `services`. */
  db: Database;
  /**
   * The store's services: the family's intake, the visit's status, the
   * still-capture consent and still images are written through them
   * (./visit-record.ts).
   */
  services: VideoRecordServices;
  /** The unlocked clinician's id (`services.session.requireActor()`), for what the clinician's channels write. */
  actor: () => string;
  getVisit: (visitId: string) => Promise<{ scheduledStart: string; durationMinutes: number }>;
  /** out/renderer, where family.html and its assets are. */
  rendererDir: string;
  env: Record<string, string | undefined>;
  /** Send a main-to-renderer event to the console window(s). */
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  log: MediaLog;
  /**
   * Server mode (issue 11): this console's enrolment on a visit server. The
   * video channels then go over the console's outbound connection to it; no
   * worker runs and no port opens here. Without it: standalone (embedded).
   */
  visitServer?: Enrolment & { ca?: string };
  /** The clinic's name and phone (clinic settings) for the family page of a used or expired link. */
  clinicContact?: () => { name: string; phone: string } | null;
}

export interface LiveVideo {
  handlers: VideoHandlers;
  family: FamilyServer | null;
  /** Server mode: the state of the outbound connection to the visit server (the settings card shows it). */
  connection?: () => ClientState;
  close(): Promise<void>;
}

export async function startLiveVideo(options: LiveVideoOptions): Promise<LiveVideo> {
  if (options.visitServer) return startRemoteVideo(options, options.visitServer);
  let family: FamilyServer | null = null;
  let workers: WorkerManager | null = null;
  let rooms: RoomManager | null = null;
  try {
    const config = mediaConfigFromEnv(options.env);
    workers = new WorkerManager(config, options.log);
    const record = createVideoRecord(options.services, config);
    rooms = new RoomManager({
      workers,
      config,
      tokens: createJoinTokenRepository(options.db),
      record,
      now: () => new Date(),
      emitClinician: (event) => options.emit('video:event', event),
    });
    family = await startFamilyServer({
      config: familyServerConfigFromEnv(options.env, (path) => readFileSync(path, 'utf8')),
      rooms,
      rendererDir: options.rendererDir,
      log: options.log,
      ...(options.clinicContact ? { clinicContact: options.clinicContact } : {}),
    });
    const server = family;
    const handlers = createVideoHandlers({
      rooms,
      record,
      actor: options.actor,
      getVisit: options.getVisit,
      joinUrl: (token) => server.joinUrl(token),
      now: () => new Date(),
    });
    const r = rooms;
    const w = workers;
    return {
      handlers,
      family,
      async close() {
        r.closeAll();
        await server.close();
        w.close();
      },
    };
  } catch (error) {
    options.log({ level: 'error', code: 'LIVE_VIDEO_UNAVAILABLE', detail: error instanceof Error ? `${error.name}: ${error.message}` : typeof error });
    rooms?.closeAll();
    workers?.close();
    await family?.close();
    return { handlers: unavailableVideoHandlers(), family: null, close: async () => {} };
  }
}

/** Server mode: the same handlers, answered by the visit server over the console's outbound WSS. */
function startRemoteVideo(options: LiveVideoOptions, server: Enrolment & { ca?: string }): LiveVideo {
  const record = createVideoRecord(options.services, mediaConfigFromEnv(options.env));
  const client = new VisitServerClient({
    url: server.url,
    deviceId: server.deviceId,
    credential: server.credential,
    ...(server.ca ? { ca: server.ca } : {}),
    onEvent: (raw) => {
      // Checked with the contract's schema before it reaches the window.
      const event = VideoEvent.safeParse(raw);
      if (event.success) options.emit('video:event', event.data);
      else options.log({ level: 'warn', code: 'VISIT_SERVER_EVENT_INVALID' });
    },
    onDeliver: applyRelayed(record),
    onState: (state) => {
      if (state === 'refused') options.log({ level: 'error', code: 'VISIT_SERVER_REFUSED' });
    },
  });
  const handlers = createRemoteVideoHandlers({ client, record, actor: options.actor, getVisit: options.getVisit, now: () => new Date() });
  return {
    handlers,
    family: null,
    connection: () => client.state,
    close: async () => client.close(),
  };
}

