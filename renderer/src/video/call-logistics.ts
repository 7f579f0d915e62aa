/**
 * Call logistics for the clinician's stage (issue 16): the waiting-room chime
 * (WebAudio, no asset; a mute setting kept in this window's local storage),
 * elapsed-time formatting, and a ticking clock for the wait time and the
 * visit timer.
 */
import { useEffect, useState } from 'react';

const CHIME_MUTED = 'bptc.chimeMuted';

export function chimeMuted(): boolean {
  try {
    return localStorage.getItem(CHIME_MUTED) === '1';
  } catch {
    return false;
  }
}

export function setChimeMuted(muted: boolean): void {
  try {
    if (muted) localStorage.setItem(CHIME_MUTED, '1');
    else localStorage.removeItem(CHIME_MUTED);
  } catch {
    // Storage off: the setting lasts for this session only.
  }
}

let context: AudioContext | null = null;

/** Two soft notes (E5 then A5), a quarter second each: noticeable, not alarming. Returns false when muted or without audio. */
export function playChime(): boolean {
  if (chimeMuted()) return false;
  try {
    context ??= new AudioContext();
    const ctx = context;
    void ctx.resume();
    const start = ctx.currentTime + 0.02;
    [659.25, 880].forEach((freq, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const t = start + i * 0.22;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.35);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.4);
    });
    return true;
  } catch {
    return false;
  }
}

/** m:ss under an hour, h:mm:ss after; never negative. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** The current time, updated every `ms` while mounted. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
