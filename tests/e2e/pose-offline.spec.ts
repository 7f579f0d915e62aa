/**
 * Issue 17 item 5(a): the console's MediaPipe Pose runtime, wasm and lite
 * model load from the built renderer alone (every non-local request is
 * blocked and recorded) under the console's real CSP, and find anatomically
 * ordered landmarks on photographs of real people (Debian's opencv-doc).
 */
import { test, expect } from './support/fixtures';
import { anatomicalProblems, blockNonLocal, hasOpencvData, imageDataUrl, injectPoseHarness, PEOPLE_IMAGES } from './support/pose';
import { POSE_ASSET_DIR, POSE_ASSET_FILES } from '../../shared/pose/assets';

test.skip(!hasOpencvData(), 'needs the apt package opencv-doc (see .ci/run)');

test('the pose model runs offline from the app’s own files and orders real people’s landmarks anatomically', async ({ app, context }) => {
  test.setTimeout(120_000);
  const blocked = await blockNonLocal(context);
  const served: string[] = [];
  app.on('requestfinished', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith(`/${POSE_ASSET_DIR}/`)) served.push(path.slice(POSE_ASSET_DIR.length + 2));
  });
  const failed: string[] = [];
  app.on('requestfailed', (r) => failed.push(r.url()));
  await app.waitForLoadState('load');
  await injectPoseHarness(app);

  const loaded = await app.evaluate(() => window.__poseHarness.load());
  expect(loaded.model).toBe('pose_landmark_lite');

  for (const name of PEOPLE_IMAGES) {
    const result = await app.evaluate((src) => window.__poseHarness.estimateImage(src, 2), imageDataUrl(name));
    expect(result.landmarks, `${name}: a person is found`).not.toBeNull();
    expect(anatomicalProblems(result.landmarks), `${name}: shoulders above hips above knees above ankles, inside the image`).toEqual([]);
  }

  expect(blocked, 'nothing is requested from outside the machine').toEqual([]);
  expect(failed, 'no request failed').toEqual([]);
  // Only files from the served list, and the lite model among them (never full or heavy).
  expect(served.length).toBeGreaterThan(0);
  for (const file of served) expect(POSE_ASSET_FILES).toContain(file);
  expect(served).toContain('pose_landmark_lite.tflite');
});
