/**
 * The shapes the visit rooms (rooms.ts) work with: who a participant is and
 * where they are on the way in, the room, what the rooms need from the token
 * store, the visit record and a family page's connection, and the pure
 * helpers that make a participant and describe one to the clinician.
 */
import type { ConsumeResult, PeekResult } from '../store/join-tokens';
import type { FamilyServerMessage, RefusalReason } from '../../../shared/signaling/family';
import type { VideoEvent } from '../../../shared/signaling/clinician';
import type { FamilyIntake, Language } from '../../../shared/signaling/intake';
import type { GuestRole, IceServer, ParticipantPhase, ParticipantRole, ParticipantSummary } from '../../../shared/signaling/media';
import { MAX_PARTICIPANTS } from '../../../shared/signaling/limits';
import type { MediaConfig } from './config';
import type { VisitMediaSession } from './session';
import type { WorkerManager } from './worker';

/** The join-token store (electron/main/store/join-tokens.ts). */
export interface TokenStore {
  issue(visitId: string, now: Date, expiresAt: Date, role: GuestRole): string;
  peek(token: string, now: Date): PeekResult;
  consume(token: string, now: Date): ConsumeResult;
  revokeAll(visitId: string, now: Date): number;
  /** Rejoin with a used link (issue 16); absent = a used link stays used. */
  bindRejoin?(token: string): string | null;
  peekRejoin?(token: string, rejoinKey: string, now: Date): { ok: true; visitId: string; role: GuestRole } | { ok: false; reason: 'used' };
  rejoin?(token: string, rejoinKey: string, now: Date): { ok: true; visitId: string; role: GuestRole; rejoinKey: string } | { ok: false; reason: 'used' };
  endRejoins?(visitId: string): number;
}

/**
 * What the family's side of a call writes into the visit record (./visit-record.ts,
 * over the store's services): the intake, and the visit's move to "waiting".
 */
export interface FamilyRecord {
  saveFamilyIntake(visitId: string, answers: FamilyIntake, language: Language): Promise<void>;
  familyWaiting(visitId: string): Promise<void>;
}

/** One signaling connection to a family page. */
export interface GuestLink {
  send(message: FamilyServerMessage): void;
  close(code: number, reason: string): void;
}

export const CLINICIAN_ID = 'clinician';

export interface Participant {
  readonly id: string;
  readonly visitId: string;
  readonly role: ParticipantRole;
  phase: ParticipantPhase;
  consent: { video: boolean; stills: boolean } | null;
  intakeSubmitted: boolean;
  /** Intake submissions from this participant (capped: a page cannot resubmit thousands of times). */
  intakeSubmissions: number;
  language: Language;
  muted: boolean;
  cameraOff: boolean;
  link: GuestLink | null;
  resumeKeyHash: string | null;
  graceTimer: ReturnType<typeof setTimeout> | null;
  /** When they entered the waiting room, and when they were admitted (ISO; issue 16: wait time, visit timer). */
  waitingSince: string | null;
  admittedAt: string | null;
  /** The hash of the join link they came in with (rejoin finds them by it). */
  tokenHash: string | null;
}

export interface Room {
  visitId: string;
  session: VisitMediaSession;
  participants: Map<string, Participant>;
  /** Links that entered this room (each hello); capped per visit. */
  entries: number;
  /** The movement card the clinician shows the family now (issue 17), or null. */
  movementCard: string | null;
}

export type WelcomeResult =
  | { ok: true; participant: Participant; welcome: Extract<FamilyServerMessage, { type: 'welcome' }> }
  | { ok: false; reason: RefusalReason };

export interface RoomManagerDeps {
  /** The embedded WorkerManager, or the visit server's WorkerPool (a router per visit on the least-loaded worker). */
  workers: Pick<WorkerManager, 'createRouter'>;
  config: MediaConfig;
  tokens: TokenStore;
  record: FamilyRecord;
  now: () => Date;
  /** Sends a `video:event` to the clinician's window. */
  emitClinician: (event: VideoEvent) => void;
}

/** A participant as they enter (admitted at once only for the clinician). */
export function newParticipant(now: Date, visitId: string, id: string, role: ParticipantRole, phase: ParticipantPhase): Participant {
  return {
    id,
    visitId,
    role,
    phase,
    consent: null,
    intakeSubmitted: false,
    intakeSubmissions: 0,
    language: 'en',
    muted: false,
    cameraOff: false,
    link: null,
    resumeKeyHash: null,
    graceTimer: null,
    waitingSince: null,
    admittedAt: phase === 'admitted' ? now.toISOString() : null,
    tokenHash: null,
  };
}

/** What the clinician's console is told about the people in a room (those who have not left). */
export function summarize(participants: Iterable<Participant>): ParticipantSummary[] {
  return [...participants]
    .filter((p) => p.phase !== 'left')
    .map((p) => ({
      id: p.id,
      role: p.role,
      phase: p.phase,
      connected: p.id === CLINICIAN_ID ? true : p.link !== null,
      consent: p.consent,
      intakeSubmitted: p.intakeSubmitted,
      muted: p.muted,
      cameraOff: p.cameraOff,
      language: p.language,
      waitingSince: p.waitingSince,
      admittedAt: p.admittedAt,
    }));
}

/**
 * Whether a room can take no one else: four people (the clinician counted
 * even before they open the room), or the visit's cap on links entering it.
 */
export function roomIsFull(room: Room, maxEntriesPerVisit: number): boolean {
  const present = [...room.participants.values()].filter((p) => p.phase !== 'left').length;
  const withClinician = room.participants.has(CLINICIAN_ID) ? present : present + 1;
  return withClinician >= MAX_PARTICIPANTS || room.entries >= maxEntriesPerVisit;
}

/** The `welcome` a family page gets on each (re)connection. */
export function welcomeMessage(
  room: Room,
  participant: Participant,
  keys: { resumeKey: string; mediaKept: boolean; iceServers: IceServer[]; rejoinKey?: string | undefined },
): Extract<FamilyServerMessage, { type: 'welcome' }> {
  const admitted = participant.phase === 'admitted';
  return {
    type: 'welcome',
    participantId: participant.id,
    role: participant.role as GuestRole,
    resumeKey: keys.resumeKey,
    phase: participant.phase,
    consentRecorded: participant.consent !== null,
    intakeSubmitted: participant.intakeSubmitted,
    muted: participant.muted,
    cameraOff: participant.cameraOff,
    mediaKept: keys.mediaKept,
    movementCard: admitted ? room.movementCard : null,
    routerRtpCapabilities: room.session.rtpCapabilities,
    // TURN credentials only once admitted: a link alone never gets relay access.
    iceServers: admitted ? keys.iceServers : [],
    ...(keys.rejoinKey ? { rejoinKey: keys.rejoinKey } : {}),
  };
}
