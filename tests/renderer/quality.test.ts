/** Connection quality from WebRTC stats (renderer/src/video/quality.ts): the numbers the clinician sees. */
import { describe, expect, it } from 'vitest';
import { describeQuality, summarizeStats } from '../../renderer/src/video/quality';

/** A stats report as Chromium gives it: an iterable map of stat objects. */
const report = (...stats: Record<string, unknown>[]) => new Map(stats.map((s, i) => [String(i), s])) as unknown as RTCStatsReport;
const video = (o: Record<string, unknown>) => ({ type: 'inbound-rtp', kind: 'video', ...o });
const pair = (rttSeconds: number, o: Record<string, unknown> = { nominated: true }) => ({ type: 'candidate-pair', currentRoundTripTime: rttSeconds, ...o });

describe('connection quality', () => {
  it('computes bitrate and loss since the previous sample, and the largest picture and frame rate', () => {
    const first = summarizeStats(report(video({ bytesReceived: 0, packetsReceived: 0, packetsLost: 0 })), null, null, 1000);
    const next = summarizeStats(
      report(
        video({ bytesReceived: 125_000, packetsReceived: 990, packetsLost: 10, framesDecoded: 30, frameWidth: 640, frameHeight: 480, framesPerSecond: 29.6 }),
        { type: 'inbound-rtp', kind: 'audio', bytesReceived: 0, packetsReceived: 0, packetsLost: 0 },
        pair(0.05),
      ),
      null,
      first.sample,
      2000,
    );
    expect(next.summary).toEqual({ level: 'good', bitrateKbps: 1000, lossPercent: 1, rttMs: 50, width: 640, height: 480, fps: 29.6, framesDecoded: 30 });
  });

  it('is fair over 2% loss or 200 ms, poor over 5% or 400 ms', () => {
    const at = (lost: number, rtt: number) =>
      summarizeStats(report(video({ packetsReceived: 100 - lost, packetsLost: lost }), pair(rtt)), null, null, 0).summary.level;
    expect(at(2, 0.2)).toBe('good');
    expect(at(3, 0.1)).toBe('fair');
    expect(at(0, 0.25)).toBe('fair');
    expect(at(6, 0.1)).toBe('poor');
    expect(at(0, 0.45)).toBe('poor');
  });

  it('takes the round trip from a nominated or succeeded pair only, from either report', () => {
    const recv = report(video({}), pair(0.9, { nominated: false, state: 'failed' }));
    expect(summarizeStats(recv, null, null, 0).summary.rttMs).toBeNull();
    expect(summarizeStats(recv, report(pair(0.12, { state: 'succeeded' })), null, 0).summary.rttMs).toBe(120);
  });

  it('never reports negative loss or bitrate when counters restart', () => {
    const prev = { at: 0, bytesReceived: 10_000, packetsReceived: 500, packetsLost: 50 };
    const s = summarizeStats(report(video({ bytesReceived: 100, packetsReceived: 10, packetsLost: 0 })), null, prev, 1000).summary;
    expect(s.bitrateKbps).toBe(0);
    expect(s.lossPercent).toBe(0);
  });

  it('describes it in English and Spanish, with dashes for what is not known', () => {
    const q = { level: 'good' as const, bitrateKbps: 800, lossPercent: 0.5, rttMs: null, width: null, height: null, fps: null, framesDecoded: 0 };
    expect(describeQuality(q)).toBe('Bitrate 800 kbps · loss 0.5% · round trip — · — · — fps');
    expect(describeQuality({ ...q, rttMs: 40, width: 1280, height: 720, fps: 24.4 }, 'es')).toBe('Velocidad 800 kbps · pérdida 0.5% · ida y vuelta 40 ms · 1280×720 · 24 fps');
  });
});
