/**
 * npm run bench:pose — the console's on-device pose estimation (MediaPipe
 * Pose, lite model, CPU inference), loaded from the built renderer with
 * every non-local request blocked:
 * - ms per frame (p50, p95) on photographs of real people (Debian's
 *   opencv-doc: messi5.jpg, basketball1.png), and whether each person is
 *   found with anatomically ordered landmarks;
 * - on live video through the real SFU (the family's fake camera plays the
 *   walking pedestrians of vtest.avi, cropped and upscaled), the console's
 *   own framing check on a movement card: frames it analysed per second
 *   (its data-analysed counter) and the call's own decoded frame rate with
 *   the check on against off (its button), alternating windows in this one
 *   process (the ratio is the comparison; no absolute timing is asserted).
 *   ms_per_frame_* are from the photographs; live_ms_per_frame_p50 is the
 *   check's own median on the live video.
 * Needs `npm run build` first. Prints human lines, then one JSON line last.
 */
import { chromium, type Page } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { framesDecoded, openClinician, startVideoMain, throughLobby } from '../e2e/support/video-main';
import { anatomicalProblems, blockNonLocal, imageDataUrl, injectPoseHarness, keyLandmarkShift, PEOPLE_IMAGES, walkersY4m } from '../e2e/support/pose';
import { POSE_MODEL_NAME } from '../../shared/pose/assets';

const REPEAT = Number(process.env.BENCH_POSE_REPEAT ?? 25);
const WINDOW_MS = Number(process.env.BENCH_POSE_WINDOW_SECONDS ?? 8) * 1000;
const WINDOWS = Number(process.env.BENCH_POSE_WINDOWS ?? 2);
/** The movement card shown during the live windows: walking, as the recorded pedestrians do. */
const LIVE_CARD = 'gait';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Decoded frames per second of the family's video at the clinician over one window. */
async function callFps(c: Page, ms: number): Promise<number> {
  const f0 = await framesDecoded(c);
  const t0 = performance.now();
  await sleep(ms);
  return ((await framesDecoded(c)) - f0) / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  if (!existsSync(join('out', 'renderer', 'mediapipe', 'pose.js'))) throw new Error('run `npm run build` first');
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const dir = mkdtempSync(join(tmpdir(), 'bptc-bench-pose-'));
  const video = walkersY4m(dir);
  const browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  // The family's phone is another device: its own browser, whose fake camera plays the recording.
  const famBrowser = await chromium.launch({
    headless: true,
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${video}`],
    ...(executablePath ? { executablePath } : {}),
  });
  const vm = await startVideoMain();
  const errors: string[] = [];
  const result: Record<string, unknown> = { model: POSE_MODEL_NAME };
  try {
    const visitId = await vm.newVisit();
    const { page: c, context } = await openClinician(browser, vm, visitId, errors);
    // Actions wait for the page to paint; on a loaded 2-core machine a busy console paints slowly.
    c.setDefaultTimeout(120_000);
    const blocked = await blockNonLocal(context);
    await c.waitForLoadState('load');
    await injectPoseHarness(c);
    const loaded = await c.evaluate(() => window.__poseHarness.load());
    console.log(`model ${loaded.model} loaded in ${round(loaded.loadMs)} ms`);

    // Still photographs of real people.
    const ms: number[] = [];
    const fullMs: number[] = [];
    let found = 0;
    let passed = 0;
    let shift = 0;
    for (const name of PEOPLE_IMAGES) {
      // The picture at its own size, as before the console scaled it (the comparison; not what ships).
      const full = await c.evaluate(([src, n]) => window.__poseHarness.estimateImage(src, n, Infinity), [imageDataUrl(name), REPEAT] as const);
      fullMs.push(...full.ms.slice(1));
      const r = await c.evaluate(([src, n]) => window.__poseHarness.estimateImage(src, n), [imageDataUrl(name), REPEAT] as const);
      shift = Math.max(shift, keyLandmarkShift(full.landmarks, r.landmarks));
      ms.push(...r.ms.slice(1)); // the first run of an image includes detection from scratch; kept out of the steady state
      const problems = anatomicalProblems(r.landmarks);
      if (r.landmarks) found += 1;
      if (problems.length === 0) passed += 1;
      console.log(`${name} (${r.width}×${r.height}): ${r.landmarks ? 'person found' : 'nobody found'}; ${problems.length ? problems.join('; ') : 'landmarks in anatomical order'}; p50 ${round(quantile(r.ms, 0.5))} ms scaled to 256 px, ${round(quantile(full.ms, 0.5))} ms at full size; key landmarks moved by at most ${round(keyLandmarkShift(full.landmarks, r.landmarks), 3)} of the picture`);
    }

    // Live video through the SFU.
    await c.getByRole('button', { name: 'Create link' }).click();
    const url = await c.getByTestId('join-link-family').inputValue();
    const f = await (await famBrowser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await f.goto(url);
    await throughLobby(f);
    await c.getByRole('button', { name: /^Admit / }).click();
    await c.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      return !!v && v.readyState >= 2 && v.videoWidth > 0;
    });
    await sleep(3000); // let the bandwidth estimate settle
    // The console's own framing check (what ships: its estimator, its React updates) on a movement card.
    const framing = c.getByTestId('framing-status');
    await c.getByTestId('movement-select').selectOption(LIVE_CARD);
    await c.getByRole('button', { name: 'Show to family' }).click();
    await c.waitForFunction(() => Number(document.querySelector('[data-testid="framing-status"]')?.getAttribute('data-analysed') ?? 0) > 0, undefined, { timeout: 120_000 });
    const analysedCount = async () => Number((await framing.getAttribute('data-analysed')) ?? 0);
    const toggle = (to: 'on' | 'off') => c.getByRole('button', { name: `Turn framing check ${to}` }).click();
    const off: number[] = [];
    const on: number[] = [];
    const analysed: number[] = [];
    const liveMs: number[] = [];
    let samples = 0;
    let withPerson = 0;
    for (let w = 0; w < WINDOWS; w += 1) {
      await toggle('off');
      await sleep(500);
      off.push(await callFps(c, WINDOW_MS));
      await toggle('on');
      await sleep(1000); // past the source-change reset
      const a0 = await analysedCount();
      const t0 = performance.now();
      const f0 = await framesDecoded(c);
      // Sample whether the analysed frame had a person, twice a second, while the window runs.
      while (performance.now() - t0 < WINDOW_MS) {
        await sleep(500);
        const status = await framing.getAttribute('data-frame-status');
        samples += 1;
        if (status && status !== 'no-person') withPerson += 1;
      }
      const seconds = (performance.now() - t0) / 1000;
      const fps = ((await framesDecoded(c)) - f0) / seconds;
      const done = (await analysedCount()) - a0;
      on.push(fps);
      analysed.push(done / seconds);
      const median = Number((await framing.getAttribute('data-analysis-ms')) || NaN);
      if (Number.isFinite(median)) liveMs.push(median);
      console.log(`window ${w + 1}: call ${round(off[w]!)} fps without inference, ${round(fps)} fps with; ${round(done / seconds)} frames analysed per second (median ${median} ms each)`);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    if (blocked.length) throw new Error(`requests to outside the machine: ${blocked.join(', ')}`);
    Object.assign(result, {
      ms_per_frame_p50: round(quantile(ms, 0.5)),
      ms_per_frame_p95: round(quantile(ms, 0.95)),
      ms_per_frame_p50_full_size: round(quantile(fullMs, 0.5)),
      key_landmark_shift_scaled_vs_full: round(shift, 3),
      live_ms_per_frame_p50: liveMs.length ? round(quantile(liveMs, 0.5)) : null,
      // In-process, so the machine's load divides out: the live analysis against the photographs' (1 = no extra cost live).
      live_to_photo_ms_ratio: liveMs.length ? round(quantile(liveMs, 0.5) / quantile(ms, 0.5), 2) : null,
      fps_on_live_video: round(mean(analysed)),
      live_frames_with_person: round(samples ? withPerson / samples : 0, 2),
      people_found: found,
      landmark_checks_passed: passed,
      images: PEOPLE_IMAGES.length,
      call_fps_without_inference: round(mean(off)),
      call_fps_with_inference: round(mean(on)),
      call_fps_ratio: round(mean(on) / mean(off), 2),
      received: await c.getByTestId('received-video').textContent().catch(() => null),
    });
  } finally {
    await vm.close();
    await famBrowser.close();
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (errors.length) console.log(`page errors: ${errors.length} (first: ${errors[0]})`);
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
