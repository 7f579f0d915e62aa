/**
 * Ask the room to open one checklist step (issue 16: a red flag's row links
 * to the step that screens it). The checklist opens the step and the room
 * shows the checklist tab; neither owns the other's state.
 */
type Listener = (maneuverId: string) => void;
const listeners = new Set<Listener>();

export function requestStep(maneuverId: string): void {
  for (const l of listeners) l(maneuverId);
}

export function onRequestStep(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
