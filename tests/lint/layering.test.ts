import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Proves the layering rules bite: each fixture breaks one rule and must make
 * lint fail when placed where the rule applies; the same code placed where
 * it is allowed must pass that rule.
 */
const eslint = new ESLint({ cwd: process.cwd() });
const fixtureDir = join(process.cwd(), 'tests/fixtures/lint');

async function restrictedMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(process.cwd(), filePath) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals')
    .map((m) => m.message);
}

const cases: [fixture: string, badPath: string, okPath: string | null][] = [
  ['shared-imports-electron.ts', 'shared/domain/bad.ts', null],
  ['shared-imports-node.ts', 'shared/domain/bad.ts', 'electron/main/ok.ts'],
  ['shared-imports-fs.ts', 'shared/domain/bad.ts', 'electron/main/ok.ts'],
  ['shared-uses-dom.ts', 'shared/domain/bad.ts', 'renderer/src/ok.ts'],
  ['shared-imports-renderer.ts', 'shared/domain/bad.ts', null],
  ['shared-imports-main.ts', 'shared/domain/bad.ts', null],
  ['renderer-imports-electron.ts', 'renderer/src/bad.ts', null],
  ['renderer-imports-main.ts', 'renderer/src/bad.ts', null],
  ['preload-imports-node.ts', 'electron/preload/bad.ts', 'electron/main/ok.ts'],
  ['preload-imports-shell.ts', 'electron/preload/bad.ts', 'electron/main/shell/ok.ts'],
  ['main-service-imports-electron.ts', 'electron/main/services/bad.ts', 'electron/main/shell/ok.ts'],
];

describe('layering lint rules', () => {
  it('has a fixture for every case', () => {
    expect(readdirSync(fixtureDir).sort()).toEqual(cases.map((c) => c[0]).sort());
  });

  it.each(cases)('%s fails lint at %s', async (fixture, badPath, okPath) => {
    const code = readFileSync(join(fixtureDir, fixture), 'utf8');
    expect(await restrictedMessages(code, badPath)).not.toEqual([]);
    if (okPath) expect(await restrictedMessages(code, okPath)).toEqual([]);
  });

  it('lets the preload import shared/ and contextBridge/ipcRenderer', async () => {
    const code = `import { contextBridge, ipcRenderer } from 'electron';\nimport { createConsoleApi } from '../../shared/ipc/api';\nexport const x = [contextBridge, ipcRenderer, createConsoleApi];\n`;
    expect(await restrictedMessages(code, 'electron/preload/index.ts')).toEqual([]);
  });

  it('lets main-process services import electron types only', async () => {
    const code = `import type { WebContents } from 'electron';\nexport type X = WebContents;\n`;
    expect(await restrictedMessages(code, 'electron/main/services/ok.ts')).toEqual([]);
  });
});
