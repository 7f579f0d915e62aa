import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Run the gate with `tmp` as its temp folder; resolves with its exit code and the JSON counts on its last line. */
function gate(input: string, tmp: string, extra: string[] = []): Promise<{ code: number; counts: Record<string, number>; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, TMPDIR: tmp, TEMP: tmp, TMP: tmp };
    execFile(process.execPath, ['electron/tools/electronegativity-gate.mjs', '--input', input, ...extra], { env }, (error, stdout) => {
      const last = stdout.trim().split('\n').pop() ?? '{}';
      resolve({ code: error ? (error.code as number) : 0, counts: JSON.parse(last), output: stdout });
    });
  });
}

describe('Electronegativity security gate', () => {
  it('fails on a deliberately insecure app and on a main process it cannot parse, and passes on the built console', async () => {
    expect(existsSync('out/main/index.js'), 'run `npm run build` first (npm test does)').toBe(true);
    // Both at once, sharing one temp folder: each run keeps the scanner's
    // working files in its own mkdtemp folder and removes it at the end.
    const tmp = mkdtempSync(join(tmpdir(), 'bptc-gate-test-'));
    let insecure, built, blind, left: string[];
    try {
      [insecure, built, blind] = await Promise.all([
        gate('tests/fixtures/insecure-app', tmp),
        gate('out', tmp),
        // Every finding allowlisted, but its main process cannot be parsed.
        gate('tests/fixtures/unparsable-main', tmp, ['--allowlist', 'tests/fixtures/unparsable-main/allowlist.json']),
      ]);
      left = readdirSync(tmp);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    expect(left, 'the gate leaves nothing in the temp folder').toEqual([]);
    expect(insecure.code, insecure.output).toBe(1);
    expect(insecure.counts.high).toBeGreaterThan(0);
    expect(insecure.output).toMatch(/NODE_INTEGRATION|CONTEXT_ISOLATION/);
    expect(insecure.output).toMatch(/SANDBOX_JS_CHECK main\.js:9:6/);
    expect(built.code, built.output).toBe(0);
    expect(built.counts).toMatchObject({ high: 0, medium: 0 });
    expect(built.output).not.toMatch(/NOT SCANNED +(main|preload)\//);
    expect(blind.code, blind.output).toBe(1);
    expect(blind.counts).toMatchObject({ high: 0, medium: 0, unscanned: 1 });
    expect(blind.output).toMatch(/NOT SCANNED +main\/index\.js/);
  }, 180_000);
});
