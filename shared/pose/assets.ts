/**
 * The MediaPipe Pose files the console serves from its own build output
 * (out/renderer/mediapipe/), so pose estimation never fetches anything at
 * run time. `@mediapipe/pose` ships them all; only the lite landmark model
 * is copied (about 12 MB in all; full and heavy are larger and slower on a
 * clinician's laptop: docs/pose.md). The non-SIMD wasm is not copied either:
 * every Chromium the console runs in (Electron 45) has WebAssembly SIMD.
 */

/** The folder under the renderer's output (and URL path) that holds them. */
export const POSE_ASSET_DIR = 'mediapipe';

/** The npm package and the exact version the files come from. */
export const POSE_PACKAGE = '@mediapipe/pose';
export const POSE_PACKAGE_VERSION = '0.5.1675469404';

/** 0 = lite: the only landmark model served. */
export const POSE_MODEL_COMPLEXITY = 0;
export const POSE_MODEL_NAME = 'pose_landmark_lite';

/** Every file the runtime requests, as named in the package. */
export const POSE_ASSET_FILES: readonly string[] = [
  'pose.js',
  'pose_solution_simd_wasm_bin.js',
  'pose_solution_simd_wasm_bin.wasm',
  'pose_solution_simd_wasm_bin.data',
  'pose_solution_packed_assets_loader.js',
  'pose_solution_packed_assets.data',
  'pose_web.binarypb',
  `${POSE_MODEL_NAME}.tflite`,
];
