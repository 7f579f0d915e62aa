import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionStatus } from '../../../shared/domain/session';
import { client, onLocked } from '../api/client';
import { HomeScreen } from '../visits/HomeScreen';
import { VisitRoom } from '../visit-room/VisitRoom';
import { SetupScreen } from '../session/SetupScreen';
import { LockScreen } from '../session/LockScreen';
import { StorePassphraseScreen } from '../session/StorePassphraseScreen';
import { useIdleLock } from '../session/useIdleLock';
import { SessionContext } from '../session/context';
import { AboutDialog } from './AboutDialog';
import { AnnouncerProvider, useAnnounce } from './announce';
import { HOME_HREF, navigate, useRoute } from './router';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.app.shell;

/**
 * The shell: the session gate first (first-run setup, lock screen), then the
 * screens. Locking never unmounts the screens (that would drop a running
 * video call): they are hidden and made inert behind the opaque lock screen.
 */
export function App() {
  return (
    <AnnouncerProvider>
      <Shell />
    </AnnouncerProvider>
  );
}

function Shell() {
  const [aboutOpen, setAboutOpen] = useState(false);
  const [status, setStatus] = useState<SessionStatus | null>(null);
  const [gateError, setGateError] = useState('');
  /** True once the screens have been shown in this page: from then on they stay mounted. */
  const [mounted, setMounted] = useState(false);
  const [epoch, setEpoch] = useState(0);
  const route = useRoute();
  const announce = useAnnounce();

  const refresh = useCallback(async () => {
    try {
      setStatus(await client.getSessionStatus({}));
      setGateError('');
    } catch (e) {
      setGateError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onLocked(() => void refresh());
  }, [refresh]);

  const locked = status ? status.locked : true;
  const storePassphrase = status?.storePassphrase && status.storePassphrase !== 'none' ? status.storePassphrase : null;
  const ready = status !== null && !storePassphrase && !status.needsSetup && !status.locked;
  useEffect(() => {
    if (ready) setMounted(true);
  }, [ready]);

  const lock = useCallback(async () => {
    try {
      setStatus(await client.lockSession({}));
      announce(t.locked);
    } catch {
      await refresh();
    }
  }, [announce, refresh]);

  useIdleLock(ready, status?.idleLockMinutes ?? 10, () => void lock());

  const current = status?.current ?? null;
  const session = useMemo(() => ({ current, locked, epoch }), [current, locked, epoch]);
  const showScreens = mounted || ready;

  return (
    <SessionContext.Provider value={session}>
        <header className="app-header">
          <h1 className="app-title">
            <a href={HOME_HREF} className="app-home-link" aria-label={t.homeLabel}>
              {t.title}
            </a>
          </h1>
          <span className="badge badge-warning" title={t.contentStatus}>
            {t.notReviewed}
          </span>
          {ready && status?.current && (
            <>
              <span className="app-clinician" data-testid="signed-in-as">
                {status.current.displayName}
                {status.current.credentials ? `, ${status.current.credentials}` : ''}
              </span>
              <button type="button" className="button-quiet" onClick={() => void lock()}>
                {t.lock}
              </button>
            </>
          )}
          <button type="button" className="button-quiet" onClick={() => setAboutOpen(true)}>
            {t.about}
          </button>
        </header>
        {gateError && (
          <main className="gate-screen">
            <p role="alert" className="form-error">
              {gateError}
            </p>
          </main>
        )}
        {!gateError && storePassphrase && <StorePassphraseScreen mode={storePassphrase} onUnlocked={() => void refresh()} />}
        {!gateError && !storePassphrase && status?.needsSetup && (
          <SetupScreen
            onDone={(s, demo) => {
              setStatus(s);
              if (demo) navigate(`#/visit/${demo.visitId}`);
              else navigate(HOME_HREF);
            }}
          />
        )}
        {!gateError && status && !storePassphrase && !status.needsSetup && locked && (
          <LockScreen
            status={status}
            onUnlocked={(s) => {
              setStatus(s);
              setEpoch((n) => n + 1);
              announce(t.unlocked);
            }}
          />
        )}
        {showScreens && (
          <div className="app-screens" hidden={locked} inert={locked} data-testid="app-screens">
            {route.name === 'visit' ? <VisitRoom key={route.visitId} visitId={route.visitId} /> : <main className="app-main"><HomeScreen /></main>}
          </div>
        )}
        {aboutOpen && <AboutDialog onClose={() => setAboutOpen(false)} />}
    </SessionContext.Provider>
  );
}
