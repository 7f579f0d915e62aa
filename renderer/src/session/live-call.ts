/**
 * Which calls are live in this window (issue 16): a call is live while a
 * guest is admitted to it. The idle lock waits while any call is live (a
 * clinician watching a child walk touches nothing for minutes) and locks as
 * soon as the last live call ends if the idle time has passed by then.
 */
const live = new Set<string>();
const listeners = new Set<() => void>();

export function setCallLive(visitId: string, isLive: boolean): void {
  const was = live.has(visitId);
  if (was === isLive) return;
  if (isLive) live.add(visitId);
  else live.delete(visitId);
  for (const l of [...listeners]) l();
}

export function callIsLive(): boolean {
  return live.size > 0;
}

export function onCallLiveChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
