/**
 * The clinician's call for one visit: opens the visit's room, joins with
 * camera and microphone, follows the waiting list, and offers the verbs the
 * video stage needs. Self-contained: mount it anywhere with a visit id.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { client } from '../api/client';
import type { GuestRole, ParticipantSummary } from '../../../shared/signaling/media';
import type { JoinLink } from '../../../shared/signaling/clinician';
import { CONSOLE } from '../../../shared/words/console';
import { MediaSession, type MediaSnapshot } from './media-session';
import { ipcSignaling } from './ipc-signaling';
import type { QualitySummary } from './quality';
import { setCallLive } from '../session/live-call';

export type CallPhase = 'opening' | 'live' | 'ended' | 'error';

export interface VideoCall {
  phase: CallPhase;
  error: string | null;
  participants: ParticipantSummary[];
  media: MediaSnapshot | null;
  quality: QualitySummary | null;
  links: JoinLink[];
  cameras: MediaDeviceInfo[];
  createLink(role: GuestRole): Promise<JoinLink | null>;
  admit(participantId: string): Promise<void>;
  setMuted(muted: boolean): Promise<void>;
  setCameraOff(off: boolean): Promise<void>;
  switchCamera(deviceId: string): Promise<void>;
  /** The movement card shown on the family's screen now (null: none). */
  movementCard: string | null;
  showMovement(maneuverId: string | null): Promise<void>;
  captureStill(participantId: string, video: HTMLVideoElement): Promise<{ stillId: string } | null>;
  end(): Promise<void>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : CONSOLE.video.errors.unknown;
}

/** JPEG of the video's current frame, base64 without the data: prefix. */
export function frameAsJpegBase64(video: HTMLVideoElement, quality = 0.85): string | null {
  if (!video.videoWidth || !video.videoHeight) return null;
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')?.drawImage(video, 0, 0);
  const url = canvas.toDataURL('image/jpeg', quality);
  return url.slice(url.indexOf(',') + 1);
}

export function useVideoCall(visitId: string): VideoCall {
  const [phase, setPhase] = useState<CallPhase>('opening');
  const [error, setError] = useState<string | null>(null);
  const [participants, setParticipants] = useState<ParticipantSummary[]>([]);
  const [media, setMedia] = useState<MediaSnapshot | null>(null);
  const [quality, setQuality] = useState<QualitySummary | null>(null);
  const [links, setLinks] = useState<JoinLink[]>([]);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [movementCard, setMovementCard] = useState<string | null>(null);
  const session = useRef<MediaSession | null>(null);

  useEffect(() => {
    let cancelled = false;
    const unsubscribe = client.onVideoEvent((event) => {
      if (event.visitId !== visitId || cancelled) return;
      if (event.type === 'participants') setParticipants(event.participants);
      else if (event.type === 'media') session.current?.handleNotification(event.event);
      else if (event.type === 'ended') {
        session.current?.close();
        session.current?.stopLocal();
        setPhase('ended');
      }
    });
    (async () => {
      try {
        const opened = await client.videoOpen({ visitId });
        if (cancelled) return;
        setParticipants(opened.participants);
        const s = new MediaSession({
          signaling: ipcSignaling(visitId),
          routerRtpCapabilities: opened.routerRtpCapabilities,
          iceServers: opened.iceServers,
          onChange: setMedia,
          onError: setError,
        });
        session.current = s;
        await s.start();
        if (cancelled) return;
        setPhase('live');
        const devices = await navigator.mediaDevices.enumerateDevices();
        if (!cancelled) setCameras(devices.filter((d) => d.kind === 'videoinput'));
      } catch (e) {
        if (!cancelled) {
          setError(messageOf(e));
          setPhase('error');
        }
      }
    })();
    // Participants also polled: an event lost while the window was busy cannot strand someone in the waiting room.
    const poll = setInterval(() => {
      client.videoParticipants({ visitId }).then((r) => !cancelled && setParticipants(r.participants), () => undefined);
    }, 5000);
    const stats = setInterval(() => {
      void session.current?.quality().then((q) => !cancelled && q && setQuality(q));
    }, 1000);
    return () => {
      cancelled = true;
      unsubscribe();
      clearInterval(poll);
      clearInterval(stats);
      session.current?.close();
      session.current?.stopLocal();
      session.current = null;
    };
  }, [visitId]);

  // The idle lock waits while a guest is admitted to a live call (issue 16; ../session/live-call.ts).
  const guestIn = participants.some((p) => p.role !== 'clinician' && p.phase === 'admitted');
  useEffect(() => {
    setCallLive(visitId, phase === 'live' && guestIn);
  }, [visitId, phase, guestIn]);
  useEffect(() => () => setCallLive(visitId, false), [visitId]);

  const guard = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | null> => {
    try {
      setError(null);
      return await fn();
    } catch (e) {
      setError(messageOf(e));
      return null;
    }
  }, []);

  return {
    phase,
    error,
    participants,
    media,
    quality,
    links,
    cameras,
    createLink: (role) =>
      guard(async () => {
        const link = await client.createJoinLink({ visitId, role });
        setLinks((l) => [link, ...l.filter((x) => x.role !== role)]);
        return link;
      }),
    movementCard,
    showMovement: async (maneuverId) => {
      const ok = await guard(() => client.videoShowMovement({ visitId, maneuverId }));
      // Only what the main process accepted is shown as "on the family's screen".
      if (ok) setMovementCard(maneuverId);
    },
    admit: async (participantId) => {
      await guard(() => client.videoAdmit({ visitId, participantId }));
    },
    setMuted: async (muted) => {
      await session.current?.setMuted(muted);
    },
    setCameraOff: async (off) => {
      await session.current?.setCameraOff(off);
    },
    switchCamera: async (deviceId) => {
      await guard(async () => session.current?.switchCamera(deviceId));
    },
    captureStill: (participantId, video) =>
      guard(async () => {
        const jpegBase64 = frameAsJpegBase64(video);
        if (!jpegBase64) throw new Error(CONSOLE.video.errors.noPicture);
        return client.videoCaptureStill({ visitId, participantId, jpegBase64 });
      }),
    end: async () => {
      await guard(() => client.videoEnd({ visitId }));
      session.current?.close();
      session.current?.stopLocal();
      setPhase('ended');
    },
  };
}
