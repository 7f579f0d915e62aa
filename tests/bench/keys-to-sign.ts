/**
 * keys_to_sign_no_flag_visit (issue 16 item 8): a whole no-flag visit from
 * the clinician's keyboard alone, in Chromium against the real app build,
 * the real SFU, signaling, services and SQLite: admit the waiting family,
 * every movement, the red flags, the decision, sign. Every key press the
 * clinician makes is counted, Tab and Shift+Tab included; the mouse is never
 * used on the clinician's page once counting starts.
 *
 * Not counted: sending the link before the visit (a click on "Create link")
 * and the family's own page (their phone, their taps).
 *
 * Keys: only those the room shows (docs/visit-room.md, "Keys ?"): W admit,
 * digits and a field's letter then a digit (read from the legend), N, F and
 * A on the flag rows, D and Enter for the decision.
 *
 * Moving focus: a clinician who knows the console tabs the shorter way to
 * the control they want; `tabTo` does the same (forward or back, by the
 * page's own tab order) and checks focus landed there after every press.
 */
import type { Browser, Page } from 'playwright-core';
import { WARNING_SIGN_IDS } from '../../shared/clinical';
import { openClinician, openFamily, startVideoMain } from '../e2e/support/video-main';

export interface KeysToSign {
  keys: number;
  /** Presses by step, in order. */
  byStep: Record<string, number>;
  movements: number;
}

const TARGET = 'data-bench-target';

/** Mark the element `find` returns (browser-side source of a function body) as the next focus target. */
async function mark(page: Page, findBody: string): Promise<boolean> {
  return (await page.evaluate(`(() => {
    document.querySelectorAll('[${TARGET}]').forEach((e) => e.removeAttribute('${TARGET}'));
    const el = (() => { ${findBody} })();
    if (!el) return false;
    el.setAttribute('${TARGET}', '');
    return true;
  })()`)) as boolean;
}

/** Tab presses from the focused element to the target: positive forward, negative back (Shift+Tab). */
async function tabDistance(page: Page): Promise<number | null> {
  return (await page.evaluate(`(() => {
    const visible = (e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return (r.width > 0 || r.height > 0) && s.visibility !== 'hidden' && !e.closest('[hidden],[inert]'); };
    const sel = 'a[href],button:not([disabled]),input:not([disabled]):not([type=hidden]),select:not([disabled]),textarea:not([disabled]),summary,[tabindex]:not([tabindex="-1"])';
    const dialog = document.querySelector('dialog[open]');
    let all = Array.from((dialog ?? document).querySelectorAll(sel)).filter((e) => e.tabIndex >= 0 && visible(e));
    // Radio groups take one stop: the checked one, or the first of the group.
    const seen = new Set();
    all = all.filter((e) => {
      if (!(e instanceof HTMLInputElement) || e.type !== 'radio' || !e.name) return true;
      if (seen.has(e.name)) return false;
      const group = all.filter((x) => x instanceof HTMLInputElement && x.type === 'radio' && x.name === e.name);
      const stop = group.find((x) => x.checked) ?? group[0];
      if (stop === e) { seen.add(e.name); return true; }
      return false;
    });
    const target = document.querySelector('[${TARGET}]');
    if (!target) return null;
    const to = all.indexOf(target);
    if (to < 0) return null;
    const from = all.indexOf(document.activeElement);
    if (from < 0) return to + 1;
    const fwd = (to - from + all.length) % all.length;
    const back = (from - to + all.length) % all.length;
    return fwd <= back ? fwd : -back;
  })()`)) as number | null;
}

/** Poll a browser-side expression (the console's CSP refuses the eval behind Playwright's function waits; page.evaluate of a string is fine). */
async function until(page: Page, expression: string, timeoutMs = 15_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await page.evaluate(expression)) return true;
    await new Promise((r) => setTimeout(r, 40));
  }
  return false;
}

export async function measureKeysToSign(browser: Browser): Promise<KeysToSign> {
  const vm = await startVideoMain();
  const errors: string[] = [];
  const byStep: Record<string, number> = {};
  let step = 'admit';
  let keys = 0;
  try {
    const visitId = await vm.newVisit();
    // The family answered the questions before the visit: every warning sign "no".
    await vm.main.services.intakes.save(
      visitId,
      JSON.stringify({ onsetDate: new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10), warningSigns: Object.fromEntries(WARNING_SIGN_IDS.map((id) => [id, 'no'])) }),
      'en',
      'family',
    );
    const { page: c } = await openClinician(browser, vm, visitId, errors);
    await c.getByRole('button', { name: 'Create link' }).click();
    const url = await c.getByTestId('join-link-family').inputValue();
    const { page: f } = await openFamily(browser, url, errors);
    await f.getByRole('button', { name: 'Camera and sound work' }).click({ timeout: 30_000 });
    await f.getByLabel('I agree to have this visit by video.').check();
    await f.getByRole('button', { name: 'Continue' }).click();
    const send = f.getByRole('button', { name: 'Send answers' });
    await f.getByTestId('waiting-room').or(send).first().waitFor();
    if (await send.isVisible()) await send.click();
    await f.getByTestId('waiting-room').waitFor();
    await c.getByRole('button', { name: /^Admit / }).waitFor();
    // Counting starts with the clinician's focus wherever the page left it.
    await c.evaluate('document.activeElement && document.activeElement.blur && document.activeElement.blur()');

    const press = async (key: string) => {
      if (process.env.BENCH_DEBUG) console.error(`[keys-to-sign] ${step} #${keys + 1} ${key}`);
      keys += 1;
      byStep[step] = (byStep[step] ?? 0) + 1;
      await c.keyboard.press(key);
    };
    const tabTo = async (findBody: string, what: string) => {
      if (!(await mark(c, findBody))) throw new Error(`keys-to-sign: no ${what} on the page`);
      for (let guard = 0; guard < 400; guard++) {
        const d = await tabDistance(c);
        if (d === null) throw new Error(`keys-to-sign: ${what} is not reachable by Tab`);
        if (d === 0) return;
        await press(d > 0 ? 'Tab' : 'Shift+Tab');
      }
      throw new Error(`keys-to-sign: could not reach ${what}`);
    };
    const button = (text: string) => `return Array.from(document.querySelectorAll('button')).find((b) => b.textContent.trim().startsWith(${JSON.stringify(text)}) && !b.disabled);`;

    const focusIn = (selector: string) => until(c, `!!document.activeElement && !!document.activeElement.closest(${JSON.stringify(selector)})`, 5_000);
    const stored = async (maneuver: string) => {
      const end = Date.now() + 15_000;
      while (Date.now() < end) {
        if ((await vm.main.services.visitRoom.state(visitId)).observations[maneuver]) return true;
        await new Promise((r) => setTimeout(r, 40));
      }
      return false;
    };

    // 1. Admit the family: W (the room's key; "Keys ?" lists it).
    await press('w');
    await c.getByTestId('remote-video').first().waitFor({ timeout: 30_000 });

    // 2. Every movement: the main finding by its digit; any other finding by the letter its legend shows, then
    //    its digit; a choice by key that leaves every finding chosen and normal moves on, otherwise N.
    step = 'movements';
    const checklist = c.getByTestId('checklist');
    const total = Number(await c.evaluate(`document.querySelectorAll('details.maneuver-list li').length`)) || 0;
    const seen = new Set<string>();
    const here = async () => (await checklist.getAttribute('data-maneuver')) ?? '';
    for (let i = 0; i < 60; i++) {
      const maneuver = await here();
      if (seen.has(maneuver)) break;
      seen.add(maneuver);
      const moved = `document.querySelector('[data-testid="checklist"]').dataset.maneuver !== ${JSON.stringify(maneuver)}`;
      const before = await checklist.getAttribute('data-saved-seq');
      await press('1');
      await until(c, `${moved} || document.querySelector('[data-testid="checklist"]').dataset.savedSeq !== ${JSON.stringify(before)} || /Not saved yet/.test(document.querySelector('[data-testid="save-status"]').textContent)`);
      // Required choices still open (and the set-up's general appearance, which screens "appears very ill"), by their keys.
      while ((await here()) === maneuver) {
        const pending = (await c.evaluate(`(() => {
          const sets = Array.from(document.querySelectorAll('[data-testid="checklist"] fieldset.choice-field'));
          const open = sets.find((s) => !/optional/.test(s.querySelector('legend').textContent) && !s.querySelector('button[aria-pressed="true"]'))
            ?? (${JSON.stringify(maneuver)} === 'setup' ? sets.find((s) => s.querySelector('button[data-value="well"]') && !s.querySelector('button[aria-pressed="true"]')) : undefined);
          if (!open) return null;
          const kbd = open.querySelector('legend kbd');
          return { legend: open.querySelector('legend').textContent, key: kbd ? kbd.textContent.trim() : null };
        })()`)) as { legend: string; key: string | null } | null;
        if (!pending) break;
        if (!pending.key) throw new Error(`keys-to-sign: ${maneuver}: "${pending.legend}" shows no key`);
        await press(pending.key.toLowerCase());
        await press('1');
        if (!(await until(c, `${moved} || (() => { const s = Array.from(document.querySelectorAll('[data-testid="checklist"] fieldset.choice-field')).find((x) => x.querySelector('legend').textContent === ${JSON.stringify(pending.legend)}); return !!s && !!s.querySelector('button[aria-pressed="true"]'); })()`))) {
          throw new Error(`keys-to-sign: ${pending.key} 1 did not choose ${pending.legend}`);
        }
      }
      if (!(await stored(maneuver))) throw new Error(`keys-to-sign: ${maneuver} not saved`);
      if ((await here()) === maneuver && seen.size < total) {
        await press('n');
        await until(c, moved, 2_000);
      }
    }
    const movements = seen.size;

    // 3. Red flags: F jumps into the panel (the family's answers to confirm first: Enter), then A on each row
    //    not yet screened; focus moves on to the next one by itself.
    step = 'flags';
    await press('f');
    if (await focusIn('[data-testid="family-answers"]')) {
      await press('Enter');
      await until(c, `!document.querySelector('[data-testid="family-answers"]')`);
    }
    for (let i = 0; i < 60; i++) {
      const left = Number(await c.evaluate(`document.querySelectorAll('.flag-panel li.flag[data-state="not_screened"]').length`));
      if (left === 0) break;
      if (!(await focusIn('.flag-panel li.flag[data-state="not_screened"]'))) {
        await press('f');
        if (!(await focusIn('.flag-panel li.flag[data-state="not_screened"]'))) throw new Error('keys-to-sign: F did not reach a flag not yet screened');
      }
      const id = await c.evaluate(`document.activeElement.closest('li.flag').dataset.testid`);
      await press('a');
      if (!(await until(c, `document.querySelector('[data-testid=${JSON.stringify(id)}]')?.dataset.state !== 'not_screened'`))) throw new Error(`keys-to-sign: A did not screen ${String(id)}`);
    }

    // 4. The decision: D opens the dialog on the preselected minimum tier with the family's words prefilled; Enter records it.
    step = 'decision';
    await press('d');
    await c.locator('dialog[open]').waitFor();
    await press('Enter');
    if (!(await until(c, `!document.querySelector('dialog[open]')`, 5_000))) {
      await tabTo(`return document.querySelector('dialog[open] button[type="submit"]');`, "the dialog's Record decision");
      await press('Enter');
      if (!(await until(c, `!document.querySelector('dialog[open]')`))) throw new Error('keys-to-sign: the decision dialog stayed open');
    }
    await until(c, `Array.from(document.querySelectorAll('button')).some((b) => b.textContent.trim().startsWith('Sign and close') && !b.disabled)`);

    // 5. Sign.
    step = 'sign';
    await tabTo(button('Sign and close'), 'Sign and close');
    await press('Enter');
    const signed = c.getByTestId('signed-record');
    for (let i = 0; i < 3 && !(await signed.isVisible()); i++) {
      // A confirmation, if the console asks for one.
      if (await c.locator('dialog[open]').isVisible()) {
        await tabTo(`return Array.from(document.querySelectorAll('dialog[open] button')).find((b) => /sign/i.test(b.textContent));`, 'the sign confirmation');
        await press('Enter');
      }
      await signed.waitFor({ timeout: 5_000 }).catch(() => undefined);
    }
    await signed.waitFor({ timeout: 10_000 });
    const state = await vm.main.services.visitRoom.state(visitId);
    if (state.visit.status !== 'signed') throw new Error('keys-to-sign: the visit is not signed');
    if (state.decision?.tier !== 'E') throw new Error(`keys-to-sign: expected a tier E decision, got ${state.decision?.tier}`);
    if (total && movements < total) throw new Error(`keys-to-sign: ${movements} of ${total} movements examined`);
    const real = errors.filter((e) => !/family/.test(e) || !/ended/.test(e));
    if (real.length) console.log(`keys-to-sign: page messages: ${real.join('; ')}`);
    return { keys, byStep, movements };
  } finally {
    await vm.close();
  }
}
