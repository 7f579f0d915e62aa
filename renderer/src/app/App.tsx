import { useCallback, useState } from 'react';
import { HomeScreen } from '../visits/HomeScreen';
import { AboutDialog } from './AboutDialog';
import { Announcer, AnnouncerContext } from './announce';

export function App() {
  const [aboutOpen, setAboutOpen] = useState(false);
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => {
    // Clear first so the same message twice is still announced.
    setMessage('');
    queueMicrotask(() => setMessage(text));
  }, []);

  return (
    <AnnouncerContext.Provider value={announce}>
      <header className="app-header">
        <h1 className="app-title">Back Pain Telehealth Console</h1>
        <span className="badge badge-warning" title="Clinical content status">
          Clinical content not yet clinically reviewed
        </span>
        <button type="button" className="button-quiet" onClick={() => setAboutOpen(true)}>
          About
        </button>
      </header>
      <main className="app-main">
        <HomeScreen />
      </main>
      {aboutOpen && <AboutDialog onClose={() => setAboutOpen(false)} />}
      <Announcer message={message} />
    </AnnouncerContext.Provider>
  );
}
