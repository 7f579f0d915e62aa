import { useEffect, useState } from 'react';
import type { AboutInfo } from '../../../shared/ipc/contract';
import { client } from '../api/client';
import { Dialog } from './Dialog';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.app.about;

export function AboutDialog({ onClose }: { onClose: () => void }) {
  const [info, setInfo] = useState<AboutInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.getAbout({}).then(setInfo, (e: Error) => setError(e.message));
  }, []);
  return (
    <Dialog title={t.title} onClose={onClose} labelId="about-title">
      {error && <p role="alert">{error}</p>}
      {info && (
        <dl className="about-list">
          <dt>{t.application}</dt>
          <dd>
            {info.appName} {info.appVersion}
          </dd>
          <dt>{t.contentVersion}</dt>
          <dd>{info.contentVersion ?? t.notLoaded}</dd>
          <dt>{t.review}</dt>
          <dd data-testid="clinical-review">{info.clinicalReviewStatement}</dd>
        </dl>
      )}
      <button type="button" onClick={onClose} autoFocus>
        {CONSOLE.common.close}
      </button>
    </Dialog>
  );
}
