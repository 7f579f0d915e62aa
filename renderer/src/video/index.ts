export { VideoStage } from './VideoStage';
export { useVideoCall, type VideoCall } from './useVideoCall';
export { MediaSession, type MediaSignaling, type MediaSnapshot } from './media-session';
