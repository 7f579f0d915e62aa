import { createContext, useContext } from 'react';
import type { ClinicianView } from '../../../shared/domain/session';

/** What the screens behind the session gate need to know about the session. */
export interface SessionInfo {
  current: ClinicianView | null;
  locked: boolean;
  /** Rises on every unlock, so a screen kept mounted behind the lock can reload what it shows. */
  epoch: number;
}
export const SessionContext = createContext<SessionInfo>({ current: null, locked: false, epoch: 0 });
export const useSession = () => useContext(SessionContext);
