import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, WebSocketRoute } from '@playwright/test';
import { expect } from '@playwright/test';
import { shot } from './support/fixtures';
import { expectFramesRising, familyLink, openClinician, openFamily, videoTest as test, watchErrors } from './support/video';

/** Puts a switch on the family page's signaling socket: while cut, the socket is closed and reconnects are refused. */
async function cuttableSignaling(page: Page) {
  const live: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
  let cut = false;
  await page.routeWebSocket(/\/signal$/, (ws) => {
    if (cut) {
      ws.close({ code: 4500, reason: 'network down' });
      return;
    }
    live.push({ page: ws, server: ws.connectToServer() });
  });
  return {
    cut() {
      cut = true;
      for (const s of live.splice(0)) {
        void s.server.close();
        void s.page.close({ code: 4500, reason: 'network down' });
      }
    },
    restore() {
      cut = false;
    },
  };
}

test.describe('live video through the SFU', () => {
  test('family joins by link, checks devices, answers, waits; the clinician admits; video flows both ways and survives a cut', async ({ browser, vm, errors }) => {
    test.setTimeout(150_000);
    const visitId = await vm.newVisit();
    const clinician = await openClinician(browser, vm, visitId, errors);
    const c = clinician.page;
    await expect(c.getByRole('heading', { name: 'Video visit' })).toBeVisible();
    const url = await familyLink(c);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/join#t=[A-Za-z0-9_-]{43}$/);

    // The family's phone: only the link, nothing else.
    const famContext = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
    const f = await famContext.newPage();
    watchErrors(f, errors, 'family');
    const net = await cuttableSignaling(f);
    await f.goto(url);
    await expect(f.getByRole('heading', { name: /Step 1 of 3/ })).toBeVisible();
    expect(f.url(), 'the token leaves the address bar at once').not.toContain('#t=');
    await expect.poll(() => f.getByTestId('preview-video').evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
    await expect.poll(() => f.getByTestId('mic-level').evaluate((m: HTMLMeterElement) => m.value), { timeout: 10_000 }).toBeGreaterThan(0);
    await shot(f, 'family-device-check');
    await f.getByRole('button', { name: 'Camera and sound work' }).click();

    await f.getByLabel('I agree to have this visit by video.').check();
    await f.getByLabel(/still pictures/).check();
    await f.getByRole('button', { name: 'Continue' }).click();

    await expect(f.getByRole('heading', { name: /Step 3 of 3/ })).toBeVisible();
    await f.getByLabel("What are your child's symptoms?").fill('Low back pain after football practice');
    await f.getByLabel('When did the pain start? (date)').fill('2026-11-20');
    await f.getByLabel('What makes the pain better or worse?').fill('Better lying down');
    for (const id of ['fever', 'leg-weakness', 'numbness-tingling', 'bladder-bowel-change', 'night-pain']) {
      await f.getByTestId(`sign-${id}`).getByLabel('No', { exact: true }).check();
    }
    await shot(f, 'family-intake');
    await f.getByRole('button', { name: 'Send answers' }).click();
    await expect(f.getByTestId('waiting-room')).toBeVisible();
    await shot(f, 'family-waiting-room');

    // The answers are the visit's intake in the store, in the clinical schema the visit room reads; the visit is waiting.
    const intake = await vm.main.services.intakes.get(visitId);
    expect(intake).toMatchObject({ submittedBy: 'family', language: 'en', version: 1 });
    const answers = JSON.parse(intake!.answersJson) as Record<string, unknown>;
    expect(answers).toEqual({
      symptoms: 'Low back pain after football practice',
      onsetDate: '2026-11-20',
      betterWorse: 'Better lying down',
      warningSigns: { fever: 'no', 'leg-weakness': 'no', 'numbness-tingling': 'no', 'bladder-bowel-change': 'no', 'night-pain': 'no' },
    });
    const room = await vm.main.services.visitRoom.state(visitId);
    expect(room.intake?.answers.symptoms).toBe('Low back pain after football practice');
    expect(room.visit.status).toBe('waiting');

    // The family waits: nothing flows until the clinician admits.
    await expect(f.getByTestId('remote-video')).toHaveCount(0);
    const waiting = c.getByTestId('waiting-participant');
    await expect(waiting).toContainText('questions answered');
    await shot(c, 'clinician-waiting-list');
    // Issue 11 item 7: the clinician's receive transport is already connected (the warm-up channel), and it
    // holds no media consumer: no family media reaches the clinician before admission.
    await expect.poll(() => vm.rooms.session(visitId).receiveState('clinician').dtlsState, { timeout: 15_000 }).toBe('connected');
    expect(vm.rooms.session(visitId).receiveState('clinician').mediaConsumers).toBe(0);
    const waitingId = vm.rooms.summaries(visitId).find((p) => p.role === 'family')!.id;
    expect(vm.rooms.session(visitId).receiveState(waitingId)).toEqual({ dtlsState: null, mediaConsumers: 0 });
    await c.getByRole('button', { name: "Admit child's device" }).click();

    await expect(c.getByTestId('remote-video')).toHaveCount(1);
    await expect(f.getByTestId('remote-video')).toHaveCount(1);
    await expectFramesRising(c, 15);
    await expectFramesRising(f, 15);
    await shot(c, 'clinician-in-call');
    await shot(f, 'family-in-call');

    // Mute on the family side reaches the clinician.
    await f.getByRole('button', { name: 'Mute' }).click();
    await expect(c.locator('figcaption')).toContainText('muted');
    const familyId = vm.rooms.summaries(visitId).find((p) => p.role === 'family')!.id;
    expect(vm.rooms.session(visitId).producerState(familyId).mic).toBe(true);

    // A still from the family's video: admitting them recorded their consent; the picture is in the record, by the clinician.
    const clinicianId = vm.main.services.session.requireActor();
    const consents = (await vm.main.services.record.getVisitRecord(visitId)).consents;
    expect(consents).toEqual([expect.objectContaining({ kind: 'still_capture', givenBy: 'guardian', recordedBy: clinicianId, withdrawnAt: null })]);
    await c.getByRole('button', { name: 'Take still' }).click();
    await expect(c.getByText('Still saved to the visit record.')).toBeVisible();
    const { images } = await vm.main.services.record.getVisitRecord(visitId);
    expect(images).toEqual([expect.objectContaining({ mime: 'image/jpeg', capturedBy: clinicianId, consentId: consents[0]!.id })]);
    const still = await vm.main.services.record.getImage(images[0]!.id);
    expect([...still.data.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);

    // A short drop (under the grace period): signaling reconnects, ICE restarts, video carries on.
    const restartsBefore = vm.rooms.session(visitId).counters.iceRestarts;
    net.cut();
    await expect(f.getByText('Connection lost. Trying again…')).toBeVisible();
    await f.waitForTimeout(1000);
    net.restore();
    await expect(f.getByText('Connection lost. Trying again…')).toBeHidden({ timeout: 20_000 });
    await expect.poll(() => vm.rooms.session(visitId).counters.iceRestarts, { timeout: 15_000 }).toBeGreaterThan(restartsBefore);
    await expectFramesRising(c, 15);
    await expectFramesRising(f, 15);

    // A long drop (past the grace period): the SFU closes the family's media; after reconnecting the
    // page rebuilds it with the same participant, without a new link, still muted.
    net.cut();
    await expect(c.getByTestId('remote-video')).toHaveCount(0, { timeout: 15_000 });
    await shot(f, 'family-reconnecting');
    net.restore();
    await expect(c.getByTestId('remote-video')).toHaveCount(1, { timeout: 30_000 });
    await expectFramesRising(c, 15);
    await expectFramesRising(f, 15);
    await expect(f.getByRole('button', { name: 'Unmute' })).toBeVisible();
    expect(vm.rooms.session(visitId).producerState(familyId).mic).toBe(true);
    expect(vm.rooms.summaries(visitId).filter((p) => p.role === 'family')).toHaveLength(1);

    // The clinician ends the call: the family is told.
    await c.getByRole('button', { name: 'End call' }).click();
    // Issue 16: End call asks first.
    await c.getByTestId('end-call-confirm').getByRole('button', { name: 'End call' }).click();
    await expect(f.getByText('The visit has ended.')).toBeVisible();
    await expect(c.getByText('The call has ended.')).toBeVisible();

    // Chromium logs each refused reconnect during the cut; nothing else may appear.
    const unexpected = errors.filter((e) => !/WebSocket connection to .*\/signal' failed/.test(e));
    expect(unexpected).toEqual([]);
    await famContext.close();
    await clinician.context.close();
  });

  test("the family page server serves the family entry's files and not the console's bundle", async ({ vm }) => {
    const assets = readdirSync(join(process.cwd(), 'out', 'renderer', 'assets'));
    const familyHtml = readFileSync(join(process.cwd(), 'out', 'renderer', 'family.html'), 'utf8');
    const consoleBundle = assets.filter((n) => /^index-.*\.(?:js|css)$/.test(n));
    expect(consoleBundle.length).toBeGreaterThan(0);
    for (const name of consoleBundle) {
      expect((await fetch(`${vm.family.origin}/assets/${name}`)).status, name).toBe(404);
    }
    const named = [...familyHtml.matchAll(/assets\/([^"']+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) {
      expect((await fetch(`${vm.family.origin}/assets/${name}`)).status, name).toBe(200);
    }
  });

  test('an expired link and a reused link are refused in plain words; no call is joined', async ({ browser, vm, errors }) => {
    const visitId = await vm.newVisit();
    const now = Date.now();
    const expired = vm.tokens.issue(visitId, new Date(now - 3_600_000), new Date(now - 60_000), 'family');
    const a = await openFamily(browser, vm.family.joinUrl(expired), errors);
    await expect(a.page.getByTestId('refused')).toHaveAttribute('data-reason', 'expired');
    await expect(a.page.getByTestId('refused')).toHaveText(/This link has expired/);
    await a.page.getByRole('button', { name: 'Español' }).click();
    await expect(a.page.getByTestId('refused')).toHaveText(/Este enlace ya venció/);
    await shot(a.page, 'family-link-expired-es');

    const token = vm.rooms.issueToken(visitId, 'family', new Date(now + 3_600_000));
    const first = await openFamily(browser, vm.family.joinUrl(token), errors);
    await expect(first.page.getByRole('heading', { name: /Step 1 of 3/ })).toBeVisible();
    const second = await openFamily(browser, vm.family.joinUrl(token), errors, 'family-2');
    await expect(second.page.getByTestId('refused')).toHaveAttribute('data-reason', 'used');
    await expect(second.page.getByTestId('refused')).toHaveText(/already been used/);
    await shot(second.page, 'family-link-used');
    expect(vm.rooms.summaries(visitId)).toHaveLength(1);
    expect(errors).toEqual([]);
    for (const x of [a, first, second]) await x.context.close();
  });
});
