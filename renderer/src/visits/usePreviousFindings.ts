/**
 * The same patient's earlier signed visits' findings (issue 16, item 7),
 * read once per visit: earlier visits are signed, so they do not change while
 * this one is open.
 */
import { useEffect, useState } from 'react';
import { client } from '../api/client';
import type { PreviousLoad } from './findings-text';
import { CONSOLE } from '../../../shared/words/console';

export function usePreviousFindings(visitId: string): PreviousLoad {
  const [load, setLoad] = useState<PreviousLoad>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    setLoad({ kind: 'loading' });
    client.getPreviousFindings({ visitId }).then(
      (data) => live && setLoad({ kind: 'ready', data }),
      (error: unknown) => live && setLoad({ kind: 'error', message: error instanceof Error ? error.message : CONSOLE.visits.earlier.loadFailed }),
    );
    return () => {
      live = false;
    };
  }, [visitId]);
  return load;
}
