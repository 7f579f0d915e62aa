import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

/** Screen-reader announcements of state changes ("Patient added", "Saved"). */
export const AnnouncerContext = createContext<(text: string) => void>(() => {});
export const useAnnounce = () => useContext(AnnouncerContext);

export function Announcer({ message }: { message: string }) {
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="announcer">
      {message}
    </div>
  );
}

/**
 * Holds the announcement itself, so announcing re-renders only the live
 * region, never the screens passed in as children (the room announces
 * "Saved" after every checklist entry).
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => {
    // Clear first so the same message twice is still announced.
    setMessage('');
    queueMicrotask(() => setMessage(text));
  }, []);
  return (
    <AnnouncerContext.Provider value={announce}>
      {children}
      <Announcer message={message} />
    </AnnouncerContext.Provider>
  );
}
