import { useEffect, useState } from 'react';
import type { AboutInfo } from '../../../shared/ipc/contract';
import { client } from '../api/client';
import { Dialog } from './Dialog';

export function AboutDialog({ onClose }: { onClose: () => void }) {
  const [info, setInfo] = useState<AboutInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.getAbout({}).then(setInfo, (e: Error) => setError(e.message));
  }, []);
  return (
    <Dialog title="About" onClose={onClose} labelId="about-title">
      {error && <p role="alert">{error}</p>}
      {info && (
        <dl className="about-list">
          <dt>Application</dt>
          <dd>
            {info.appName} {info.appVersion}
          </dd>
          <dt>Clinical content version</dt>
          <dd>{info.contentVersion ?? 'not loaded'}</dd>
          <dt>Clinical review</dt>
          <dd data-testid="clinical-review">{info.clinicalReviewStatement}</dd>
        </dl>
      )}
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </Dialog>
  );
}
