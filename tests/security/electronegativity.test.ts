import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Run the gate; resolves with its exit code and the JSON counts on its last line. */
function gate(input: string): Promise<{ code: number; counts: Record<string, number>; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['electron/tools/electronegativity-gate.mjs', '--input', input], (error, stdout) => {
      const last = stdout.trim().split('\n').pop() ?? '{}';
      resolve({ code: error ? (error.code as number) : 0, counts: JSON.parse(last), output: stdout });
    });
  });
}

describe('Electronegativity security gate', () => {
  it('fails on a deliberately insecure app and passes on the built console', async () => {
    expect(existsSync('out/main/index.js'), 'run `npm run build` first (npm test does)').toBe(true);
    // One at a time: the scanner keeps working files in a shared temp folder.
    const insecure = await gate('tests/fixtures/insecure-app');
    const built = await gate('out');
    expect(insecure.code).toBe(1);
    expect(insecure.counts.high).toBeGreaterThan(0);
    expect(insecure.output).toMatch(/NODE_INTEGRATION|CONTEXT_ISOLATION/);
    expect(built.code, built.output).toBe(0);
    expect(built.counts).toMatchObject({ high: 0, medium: 0 });
  }, 180_000);
});
