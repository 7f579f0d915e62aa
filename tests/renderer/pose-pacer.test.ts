/**
 * The live estimator's pacing (issue 17): as fast as the analyses allow, up
 * to the video's frame rate, never twice on one frame, never waiting on the
 * page's painting. A virtual clock plays a 30 fps video and analyses that
 * take a set time; no real timing is measured.
 */
import { describe, expect, it } from 'vitest';
import { startPacer, type PacerDeps, type PacerOptions } from '../../renderer/src/pose/pacer';

interface Sim {
  deps: PacerDeps;
  /** Frame numbers analysed, in order. */
  analysed: number[];
  run(untilMs: number): Promise<void>;
}

function simulate({ fps = 30, analysisMs, counter = 'moves' }: { fps?: number; analysisMs: number; counter?: 'moves' | 'stalled' | 'absent' }): Sim {
  let clock = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; cb: () => void }>();
  const analysed: number[] = [];
  const frameAt = (t: number) => Math.floor((t * fps) / 1000);
  const ready = true;
  const deps: PacerDeps = {
    frameCount: () => (counter === 'absent' ? null : counter === 'stalled' ? 7 : frameAt(clock)),
    ready: () => ready,
    analyse: () => {
      analysed.push(frameAt(clock));
      clock += analysisMs; // the model holds the main thread for this long
      return Promise.resolve();
    },
    now: () => clock,
    setTimer: (cb, ms) => {
      seq += 1;
      timers.set(seq, { at: clock + Math.max(0, ms), cb });
      return seq;
    },
    clearTimer: (h) => void timers.delete(h as number),
  };
  return {
    deps,
    analysed,
    async run(untilMs) {
      for (;;) {
        const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!next || next[1].at > untilMs) break;
        timers.delete(next[0]);
        clock = Math.max(clock, next[1].at);
        next[1].cb();
        // Let the pacer's awaits settle before the next timer.
        await new Promise((r) => setImmediate(r));
      }
      clock = Math.max(clock, untilMs);
    },
  };
}

/** A pacer on a fresh simulation, run for `untilMs` of video and stopped: the frames it analysed, and the pacer (its skipped count). */
async function paced(sim: Parameters<typeof simulate>[0], untilMs: number, options?: PacerOptions) {
  const s = simulate(sim);
  const pacer = startPacer(s.deps, options);
  await s.run(untilMs);
  pacer.stop();
  return { analysed: s.analysed, pacer };
}

describe('pose pacer', () => {
  it('analyses back to back when each analysis is slower than the video: about 1000/57 a second, not the page’s paint rate', async () => {
    const { analysed, pacer } = await paced({ analysisMs: 57 }, 10_000);
    const perSecond = analysed.length / 10;
    // 57 ms per analysis plus at most one 33 ms frame wait would still be above 11; back to back gives ~17.
    expect(perSecond).toBeGreaterThan(15);
    expect(perSecond).toBeLessThanOrEqual(1000 / 57 + 0.1);
    // Frames that came during an analysis are counted as skipped, none analysed twice.
    expect(new Set(analysed).size).toBe(analysed.length);
    expect(pacer.skipped).toBeGreaterThan(100);
  });

  it('never analyses faster than the video: a 10 ms model on a 30 fps video analyses each frame once', async () => {
    const { analysed } = await paced({ analysisMs: 10 }, 10_000);
    expect(new Set(analysed).size).toBe(analysed.length);
    expect(analysed.length).toBeGreaterThanOrEqual(290);
    expect(analysed.length).toBeLessThanOrEqual(301);
  });

  it('honours a lower cap', async () => {
    const { analysed } = await paced({ analysisMs: 10 }, 10_000, { maxFps: 15 });
    expect(analysed.length).toBeGreaterThanOrEqual(140);
    expect(analysed.length).toBeLessThanOrEqual(151);
  });

  it('keeps estimating when the frame counter stalls or is missing', async () => {
    const stalled = await paced({ analysisMs: 10, counter: 'stalled' }, 5_000);
    // One analysis per stall period (250 ms): the estimate stays live, at a low rate.
    expect(stalled.analysed.length).toBeGreaterThanOrEqual(18);
    expect(stalled.analysed.length).toBeLessThanOrEqual(21);

    const absent = await paced({ analysisMs: 10, counter: 'absent' }, 5_000);
    // Without a counter only the cap paces it.
    expect(absent.analysed.length).toBeGreaterThanOrEqual(145);
    expect(absent.analysed.length).toBeLessThanOrEqual(151);
  });

  it('analyses nothing while the video is not ready, and nothing after stop', async () => {
    const sim = simulate({ analysisMs: 20 });
    const ready = sim.deps.ready;
    let isReady = false;
    sim.deps.ready = () => isReady && ready();
    const pacer = startPacer(sim.deps);
    await sim.run(1_000);
    expect(sim.analysed).toEqual([]);
    isReady = true;
    await sim.run(2_000);
    const n = sim.analysed.length;
    expect(n).toBeGreaterThan(20);
    pacer.stop();
    await sim.run(4_000);
    expect(sim.analysed.length).toBe(n);
  });

  it('a failing analysis does not end the loop by itself', async () => {
    const sim = simulate({ analysisMs: 20 });
    const analyse = sim.deps.analyse;
    let calls = 0;
    sim.deps.analyse = () => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('boom')) : analyse();
    };
    const pacer = startPacer(sim.deps);
    await sim.run(1_000);
    pacer.stop();
    expect(calls).toBeGreaterThan(10);
  });
});
