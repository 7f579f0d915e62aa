/**
 * Issue 16: the family page of a used or expired link gives the clinic's
 * phone number (clinic settings). Unknown tokens get no clinic details, and
 * without a phone in the settings the refusal is as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FamilyConnection } from '../../../electron/main/family/connection';
import { newCounters } from '../../../electron/main/family/counters';
import { setupVideo, type VideoHarness } from '../media/harness';
import { FamilyServerMessage } from '../../../shared/signaling/family';

let h: VideoHarness;
afterEach(() => h?.close());

function connect(harness: VideoHarness, clinicContact?: () => { name: string; phone: string } | null) {
  const sent: unknown[] = [];
  const conn = new FamilyConnection(
    { send: (t) => sent.push(FamilyServerMessage.parse(JSON.parse(t))), close: () => undefined },
    { rooms: harness.rooms, counters: newCounters(), rate: { capacity: 1e9, perSecond: 1e9 }, ...(clinicContact ? { clinicContact } : {}) },
  );
  return { sent, send: (m: unknown) => conn.receive(JSON.stringify(m)) };
}

const RIVERSIDE = () => ({ name: 'Riverside Pediatrics', phone: '(555) 010-2000' });

describe('refused links name the clinic to call', () => {
  it('an expired link and a used link carry the clinic name and phone', async () => {
    h = await setupVideo();
    const expired = h.tokens.issue(h.visitId, new Date('2026-11-27T09:00:00Z'), new Date('2026-11-27T09:30:00Z'), 'family');
    const a = connect(h, RIVERSIDE);
    await a.send({ type: 'hello', token: expired, lang: 'en' });
    expect(a.sent).toEqual([{ type: 'refused', reason: 'expired', clinic: { name: 'Riverside Pediatrics', phone: '(555) 010-2000' } }]);

    const token = h.issue();
    const first = connect(h, RIVERSIDE);
    await first.send({ type: 'hello', token, lang: 'en' });
    const again = connect(h, RIVERSIDE);
    await again.send({ type: 'hello', token, lang: 'es' });
    expect(again.sent).toEqual([{ type: 'refused', reason: 'used', clinic: { name: 'Riverside Pediatrics', phone: '(555) 010-2000' } }]);
  });

  it('an unknown token learns nothing; without a phone in the settings the refusal is unchanged', async () => {
    h = await setupVideo();
    const unknown = connect(h, RIVERSIDE);
    await unknown.send({ type: 'hello', token: 'Z'.repeat(43), lang: 'en' });
    expect(unknown.sent).toEqual([{ type: 'refused', reason: 'unknown' }]);
    const expired = h.tokens.issue(h.visitId, new Date('2026-11-27T09:00:00Z'), new Date('2026-11-27T09:30:00Z'), 'family');
    const none = connect(h, () => null);
    await none.send({ type: 'hello', token: expired, lang: 'en' });
    expect(none.sent).toEqual([{ type: 'refused', reason: 'expired' }]);
  });
});
