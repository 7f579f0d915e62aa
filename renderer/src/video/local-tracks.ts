/**
 * Swapping the local camera or microphone during a call without
 * renegotiating (media-session.ts): open the new device, put its track into
 * the same producer, and replace the old track in the local stream.
 */
import type { types } from 'mediasoup-client';

/**
 * Open `constraints` (video or audio), hand the new track to `producer` and to
 * `local`, stop the old one. Returns the stream to show locally (the fresh one
 * when there was none), or null when the device gave no track.
 */
export async function replaceLocalTrack(options: {
  kind: 'audio' | 'video';
  constraints: MediaTrackConstraints;
  local: MediaStream | null;
  producer: types.Producer | undefined;
  enabled: boolean;
  /** Phones cannot open the front and back cameras at once: stop the old track before opening the new one. */
  releaseFirst?: boolean;
  contentHint?: string;
}): Promise<MediaStream | null> {
  const { kind, local } = options;
  const oldTrack = () => (kind === 'video' ? local?.getVideoTracks()[0] : local?.getAudioTracks()[0]);
  if (options.releaseFirst) oldTrack()?.stop();
  const fresh = await navigator.mediaDevices.getUserMedia(kind === 'video' ? { video: options.constraints } : { audio: options.constraints });
  const track = kind === 'video' ? fresh.getVideoTracks()[0] : fresh.getAudioTracks()[0];
  if (!track) return null;
  track.enabled = options.enabled;
  if (options.contentHint) track.contentHint = options.contentHint;
  const old = oldTrack();
  await options.producer?.replaceTrack({ track });
  if (!local) return fresh;
  if (old) {
    local.removeTrack(old);
    old.stop();
  }
  local.addTrack(track);
  return local;
}
