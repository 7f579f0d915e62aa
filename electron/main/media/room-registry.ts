/**
 * The visit rooms that are open (./rooms.ts builds on this): one per visit,
 * opened on a new router when first needed (concurrent openings share one),
 * closed when the call ends or its worker dies, and then torn down — every
 * page told, every key forgotten. Also what the clinician and diagnostics
 * read of them: participants, summaries, the movement card shown now.
 */
import type { GuestRole, ParticipantSummary } from '../../../shared/signaling/media';
import { MediaError, VisitMediaSession } from './session';
import { CLINICIAN_ID, summarize, type Participant, type Room, type RoomManagerDeps } from './participants';

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly opening = new Map<string, Promise<Room>>();
  /** Participants by the hash of their current resume key. */
  protected readonly byResumeKey = new Map<string, Participant>();
  /** The last participant who came in with each link (by token hash), so a rejoin takes over or carries their answers. */
  protected readonly byToken = new Map<string, Participant>();

  constructor(protected readonly deps: RoomManagerDeps) {}

  /** Make a join link's token for `role` (stored with its hash, so it survives a restart); the caller builds the URL. */
  issueToken(visitId: string, role: GuestRole, expiresAt: Date): string {
    return this.deps.tokens.issue(visitId, this.deps.now(), expiresAt, role);
  }

  /** Open rooms (for tests and diagnostics: unused rooms are closed). */
  get roomCount(): number {
    return this.rooms.size;
  }

  room(visitId: string): Room | undefined {
    const room = this.rooms.get(visitId);
    return room && !room.session.closed ? room : undefined;
  }

  protected async ensureRoom(visitId: string): Promise<Room> {
    const existing = this.room(visitId);
    if (existing) return existing;
    let pending = this.opening.get(visitId);
    if (!pending) {
      pending = (async () => {
        const router = await this.deps.workers.createRouter();
        const session = new VisitMediaSession(visitId, router, this.deps.config);
        const room: Room = { visitId, session, participants: new Map(), entries: 0, movementCard: null };
        session.onClose = () => this.teardown(room);
        this.rooms.set(visitId, room);
        return room;
      })().finally(() => this.opening.delete(visitId));
      this.opening.set(visitId, pending);
    }
    return pending;
  }

  /**
   * Close a room the clinician never opened once nobody is in it: links
   * opened it (a hello creates the router), and without this every visit a
   * family once touched would keep a router until the app quits. Links stay
   * valid: a later hello opens a new room.
   */
  protected closeIfUnused(room: Room): void {
    if (room.session.closed || room.participants.size > 0) return;
    room.session.close();
  }

  session(visitId: string): VisitMediaSession {
    const room = this.room(visitId);
    if (!room) throw new MediaError('CLOSED', 'The call is not open.');
    return room.session;
  }

  participant(visitId: string, participantId: string): Participant | undefined {
    return this.room(visitId)?.participants.get(participantId);
  }

  summaries(visitId: string): ParticipantSummary[] {
    const room = this.room(visitId);
    return room ? summarize(room.participants.values()) : [];
  }

  protected emitParticipants(visitId: string): void {
    if (!this.room(visitId)) return;
    this.deps.emitClinician({ type: 'participants', visitId, participants: this.summaries(visitId) });
  }

  /** End the call: every page is told, links are revoked, keys forgotten, the router closed. */
  end(visitId: string): void {
    const room = this.rooms.get(visitId);
    this.deps.tokens.revokeAll(visitId, this.deps.now());
    this.deps.tokens.endRejoins?.(visitId);
    if (room) room.session.close();
  }

  private teardown(room: Room): void {
    if (this.rooms.get(room.visitId) === room) this.rooms.delete(room.visitId);
    for (const p of room.participants.values()) {
      if (p.graceTimer) clearTimeout(p.graceTimer);
      if (p.resumeKeyHash) this.byResumeKey.delete(p.resumeKeyHash);
      if (p.tokenHash && this.byToken.get(p.tokenHash) === p) this.byToken.delete(p.tokenHash);
      p.phase = 'left';
      if (p.link) {
        p.link.send({ type: 'ended' });
        p.link.close(1000, 'ended');
        p.link = null;
      }
    }
    // A room the clinician was never in (opened by a link, closed unused) ends nothing on their screen.
    if (room.participants.has(CLINICIAN_ID)) this.deps.emitClinician({ type: 'ended', visitId: room.visitId });
  }

  /** Visit ids with an open room (the visit server saves what resuming them needs; ../visit-server/resume-state.ts). */
  openVisitIds(): string[] {
    return [...this.rooms.keys()].filter((id) => this.room(id));
  }

  movementCard(visitId: string): string | null {
    return this.room(visitId)?.movementCard ?? null;
  }

  /** Close every call (app quit). */
  closeAll(): void {
    for (const room of [...this.rooms.values()]) room.session.close();
  }
}
