/**
 * The room's own keys (issue 16 item 8), beside the checklist's and the
 * red-flag panel's: W admits the waiting family, D opens the escalation
 * decision, ? opens the list of every key. Like every key in the room they
 * never act while the clinician types in a field, while a dialog is open or
 * while the console is locked, and never with Ctrl, Alt or Meta.
 */
import { useEffect, useRef } from 'react';
import { useSession } from '../session/context';

export const ADMIT_KEY = 'w';
export const DECISION_KEY = 'd';
export const HELP_KEY = '?';

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * W: the waiting room's Admit buttons (the video stage's list). One guest
 * waiting: admitted at once. Several: focus goes to the first Admit, so the
 * clinician picks (Enter admits, Tab moves on). Answers how many wait.
 */
export function admitWaiting(): number {
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('[data-testid="waiting-list"] button')).filter(
    (b) => !b.disabled && /^Admit\b/.test(b.textContent?.trim() ?? ''),
  );
  if (buttons.length === 1) buttons[0]!.click();
  else buttons[0]?.focus();
  return buttons.length;
}

export interface RoomKeyActions {
  admit(): void;
  decide(): void;
  help(): void;
}

export function useRoomKeys(enabled: boolean, actions: RoomKeyActions): void {
  const { locked } = useSession();
  const current = useRef(actions);
  current.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const listener = (e: KeyboardEvent) => {
      if (locked || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTyping(e.target) || document.querySelector('dialog[open]')) return;
      const key = e.key === HELP_KEY ? HELP_KEY : e.shiftKey ? '' : e.key.toLowerCase();
      if (key === ADMIT_KEY) current.current.admit();
      else if (key === DECISION_KEY) current.current.decide();
      else if (key === HELP_KEY) current.current.help();
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [enabled, locked]);
}
