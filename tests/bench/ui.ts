/**
 * npm run bench:ui — the visit room in Chromium against the real store:
 *
 * - keypress_to_saved: from a checklist key press (the keydown event's time)
 *   to the DOM commit of the saved, re-rendered state (the checklist's
 *   data-saved-seq rising, observed by a MutationObserver): IPC binding,
 *   zod on both sides, the SQLite write (WAL, synchronous=FULL), the rules
 *   re-evaluated, the whole state re-rendered.
 * - load_to_interactive: from navigation start to the room's checklist on
 *   screen with its keys bound (median of several loads; the first, cold,
 *   load is printed too). `room_load_ms` is the same median; its ratio is
 *   against the home screen's load (navigation to today's visit list on
 *   screen) in the same browser, measured alternately with the room's.
 * - keys_to_sign_no_flag_visit (./keys-to-sign.ts): a whole no-flag visit
 *   from the clinician's keyboard alone, through the real SFU with a family
 *   in a second browser context; aim at most 60.
 *
 * Prints human lines, then one JSON line last.
 */
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { startTestMain } from '../e2e/support/main-process';
import { bindConsole } from '../e2e/support/visit-room-harness';
import { bindConsoleOverSocket } from '../e2e/support/socket-ipc';
import type { TestMain } from '../e2e/support/main-process';
import type { Page } from 'playwright-core';
import { WARNING_SIGN_IDS } from '../../shared/clinical';
import { countStatements } from '../support/statement-counter';
import { measureKeysToSign } from './keys-to-sign';

const KEYS = Number(process.env.BENCH_KEYS ?? 150);
const LOADS = Number(process.env.BENCH_LOADS ?? 7);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const round = (x: number) => Math.round(x * 10) / 10;

// Browser-side code as strings: tsx would wrap named inner functions in a helper the page does not have.
const PROBE = `(() => {
  window.__lat = [];
  window.__interactiveAt = null;
  window.__homeAt = null;
  let t0 = null;
  let waiters = [];
  const wake = () => { waiters = waiters.filter((w) => !w()); };
  // Waits resolved from the observer, not by polling (and not by eval, which the console's CSP refuses).
  window.__until = (test) => new Promise((resolve) => { const w = () => (test() ? (resolve(), true) : false); if (!w()) waiters.push(w); });
  window.addEventListener('keydown', (e) => { t0 = e.timeStamp; }, { capture: true });
  const watch = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'data-saved-seq' && t0 !== null) {
        window.__lat.push(performance.now() - t0);
        t0 = null;
      }
    }
    if (window.__interactiveAt === null && document.querySelector('[data-testid="checklist"]')) window.__interactiveAt = performance.now();
    if (window.__homeAt === null && document.querySelector('[data-testid="visit-row"]')) window.__homeAt = performance.now();
    wake();
  });
  const start = () => watch.observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-saved-seq', 'data-maneuver'] });
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();`;

/**
 * `keys` checklist presses: 1 and 2 in turn (each changes the finding, so each is a real write), moving on every 10
 * (a normal finding by key that completes a movement also moves on: the next press lands on the next movement).
 * The examination's movements only: when the room reaches the history questions at the end of the checklist
 * (ids ending in "-history", where 1 and 2 mean other answers), `openVisit` loads the room of a fresh visit and the
 * presses go on there. Statements the store runs for each press are counted around the real store
 * (tests/support/statement-counter.ts). Returns each press's keydown-to-saved time and statement count.
 */
async function pressKeys(page: Page, tm: TestMain, keys: number, openVisit: () => Promise<void>) {
  const counter = countStatements(tm.db);
  const statements: number[] = [];
  const lat: number[] = [];
  let worst: { count: number; press: number; log: string[] } = { count: -1, press: -1, log: [] };
  // The room's own reads after a load or a move (history, gate, call check…) are not the press's: wait
  // until the store has been quiet for 300 ms before counting (a press is never counted with them).
  const settle = async () => {
    for (let last = -1; counter.count !== last; ) {
      last = counter.count;
      await page.waitForTimeout(300);
    }
  };
  const maneuver = () => page.getAttribute('[data-testid="checklist"]', 'data-maneuver');
  for (let i = 0; i < keys; i++) {
    if (i > 0 && i % 10 === 0) {
      const before = await maneuver();
      await page.keyboard.press('n');
      await page.evaluate(`window.__until(() => document.querySelector('[data-testid="checklist"]').dataset.maneuver !== ${JSON.stringify(before)})`);
    }
    const fresh = (await maneuver())?.endsWith('-history') ?? false;
    if (fresh) await openVisit();
    if (fresh || i % 10 === 0) await settle();
    const seen = (await page.evaluate('window.__lat.length')) as number;
    counter.reset();
    await page.keyboard.press(i % 2 === 0 ? '1' : '2');
    await page.evaluate(`window.__until(() => window.__lat.length > ${seen})`);
    lat.push((await page.evaluate(`window.__lat[${seen}]`)) as number);
    statements.push(counter.count);
    if (counter.count > worst.count) worst = { count: counter.count, press: i, log: [...counter.log] };
  }
  // The costliest press's statements, to find where they come from.
  if (process.env.BENCH_DEBUG) console.log(`costliest press #${worst.press}:\n${worst.log.join('\n')}`);
  counter.restore();
  if (process.env.BENCH_DEBUG) console.log(lat.map((x, i) => `${i}:${Math.round(x)}`).filter((_, i) => lat[i]! > 40).join(' '));
  return { lat, statements };
}

/** A scheduled visit whose family said no to every warning sign, ready for the room. */
async function benchVisit(tm: TestMain, patientId: string): Promise<string> {
  const visit = await tm.services.visits.schedule({ patientId, scheduledStart: new Date(Date.now() + 300_000).toISOString(), durationMinutes: 30 });
  await tm.services.intakes.save(
    visit.id,
    JSON.stringify({ onsetDate: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10), warningSigns: Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no'])) }),
    'en',
    'family',
  );
  return visit.id;
}

/** Load the room of a fresh visit in `page` and wait until its checklist takes keys. */
async function openFreshVisit(page: Page, tm: TestMain, patientId: string): Promise<void> {
  const id = await benchVisit(tm, patientId);
  await page.goto(`${tm.origin}/index.html#/visit/${id}`);
  await page.reload();
  await page.evaluate('window.__until(() => window.__interactiveAt !== null)');
}

async function main() {
  // Without the built console the room never appears and every wait below would wait for ever.
  if (!existsSync('out/renderer/index.html')) throw new Error('out/renderer/index.html is missing: run `npm run build` first.');
  const tm = await startTestMain();
  const patient = await tm.services.patients.create({
    childName: 'Bench Child',
    dateOfBirth: '2014-04-12',
    sex: 'female',
    weightKg: 38,
    guardianName: 'Bench Parent',
    guardianPhone: '+1 555 010 2000',
  });
  const visit = { id: await benchVisit(tm, patient.id) };

  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const unbind = await bindConsoleOverSocket(page, tm);
    await page.addInitScript({ content: PROBE });
    const url = `${tm.origin}/index.html#/visit/${visit.id}`;

    const loads: number[] = [];
    const homeLoads: number[] = [];
    // A hash change is not a load: set the hash, then reload the document.
    const loadAt = async (hash: string) => {
      await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
      await page.reload();
    };
    for (let i = 0; i < LOADS; i++) {
      if (i === 0) await page.goto(url);
      else await loadAt(`#/visit/${visit.id}`);
      await page.evaluate('window.__until(() => window.__interactiveAt !== null)');
      loads.push((await page.evaluate('window.__interactiveAt')) as number);
      // The baseline, alternated with the room so both see the same machine load.
      await loadAt('#/');
      await page.evaluate('window.__until(() => window.__homeAt !== null)');
      homeLoads.push((await page.evaluate('window.__homeAt')) as number);
    }
    await loadAt(`#/visit/${visit.id}`);
    await page.evaluate('window.__until(() => window.__interactiveAt !== null)');

    const socket = await pressKeys(page, tm, KEYS, () => openFreshVisit(page, tm, patient.id));
    // The same presses through Playwright's binding (DevTools protocol), for comparison: the harness's own cost per call.
    const bindingContext = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const bindingPage = await bindingContext.newPage();
    bindingPage.on('pageerror', (e) => errors.push(e.message));
    await bindConsole(bindingPage, tm);
    await bindingPage.addInitScript({ content: PROBE });
    await bindingPage.goto(url);
    await bindingPage.evaluate('window.__until(() => window.__interactiveAt !== null)');
    const binding = await pressKeys(bindingPage, tm, Math.ceil(KEYS / 2), () => openFreshVisit(bindingPage, tm, patient.id));
    await bindingContext.close();
    const { lat, statements } = socket;
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

    const p50 = round(quantile(lat, 0.5));
    const p99 = round(quantile(lat, 0.99));
    const bindingP50 = round(quantile(binding.lat, 0.5));
    const bindingP99 = round(quantile(binding.lat, 0.99));
    const load = round(quantile(loads.slice(1), 0.5));
    const homeLoad = round(quantile(homeLoads.slice(1), 0.5));
    const loadRatio = Math.round((load / homeLoad) * 100) / 100;
    // The whole visit from the keyboard, in its own browser contexts (live video).
    // A failure here is printed and shows as null in the JSON line, not hidden and not fatal to the other numbers.
    const sign = await measureKeysToSign(browser).catch((e: unknown) => {
      console.error(`keys to sign: not measured: ${(e as Error).message}`);
      return { keys: null, byStep: {}, movements: 0, error: (e as Error).message.slice(0, 200) };
    });
    console.log(`key presses measured: ${lat.length}, each a saved write (the checklist's saved sequence rose)`);
    console.log(`keypress -> saved, re-rendered state: p50 ${p50} ms, p99 ${p99} ms, max ${round(Math.max(...lat))} ms (aim: p99 <= 25; IPC over a loopback socket)`);
    console.log(`the same through Playwright's binding (DevTools protocol, not the app's path): p50 ${bindingP50} ms, p99 ${bindingP99} ms over ${binding.lat.length} presses`);
    const stmtMedian = quantile(statements, 0.5);
    const stmtMax = Math.max(...statements);
    console.log(`statements per key press (store, counted): median ${stmtMedian}, max ${stmtMax} (aim: <= 15)`);
    console.log(`load -> interactive room: median ${load} ms over ${loads.length - 1} reloads; first (cold) load ${round(loads[0]!)} ms (aim: < 500)`);
    console.log(`load -> home visit list: median ${homeLoad} ms; room / home ${loadRatio}`);
    console.log(`keys to sign a no-flag visit (admit, ${sign.movements} movements, flags, decision, sign): ${sign.keys} (aim: <= 60); by step ${JSON.stringify(sign.byStep)}`);
    console.log(
      JSON.stringify({
        keypress_to_saved_p50_ms: p50,
        keypress_to_saved_p99_ms: p99,
        load_to_interactive_ms: load,
        keypress_samples: lat.length,
        keypress_max_ms: round(Math.max(...lat)),
        keypress_ipc: 'loopback-websocket',
        keypress_via_playwright_binding_p50_ms: bindingP50,
        keypress_via_playwright_binding_p99_ms: bindingP99,
        load_cold_ms: round(loads[0]!),
        load_samples: loads.length - 1,
        statements_per_keypress: stmtMedian,
        statements_per_keypress_max: stmtMax,
        room_load_ms: load,
        home_load_ms: homeLoad,
        room_load_ratio_vs_home: loadRatio,
        keys_to_sign_no_flag_visit: sign.keys,
        keys_to_sign_by_step: sign.byStep,
        ...('error' in sign ? { keys_to_sign_error: sign.error } : {}),
      }),
    );
    await context.close();
    unbind();
  } finally {
    await browser.close();
    await tm.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
