import { createContext, useContext } from 'react';

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
