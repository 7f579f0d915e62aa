/** A live visit whose family camera plays a recording of a real person (the pose specs; recordings in ./pose.ts). */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../../playwright.config';
import { familyLink, openClinician, openFamily, throughLobby, type VideoMain } from './video';

export interface PoseCall {
  visitId: string;
  /** The clinician's console (in the test's browser). */
  c: Page;
  /** The family's phone (in its own browser). */
  f: Page;
}

/**
 * A new visit where the family's phone is another device: its own browser,
 * whose fake camera plays `recording(dir)` (converted now, into a temporary
 * folder). The clinician opens the visit (actions limited to
 * `clinicianTimeout` ms when given) and makes the link, the family goes
 * through the lobby, the clinician admits them and their video arrives; then
 * `run`. Afterwards the clinician's context is closed; the family's browser
 * and the recording are removed whether `run` passed or not.
 */
export async function withPoseCall(
  setup: { browser: Browser; vm: VideoMain; errors: string[]; recording: (dir: string) => string; clinicianTimeout?: number },
  run: (call: PoseCall) => Promise<void>,
): Promise<void> {
  const { browser, vm, errors } = setup;
  const dir = mkdtempSync(join(tmpdir(), 'bptc-pose-call-'));
  const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  const famBrowser = await chromium.launch({
    headless: true,
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${setup.recording(dir)}`],
    ...(executablePath ? { executablePath } : {}),
  });
  try {
    const visitId = await vm.newVisit();
    const clinician = await openClinician(browser, vm, visitId, errors);
    const c = clinician.page;
    if (setup.clinicianTimeout !== undefined) c.setDefaultTimeout(setup.clinicianTimeout);
    const { page: f } = await openFamily(famBrowser, await familyLink(c), errors);
    await throughLobby(f);
    await c.getByRole('button', { name: "Admit child's device" }).click();
    await expect(c.getByTestId('remote-video')).toHaveCount(1, { timeout: 60_000 });
    await run({ visitId, c, f });
    await clinician.context.close();
  } finally {
    await famBrowser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
