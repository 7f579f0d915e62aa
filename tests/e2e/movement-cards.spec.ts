/**
 * Issue 17, item 1, in real Chromium on both sides: the waiting room's
 * preparation card; the clinician shows three movements one after another
 * and the family's phone shows each card (picture, large instruction, camera
 * placement) while the clinician previews the same card; hiding it removes
 * it; the family switches between front and back camera and video keeps
 * flowing. Side-by-side screenshots (clinician | family) go to
 * artifacts/screenshots/movement-card-<id>.png.
 */
import { expect } from '@playwright/test';
import { shot } from './support/fixtures';
import { sideBySide } from './support/side-by-side';
import { expectFramesRising, familyLink, openClinician, openFamily, throughLobby, videoTest as test } from './support/video';
import cards from '../../resources/movement-cards/cards.json' with { type: 'json' };

const instruction = (id: string, lang: 'en' | 'es') => cards.cards.find((c) => c.maneuverId === id)!.instruction[lang];

test('the family sees the card of the movement the clinician opens; the clinician sees the same and can hide it', async ({ browser, vm, errors }) => {
  test.setTimeout(150_000);
  const visitId = await vm.newVisit();
  const clinician = await openClinician(browser, vm, visitId, errors);
  const c = clinician.page;
  const { context: famContext, page: f } = await openFamily(browser, await familyLink(c), errors);
  await throughLobby(f, { symptoms: 'Back pain' });

  // Before admission: the preparation card, nothing else.
  const prep = f.getByTestId('preparation-card');
  await expect(prep).toBeVisible();
  await expect(prep).toContainText('shorts, a chair and a wall nearby');
  await expect(prep).toContainText('hip height');
  await expect(prep.locator('svg circle')).not.toHaveCount(0);
  await shot(f, 'family-preparation-card');

  await c.getByRole('button', { name: "Admit child's device" }).click();
  await expect(c.getByTestId('remote-video')).toHaveCount(1);
  await expectFramesRising(c, 10);
  // "Follow the checklist" is on: the movement open in the checklist (the first, set-up) is shown at once.
  await expect(f.getByTestId('movement-card')).toHaveAttribute('data-card', 'setup');

  // Video fit for a movement exam (item 6): the family's camera at up to 1280×720, marked as motion, sent as simulcast;
  // the clinician sees what resolution and frame rate arrive.
  // Both pages share one browser, so one fake camera that the clinician opened first at 640×480: what the family
  // gets here is that size; what it asks for is checked instead (bench:join runs the family in its own browser).
  const asked = await f.evaluate(() => {
    const v = document.querySelector('.family-self') as HTMLVideoElement;
    const track = (v.srcObject as MediaStream).getVideoTracks()[0]!;
    return { constraints: track.getConstraints(), hint: track.contentHint };
  });
  expect(asked).toMatchObject({ constraints: { width: { ideal: 1280, max: 1280 }, height: { ideal: 720, max: 720 }, frameRate: { ideal: 30, max: 30 } }, hint: 'motion' });
  const familyId = vm.rooms.summaries(visitId).find((p) => p.role === 'family')!.id;
  // A 640×480 camera is sent as ½ and full (capture.ts motionEncodings: Chromium would drop the full layer of three).
  expect(vm.rooms.session(visitId).cameraEncoding(familyId)).toEqual({ type: 'simulcast', encodings: 2 });
  await expect(c.getByTestId('received-video')).toHaveText(/Receiving \d+×\d+ · \d+ fps/);
  await expect.poll(async () => Number(await c.getByTestId('received-video').getAttribute('data-fps')), { timeout: 20_000 }).toBeGreaterThan(0);

  for (const id of ['lumbar-flexion', 'side-bend-left', 'stork-right']) {
    await c.getByTestId('movement-select').selectOption(id);
    await c.getByRole('button', { name: 'Show to family' }).click();
    const card = f.getByTestId('movement-card');
    await expect(card).toHaveAttribute('data-card', id);
    await expect(card.locator('.movement-instruction')).toHaveText(instruction(id, 'en'));
    await expect(card).toContainText('Camera:');
    // The instruction is in large type on the phone.
    const size = await card.locator('.movement-instruction').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    const preview = c.getByTestId('movement-card-preview');
    await expect(preview).toHaveAttribute('data-card', id);
    await expect(preview.locator('.movement-instruction')).toHaveText(instruction(id, 'en'));
    // Same picture on both screens.
    expect(await preview.locator('svg').innerHTML()).toBe(await card.locator('svg').innerHTML());
    await sideBySide(browser, c, f, `movement-card-${id}`);
  }

  // The family reads Spanish: the card follows the page's language.
  await f.getByRole('button', { name: 'Español' }).click();
  await expect(f.getByTestId('movement-card').locator('.movement-instruction')).toHaveText(instruction('stork-right', 'es'));
  await shot(f, 'family-movement-card-es');
  await f.getByRole('button', { name: 'English' }).click();

  // Opening the next movement in the checklist shows its card on the family's screen.
  await c.getByRole('button', { name: 'Next →' }).click();
  await expect(f.getByTestId('movement-card')).toHaveAttribute('data-card', 'gait');
  await expect(c.getByTestId('movement-card-preview')).toHaveAttribute('data-card', 'gait');

  await c.getByRole('button', { name: 'Hide card' }).click();
  await expect(f.getByTestId('movement-card')).toHaveCount(0);
  await expect(c.getByTestId('movement-preview')).toHaveCount(0);

  // Front/back camera: the track is replaced in the same producer, so the clinician keeps receiving frames.
  const flip = f.getByTestId('flip-camera');
  await expect(flip).toHaveText('Use back camera');
  await flip.click();
  await expect(flip).toHaveAttribute('data-facing', 'environment');
  await expect(flip).toHaveText('Use front camera');
  await expectFramesRising(c, 15);
  await flip.click();
  await expect(flip).toHaveAttribute('data-facing', 'user');
  await expectFramesRising(c, 15);

  expect(errors).toEqual([]);
  await famContext.close();
  await clinician.context.close();
});
