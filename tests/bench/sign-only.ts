/** `npx tsx tests/bench/sign-only.ts`: keys_to_sign_no_flag_visit alone (the part of bench:ui that needs live video), one JSON line last. */
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { measureKeysToSign } from './keys-to-sign';

const executablePath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({ headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
try {
  const r = await measureKeysToSign(browser);
  console.log(JSON.stringify({ keys_to_sign_no_flag_visit: r.keys, keys_to_sign_by_step: r.byStep, movements: r.movements }));
} finally {
  await browser.close();
}
