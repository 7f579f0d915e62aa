/**
 * Connection quality from WebRTC `getStats`: bitrate, packet loss, round-trip
 * time, resolution and frame rate, reduced to good / fair / poor.
 */
import { wordsFor, type Language } from '../../../shared/words';

export interface QualitySample {
  at: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
}

export interface QualitySummary {
  level: 'good' | 'fair' | 'poor';
  /** Kilobits per second received (all remote media). */
  bitrateKbps: number;
  /** Percent of packets lost since the last sample. */
  lossPercent: number;
  /** Milliseconds, from the selected ICE candidate pair. */
  rttMs: number | null;
  width: number | null;
  height: number | null;
  fps: number | null;
  /** Frames decoded so far across every remote video (rises while video flows). */
  framesDecoded: number;
}

type Stat = Record<string, unknown> & { type: string };

function each(report: RTCStatsReport | null, fn: (s: Stat) => void): void {
  report?.forEach((s: Stat) => fn(s));
}

export function summarizeStats(
  recv: RTCStatsReport,
  send: RTCStatsReport | null,
  previous: QualitySample | null,
  now: number,
): { summary: QualitySummary; sample: QualitySample } {
  let bytesReceived = 0;
  let packetsReceived = 0;
  let packetsLost = 0;
  let framesDecoded = 0;
  let width: number | null = null;
  let height: number | null = null;
  let fps: number | null = null;
  let rtt: number | null = null;
  each(recv, (s) => {
    if (s.type === 'inbound-rtp') {
      bytesReceived += Number(s.bytesReceived ?? 0);
      packetsReceived += Number(s.packetsReceived ?? 0);
      packetsLost += Math.max(0, Number(s.packetsLost ?? 0));
      if (s.kind === 'video') {
        framesDecoded += Number(s.framesDecoded ?? 0);
        if (typeof s.frameWidth === 'number') width = Math.max(width ?? 0, s.frameWidth);
        if (typeof s.frameHeight === 'number') height = Math.max(height ?? 0, s.frameHeight);
        if (typeof s.framesPerSecond === 'number') fps = Math.max(fps ?? 0, s.framesPerSecond);
      }
    }
  });
  for (const report of [recv, send]) {
    each(report, (s) => {
      if (s.type === 'candidate-pair' && (s.nominated || s.state === 'succeeded') && typeof s.currentRoundTripTime === 'number') {
        rtt = Math.max(rtt ?? 0, s.currentRoundTripTime * 1000);
      }
    });
  }
  const sample = { at: now, bytesReceived, packetsReceived, packetsLost };
  const seconds = previous ? (now - previous.at) / 1000 : 0;
  const bitrateKbps = previous && seconds > 0 ? Math.max(0, ((bytesReceived - previous.bytesReceived) * 8) / 1000 / seconds) : 0;
  const dRecv = previous ? packetsReceived - previous.packetsReceived : packetsReceived;
  const dLost = previous ? packetsLost - previous.packetsLost : packetsLost;
  const lossPercent = dRecv + dLost > 0 ? (Math.max(0, dLost) / (dRecv + Math.max(0, dLost))) * 100 : 0;
  const rttMs = rtt as number | null;
  const level = lossPercent > 5 || (rttMs ?? 0) > 400 ? 'poor' : lossPercent > 2 || (rttMs ?? 0) > 200 ? 'fair' : 'good';
  return {
    summary: { level, bitrateKbps: Math.round(bitrateKbps), lossPercent: Math.round(lossPercent * 10) / 10, rttMs: rttMs === null ? null : Math.round(rttMs), width, height, fps, framesDecoded },
    sample,
  };
}

export function describeQuality(q: QualitySummary, lang: Language = 'en'): string {
  const res = q.width && q.height ? `${q.width}×${q.height}` : '—';
  const fps = q.fps !== null ? Math.round(q.fps) : '—';
  const rtt = q.rttMs !== null ? `${q.rttMs} ms` : '—';
  return wordsFor(lang).familyPage.connectionDetails(q.bitrateKbps, q.lossPercent, rtt, res, fps);
}
