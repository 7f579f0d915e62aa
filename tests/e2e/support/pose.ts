/**
 * Pose estimation in tests and the pose benchmark: the real photographs and
 * video of people from Debian's opencv-doc, the harness bundle, the offline
 * guard, and the anatomical-order check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { BODY_LANDMARKS, LANDMARK, type PoseLandmark, type PoseLandmarkName } from '../../../shared/pose/landmarks';
import { bundleForPage } from './bundle';

/** Debian package `opencv-doc` (apt): photographs and a video of real people. */
export const OPENCV_DATA = '/usr/share/doc/opencv-doc/examples/data';
export const PEOPLE_IMAGES = ['messi5.jpg', 'basketball1.png'] as const;
export const PEOPLE_VIDEO = join(OPENCV_DATA, 'vtest.avi');

export function hasOpencvData(): boolean {
  return PEOPLE_IMAGES.every((f) => existsSync(join(OPENCV_DATA, f)));
}

export function imageDataUrl(name: string): string {
  const type = name.endsWith('.png') ? 'image/png' : 'image/jpeg';
  return `data:${type};base64,${readFileSync(join(OPENCV_DATA, name)).toString('base64')}`;
}

export function poseHarnessSource(): string {
  return bundleForPage('tests/e2e/support/pose-harness.ts');
}

/** Put the harness into a loaded page (evaluated by the debugger protocol; the page's CSP still governs what it loads and compiles). */
export async function injectPoseHarness(page: Page): Promise<void> {
  await page.evaluate(poseHarnessSource());
}

/**
 * Abort every request that does not go to 127.0.0.1 (or a data:/blob: URL),
 * and remember it: pose estimation must work offline from the app's own files.
 */
export async function blockNonLocal(context: BrowserContext): Promise<string[]> {
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    const u = new URL(url);
    if (u.hostname === '127.0.0.1' || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return blocked;
}

/** Anatomical order and placement a user would check by eye: a list of failed checks (empty: all passed). */
export function anatomicalProblems(landmarks: readonly PoseLandmark[] | null): string[] {
  if (!landmarks) return ['no person found'];
  const problems: string[] = [];
  const y = (a: keyof typeof LANDMARK, b: keyof typeof LANDMARK) => (landmarks[LANDMARK[a]]!.y + landmarks[LANDMARK[b]]!.y) / 2;
  const shoulders = y('left_shoulder', 'right_shoulder');
  const hips = y('left_hip', 'right_hip');
  const knees = y('left_knee', 'right_knee');
  const ankles = y('left_ankle', 'right_ankle');
  const nose = landmarks[LANDMARK.nose]!.y;
  if (!(nose < shoulders)) problems.push(`nose (${nose.toFixed(2)}) not above shoulders (${shoulders.toFixed(2)})`);
  if (!(shoulders < hips)) problems.push(`shoulders (${shoulders.toFixed(2)}) not above hips (${hips.toFixed(2)})`);
  if (!(hips < knees)) problems.push(`hips (${hips.toFixed(2)}) not above knees (${knees.toFixed(2)})`);
  if (!(knees < ankles)) problems.push(`knees (${knees.toFixed(2)}) not above ankles (${ankles.toFixed(2)})`);
  for (const name of BODY_LANDMARKS) {
    const l = landmarks[LANDMARK[name]]!;
    if (l.x < 0 || l.x > 1 || l.y < 0 || l.y > 1) problems.push(`${name} outside the image (${l.x.toFixed(2)}, ${l.y.toFixed(2)})`);
  }
  return problems;
}

/**
 * The largest distance (in the picture's normalised units) between the same
 * key landmark found on the console's scaled copy and on the full picture:
 * the landmarks are normalised to the picture's size, so scaling first must
 * not move them (beyond the model's own jitter). Infinity when either found nobody.
 */
export function keyLandmarkShift(
  a: readonly PoseLandmark[] | null,
  b: readonly PoseLandmark[] | null,
  key: readonly PoseLandmarkName[] = BODY_LANDMARKS,
): number {
  if (!a || !b) return Infinity;
  return Math.max(...key.map((name) => Math.hypot(a[LANDMARK[name]]!.x - b[LANDMARK[name]]!.x, a[LANDMARK[name]]!.y - b[LANDMARK[name]]!.y)));
}

/** Run ffmpeg (Debian's) with these arguments; throws with its message on failure. */
export function ffmpeg(args: readonly string[]): void {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (r.error) throw new Error(`ffmpeg is needed (apt package ffmpeg): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
}

export function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-version']).status === 0;
}

/**
 * The walking pedestrians of vtest.avi as a live camera: a 10 s stretch (looped), one
 * 240×180 area cropped and upscaled 2.67× to 640×480 (in full frames they
 * are about 100 px tall and the model finds nobody), played at 30 fps (each of its 10 fps frames shown three times), as a phone camera sends.
 */
export function walkersY4m(dir: string): string {
  const out = join(dir, 'walkers.y4m');
  ffmpeg(['-ss', '5', '-t', '10', '-i', PEOPLE_VIDEO, '-vf', 'crop=240:180:300:150,scale=640:480:flags=lanczos,fps=30,format=yuv420p', '-r', '30', out]);
  return out;
}

/**
 * A real person standing in full view, facing the camera (the player on the
 * left of basketball1.png, as in `enterLeaveY4m`'s first part), 640×360 at
 * 15 fps for 4 s, looped by the fake camera: a steady stream of real
 * landmarks for the measured-movement readout.
 */
export function standingY4m(dir: string): string {
  const out = join(dir, 'standing.y4m');
  const src = join(OPENCV_DATA, 'basketball1.png');
  ffmpeg(['-loop', '1', '-i', src, '-t', '4', '-r', '15', '-vf', 'crop=230:480:0:0,scale=-2:352,pad=640:360:(ow-iw)/2:(oh-ih)/2:color=gray,format=yuv420p', out]);
  return out;
}

/**
 * A recording of a real person leaving and re-entering the frame, from
 * basketball1.png (the player on the left), 640×360 at 15 fps, looped by
 * Chromium's fake camera: 4 s whole body in view; 4 s coming closer (the
 * picture zooms in over 2 s until his knees and feet are below the frame, as
 * when a child walks up to the phone); 4 s nobody (the empty wall beside
 * him); then the loop starts again with the whole body.
 */
export function enterLeaveY4m(dir: string): string {
  const src = join(OPENCV_DATA, 'basketball1.png');
  const pad = 'pad=640:360:(ow-iw)/2:(oh-ih)/2:color=gray,format=yuv420p';
  const parts = [
    ['whole', `crop=230:480:0:0,scale=-2:352,${pad}`],
    // zoompan keeps the top of the picture: the legs leave at the bottom, continuously (a tracker follows that, as it would a child).
    ['closer', `crop=230:480:0:0,scale=-2:352,${pad.replace(',format=yuv420p', '')},zoompan=z='min(1+on/30,1.8)':x='iw/2-iw/zoom/2':y=0:d=60:s=640x360:fps=15,format=yuv420p`],
    ['nobody', `crop=200:480:210:0,scale=-2:352,${pad}`],
  ] as const;
  const files = parts.map(([name, vf]) => {
    const file = join(dir, `${name}.y4m`);
    // zoompan makes its 60 frames from the one picture; the others repeat it for 4 s.
    ffmpeg(name === 'closer' ? ['-i', src, '-vf', vf, '-frames:v', '60', file] : ['-loop', '1', '-i', src, '-t', '4', '-r', '15', '-vf', vf, file]);
    return file;
  });
  const out = join(dir, 'enter-leave.y4m');
  ffmpeg([...files.flatMap((f) => ['-i', f]), '-filter_complex', `${files.map((_, i) => `[${i}:v]`).join('')}concat=n=${files.length}:v=1:a=0,format=yuv420p[v]`, '-map', '[v]', '-r', '15', out]);
  return out;
}
