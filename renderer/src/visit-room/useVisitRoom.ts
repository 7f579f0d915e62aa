import { useCallback, useEffect, useRef, useState } from 'react';
import type { VisitRoomState } from '../../../shared/domain/visit-room';
import { AppError, client } from '../api/client';
import { useSession } from '../session/context';
import { CONSOLE } from '../../../shared/words/console';

const t = CONSOLE.visitRoom;

export interface VisitRoom {
  state: VisitRoomState | null;
  loadError: string;
  /** Completed writes rendered so far (tests and the UI benchmark watch it). */
  savedSeq: number;
  /**
   * Run one write. Writes run one after another, in the order they were made
   * (a later finding never lands before an earlier one), and each answers
   * with the whole new state, which replaces the old.
   */
  write(fn: () => Promise<VisitRoomState>): Promise<{ ok: true } | { ok: false; error: AppError }>;
  reload(): Promise<void>;
}

export function useVisitRoom(visitId: string): VisitRoom {
  const [state, setState] = useState<VisitRoomState | null>(null);
  const [loadError, setLoadError] = useState('');
  const [savedSeq, setSavedSeq] = useState(0);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const opened = useRef(false);
  const { epoch, locked } = useSession();

  const load = useCallback(
    async (open: boolean) => {
      try {
        const s = open ? await client.openVisit({ visitId }) : await client.peekVisit({ visitId });
        setState(s);
        setLoadError('');
        opened.current = true;
      } catch (e) {
        if (!(e instanceof AppError && e.code === 'LOCKED')) setLoadError((e as Error).message);
      }
    },
    [visitId],
  );

  // Opening is audited once per mount; after an unlock the room only re-reads its state.
  useEffect(() => {
    if (locked) return;
    void load(!opened.current);
  }, [load, epoch, locked]);

  const write = useCallback<VisitRoom['write']>((fn) => {
    const run = queue.current.then(async () => {
      try {
        const next = await fn();
        setState(next);
        setSavedSeq((n) => n + 1);
        return { ok: true as const };
      } catch (e) {
        const error = e instanceof AppError ? e : new AppError('INTERNAL', t.writeFailed);
        return { ok: false as const, error };
      }
    });
    queue.current = run;
    return run;
  }, []);

  return { state, loadError, savedSeq, write, reload: () => load(false) };
}
