import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLiveVideo, type LiveVideo } from '../../../electron/main/media/live-video';
import { openTestStore, validPatient } from '../../support/db';

let store: ReturnType<typeof openTestStore> | undefined;
let video: LiveVideo | undefined;
afterEach(async () => {
  await video?.close();
  store?.close();
  video = undefined;
  store = undefined;
});

function rendererDir() {
  const dir = mkdtempSync(join(tmpdir(), 'bptc-r-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'family.html'), '<!doctype html>');
  return dir;
}

/** startLiveVideo on a test store, with the environment, events and log of the case. */
function startOn(s: NonNullable<typeof store>, env: Record<string, string>, emit: (name: string, payload: unknown) => void, log: (e: { code: string }) => void) {
  return startLiveVideo({
    db: s.db,
    services: s.services,
    actor: () => s.services.session.requireActor(),
    getVisit: (id) => s.services.visits.get(id),
    rendererDir: rendererDir(),
    env,
    emit,
    log,
  });
}

describe('startLiveVideo', () => {
  it('serves the family page on loopback and makes single-use links into it', async () => {
    store = openTestStore();
    const s = store;
    const p = await s.services.patients.create(validPatient);
    const v = await s.services.visits.schedule({ patientId: p.id, scheduledStart: new Date(Date.now() + 60_000).toISOString(), durationMinutes: 20 });
    const events: unknown[] = [];
    video = await startOn(s, { BPTC_FAMILY_PORT: '0', BPTC_MEDIA_PORT_MIN: '45000', BPTC_MEDIA_PORT_MAX: '45100' }, (name, payload) => events.push([name, payload]), () => {});
    expect(video.family?.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const link = await video.handlers['visits:createJoinLink']({ visitId: v.id, role: 'family' });
    expect(link.url).toMatch(new RegExp(`^${video.family!.origin}/join#t=[A-Za-z0-9_-]{43}$`));
    const opened = await video.handlers['video:open']({ visitId: v.id });
    expect(opened.participants).toEqual([expect.objectContaining({ role: 'clinician' })]);
    expect((await fetch(`${video.family!.origin}/join`)).status).toBe(200);
  });

  it('falls back to "live video unavailable" when the family server may not start (no TLS off loopback)', async () => {
    store = openTestStore();
    const s = store;
    const logs: string[] = [];
    video = await startOn(s, { BPTC_FAMILY_HOST: '0.0.0.0', BPTC_FAMILY_PORT: '0' }, () => {}, (e) => logs.push(e.code));
    expect(video.family).toBeNull();
    expect(logs).toContain('LIVE_VIDEO_UNAVAILABLE');
    await expect(Promise.resolve().then(() => video!.handlers['video:open']({ visitId: '00000000-0000-4000-8000-000000000001' }))).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
