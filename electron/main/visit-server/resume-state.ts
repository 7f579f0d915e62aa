/**
 * What a call needs to survive a restart of the visit server (issue 11):
 * which rooms are open and which console owns each (the room key is
 * `<device>/<visit>`, the visit id opaque), who is in each room and how far
 * in (lobby, waiting, admitted, since when), the hash of each family page's
 * resume key and of the link it came with, its consent yes/no answers, the
 * language of its page, whether it sent its answers (not the answers), its
 * mute and camera state, and the movement card shown. No names, no answers,
 * no media. Kept in `stateDir/rooms.json`, written on every change (through
 * a temp file, fsync and rename, so a crash leaves the old file or the new
 * one, never half of one), bounded, and parsed with zod at load: a damaged
 * or oversized file is logged and set aside, and the server starts empty.
 *
 * After a restart rooms are rebuilt on demand: a family page presenting its
 * resume key or its link, or the owning console calling about the visit,
 * brings its room back on a new router. Saved rooms nobody asks for within
 * RESUME_WINDOW_MS of the last save are forgotten.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Participant, RoomManager } from '../media/rooms';
import { CLINICIAN_ID } from '../media/rooms';
import { MAX_PARTICIPANTS } from '../../../shared/signaling/limits';
import type { ServerLog } from './log';

export const ROOMS_FILE = 'rooms.json';
/** A saved room not asked for within this long after its last save is dropped (the family page retries for 3 minutes). */
export const RESUME_WINDOW_MS = 15 * 60_000;
export const MAX_SAVED_ROOMS = 2_000;
export const MAX_ROOMS_FILE_BYTES = 4 * 1024 * 1024;

const Hash = z.string().regex(/^[0-9a-f]{64}$/);
const Iso = z.iso.datetime();
const SavedParticipant = z.strictObject({
  id: z.string().regex(/^p-[A-Za-z0-9_-]{1,40}$/),
  role: z.enum(['family', 'caregiver', 'interpreter']),
  phase: z.enum(['lobby', 'waiting', 'admitted']),
  consent: z.strictObject({ video: z.boolean(), stills: z.boolean() }).nullable(),
  intakeSubmitted: z.boolean(),
  intakeSubmissions: z.number().int().min(0).max(1_000),
  language: z.enum(['en', 'es']),
  muted: z.boolean(),
  cameraOff: z.boolean(),
  resumeKeyHash: Hash.nullable(),
  waitingSince: Iso.nullable(),
  admittedAt: Iso.nullable(),
  tokenHash: Hash.nullable(),
});
const SavedRoom = z.strictObject({
  /** The room key: `<device>/<visit>`. */
  key: z.string().min(3).max(300),
  savedAt: Iso,
  clinician: z.boolean(),
  /** When the clinician joined (kept so the visit timer does not restart). */
  clinicianAdmittedAt: Iso.nullable(),
  movementCard: z.string().max(100).nullable(),
  participants: z.array(SavedParticipant).max(MAX_PARTICIPANTS),
});
export type SavedRoom = z.infer<typeof SavedRoom>;
export const RoomsFile = z.strictObject({ v: z.literal(1), rooms: z.array(SavedRoom).max(MAX_SAVED_ROOMS) });

/** Read the saved rooms; anything wrong with the file is logged and the server starts empty (the file is kept aside). */
export function loadSavedRooms(stateDir: string, now: Date, log: ServerLog): SavedRoom[] {
  const file = join(stateDir, ROOMS_FILE);
  if (!existsSync(file)) return [];
  const setAside = (why: string) => {
    const aside = `${file}.damaged-${now.getTime()}`;
    try {
      renameSync(file, aside);
    } catch {
      // not movable: it is overwritten at the next save
    }
    log('error', 'ROOMS_FILE_DAMAGED', { why, keptAs: aside.slice(stateDir.length + 1) });
    return [];
  };
  try {
    if (statSync(file).size > MAX_ROOMS_FILE_BYTES) return setAside('too large');
    const parsed = RoomsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) return setAside(`invalid at ${parsed.error.issues[0]!.path.join('.') || '(top level)'}`);
    const fresh = parsed.data.rooms.filter((r) => now.getTime() - Date.parse(r.savedAt) < RESUME_WINDOW_MS);
    log('info', 'ROOMS_LOADED', { rooms: fresh.length, stale: parsed.data.rooms.length - fresh.length });
    return fresh;
  } catch (error) {
    return setAside(error instanceof SyntaxError ? 'not JSON' : ((error as NodeJS.ErrnoException).code ?? 'unreadable'));
  }
}

/** Write the file atomically: temp file, fsync, rename. */
export function writeSavedRooms(stateDir: string, rooms: SavedRoom[]): void {
  const file = join(stateDir, ROOMS_FILE);
  const tmp = `${file}.tmp`;
  const text = JSON.stringify(RoomsFile.parse({ v: 1, rooms: rooms.slice(0, MAX_SAVED_ROOMS) }));
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function saveParticipant(p: Participant): z.infer<typeof SavedParticipant> | null {
  if (p.id === CLINICIAN_ID || p.phase === 'left' || p.role === 'clinician') return null;
  return {
    id: p.id,
    role: p.role,
    phase: p.phase,
    consent: p.consent,
    intakeSubmitted: p.intakeSubmitted,
    intakeSubmissions: p.intakeSubmissions,
    language: p.language,
    muted: p.muted,
    cameraOff: p.cameraOff,
    resumeKeyHash: p.resumeKeyHash,
    waitingSince: p.waitingSince,
    admittedAt: p.admittedAt,
    tokenHash: p.tokenHash,
  };
}

/**
 * Keeps rooms.json in step with the rooms and brings saved rooms back on
 * demand. `save()` is called on every participant change (the rooms'
 * clinician events): it runs before a new resume key reaches the page, so a
 * key a page holds is always on disk.
 */
export class RoomPersistence {
  private readonly pending = new Map<string, SavedRoom>();
  private readonly byResumeHash = new Map<string, string>();
  private readonly byTokenHash = new Map<string, string>();
  private readonly restoring = new Map<string, Promise<void>>();
  private closed = false;

  constructor(
    private readonly rooms: RoomManager,
    private readonly stateDir: string,
    private readonly log: ServerLog,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const room of loadSavedRooms(stateDir, now(), log)) {
      this.pending.set(room.key, room);
      for (const p of room.participants) {
        if (p.resumeKeyHash) this.byResumeHash.set(p.resumeKeyHash, room.key);
        if (p.tokenHash) this.byTokenHash.set(p.tokenHash, room.key);
      }
    }
  }

  /** Saved rooms not yet asked for. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Bring a saved room back (once; concurrent callers wait for the same restore). */
  restore(key: string): Promise<void> {
    const saved = this.pending.get(key);
    // A room already opened again (a new link's hello) still gets its saved participants back.
    if (!saved) return this.restoring.get(key) ?? Promise.resolve();
    let running = this.restoring.get(key);
    if (!running) {
      running = (async () => {
        try {
          if (Date.parse(saved.savedAt) + RESUME_WINDOW_MS <= this.now().getTime()) return;
          await this.rooms.restore(key, {
            clinician: saved.clinician,
            movementCard: saved.movementCard,
            participants: saved.participants.map((p) => ({ ...p, visitId: key })),
          });
          const me = saved.clinician ? this.rooms.participant(key, CLINICIAN_ID) : undefined;
          if (me && saved.clinicianAdmittedAt) me.admittedAt = saved.clinicianAdmittedAt;
          this.log('info', 'ROOM_RESTORED', { participants: saved.participants.length });
        } finally {
          this.pending.delete(key);
          this.restoring.delete(key);
          this.save();
        }
      })();
      this.restoring.set(key, running);
    }
    return running;
  }

  /** The room a saved resume key (its SHA-256) or link (its token hash) belongs to, restored. */
  restoreByResumeHash(hash: string): Promise<void> {
    const key = this.byResumeHash.get(hash);
    return key ? this.restore(key) : Promise.resolve();
  }

  restoreByTokenHash(hash: string): Promise<void> {
    const key = this.byTokenHash.get(hash);
    return key ? this.restore(key) : Promise.resolve();
  }

  /** Write what resuming needs for every open room and every saved room not yet asked for. */
  save(): void {
    if (this.closed) return;
    const now = this.now();
    const out: SavedRoom[] = [];
    const live = new Set<string>();
    for (const key of this.rooms.openVisitIds()) {
      const room = this.rooms.room(key)!;
      const participants = [...room.participants.values()].map(saveParticipant).filter((p): p is NonNullable<typeof p> => p !== null);
      const clinician = room.participants.get(CLINICIAN_ID);
      live.add(key);
      out.push({
        key,
        savedAt: now.toISOString(),
        clinician: !!clinician && clinician.phase !== 'left',
        clinicianAdmittedAt: clinician?.admittedAt ?? null,
        movementCard: room.movementCard,
        participants: participants.slice(0, MAX_PARTICIPANTS),
      });
    }
    for (const [key, room] of this.pending) {
      if (live.has(key)) continue;
      if (Date.parse(room.savedAt) + RESUME_WINDOW_MS <= now.getTime()) {
        this.pending.delete(key);
        continue;
      }
      out.push(room);
    }
    try {
      writeSavedRooms(this.stateDir, out);
    } catch (error) {
      this.log('error', 'ROOMS_FILE_WRITE_FAILED', { code: (error as NodeJS.ErrnoException).code ?? 'error' });
    }
  }

  /** Stop writing (the server is closing: its rooms close too, but resuming them after the restart is the point). */
  close(): void {
    this.closed = true;
  }
}
