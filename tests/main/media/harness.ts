/** A real store, mediasoup worker and room manager for media and family tests. */
import { openTestStore, validPatient } from '../../support/db';
import { MediaConfig } from '../../../electron/main/media/config';
import { WorkerManager } from '../../../electron/main/media/worker';
import { RoomManager } from '../../../electron/main/media/rooms';
import { createJoinTokenRepository } from '../../../electron/main/store/join-tokens';
import { createVideoRecord } from '../../../electron/main/media/visit-record';
import { createVideoHandlers } from '../../../electron/main/media/handlers';
import type { VideoEvent } from '../../../shared/signaling/clinician';

export const RTP = {
  vp8: {
    codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }],
    encodings: [{ ssrc: 22222222 }],
    rtcp: { cname: 'test' },
  },
  opus: {
    codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
    encodings: [{ ssrc: 11111111 }],
    rtcp: { cname: 'test' },
  },
};

export async function setupVideo(options: { graceMs?: number; now?: () => Date; workers?: WorkerManager; media?: Record<string, unknown> } = {}) {
  const store = openTestStore();
  const patient = await store.services.patients.create(validPatient);
  const visit = await store.services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T11:00:00Z', durationMinutes: 30 });
  const config = MediaConfig.parse({ portMin: 42000, portMax: 42999, reconnectGraceMs: options.graceMs ?? 30_000, ...options.media });
  const workers = options.workers ?? new WorkerManager(config);
  const tokens = createJoinTokenRepository(store.db);
  const record = createVideoRecord(store.services, config);
  const events: VideoEvent[] = [];
  const clock = { now: options.now ?? (() => new Date('2026-11-27T10:00:00Z')) };
  const rooms = new RoomManager({ workers, config, tokens, record, now: () => clock.now(), emitClinician: (e) => events.push(e) });
  // A signed-in clinician, as after first-run setup: the clinician's channels act as them.
  await store.services.session.setup({ displayName: 'Dr Robin Test', credentials: 'MD', passcode: 'correct-horse-42' });
  const handlers = () =>
    createVideoHandlers({
      rooms,
      record,
      actor: () => store.services.session.requireActor(),
      getVisit: (id) => store.services.visits.get(id),
      joinUrl: (t) => `http://127.0.0.1:1/join#t=${t}`,
      now: () => clock.now(),
    });
  const expires = new Date('2026-11-27T12:00:00Z');
  return {
    store,
    visitId: visit.id,
    config,
    workers,
    tokens,
    record,
    rooms,
    handlers,
    events,
    clock,
    issue: (role: 'family' | 'caregiver' | 'interpreter' = 'family') => rooms.issueToken(visit.id, role, expires),
    close() {
      rooms.closeAll();
      if (!options.workers) workers.close();
      store.close();
    },
  };
}
export type VideoHarness = Awaited<ReturnType<typeof setupVideo>>;

/** A family intake in the clinical intake shape (shared/clinical IntakeAnswers). */
export const validIntake = {
  symptoms: 'Low back pain after football',
  onsetDate: '2026-11-20',
  betterWorse: 'Better lying down',
  medicines: 'Ibuprofen 200 mg yesterday',
  questions: 'Can she play on Saturday?',
  painScore: { scale: 'NRS-11', score: 4 },
  warningSigns: { fever: 'no', 'leg-weakness': 'no', 'night-pain': 'unsure' },
} as const;

/** The intake row as stored, or undefined. */
export function storedIntake(h: { store: { db: import('better-sqlite3').Database }; visitId: string }) {
  return h.store.db.prepare('SELECT answers_json, language, submitted_by, version FROM intakes WHERE visit_id = ?').get(h.visitId) as
    | { answers_json: string; language: string; submitted_by: string; version: number }
    | undefined;
}
