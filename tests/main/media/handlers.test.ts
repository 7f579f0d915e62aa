import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createVideoHandlers } from '../../../electron/main/media/handlers';
import { FamilyConnection } from '../../../electron/main/family/connection';
import { newCounters } from '../../../electron/main/family/counters';
import { setupVideo, type VideoHarness } from './harness';
import type { FamilyServerMessage } from '../../../shared/signaling/family';

let h: VideoHarness;
afterEach(() => h?.close());

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString('base64');

async function setup() {
  h = await setupVideo();
  const handlers = createVideoHandlers({
    rooms: h.rooms,
    stills: h.stills,
    getVisit: (id) => h.store.services.visits.get(id),
    joinUrl: (t) => `http://127.0.0.1:1/join#t=${t}`,
    now: () => h.clock.now(),
  });
  return handlers;
}

async function familyInLobby(stills: boolean) {
  const sent: FamilyServerMessage[] = [];
  const conn = new FamilyConnection({ send: (t) => sent.push(JSON.parse(t) as FamilyServerMessage), close: () => {} }, { rooms: h.rooms, counters: newCounters() });
  await conn.receive(JSON.stringify({ type: 'hello', token: h.issue('caregiver'), lang: 'en' }));
  await conn.receive(JSON.stringify({ type: 'consent', id: 1, video: true, stills }));
  return conn.participantId!;
}

describe('clinician video handlers', () => {
  it('makes a link that expires 30 minutes after the visit and carries only the token', async () => {
    const handlers = await setup();
    const link = await handlers['visits:createJoinLink']({ visitId: h.visitId, role: 'interpreter' });
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:1\/join#t=[A-Za-z0-9_-]{43}$/);
    expect(link.url).not.toContain(h.visitId);
    expect(link.expiresAt).toBe('2026-11-27T12:00:00.000Z');
  });

  it('refuses a link for a visit whose time has passed', async () => {
    const handlers = await setup();
    h.clock.now = () => new Date('2026-11-28T10:00:00Z');
    await expect(handlers['visits:createJoinLink']({ visitId: h.visitId, role: 'family' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('saves a still only when that participant consented to stills', async () => {
    const handlers = await setup();
    await handlers['video:open']({ visitId: h.visitId });
    const noConsent = await familyInLobby(false);
    await expect(handlers['video:captureStill']({ visitId: h.visitId, participantId: noConsent, jpegBase64: JPEG })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(existsSync(join(h.stills.dir, h.visitId))).toBe(false);
    const consented = await familyInLobby(true);
    await expect(handlers['video:captureStill']({ visitId: h.visitId, participantId: consented, jpegBase64: 'AAAA' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    const saved = await handlers['video:captureStill']({ visitId: h.visitId, participantId: consented, jpegBase64: JPEG });
    expect(existsSync(join(h.stills.dir, h.visitId, `${saved.stillId}.jpg`))).toBe(true);
  });

  it('admits only someone in the waiting room', async () => {
    const handlers = await setup();
    await handlers['video:open']({ visitId: h.visitId });
    const id = await familyInLobby(true);
    const admit = (participantId: string) => Promise.resolve().then(() => handlers['video:admit']({ visitId: h.visitId, participantId }));
    await expect(admit(id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(admit('p-AAAAAAAAAAAAAAAA')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
