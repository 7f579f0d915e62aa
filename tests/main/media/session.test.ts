import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MediaConfig } from '../../../electron/main/media/config';
import { WorkerManager } from '../../../electron/main/media/worker';
import { MediaError, VisitMediaSession } from '../../../electron/main/media/session';
import { TransportInfo, type MediaNotification } from '../../../shared/signaling/media';
import { RTP } from './harness';

const config = MediaConfig.parse({ portMin: 43000, portMax: 43999 });
let workers: WorkerManager;
let session: VisitMediaSession;
beforeAll(() => {
  workers = new WorkerManager(config);
});
afterAll(() => workers.close());
afterEach(() => session?.close());

async function newSession() {
  session = new VisitMediaSession('v1', await workers.createRouter(), config);
  return session;
}

describe('VisitMediaSession', () => {
  it('offers opus and VP8 and creates WebRTC transports on the configured address and port range', async () => {
    const s = await newSession();
    const mimes = s.rtpCapabilities.codecs?.map((c) => c.mimeType) ?? [];
    expect(mimes).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8']));
    s.addPeer('clinician', 'clinician', () => {});
    const t = await s.createTransport('clinician', 'send');
    expect(t.iceCandidates.length).toBeGreaterThan(0);
    for (const c of t.iceCandidates) {
      expect(c.address).toBe('127.0.0.1');
      expect(c.port).toBeGreaterThanOrEqual(43000);
      expect(c.port).toBeLessThanOrEqual(43999);
    }
    expect(t.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
  });

  it('announces the configured address instead of the listening one', async () => {
    const announced = MediaConfig.parse({ portMin: 43000, portMax: 43999, announcedAddress: '203.0.113.7', enableTcp: false });
    session = new VisitMediaSession('v2', await workers.createRouter(), announced);
    session.addPeer('clinician', 'clinician', () => {});
    const t = await session.createTransport('clinician', 'recv');
    expect(t.iceCandidates.map((c) => c.address)).toEqual(['203.0.113.7']);
  });

  it('routes a producer to another peer: notification, paused consumer, resume; closing notifies', async () => {
    const s = await newSession();
    const seen: MediaNotification[] = [];
    s.addPeer('clinician', 'clinician', (e) => seen.push(e));
    s.addPeer('p-AAAAAAAAAAAAAAAA', 'family', () => {});
    s.join('clinician', s.rtpCapabilities);
    s.join('p-AAAAAAAAAAAAAAAA', s.rtpCapabilities);
    const send = await s.createTransport('p-AAAAAAAAAAAAAAAA', 'send');
    await s.createTransport('clinician', 'recv');
    const producerId = await s.produce('p-AAAAAAAAAAAAAAAA', {
      transportId: send.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: RTP.vp8,
      paused: false,
    });
    expect(seen).toEqual([{ type: 'newProducer', producer: expect.objectContaining({ producerId, role: 'family', kind: 'video' }) }]);
    const consumer = await s.consume('clinician', producerId);
    expect(consumer.producerId).toBe(producerId);
    // Idempotent: the same producer twice gives the same consumer.
    expect((await s.consume('clinician', producerId)).consumerId).toBe(consumer.consumerId);
    await s.resumeConsumer('clinician', consumer.consumerId);
    await s.setProducerPaused('p-AAAAAAAAAAAAAAAA', producerId, true);
    expect(s.producerState('p-AAAAAAAAAAAAAAAA')).toEqual({ mic: null, camera: true });
    await expect.poll(() => seen.some((e) => e.type === 'consumerPaused')).toBe(true);
    s.closeMedia('p-AAAAAAAAAAAAAAAA');
    await expect.poll(() => seen.some((e) => e.type === 'consumerClosed')).toBe(true);
    expect(s.hasMedia('p-AAAAAAAAAAAAAAAA')).toBe(false);
    expect(s.hasPeer('p-AAAAAAAAAAAAAAAA')).toBe(true);
  });

  it('with serverConsumers the server creates paused consumers itself, for producers already there and new ones, and announces each once', async () => {
    const s = await newSession();
    const seen: MediaNotification[] = [];
    const fam = 'p-BBBBBBBBBBBBBBBB';
    s.addPeer('clinician', 'clinician', (e) => seen.push(e));
    s.addPeer(fam, 'family', () => {});
    s.join(fam, s.rtpCapabilities);
    const send = await s.createTransport(fam, 'send');
    const audioId = await s.produce(fam, { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: RTP.opus, paused: true });
    // Not joined yet when it appeared: told as before (`newProducer`).
    expect(seen.map((e) => e.type)).toEqual(['newProducer']);
    seen.length = 0;
    // Joining with push before the receive transport exists: nothing to ask for, nothing announced yet.
    expect(s.join('clinician', s.rtpCapabilities, true)).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([]);
    // The receive transport arrives: the existing producer is consumed and announced (paused, with its producer's state).
    await s.createTransport('clinician', 'recv');
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toEqual({
      type: 'newConsumer',
      consumer: expect.objectContaining({ producerId: audioId, kind: 'audio', source: 'mic', participantId: fam, producerPaused: true }),
    });
    // A producer that appears later: a consumer, not a `newProducer` to ask about.
    const videoId = await s.produce(fam, { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: RTP.vp8, paused: false });
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]).toMatchObject({ type: 'newConsumer', consumer: { producerId: videoId, kind: 'video' } });
    expect(seen.some((e) => e.type === 'newProducer')).toBe(false);
    // The client resumes it when ready; asking to consume the same producer again gives the same consumer.
    const videoConsumer = (seen[1] as Extract<MediaNotification, { type: 'newConsumer' }>).consumer;
    await s.resumeConsumer('clinician', videoConsumer.consumerId);
    expect((await s.consume('clinician', videoId)).consumerId).toBe(videoConsumer.consumerId);
    expect(s.counters.consumersCreated).toBe(2);
  });

  it('hands each receive transport, and only a receive transport, a data consumer of the server-owned warm-up channel', async () => {
    const s = await newSession();
    s.addPeer('clinician', 'clinician', () => {});
    s.addPeer('p-AAAAAAAAAAAAAAAA', 'family', () => {});
    const send = await s.createTransport('clinician', 'send');
    expect(send.sctpParameters).toBeUndefined();
    expect(send.warmup).toBeUndefined();
    const recv = await s.createTransport('clinician', 'recv');
    expect(recv.sctpParameters).toEqual(expect.objectContaining({ OS: 1024, MIS: 1024 }));
    expect(recv.warmup?.sctpStreamParameters.streamId).toBeGreaterThanOrEqual(0);
    // It passes the signaling schema as sent to either page.
    expect(TransportInfo.parse(recv)).toEqual(recv);
    // One channel per visit, a new data consumer per receive transport (a replaced one, another peer's).
    const again = await s.createTransport('clinician', 'recv');
    const family = await s.createTransport('p-AAAAAAAAAAAAAAAA', 'recv');
    expect(new Set([recv, again, family].map((t) => t.warmup?.dataProducerId)).size).toBe(1);
    expect(new Set([recv, again, family].map((t) => t.warmup?.dataConsumerId)).size).toBe(3);
    // It is nobody's media: not a producer anyone can consume, and no media consumer exists.
    s.join('clinician', s.rtpCapabilities);
    await expect(s.consume('clinician', recv.warmup!.dataProducerId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(s.receiveState('clinician')).toEqual({ dtlsState: 'new', mediaConsumers: 0 });
  });

  it('restarts ICE with new credentials and counts it', async () => {
    const s = await newSession();
    s.addPeer('clinician', 'clinician', () => {});
    const t = await s.createTransport('clinician', 'send');
    const fresh = await s.restartIce('clinician', t.id);
    expect(fresh.usernameFragment).not.toBe(t.iceParameters.usernameFragment);
    expect(s.counters.iceRestarts).toBe(1);
  });

  it('refuses unknown ids, mismatched sources and unusable parameters with MediaError, never anything else', async () => {
    const s = await newSession();
    s.addPeer('clinician', 'clinician', () => {});
    const t = await s.createTransport('clinician', 'send');
    const recv = await s.createTransport('clinician', 'recv');
    const fake = '00000000-0000-4000-8000-000000000000';
    const attempts = [
      s.connectTransport('clinician', fake, { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] }),
      s.produce('clinician', { transportId: t.id, kind: 'audio', source: 'camera', rtpParameters: RTP.opus, paused: false }),
      s.produce('clinician', { transportId: recv.id, kind: 'video', source: 'camera', rtpParameters: RTP.vp8, paused: false }),
      s.produce('clinician', {
        transportId: t.id,
        kind: 'video',
        source: 'camera',
        rtpParameters: { codecs: [{ mimeType: 'video/H265', payloadType: 100, clockRate: 90000 }] },
        paused: false,
      }),
      s.consume('clinician', fake),
      s.resumeConsumer('clinician', fake),
      s.restartIce('nobody', t.id),
    ];
    const results = await Promise.allSettled(attempts);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(MediaError);
    }
  });

  it('closes once; every verb afterwards says the call has ended', async () => {
    const s = await newSession();
    let closes = 0;
    s.onClose = () => (closes += 1);
    s.addPeer('clinician', 'clinician', () => {});
    s.close();
    s.close();
    expect(closes).toBe(1);
    await expect(s.createTransport('clinician', 'send')).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('reports the worker CPU time', async () => {
    await newSession();
    expect(await workers.cpuMs()).toBeGreaterThanOrEqual(0);
  });
});
