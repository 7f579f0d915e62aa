/**
 * Which movement the clinician has open in the visit room's checklist, for
 * the video stage (issue 17): the stage can show that movement's card on the
 * family's screen without the checklist knowing about video. A tiny
 * in-page publish/subscribe, so neither component owns the other's state.
 */
type Listener = (maneuverId: string) => void;
const listeners = new Set<Listener>();
let current: string | null = null;

export function publishOpenMovement(maneuverId: string): void {
  if (maneuverId === current) return;
  current = maneuverId;
  for (const l of listeners) l(maneuverId);
}

export function openMovement(): string | null {
  return current;
}

export function onOpenMovement(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
