/**
 * Who is in each visit's call, and where they are on the way in.
 *
 * A family member arrives with a single-use join token, is exchanged a
 * resume key (random, held only in memory here and in the page's session
 * storage) and waits in the lobby (device check, consent, intake), then in
 * the waiting room until the clinician admits them. Only then are they added
 * to the visit's media session. A dropped connection keeps the participant
 * and, for `reconnectGraceMs`, their media; the resume key brings them back
 * without a new link and without waiting again.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FamilyIntake, Language } from '../../../shared/signaling/intake';
import type { MediaNotification } from '../../../shared/signaling/media';
import { movementCard as findMovementCard } from '../../../shared/signaling/movement';
import type { FramingStatus } from '../../../shared/pose/framing';
import { MediaError } from './session';
import { turnCredentials } from './turn';
import { RoomRegistry } from './room-registry';
import { CLINICIAN_ID, newParticipant, roomIsFull, welcomeMessage, type GuestLink, type Participant, type Room, type WelcomeResult } from './participants';

export {
  CLINICIAN_ID,
  type FamilyRecord,
  type GuestLink,
  type Participant,
  type RoomManagerDeps,
  type TokenStore,
  type WelcomeResult,
} from './participants';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const randomKey = () => randomBytes(32).toString('base64url');

/** The way in and through a visit's call: links, the lobby, admission, reconnection, leaving (the open rooms: ./room-registry.ts). */
export class RoomManager extends RoomRegistry {
  /** The clinician opens the call for a visit (idempotent). */
  async openForClinician(visitId: string) {
    const room = await this.ensureRoom(visitId);
    let me = room.participants.get(CLINICIAN_ID);
    if (!me) {
      me = newParticipant(this.deps.now(), visitId, CLINICIAN_ID, 'clinician', 'admitted');
      room.participants.set(CLINICIAN_ID, me);
    }
    room.session.addPeer(CLINICIAN_ID, 'clinician', (event) =>
      this.deps.emitClinician({ type: 'media', visitId, event }),
    );
    return {
      routerRtpCapabilities: room.session.rtpCapabilities,
      iceServers: turnCredentials(this.deps.config.turnServers, CLINICIAN_ID, this.deps.now()),
      participants: this.summaries(visitId),
    };
  }

  /**
   * A family page presents its link token. The room is checked before the
   * token is used up, so a family turned away from a full room can use the
   * same link once someone leaves. From the room check to the use nothing
   * awaits, so exactly one of two concurrent uses wins and the room cannot
   * overfill. The link's role is the stored one; a link without a known role
   * is refused (the token store answers "unknown").
   */
  async hello(token: string, language: Language, link: GuestLink, rejoinKey?: string): Promise<WelcomeResult> {
    const peeked = this.deps.tokens.peek(token, this.deps.now());
    if (!peeked.ok && peeked.reason === 'used' && rejoinKey) return this.rejoin(token, rejoinKey, language, link);
    if (!peeked.ok) return { ok: false, reason: peeked.reason };
    let room = await this.ensureRoom(peeked.visitId);
    // The room may have closed while we waited (its last participant left): open a fresh one.
    if (room.session.closed) room = await this.ensureRoom(peeked.visitId);
    if (roomIsFull(room, this.deps.config.maxEntriesPerVisit)) {
      this.closeIfUnused(room);
      return { ok: false, reason: 'full' };
    }
    const used = this.deps.tokens.consume(token, this.deps.now());
    if (!used.ok) {
      this.closeIfUnused(room);
      return { ok: false, reason: used.reason };
    }
    room.entries += 1;
    const participant = newParticipant(this.deps.now(), used.visitId, `p-${randomBytes(12).toString('base64url')}`, used.role, 'lobby');
    participant.language = language;
    participant.tokenHash = sha256(token);
    this.byToken.set(participant.tokenHash, participant);
    room.participants.set(participant.id, participant);
    // The link is now bound to this browser: its rejoin key lets the same family come back with it (docs/video.md).
    return this.attach(room, participant, link, this.deps.tokens.bindRejoin?.(token) ?? undefined);
  }

  /**
   * The family who used this link comes back with it and the rejoin key its
   * browser kept (issue 16). Checked like a first use: the room before the
   * key is replaced, nothing awaited between the check and the use (of two
   * uses of one key exactly one wins). Someone still connected with the link
   * is replaced (as a resume would); someone who left starts again in the
   * lobby, keeping the answers already sent, and the clinician admits them again.
   */
  private async rejoin(token: string, rejoinKey: string, language: Language, link: GuestLink): Promise<WelcomeResult> {
    const { tokens } = this.deps;
    if (!tokens.peekRejoin || !tokens.rejoin) return { ok: false, reason: 'used' };
    const peeked = tokens.peekRejoin(token, rejoinKey, this.deps.now());
    if (!peeked.ok) return peeked;
    let room = await this.ensureRoom(peeked.visitId);
    if (room.session.closed) room = await this.ensureRoom(peeked.visitId);
    const hash = sha256(token);
    const previous = this.byToken.get(hash);
    const takeOver = previous && previous.phase !== 'left' && room.participants.get(previous.id) === previous ? previous : null;
    if (!takeOver && roomIsFull(room, this.deps.config.maxEntriesPerVisit)) {
      this.closeIfUnused(room);
      return { ok: false, reason: 'full' };
    }
    const used = tokens.rejoin(token, rejoinKey, this.deps.now());
    if (!used.ok) {
      this.closeIfUnused(room);
      return used;
    }
    if (takeOver) {
      takeOver.language = language;
      if (takeOver.link && takeOver.link !== link) takeOver.link.close(4001, 'replaced');
      return this.attach(room, takeOver, link, used.rejoinKey);
    }
    room.entries += 1;
    const participant = newParticipant(this.deps.now(), used.visitId, `p-${randomBytes(12).toString('base64url')}`, used.role, 'lobby');
    participant.language = language;
    participant.tokenHash = hash;
    participant.intakeSubmitted = previous?.intakeSubmitted ?? false;
    this.byToken.set(hash, participant);
    room.participants.set(participant.id, participant);
    return this.attach(room, participant, link, used.rejoinKey);
  }

  /** A family page comes back after a drop or a reload with its resume key. */
  async resume(resumeKey: string, language: Language, link: GuestLink): Promise<WelcomeResult> {
    const participant = this.byResumeKey.get(sha256(resumeKey));
    if (!participant || participant.phase === 'left') return { ok: false, reason: 'unknown' };
    const room = this.room(participant.visitId);
    if (!room) return { ok: false, reason: 'ended' };
    participant.language = language;
    if (participant.link && participant.link !== link) participant.link.close(4001, 'replaced');
    return this.attach(room, participant, link);
  }

  private attach(room: Room, participant: Participant, link: GuestLink, rejoinKey?: string): WelcomeResult {
    if (participant.resumeKeyHash) this.byResumeKey.delete(participant.resumeKeyHash);
    // A fresh key on every (re)connection: an old key seen in a log or a stolen tab is worthless.
    const resumeKey = randomKey();
    participant.resumeKeyHash = sha256(resumeKey);
    this.byResumeKey.set(participant.resumeKeyHash, participant);
    participant.link = link;
    if (participant.graceTimer) clearTimeout(participant.graceTimer);
    participant.graceTimer = null;
    const mediaKept = room.session.hasMedia(participant.id);
    if (participant.phase === 'admitted') {
      room.session.addPeer(participant.id, participant.role, (event) => this.notify(participant, event));
    }
    this.emitParticipants(room.visitId);
    const iceServers = participant.phase === 'admitted' ? this.iceServersFor(participant.id) : [];
    return { ok: true, participant, welcome: welcomeMessage(room, participant, { resumeKey, mediaKept, iceServers, rejoinKey }) };
  }

  private iceServersFor(participantId: string) {
    return turnCredentials(this.deps.config.turnServers, participantId, this.deps.now());
  }

  private notify(participant: Participant, event: MediaNotification): void {
    participant.link?.send({ type: 'media', event });
  }

  /**
   * The connection closed. Media stays for the grace period so a quick
   * reconnect only needs an ICE restart. Someone still in the lobby or the
   * waiting room who does not come back within `lobbyExpiryMs` is expired
   * (their place in the room is freed; their resume key stops working), and a
   * room nobody is left in is closed.
   */
  disconnected(participant: Participant, link: GuestLink): void {
    if (participant.link !== link) return;
    participant.link = null;
    const room = this.room(participant.visitId);
    if (!room) return;
    if (participant.graceTimer) clearTimeout(participant.graceTimer);
    const waiting = participant.phase === 'lobby' || participant.phase === 'waiting';
    participant.graceTimer = setTimeout(
      () => {
        participant.graceTimer = null;
        if (participant.link) return;
        if (participant.phase === 'lobby' || participant.phase === 'waiting') this.leave(participant);
        else room.session.closeMedia(participant.id);
      },
      waiting ? this.deps.config.lobbyExpiryMs : this.deps.config.reconnectGraceMs,
    );
    participant.graceTimer.unref?.();
    this.emitParticipants(participant.visitId);
  }

  /**
   * The page's consent answers, kept with the participant for this call. They
   * are the precondition for the visit's still-capture consent, which the
   * clinician's admit records in the store (./visit-record.ts); they are not
   * part of the intake.
   */
  recordConsent(participant: Participant, consent: { video: boolean; stills: boolean }): void {
    participant.consent = consent;
    this.emitParticipants(participant.visitId);
  }

  /** The family's answers become the visit's intake (versioned and audited by the store). Only the family's own link answers. */
  async saveIntake(participant: Participant, answers: FamilyIntake): Promise<void> {
    if (participant.role !== 'family') throw new MediaError('CONFLICT', 'The questions are answered from the family link.');
    if (participant.intakeSubmissions >= this.deps.config.maxIntakeSubmissions) {
      throw new MediaError('CONFLICT', 'The answers have already been sent several times. Tell the clinician what changed.');
    }
    // Counted before the write, so concurrent submissions cannot pass the cap together.
    participant.intakeSubmissions += 1;
    await this.deps.record.saveFamilyIntake(participant.visitId, answers, participant.language);
    participant.intakeSubmitted = true;
    this.emitParticipants(participant.visitId);
  }

  /** The family finished the lobby; the intake is required from the family role only. The visit becomes "waiting". */
  async ready(participant: Participant): Promise<void> {
    if (!participant.consent) throw new MediaError('CONFLICT', 'Consent is needed first.');
    if (participant.role === 'family' && !participant.intakeSubmitted) throw new MediaError('CONFLICT', 'The questions are needed first.');
    await this.deps.record.familyWaiting(participant.visitId);
    if (participant.phase !== 'lobby') return;
    participant.phase = 'waiting';
    participant.waitingSince = this.deps.now().toISOString();
    this.emitParticipants(participant.visitId);
  }

  admit(visitId: string, participantId: string): void {
    const room = this.room(visitId);
    const participant = room?.participants.get(participantId);
    if (!room || !participant) throw new MediaError('NOT_FOUND', 'That person is not waiting.');
    if (participant.phase === 'admitted') return;
    if (participant.phase !== 'waiting') throw new MediaError('CONFLICT', 'That person is not in the waiting room yet.');
    participant.phase = 'admitted';
    participant.admittedAt = this.deps.now().toISOString();
    room.session.addPeer(participant.id, participant.role, (event) => this.notify(participant, event));
    participant.link?.send({ type: 'admitted', iceServers: this.iceServersFor(participant.id) });
    if (room.movementCard) participant.link?.send({ type: 'movementCard', maneuverId: room.movementCard });
    this.emitParticipants(visitId);
  }

  /**
   * Show a movement's card on every admitted guest's screen (null hides it).
   * Only known cards: an id the family page could not draw is refused here,
   * not discovered on a phone. Guests not yet admitted see only their
   * preparation card; they get the current card with admission.
   * With `framing`, only the status on the card shown now is updated.
   */
  showMovement(visitId: string, maneuverId: string | null, framing?: FramingStatus | null): void {
    const room = this.room(visitId);
    if (!room) throw new MediaError('CLOSED', 'The call is not open.');
    if (maneuverId !== null && !findMovementCard(maneuverId)) throw new MediaError('NOT_FOUND', 'There is no card for that movement.');
    // A framing status (issue 17) only ever updates the card shown now: one that raced a change of card is
    // dropped, so a late status can never bring back a card the clinician has just hidden or replaced.
    if (framing !== undefined && (maneuverId === null || maneuverId !== room.movementCard)) return;
    room.movementCard = maneuverId;
    const extra = framing !== undefined ? { framing } : {};
    for (const p of room.participants.values()) {
      if (p.id !== CLINICIAN_ID && p.phase === 'admitted') p.link?.send({ type: 'movementCard', maneuverId, ...extra });
    }
  }

  /** The participant leaves (or is expired): forgotten by the room, its resume key dropped. */
  leave(participant: Participant): void {
    participant.phase = 'left';
    if (participant.graceTimer) clearTimeout(participant.graceTimer);
    participant.graceTimer = null;
    if (participant.resumeKeyHash) this.byResumeKey.delete(participant.resumeKeyHash);
    participant.resumeKeyHash = null;
    const room = this.room(participant.visitId);
    if (!room) return;
    room.session.removePeer(participant.id);
    if (room.participants.get(participant.id) === participant) room.participants.delete(participant.id);
    this.emitParticipants(participant.visitId);
    this.closeIfUnused(room);
  }

  /** Remember mute / camera state (from the producers' paused flags) so it survives a rejoin. */
  notePaused(participant: Participant): void {
    const state = this.room(participant.visitId)?.session.producerState(participant.id);
    if (!state) return;
    if (state.mic !== null) participant.muted = state.mic;
    if (state.camera !== null) participant.cameraOff = state.camera;
    this.emitParticipants(participant.visitId);
  }

  /**
   * Put back a room's participants saved before a restart of the process (the visit server's
   * ../visit-server/resume-state.ts): the room opens on a new router, their resume keys work again,
   * nobody has media yet (`mediaKept: false`, so pages rebuild it). Someone who does not come back is
   * expired as after a drop.
   */
  async restore(visitId: string, saved: { clinician: boolean; movementCard: string | null; participants: Omit<Participant, 'link' | 'graceTimer'>[] }): Promise<void> {
    const room = await this.ensureRoom(visitId);
    if (saved.clinician) await this.openForClinician(visitId);
    room.movementCard ??= saved.movementCard;
    for (const s of saved.participants) {
      if (room.participants.has(s.id) || s.phase === 'left') continue;
      const p: Participant = { ...s, visitId, link: null, graceTimer: null };
      room.participants.set(p.id, p);
      room.entries += 1;
      if (p.resumeKeyHash) this.byResumeKey.set(p.resumeKeyHash, p);
      if (p.tokenHash) this.byToken.set(p.tokenHash, p);
      p.link = { send: () => undefined, close: () => undefined };
      this.disconnected(p, p.link);
    }
  }
}
