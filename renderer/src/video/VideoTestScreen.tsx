/** A standalone page with only the video stage, reached at `#/video/<visitId>` until the visit room mounts it. */
import { VideoStage } from './VideoStage';

export function VideoTestScreen({ visitId }: { visitId: string }) {
  return (
    <main className="app-main">
      <h2>Video visit</h2>
      <VideoStage visitId={visitId} />
    </main>
  );
}

/** The visit id in `#/video/<id>`, or null. */
export function videoRouteVisitId(hash: string): string | null {
  const m = /^#\/video\/([0-9a-f-]{36})$/.exec(hash);
  return m ? m[1]! : null;
}
