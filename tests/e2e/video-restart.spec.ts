/**
 * Drill: the signaling server killed and restarted mid-visit (docs/security.md,
 * requirement 20). The family HTTP/WebSocket server goes away with every
 * family socket, stays down about 2 s and comes back on the same port; the
 * rooms and the SFU keep running. The family page reconnects by itself with
 * its resume key, the call carries on and mute survives.
 */
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { answerLobby } from '../support/family-lobby';
import { shot } from './support/fixtures';
import {
  expectFramesRising,
  familyLink,
  openClinician,
  openFamily,
  restartFamilyServer,
  startVideoMain,
  videoTest,
  type VideoMain,
} from './support/video';

// The app's own reconnect grace (30 s): a 2 s outage is well inside it, so the SFU keeps the family's media.
const test = videoTest.extend<{ vm: VideoMain }>({
  vm: async ({}, use) => {
    const vm = await startVideoMain({ graceMs: 30_000 });
    await use(vm);
    await vm.close();
  },
});

/** The first message the page sends on each signaling socket it opens (hello, resume), in order. */
function watchHandshakes(page: Page): string[] {
  const firsts: string[] = [];
  page.on('websocket', (ws) => {
    let first = true;
    ws.on('framesent', ({ payload }) => {
      if (!first) return;
      first = false;
      try {
        firsts.push(String((JSON.parse(String(payload)) as { type?: unknown }).type));
      } catch {
        firsts.push('?');
      }
    });
  });
  return firsts;
}

test('the signaling server killed and restarted mid-visit: the family page reconnects with its resume key and the call recovers, still muted', async ({
  browser,
  vm,
  errors,
}) => {
  test.setTimeout(150_000);
  const visitId = await vm.newVisit();
  const clinician = await openClinician(browser, vm, visitId, errors);
  const c = clinician.page;
  const url = await familyLink(c);
  const port = new URL(vm.family.origin).port;

  // The family joins by link, goes through the lobby and is admitted.
  const family = await openFamily(browser, url, errors);
  const f = family.page;
  const handshakes = watchHandshakes(f);
  await answerLobby(f, { symptoms: 'Low back pain', painStarted: '2026-11-20', betterOrWorse: 'Better lying down' });
  await expect(f.getByTestId('waiting-room')).toBeVisible();
  await c.getByRole('button', { name: "Admit child's device" }).click();
  await expect(c.getByTestId('remote-video')).toHaveCount(1, { timeout: 20_000 });
  await expect(f.getByTestId('remote-video')).toHaveCount(1, { timeout: 20_000 });
  await expectFramesRising(c, 15);
  await expectFramesRising(f, 15);

  // Muted before the crash.
  await f.getByRole('button', { name: 'Mute' }).click();
  await expect(c.locator('figcaption')).toContainText('muted');
  const familyId = vm.rooms.summaries(visitId).find((p) => p.role === 'family')!.id;
  await expect.poll(() => vm.rooms.session(visitId).producerState(familyId).mic).toBe(true);
  expect(handshakes).toEqual(['hello']);
  const before = { ...vm.rooms.session(visitId).counters };
  const oldServer = vm.family;

  // The signaling server dies; the page says it is reconnecting; about 2 s later the server is back on the same port.
  await restartFamilyServer(vm, async () => {
    await expect.poll(() => oldServer.connectionCount()).toBe(0);
    await expect(f.getByText('Connection lost. Trying again…')).toBeVisible({ timeout: 10_000 });
    expect((await fetch(`${oldServer.origin}/join`).catch(() => null))?.ok ?? false, 'nothing answers while down').toBe(false);
    await f.waitForTimeout(2000);
  });
  expect(vm.family).not.toBe(oldServer);
  expect(new URL(vm.family.origin).port).toBe(port);

  // The page comes back by itself: a resume (no link, no reload) on the new server.
  await expect(f.getByText('Connection lost. Trying again…')).toBeHidden({ timeout: 30_000 });
  await expect.poll(() => vm.family.connectionCount(), { timeout: 10_000 }).toBe(1);
  expect(handshakes).toEqual(['hello', 'resume']);
  expect(vm.family.counters().refused.badToken).toBe(0);
  expect(f.url()).not.toContain('#t=');
  expect(vm.rooms.summaries(visitId).filter((p) => p.role === 'family').map((p) => p.id)).toEqual([familyId]);

  // The call recovers on the media the SFU kept (an ICE restart, no rebuild), both ways.
  await expect.poll(() => vm.rooms.session(visitId).counters.iceRestarts, { timeout: 20_000 }).toBeGreaterThan(before.iceRestarts);
  await expectFramesRising(c, 15, 30_000);
  await expectFramesRising(f, 15, 30_000);
  expect(vm.rooms.session(visitId).counters.transportsCreated).toBe(before.transportsCreated);
  await expect(c.getByTestId('remote-video')).toHaveCount(1);
  await expect(f.getByTestId('remote-video')).toHaveCount(1);

  // Still muted, on the page, at the SFU and on the clinician's stage.
  await expect(f.getByRole('button', { name: 'Unmute' })).toBeVisible();
  expect(vm.rooms.session(visitId).producerState(familyId).mic).toBe(true);
  await expect(c.locator('figcaption')).toContainText('muted');
  await shot(f, 'family-after-signaling-restart');

  // The restarted server carries the rest of the visit: the clinician ends the call and the family is told.
  await c.getByRole('button', { name: 'End call' }).click();
  // Issue 16: End call asks first.
  await c.getByTestId('end-call-confirm').getByRole('button', { name: 'End call' }).click();
  await expect(f.getByText('The visit has ended.')).toBeVisible();

  // Chromium logs each refused reconnect while the server is down; nothing else may appear.
  const unexpected = errors.filter((e) => !/WebSocket connection to .*\/signal' failed/.test(e));
  expect(unexpected).toEqual([]);
  await family.context.close();
  await clinician.context.close();
});
