/**
 * The family's lobby the long way, as the family page asks it: the device
 * check passed, consent to video, every intake question answered (each
 * red-flag sign "No") and the answers sent. Shared by the Playwright specs
 * (tests/e2e) and the namespace tests (tests/main/visit-server), whose pages
 * are both playwright-core pages.
 */
import type { Page } from 'playwright-core';

/** What the family types into the intake's free-text questions. */
export interface IntakeAnswers {
  symptoms: string;
  /** The date the pain started, as the date field takes it (YYYY-MM-DD). */
  painStarted: string;
  betterOrWorse: string;
}

/** The intake's red-flag signs, each answered on the page by its own yes/no group. */
const RED_FLAG_SIGNS = ['fever', 'leg-weakness', 'numbness-tingling', 'bladder-bowel-change', 'night-pain'] as const;

/**
 * From the device check to "Send answers" clicked. `deviceCheckTimeoutMs`
 * waits longer than the default for the device check (a slow first load).
 */
export async function answerLobby(f: Page, answers: IntakeAnswers, deviceCheckTimeoutMs?: number): Promise<void> {
  const deviceCheck = f.getByRole('button', { name: 'Camera and sound work' });
  await (deviceCheckTimeoutMs === undefined ? deviceCheck.click() : deviceCheck.click({ timeout: deviceCheckTimeoutMs }));
  await f.getByLabel('I agree to have this visit by video.').check();
  await f.getByRole('button', { name: 'Continue' }).click();
  await f.getByLabel("What are your child's symptoms?").fill(answers.symptoms);
  await f.getByLabel('When did the pain start? (date)').fill(answers.painStarted);
  await f.getByLabel('What makes the pain better or worse?').fill(answers.betterOrWorse);
  for (const id of RED_FLAG_SIGNS) {
    await f.getByTestId(`sign-${id}`).getByLabel('No', { exact: true }).check();
  }
  await f.getByRole('button', { name: 'Send answers' }).click();
}
