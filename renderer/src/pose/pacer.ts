/**
 * When to analyse the next frame of a live video (issue 17's pacing).
 *
 * The first estimator waited for `requestVideoFrameCallback` before each
 * analysis. That callback fires in the page's rendering step, and a busy
 * console (a software-composited call, React updates, the analysis itself:
 * a 35–60 ms long task) renders a few times a second, so on a quiet 2-core
 * machine it analysed about 6 frames a second with none skipped: the
 * estimator waited on the page's painting, not on the CPU.
 *
 * This pacer does not wait for painting. After each analysis it yields one
 * task (so input, network and React work run between two analyses) and
 * starts the next one as soon as the video has a frame it has not analysed
 * (the video's own decoded-frame counter, which advances off the main
 * thread), so it runs as fast as the CPU allows up to the video's frame
 * rate, never twice on the same frame, and never two analyses at once. If
 * the counter stalls (a browser that does not advance it), a frame is
 * analysed anyway after `stallMs`, so estimation never stops.
 */
export interface PacerDeps {
  /** The video's count of frames so far (`getVideoPlaybackQuality().totalVideoFrames`), or null when unknown. */
  frameCount(): number | null;
  /** The video has a frame to analyse (has data, has a size, is playing). */
  ready(): boolean;
  /** Analyse the current frame; the pacer waits for it before the next one. */
  analyse(): Promise<void>;
  now(): number;
  setTimer(cb: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface PacerOptions {
  /** At most this many analyses per second (default 30: the video's usual rate). */
  maxFps?: number;
  /** How often to look for a new frame while waiting for one (default 5 ms). */
  pollMs?: number;
  /** Analyse anyway when the frame counter has not moved for this long (default 250 ms). */
  stallMs?: number;
}

export interface Pacer {
  /** Video frames that came and went without being analysed. */
  readonly skipped: number;
  stop(): void;
}

export function startPacer(deps: PacerDeps, options: PacerOptions = {}): Pacer {
  const minGapMs = 1000 / (options.maxFps ?? 30);
  const pollMs = options.pollMs ?? 5;
  const stallMs = options.stallMs ?? 250;
  let stopped = false;
  let timer: unknown = null;
  let skipped = 0;
  /** The frame counter when the last analysis started (null: none yet). */
  let lastFrame: number | null = null;
  let lastStart = -Infinity;

  const wait = (ms: number) => {
    timer = deps.setTimer(() => {
      timer = null;
      void step();
    }, ms);
  };

  async function step(): Promise<void> {
    if (stopped) return;
    if (!deps.ready()) return wait(Math.max(pollMs, 20));
    const now = deps.now();
    const sinceStart = now - lastStart;
    if (sinceStart < minGapMs) return wait(Math.max(1, Math.ceil(minGapMs - sinceStart)));
    const frame = deps.frameCount();
    const fresh = frame === null || lastFrame === null || frame !== lastFrame;
    if (!fresh && sinceStart < stallMs) return wait(pollMs);
    if (frame !== null && lastFrame !== null && frame > lastFrame + 1) skipped += frame - lastFrame - 1;
    lastFrame = frame;
    lastStart = now;
    try {
      await deps.analyse();
    } catch {
      // The estimator reports its own errors and stops the pacer; a stray rejection must not end the loop silently.
    }
    // One task's pause: whatever queued behind the analysis runs before the next one.
    if (!stopped) wait(0);
  }

  wait(0);
  return {
    get skipped() {
      return skipped;
    },
    stop() {
      stopped = true;
      if (timer !== null) deps.clearTimer(timer);
      timer = null;
    },
  };
}
