/**
 * Call logistics (issue 16 item 3) with a real family in Chromium, the real
 * SFU, signaling, services and SQLite: the link sent by text with the link
 * only, the wait time and the chime when the family enters the waiting room,
 * the visit timer, confirmations for Leave and End call (Escape cancels),
 * rejoining with the same link, and a stranger with the used link refused.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { shot } from './support/fixtures';
import { familyLink, openClinician, openFamily, videoTest as test } from './support/video';

/** Device check and consent; the questions only when the page asks for them. */
async function throughLobby(f: Page, answerQuestions: boolean) {
  await expect(f.getByRole('heading', { name: /Step 1 of 3/ })).toBeVisible({ timeout: 20_000 });
  await f.getByRole('button', { name: 'Camera and sound work' }).click();
  await f.getByLabel('I agree to have this visit by video.').check();
  await f.getByRole('button', { name: 'Continue' }).click();
  if (answerQuestions) {
    await expect(f.getByRole('heading', { name: /Step 3 of 3/ })).toBeVisible();
    await f.getByLabel("What are your child's symptoms?").fill('Low back pain after football practice');
    for (const id of ['fever', 'leg-weakness', 'numbness-tingling', 'bladder-bowel-change', 'night-pain']) {
      await f.getByTestId(`sign-${id}`).getByLabel('No', { exact: true }).check();
    }
    await f.getByRole('button', { name: 'Send answers' }).click();
  }
  await expect(f.getByTestId('waiting-room')).toBeVisible();
}

/**
 * A button that asks first: pressing it opens the confirmation (`confirm`, its test id) with the focus on
 * `keep`; Escape closes it and the call goes on (this page still receives video). Then the button is pressed
 * again; the open confirmation is returned.
 */
async function escapeKeepsCall(p: Page, o: { button: string; confirm: string; keep: string; screenshot: string }): Promise<Locator> {
  await p.getByRole('button', { name: o.button }).click();
  const confirm = p.getByTestId(o.confirm);
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: o.keep })).toBeFocused();
  await shot(p, o.screenshot);
  await p.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(p.getByTestId('remote-video')).toHaveCount(1);
  await p.getByRole('button', { name: o.button }).click();
  return confirm;
}

const seconds = (text: string | null) => {
  const m = /(\d+):(\d\d)/.exec(text ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : -1;
};

test.describe('call logistics', () => {
  test('link by text, wait time and chime, visit timer, confirmations, rejoin with the same link, a stranger refused', async ({ browser, vm, errors }) => {
    test.setTimeout(240_000);
    const visitId = await vm.newVisit();
    const { page: c } = await openClinician(browser, vm, visitId, errors);
    const url = await familyLink(c);

    // Sent through the system's messaging app, to the guardian's number on file, with the link and nothing about the child.
    await c.getByRole('button', { name: 'Text to guardian' }).click();
    await expect(c.getByText(/messaging app opened a text to \+1 555 010 2000/)).toBeVisible();
    const sms = vm.main.externalOpened.at(-1)!;
    expect(sms.startsWith('sms:+15550102000?body=')).toBe(true);
    expect(decodeURIComponent(sms)).toContain(url);
    expect(decodeURIComponent(sms)).not.toMatch(/Mia|Ana|2014-04-12/);
    await c.getByRole('button', { name: 'Email…' }).click();
    expect(vm.main.externalOpened.at(-1)!.startsWith('mailto:?subject=')).toBe(true);

    // The family enters the waiting room: a chime, and the time they have waited, counting.
    const { context: famContext, page: f } = await openFamily(browser, url, errors);
    await throughLobby(f, true);
    const waiting = c.getByTestId('waiting-participant');
    await expect(waiting).toBeVisible();
    await expect(c.getByTestId('waiting-list')).toHaveAttribute('data-chimes', '1');
    const waited = await c.getByTestId('wait-time').textContent();
    await expect.poll(async () => seconds(await c.getByTestId('wait-time').textContent()), { timeout: 10_000 }).toBeGreaterThan(seconds(waited));
    await shot(c, 'call-waiting-time');
    // The chime can be turned off; the setting stays.
    await c.getByTestId('chime-toggle').uncheck();
    expect(await c.evaluate(() => localStorage.getItem('bptc.chimeMuted'))).toBe('1');
    await c.getByTestId('chime-toggle').check();

    // Admitted: the visit timer runs.
    await c.getByRole('button', { name: "Admit child's device" }).click();
    await expect(c.getByTestId('remote-video')).toHaveCount(1);
    await expect(c.getByTestId('received-video')).toBeVisible({ timeout: 20_000 });
    const timer = c.getByTestId('visit-timer');
    await expect(timer).toBeVisible();
    const t0 = seconds(await timer.textContent());
    await expect.poll(async () => seconds(await timer.textContent()), { timeout: 10_000 }).toBeGreaterThan(t0);

    // Leave asks first; Escape keeps the family in the visit.
    const leave = await escapeKeepsCall(f, { button: 'Leave visit', confirm: 'leave-confirm', keep: 'Stay in the visit', screenshot: 'family-leave-confirm' });
    await leave.getByRole('button', { name: 'Leave', exact: true }).click();
    await expect(f.getByText(/You left the visit/)).toBeVisible();
    await expect(c.getByTestId('remote-video')).toHaveCount(0);

    // A stranger with the used link (another browser) is still refused.
    const { context: strangerContext, page: s } = await openFamily(browser, url, errors, 'stranger');
    await expect(s.getByTestId('refused')).toHaveAttribute('data-reason', 'used');
    await strangerContext.close();

    // The same family rejoins with the same link: lobby again (no questions again), then admitted again.
    // (A fresh load, as tapping the link in the text again opens it; a hash-only change would not reload the page.)
    await f.goto('about:blank');
    await f.goto(url);
    await throughLobby(f, false);
    await expect(c.getByTestId('waiting-list')).toHaveAttribute('data-chimes', '2');
    await c.getByRole('button', { name: "Admit child's device" }).click();
    await expect(f.getByTestId('remote-video')).toHaveCount(1);
    await expect(c.getByTestId('remote-video')).toHaveCount(1);

    // End call asks first; Escape keeps the call; confirming ends it for everyone.
    const end = await escapeKeepsCall(c, { button: 'End call', confirm: 'end-call-confirm', keep: 'Keep the call', screenshot: 'call-end-confirm' });
    await end.getByRole('button', { name: 'End call' }).click();
    await expect(c.getByText('The call has ended.')).toBeVisible();
    await expect(f.getByText('The visit has ended.')).toBeVisible();

    // The call's times are in the record (migration 0019): the first admission opened the call, the rejoin added nothing, End call closed it.
    const events = vm.main.services.callTimes.events(visitId);
    expect(events.map((e) => e.kind)).toEqual(['family_admitted', 'call_ended']);
    const times = vm.main.services.callTimes.times(visitId);
    expect(times.minutes).not.toBeNull();
    expect(Date.parse(times.endedAt!)).toBeGreaterThan(Date.parse(times.admittedAt!));

    // After the call ended, the link no longer brings anyone back, not even the same browser.
    await f.goto('about:blank');
    await f.goto(url);
    await expect(f.getByTestId('refused')).toHaveAttribute('data-reason', 'used');
    await famContext.close();
    expect(errors).toEqual([]);
  });
});
