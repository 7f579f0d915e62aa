/**
 * The media session's state machine, pure (issue 15 item 7): what a
 * participant's side of a call is doing (connection, mute and camera, the
 * remote feeds and their consumers, ICE restart bookkeeping), and how each
 * event moves it. `transition` never touches a browser object: it returns the
 * next state and the effects the session must carry out (schedule an ICE
 * restart, restart now, rebuild the media), or a refusal with its reason, in
 * which case nothing changed. `MediaSession` (media-session.ts) owns the
 * mediasoup objects and the MediaStreams and feeds every library event and
 * server notification through here.
 */
import type { MediaSource, ParticipantRole } from '../../../shared/signaling/media';

export type ConnectionState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

/** mediasoup-client's transport connection states (RTCPeerConnectionState). */
export type TransportState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export interface ConsumerState {
  consumerId: string;
  producerId: string;
  participantId: string;
  role: ParticipantRole;
  kind: 'audio' | 'video';
  source: MediaSource;
}

export interface FeedState {
  participantId: string;
  role: ParticipantRole;
  hasVideo: boolean;
  videoPaused: boolean;
  audioPaused: boolean;
}

export interface SessionState {
  connection: ConnectionState;
  muted: boolean;
  cameraOff: boolean;
  error: string | null;
  /** ICE restarts tried since the last `connected` (picks the next delay). */
  restartAttempt: number;
  /** An ICE restart is scheduled and has not run yet. */
  restartPending: boolean;
  consumers: ReadonlyMap<string, ConsumerState>;
  /** One per remote participant with at least one consumer, in the order they appeared. */
  feeds: ReadonlyMap<string, FeedState>;
}

export type SessionEvent =
  /** Join the call (the family: on admission). */
  | { type: 'start' }
  | { type: 'startFailed'; message: string }
  /** A send or receive transport changed its connection state. */
  | { type: 'transport'; state: TransportState }
  /** A scheduled ICE restart is due. */
  | { type: 'restartDue' }
  /** The ICE restart request failed; `NOT_FOUND`: the server no longer has the transports. */
  | { type: 'restartFailed'; code: string | null }
  /** Rebuild transports, producers and consumers (keeps mute and camera). */
  | { type: 'rejoin' }
  | { type: 'consumerAdded'; consumer: ConsumerState; producerPaused: boolean }
  | { type: 'consumerClosed'; consumerId: string }
  | { type: 'producerPaused'; consumerId: string; paused: boolean }
  | { type: 'setPaused'; source: MediaSource; paused: boolean }
  | { type: 'close' };

export type SessionEffect =
  | { type: 'scheduleRestart'; delayMs: number }
  | { type: 'restartIce' }
  | { type: 'rejoin' };

export type Transition =
  | { ok: true; state: SessionState; effects: SessionEffect[] }
  | { ok: false; reason: string };

/** Delays before the 1st, 2nd, … ICE restart after a drop; the last repeats. */
export const RESTART_DELAYS_MS: readonly number[] = [0, 1000, 2000, 4000, 8000];

export function initialState(options: { muted?: boolean; cameraOff?: boolean } = {}): SessionState {
  return {
    connection: 'new',
    muted: options.muted ?? false,
    cameraOff: options.cameraOff ?? false,
    error: null,
    restartAttempt: 0,
    restartPending: false,
    consumers: new Map(),
    feeds: new Map(),
  };
}

const ok = (state: SessionState, effects: SessionEffect[] = []): Transition => ({ ok: true, state, effects });
const refuse = (reason: string): Transition => ({ ok: false, reason });

/** Whether the session has (or is building) transports that can carry a consumer. */
const hasMedia = (c: ConnectionState) => c === 'connecting' || c === 'connected' || c === 'reconnecting';

function schedule(state: SessionState): { state: SessionState; effects: SessionEffect[] } {
  if (state.restartPending) return { state, effects: [] };
  const delayMs = RESTART_DELAYS_MS[Math.min(state.restartAttempt, RESTART_DELAYS_MS.length - 1)]!;
  return {
    state: { ...state, restartPending: true, restartAttempt: state.restartAttempt + 1 },
    effects: [{ type: 'scheduleRestart', delayMs }],
  };
}

/** The feed of `participantId` recomputed from its consumers (null when it has none). */
function feedOf(
  consumers: ReadonlyMap<string, ConsumerState>,
  prior: FeedState | undefined,
  participantId: string,
  role: ParticipantRole,
): FeedState | null {
  const mine = [...consumers.values()].filter((c) => c.participantId === participantId);
  if (mine.length === 0) return null;
  return {
    participantId,
    role,
    hasVideo: mine.some((c) => c.kind === 'video'),
    videoPaused: prior?.videoPaused ?? false,
    audioPaused: prior?.audioPaused ?? false,
  };
}

export function transition(state: SessionState, event: SessionEvent): Transition {
  if (state.connection === 'closed') return refuse('The call has ended.');
  switch (event.type) {
    case 'start':
      if (state.connection !== 'new' && state.connection !== 'failed') return refuse(`Already ${state.connection}.`);
      return ok({ ...state, connection: 'connecting', error: null });
    case 'startFailed':
      if (state.connection !== 'connecting') return refuse(`Not starting (${state.connection}).`);
      return ok({ ...state, connection: 'failed', error: event.message, consumers: new Map(), feeds: new Map() });
    case 'transport': {
      if (!hasMedia(state.connection)) return refuse(`No transports while ${state.connection}.`);
      if (event.state === 'connected') return ok({ ...state, connection: 'connected', restartAttempt: 0 });
      if (event.state === 'disconnected' || event.state === 'failed') {
        const next = schedule({ ...state, connection: 'reconnecting' });
        return ok(next.state, next.effects);
      }
      return ok(state);
    }
    case 'restartDue':
      if (!state.restartPending) return refuse('No ICE restart is scheduled.');
      return ok({ ...state, restartPending: false }, [{ type: 'restartIce' }]);
    case 'restartFailed': {
      if (!hasMedia(state.connection)) return refuse(`No transports while ${state.connection}.`);
      if (event.code === 'NOT_FOUND') return ok(state, [{ type: 'rejoin' }]);
      if (state.connection === 'connected') return ok(state);
      const next = schedule(state);
      return ok(next.state, next.effects);
    }
    case 'rejoin':
      return ok({ ...state, connection: 'connecting', error: null, consumers: new Map(), feeds: new Map() });
    case 'consumerAdded': {
      const c = event.consumer;
      if (!hasMedia(state.connection)) return refuse(`Cannot receive while ${state.connection}.`);
      if (state.consumers.has(c.consumerId)) return refuse('That consumer is already set up.');
      const consumers = new Map(state.consumers);
      // A participant has one track per kind: a new consumer of a kind replaces the old one.
      for (const [id, other] of consumers) if (other.participantId === c.participantId && other.kind === c.kind) consumers.delete(id);
      consumers.set(c.consumerId, { ...c });
      const feeds = new Map(state.feeds);
      const feed = feedOf(consumers, feeds.get(c.participantId), c.participantId, c.role)!;
      if (c.kind === 'video') feed.videoPaused = event.producerPaused;
      else feed.audioPaused = event.producerPaused;
      feeds.set(c.participantId, feed);
      return ok({ ...state, consumers, feeds });
    }
    case 'consumerClosed': {
      const c = state.consumers.get(event.consumerId);
      if (!c) return refuse('No such consumer.');
      const consumers = new Map(state.consumers);
      consumers.delete(event.consumerId);
      const feeds = new Map(state.feeds);
      const feed = feedOf(consumers, feeds.get(c.participantId), c.participantId, c.role);
      if (feed) feeds.set(c.participantId, feed);
      else feeds.delete(c.participantId);
      return ok({ ...state, consumers, feeds });
    }
    case 'producerPaused': {
      const c = state.consumers.get(event.consumerId);
      const feed = c && state.feeds.get(c.participantId);
      if (!c || !feed) return refuse('No such consumer.');
      const feeds = new Map(state.feeds);
      feeds.set(c.participantId, c.kind === 'video' ? { ...feed, videoPaused: event.paused } : { ...feed, audioPaused: event.paused });
      return ok({ ...state, feeds });
    }
    case 'setPaused':
      return ok(event.source === 'mic' ? { ...state, muted: event.paused } : { ...state, cameraOff: event.paused });
    case 'close':
      return ok({ ...state, connection: 'closed', restartPending: false, consumers: new Map(), feeds: new Map() });
  }
}
