import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles.css';
import { subscribePose } from './pose/pose-bus';
import { connectPoseSource } from './pose/estimate-store';
import { POSE_MODEL_NAME } from '../../shared/pose/assets';

// The measured-movement readout (issue 17 item 3) listens to the live pose stream the framing check's estimator
// publishes (issue 17 item 2). Both stay in this window: nothing of either is sent over IPC or the network.
connectPoseSource(subscribePose, POSE_MODEL_NAME);

// `#/visit/<id>` is the visit room (with the video stage); the older `#/video/<id>` route opens it too (app/router.ts).
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
