import { afterEach, describe, expect, it } from 'vitest';
import { FamilyConnection } from '../../../electron/main/family/connection';
import { newCounters } from '../../../electron/main/family/counters';
import { setupVideo, validIntake, type VideoHarness } from './harness';
import type { FamilyServerMessage } from '../../../shared/signaling/family';

let h: VideoHarness;
afterEach(() => h?.close());

const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const JPEG = JPEG_BYTES.toString('base64');

async function setup(options: Parameters<typeof setupVideo>[0] = {}) {
  h = await setupVideo(options);
  return h.handlers();
}
type Handlers = Awaited<ReturnType<typeof setup>>;

/** setup() with the visit's video open. */
async function opened(options: Parameters<typeof setupVideo>[0] = {}): Promise<Handlers> {
  const handlers = await setup(options);
  await handlers['video:open']({ visitId: h.visitId });
  return handlers;
}

/** A family page that walks the lobby (consent, and the intake for the family role) and, with `wait`, enters the waiting room. */
async function familyInLobby(stills: boolean, options: { role?: 'family' | 'caregiver' | 'interpreter'; wait?: boolean } = {}) {
  const role = options.role ?? 'caregiver';
  const sent: FamilyServerMessage[] = [];
  const conn = new FamilyConnection({ send: (t) => sent.push(JSON.parse(t) as FamilyServerMessage), close: () => {} }, { rooms: h.rooms, counters: newCounters() });
  await conn.receive(JSON.stringify({ type: 'hello', token: h.issue(role), lang: 'en' }));
  await conn.receive(JSON.stringify({ type: 'consent', id: 1, video: true, stills }));
  if (role === 'family') await conn.receive(JSON.stringify({ type: 'intake', id: 2, answers: validIntake }));
  if (options.wait) await conn.receive(JSON.stringify({ type: 'ready', id: 3 }));
  expect(sent.filter((m) => m.type === 'result' && !m.ok)).toEqual([]);
  return conn.participantId!;
}

/** familyInLobby into the waiting room, then admitted by the clinician. */
async function admitted(handlers: Handlers, stills: boolean, role?: 'family' | 'caregiver' | 'interpreter') {
  const id = await familyInLobby(stills, { ...(role ? { role } : {}), wait: true });
  await handlers['video:admit']({ visitId: h.visitId, participantId: id });
  return id;
}

const images = () => h.store.db.prepare('SELECT id, visit_id, mime, byte_size, data, captured_by, consent_id FROM still_images').all() as {
  id: string;
  visit_id: string;
  mime: string;
  byte_size: number;
  data: Buffer;
  captured_by: string;
  consent_id: string;
}[];
const consents = () => h.store.db.prepare('SELECT id, kind, given_by, recorded_by, withdrawn_at FROM consents WHERE visit_id = ?').all(h.visitId) as {
  id: string;
  kind: string;
  given_by: string;
  recorded_by: string;
  withdrawn_at: string | null;
}[];

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

  it('admitting someone who agreed to stills records the consent in the store, as the clinician, once', async () => {
    const handlers = await opened();
    const clinicianId = h.store.services.session.requireActor();
    const no = await admitted(handlers, false);
    expect(consents()).toEqual([]);
    await admitted(handlers, true, 'interpreter');
    expect(consents(), "an interpreter's yes is not the family's consent").toEqual([]);
    h.rooms.leave(h.rooms.participant(h.visitId, no)!); // four at most in a call
    await admitted(handlers, true, 'caregiver');
    expect(consents(), "a second caregiver's link cannot give the guardian's consent (issue 14, item 4)").toEqual([]);
    const yes = await admitted(handlers, true, 'family');
    await handlers['video:admit']({ visitId: h.visitId, participantId: yes });
    expect(consents()).toEqual([{ id: expect.any(String), kind: 'still_capture', given_by: 'guardian', recorded_by: clinicianId, withdrawn_at: null }]);
    const audit = await h.store.services.audit.rowsFor(consents()[0]!.id);
    expect(audit).toEqual([expect.objectContaining({ actor: clinicianId, action: 'visit.change' })]);
  });

  it('saves a still into the visit record only when that participant consented, as the clinician, and no files', async () => {
    const handlers = await opened();
    const clinicianId = h.store.services.session.requireActor();
    const noConsent = await admitted(handlers, false);
    await expect(handlers['video:captureStill']({ visitId: h.visitId, participantId: noConsent, jpegBase64: JPEG })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const consented = await familyInLobby(true, { role: 'family', wait: true });
    await expect(handlers['video:captureStill']({ visitId: h.visitId, participantId: consented, jpegBase64: JPEG }), 'not admitted yet').rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await handlers['video:admit']({ visitId: h.visitId, participantId: consented });
    await expect(handlers['video:captureStill']({ visitId: h.visitId, participantId: consented, jpegBase64: 'AAAA' })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    expect(images()).toEqual([]);
    const saved = await handlers['video:captureStill']({ visitId: h.visitId, participantId: consented, jpegBase64: JPEG });
    expect(images()).toEqual([
      {
        id: saved.stillId,
        visit_id: h.visitId,
        mime: 'image/jpeg',
        byte_size: JPEG_BYTES.length,
        data: JPEG_BYTES,
        captured_by: clinicianId,
        consent_id: consents()[0]!.id,
      },
    ]);
    const record = await h.store.services.record.getVisitRecord(h.visitId);
    expect(record.images).toEqual([expect.objectContaining({ id: saved.stillId, capturedAt: saved.takenAt, caption: "Still from the video call (child's device)" })]);
  });

  it('keeps at most maxStillsPerVisit stills per visit; past it nothing is saved (issue 14, item 3)', async () => {
    const handlers = await opened({ media: { maxStillsPerVisit: 3 } });
    const id = await admitted(handlers, true, 'family');
    for (let i = 0; i < 3; i += 1) await handlers['video:captureStill']({ visitId: h.visitId, participantId: id, jpegBase64: JPEG });
    await expect(handlers['video:captureStill']({ visitId: h.visitId, participantId: id, jpegBase64: JPEG })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(images()).toHaveLength(3);
  });

  it('a consent the clinician withdrew stops stills, even though the family said yes on the page', async () => {
    const handlers = await opened();
    const clinicianId = h.store.services.session.requireActor();
    const id = await admitted(handlers, true, 'family');
    await h.store.services.record.withdrawConsent(consents()[0]!.id, clinicianId);
    await expect(handlers['video:captureStill']({ visitId: h.visitId, participantId: id, jpegBase64: JPEG })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(images()).toEqual([]);
  });

  it('a locked console neither admits nor saves stills, and writes nothing', async () => {
    const handlers = await opened();
    const id = await familyInLobby(true, { role: 'family', wait: true });
    await h.store.services.session.lock();
    await expect(handlers['video:admit']({ visitId: h.visitId, participantId: id })).rejects.toMatchObject({ code: 'LOCKED' });
    expect(h.rooms.participant(h.visitId, id)?.phase).toBe('waiting');
    expect(consents()).toEqual([]);
  });

  it('admits only someone in the waiting room', async () => {
    const handlers = await opened();
    const id = await familyInLobby(true);
    const admit = (participantId: string) => Promise.resolve().then(() => handlers['video:admit']({ visitId: h.visitId, participantId }));
    await expect(admit(id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(admit('p-AAAAAAAAAAAAAAAA')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(consents()).toEqual([]);
  });
});
