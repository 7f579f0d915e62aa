/**
 * Issue 17: the clinician's "show movement card" reaches the admitted
 * family's page (and only theirs), is refused for a card that does not
 * exist, and is shown again after a reconnection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FamilyConnection } from '../../../electron/main/family/connection';
import { newCounters } from '../../../electron/main/family/counters';
import { setupVideo, validIntake, type VideoHarness } from './harness';
import type { FamilyServerMessage } from '../../../shared/signaling/family';

let h: VideoHarness;
afterEach(() => h?.close());

function page() {
  const sent: FamilyServerMessage[] = [];
  const conn = new FamilyConnection({ send: (t) => sent.push(JSON.parse(t) as FamilyServerMessage), close: () => {} }, { rooms: h.rooms, counters: newCounters() });
  return { conn, sent, cards: () => sent.filter((m) => m.type === 'movementCard') };
}

async function waitingFamily(lang: 'en' | 'es' = 'es') {
  const p = page();
  await p.conn.receive(JSON.stringify({ type: 'hello', token: h.issue('family'), lang }));
  await p.conn.receive(JSON.stringify({ type: 'consent', id: 1, video: true, stills: false }));
  await p.conn.receive(JSON.stringify({ type: 'intake', id: 2, answers: validIntake }));
  await p.conn.receive(JSON.stringify({ type: 'ready', id: 3 }));
  return p;
}

/** The clinician's side with the visit's video open: admit a page, show a card (or none). */
async function openCall() {
  h = await setupVideo();
  const handlers = h.handlers();
  await handlers['video:open']({ visitId: h.visitId });
  type Show = Parameters<(typeof handlers)['video:showMovement']>[0];
  return {
    admit: (p: ReturnType<typeof page>) => handlers['video:admit']({ visitId: h.visitId, participantId: p.conn.participantId! }),
    show: (maneuverId: Show['maneuverId'], framing?: Show['framing']) =>
      handlers['video:showMovement']({ visitId: h.visitId, maneuverId, ...(framing === undefined ? {} : { framing }) }),
  };
}

describe('movement cards on the family screen', () => {
  it('reaches admitted participants only; a waiting one gets the current card on admission', async () => {
    const { admit, show } = await openCall();
    const family = await waitingFamily();
    await admit(family);
    const second = await waitingFamily('en');

    await show('lumbar-flexion');
    expect(family.cards()).toEqual([{ type: 'movementCard', maneuverId: 'lumbar-flexion' }]);
    expect(second.cards()).toEqual([]);

    await admit(second);
    expect(second.cards()).toEqual([{ type: 'movementCard', maneuverId: 'lumbar-flexion' }]);

    await show(null);
    expect(family.cards().at(-1)).toEqual({ type: 'movementCard', maneuverId: null });
    expect(second.cards().at(-1)).toEqual({ type: 'movementCard', maneuverId: null });
  });

  it('refuses a movement without a card and changes nothing', async () => {
    const { admit, show } = await openCall();
    const family = await waitingFamily();
    await admit(family);
    await show('gait');
    await expect(show('moonwalk')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(family.cards()).toEqual([{ type: 'movementCard', maneuverId: 'gait' }]);
    expect(h.rooms.movementCard(h.visitId)).toBe('gait');
  });

  it('a page that reconnects is welcomed with the card shown now; the clinician sees the family language', async () => {
    const { admit, show } = await openCall();
    const family = await waitingFamily('es');
    const id = family.conn.participantId!;
    expect(h.rooms.summaries(h.visitId).find((p) => p.id === id)).toMatchObject({ language: 'es' });
    const key = (family.sent.find((m) => m.type === 'welcome') as Extract<FamilyServerMessage, { type: 'welcome' }>).resumeKey;
    expect(family.sent.find((m) => m.type === 'welcome')).toMatchObject({ movementCard: null });
    await admit(family);
    await show('stork-left');
    family.conn.socketClosed();

    const again = page();
    await again.conn.receive(JSON.stringify({ type: 'resume', resumeKey: key, lang: 'es' }));
    expect(again.sent[0]).toMatchObject({ type: 'welcome', phase: 'admitted', movementCard: 'stork-left' });
  });

  it('carries the framing status (words only) for the card shown now; a status for another card shows nothing', async () => {
    const { admit, show } = await openCall();
    const family = await waitingFamily();
    await admit(family);
    await show('lumbar-flexion');
    await show('lumbar-flexion', 'turn-side');
    await show('lumbar-flexion', 'in-view');
    expect(family.cards()).toEqual([
      { type: 'movementCard', maneuverId: 'lumbar-flexion' },
      { type: 'movementCard', maneuverId: 'lumbar-flexion', framing: 'turn-side' },
      { type: 'movementCard', maneuverId: 'lumbar-flexion', framing: 'in-view' },
    ]);
    // The clinician hid the card; a status computed just before arrives late: the card stays hidden.
    await show(null);
    await show('lumbar-flexion', 'step-back');
    await show('gait', 'step-back');
    expect(family.cards().at(-1)).toEqual({ type: 'movementCard', maneuverId: null });
    expect(h.rooms.movementCard(h.visitId)).toBeNull();
    for (const m of family.sent) expect(JSON.stringify(m)).not.toMatch(/landmark|visibility/);
  });

  it('says so when the call is not open', async () => {
    h = await setupVideo();
    await expect(h.handlers()['video:showMovement']({ visitId: h.visitId, maneuverId: 'gait' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
