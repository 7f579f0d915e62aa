/**
 * What the family's side of a visit hands to the console that owns the visit
 * (issue 11, "patient data on the server"): the intake answers and "the
 * family is waiting". The server keeps nothing after delivery. While the
 * console is offline each item waits in memory only, for at most `holdMs`,
 * then is dropped (the family is told to answer again to the clinician).
 *
 * This is the RoomManager's FamilyRecord on the server; the console's
 * connection (when it exists) sets `deliver`.
 */
import type { FamilyIntake, Language } from '../../../shared/signaling/intake';
import type { FamilyRecord } from '../media/rooms';
import { MediaError } from '../media/session';

export type RelayItem =
  | { kind: 'intake'; visitId: string; answers: FamilyIntake; language: Language }
  | { kind: 'waiting'; visitId: string };

/** Deliver one item to the console owning `owner`; resolves once the console acknowledged it. */
export type Deliver = (owner: string, item: RelayItem) => Promise<void>;

interface Held {
  owner: string;
  item: RelayItem;
  until: number;
}

export class ConsoleRelay implements FamilyRecord {
  private readonly held: Held[] = [];
  private readonly deliverTo = new Map<string, Deliver>();

  constructor(
    /** Room key → (owning console, the console's own visit id). */
    private readonly split: (roomKey: string) => { owner: string; visitId: string },
    private readonly holdMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A console came online (or went away, with null): deliver what waits for it. */
  setConsole(owner: string, deliver: Deliver | null): void {
    if (deliver) this.deliverTo.set(owner, deliver);
    else this.deliverTo.delete(owner);
    if (deliver) void this.flush(owner);
  }

  /** Items waiting (for health/diagnostics: a count, never the content). */
  get heldCount(): number {
    this.expire();
    return this.held.length;
  }

  private expire(): void {
    const t = this.now();
    for (let i = this.held.length - 1; i >= 0; i -= 1) if (this.held[i]!.until <= t) this.held.splice(i, 1);
  }

  private async flush(owner: string): Promise<void> {
    this.expire();
    const deliver = this.deliverTo.get(owner);
    if (!deliver) return;
    for (const h of this.held.filter((x) => x.owner === owner)) {
      try {
        await deliver(owner, h.item);
        const i = this.held.indexOf(h);
        if (i >= 0) this.held.splice(i, 1);
      } catch {
        return; // kept until the next connection or its time limit
      }
    }
  }

  private async send(roomKey: string, make: (visitId: string) => RelayItem): Promise<void> {
    const { owner, visitId } = this.split(roomKey);
    const item = make(visitId);
    const deliver = this.deliverTo.get(owner);
    if (deliver) {
      try {
        await deliver(owner, item);
        return;
      } catch {
        // fall through: held
      }
    }
    this.expire();
    this.held.push({ owner, item, until: this.now() + this.holdMs });
    // The family hears that the clinician's console has not got it yet (the page shows the message).
    if (item.kind === 'intake') {
      throw new MediaError(
        'CONFLICT',
        `The clinician's console is offline. Your answers are kept for ${Math.round(this.holdMs / 60_000)} minutes and sent when it connects.`,
      );
    }
  }

  saveFamilyIntake(roomKey: string, answers: FamilyIntake, language: Language): Promise<void> {
    return this.send(roomKey, (visitId) => ({ kind: 'intake', visitId, answers, language }));
  }

  familyWaiting(roomKey: string): Promise<void> {
    return this.send(roomKey, (visitId) => ({ kind: 'waiting', visitId }));
  }
}
