/**
 * The room's two layouts (issue 16): "focus" (the child's video large and
 * sticky on the left, the checklist strip and the red-flag panel beside it)
 * and "split" (video, working pane and panel side by side, as before).
 * `V` switches; the choice is kept per clinician in localStorage (a display
 * preference only, no patient data).
 */
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../session/context';

export type RoomLayout = 'focus' | 'split';
export const LAYOUT_KEY = 'v';
const storageKey = (clinicianId: string | undefined) => `room-layout:${clinicianId ?? 'anyone'}`;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function readLayout(clinicianId: string | undefined): RoomLayout {
  try {
    return window.localStorage.getItem(storageKey(clinicianId)) === 'split' ? 'split' : 'focus';
  } catch {
    return 'focus';
  }
}

export function useRoomLayout(onChange?: (layout: RoomLayout) => void): [RoomLayout, () => void] {
  const session = useSession();
  const clinicianId = session.current?.id;
  const [layout, setLayout] = useState<RoomLayout>(() => readLayout(clinicianId));
  useEffect(() => setLayout(readLayout(clinicianId)), [clinicianId]);

  const toggle = useRef<() => void>(() => {});
  toggle.current = () => {
    const next: RoomLayout = layout === 'focus' ? 'split' : 'focus';
    setLayout(next);
    try {
      window.localStorage.setItem(storageKey(clinicianId), next);
    } catch {
      // A preference that cannot be kept is still applied for this room.
    }
    onChange?.(next);
  };

  const locked = session.locked;
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      if (locked || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      if (e.key.toLowerCase() !== LAYOUT_KEY || isTyping(e.target) || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      toggle.current();
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [locked]);
  return [layout, () => toggle.current()];
}
