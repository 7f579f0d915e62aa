import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { VideoTestScreen, videoRouteVisitId } from './video/VideoTestScreen';
import './styles.css';

// Live video, standalone: `#/video/<visitId>` shows only the video stage
// until the visit room mounts <VideoStage /> itself.
const videoVisitId = videoRouteVisitId(window.location.hash);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(<StrictMode>{videoVisitId ? <VideoTestScreen visitId={videoVisitId} /> : <App />}</StrictMode>);
}
