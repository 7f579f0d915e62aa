import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { POSE_ASSET_DIR, POSE_ASSET_FILES, POSE_PACKAGE, POSE_PACKAGE_VERSION } from '../../shared/pose/assets';

/**
 * Issue 17: the pose estimator's runtime, wasm and model ship inside the
 * built renderer (copied by electron.vite.config.ts), so the console never
 * fetches them; tests/e2e/pose-offline.spec.ts proves they run offline.
 */
const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve(`${POSE_PACKAGE}/package.json`));
const builtDir = join('out', 'renderer', POSE_ASSET_DIR);

describe('MediaPipe Pose assets in the built renderer', () => {
  it('come from the exact pinned package version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies[POSE_PACKAGE]).toBe(POSE_PACKAGE_VERSION);
    expect((JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version).toBe(POSE_PACKAGE_VERSION);
  });

  it('are all in out/renderer/mediapipe/, byte for byte as the package ships them, and nothing else', () => {
    expect(existsSync(builtDir), 'run `npm run build` first (npm test does)').toBe(true);
    expect(readdirSync(builtDir).sort()).toEqual([...POSE_ASSET_FILES].sort());
    for (const file of POSE_ASSET_FILES) {
      expect(readFileSync(join(builtDir, file)).equals(readFileSync(join(packageDir, file))), file).toBe(true);
    }
    // The lite model only: full (6 MB) and heavy (27 MB) are not shipped.
    expect(POSE_ASSET_FILES.filter((f) => f.endsWith('.tflite'))).toEqual(['pose_landmark_lite.tflite']);
  });

  it('reference no outside URL that could be fetched (only URLs in the wasm glue’s error messages)', () => {
    const found = new Set<string>();
    for (const file of POSE_ASSET_FILES.filter((f) => f.endsWith('.js'))) {
      for (const m of readFileSync(join(builtDir, file), 'utf8').matchAll(/https?:\/\/[^\s'"`)]+/g)) found.add(new URL(m[0]).hostname);
    }
    expect([...found].sort()).toEqual(['emscripten.org', 'github.com']);
    const sources = readdirSync(join('renderer', 'src', 'pose')).map((f) => readFileSync(join('renderer', 'src', 'pose', f), 'utf8'));
    for (const text of sources) expect(text).not.toMatch(/https?:\/\/|cdn\.|jsdelivr|unpkg|googleapis|gstatic/);
  });
});
