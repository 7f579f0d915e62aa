/** A real store, mediasoup worker and room manager for media and family tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore, validPatient } from '../../support/db';
import { MediaConfig } from '../../../electron/main/media/config';
import { WorkerManager } from '../../../electron/main/media/worker';
import { RoomManager } from '../../../electron/main/media/rooms';
import { createJoinTokenRepository } from '../../../electron/main/store/join-tokens';
import { createIntakeRepository } from '../../../electron/main/family/intake-repository';
import { createStillStore } from '../../../electron/main/media/stills';
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

export async function setupVideo(options: { graceMs?: number; now?: () => Date; workers?: WorkerManager } = {}) {
  const store = openTestStore();
  const patient = await store.services.patients.create(validPatient);
  const visit = await store.services.visits.schedule({ patientId: patient.id, scheduledStart: '2026-11-27T11:00:00Z', durationMinutes: 30 });
  const config = MediaConfig.parse({ portMin: 42000, portMax: 42999, reconnectGraceMs: options.graceMs ?? 30_000 });
  const workers = options.workers ?? new WorkerManager(config);
  const tokens = createJoinTokenRepository(store.db);
  const intakes = createIntakeRepository(store.db);
  const events: VideoEvent[] = [];
  const clock = { now: options.now ?? (() => new Date('2026-11-27T10:00:00Z')) };
  const rooms = new RoomManager({ workers, config, tokens, intakes, now: () => clock.now(), emitClinician: (e) => events.push(e) });
  const stills = createStillStore(mkdtempSync(join(tmpdir(), 'bptc-stills-')));
  const expires = new Date('2026-11-27T12:00:00Z');
  return {
    store,
    visitId: visit.id,
    config,
    workers,
    tokens,
    intakes,
    rooms,
    stills,
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

export const validIntake = {
  symptoms: 'Low back pain after football',
  onsetDate: '2026-11-20',
  betterWorse: 'Better lying down',
  medicines: 'Ibuprofen 200 mg yesterday',
  questions: 'Can she play on Saturday?',
  warningSigns: { fever: 'no', 'leg-weakness': 'no', 'night-pain': 'unsure' },
} as const;
