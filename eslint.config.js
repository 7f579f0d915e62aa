// Lint, including the layering rules that keep the architecture honest
// (docs/architecture.md). tests/lint/layering.test.ts proves each rule bites.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http',
  'http2', 'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

/** Browser globals that would make shared/ depend on a DOM. */
const DOM_GLOBALS = [
  'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'HTMLElement', 'Element', 'Node',
  'MediaStream', 'RTCPeerConnection', 'location', 'history', 'alert', 'indexedDB',
].map((name) => ({ name, message: 'shared/ is runtime-neutral: no DOM.' }));

/** Files allowed to import the Electron runtime: the thin glue. Everything else runs under plain Node. */
const ELECTRON_GLUE = ['electron/main/index.ts', 'electron/main/shell/**', 'electron/main/ipc/register.ts', 'electron/main/export/pdf-electron.ts'];

/**
 * Layers inside main (docs/architecture.md): store ← domain services ←
 * adapters. An import may only point down. Folders of electron/main by layer:
 */
const MAIN_ADAPTERS = ['ipc', 'media', 'export', 'family', 'ehr', 'clinic', 'shell', 'security', 'visit-server', 'visit-server-client'];
/** The composition roots and entry points: the top, nothing imports them but tests, CLIs and the glue. */
const MAIN_ROOTS = ['compose', 'index', 'boot', 'app-store', 'native'];
/** A relative import (any depth) of one of electron/main's folders or root modules. */
const mainImport = (names, folders) =>
  `^(\\.\\./)+(${[...names.map((n) => `${n}(\\.ts)?$`), ...folders.map((f) => `${f}(/|$)`)].join('|')})`;
const MAIN_RENDERER_RULE = { group: ['**/renderer/**', '**/renderer'], message: 'The main process must not import renderer code.' };
const MAIN_ELECTRON_RULE = {
  name: 'electron',
  allowTypeImports: true,
  message: 'Only the thin Electron glue imports electron at run time; put logic in a Node-testable module.',
};
/** The layer rules, each with the main-process rules it must keep (a later config block replaces a rule's options, it does not add to them). */
const LAYERS = [
  {
    files: ['electron/main/store/**/*.ts'],
    regex: mainImport(MAIN_ROOTS, ['services', ...MAIN_ADAPTERS]),
    message: 'store/ is the bottom layer of main: it imports only store/ and shared/, never services, adapters or the composition.',
  },
  {
    files: ['electron/main/services/**/*.ts'],
    regex: mainImport(MAIN_ROOTS, MAIN_ADAPTERS),
    // Types vanish at run time: a service may name the shape of what it is handed (the Handlers table type).
    allowTypeImports: true,
    message: 'services/ import the store and shared/ only: adapters (ipc, media, export, family, ehr, clinic…) are passed in, never imported.',
  },
  {
    files: ['electron/main/export/**/*.ts'],
    ignores: ELECTRON_GLUE,
    regex: mainImport(MAIN_ROOTS, ['services', 'ipc', 'media', 'family', 'ehr', 'shell', 'visit-server', 'visit-server-client']),
    // The export service is handed its record, clinicians and clock (typed by the services' interfaces), never a service module.
    allowTypeImports: true,
    message: 'export/ is an adapter over the services: it takes what it needs passed in (types only), never imports a service or another adapter.',
  },
];
/**
 * Files exempt from the layer rules: none. export/model.ts, the last one,
 * reads the stored record through shared/clinical (stored-record.ts,
 * findings.ts, age.ts) since issue 15 item 2. tests/lint/layering.test.ts
 * fails if a file is listed here again, so a new exemption is a visible
 * change to that test, with the reason beside it.
 */
export const LAYER_PENDING = [];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'artifacts/**', 'test-results/**', 'tests/fixtures/**', '.native/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Playwright fixtures declare "no dependencies" as an empty pattern.
    files: ['tests/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'shared/ must not import electron.' },
            { name: 'react', message: 'shared/ has no UI code.' },
            { name: 'react-dom', message: 'shared/ has no UI code.' },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'shared/ must not import Node modules.' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'shared/ must not import Node modules.' },
            { group: ['**/electron/**', '**/electron'], message: 'shared/ must not import from electron/.' },
            { group: ['**/renderer/**', '**/renderer'], message: 'shared/ must not import from renderer/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...DOM_GLOBALS, { name: 'process', message: 'shared/ is runtime-neutral.' }, { name: 'Buffer', message: 'shared/ is runtime-neutral.' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches the main process only through window.consoleApi.' }],
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node.' },
            { group: ['**/electron/**', '**/electron'], message: 'renderer/ must not import from electron/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', allowImportNames: ['contextBridge', 'ipcRenderer'], message: 'The preload may use contextBridge and ipcRenderer only.' },
          ],
          patterns: [
            {
              regex: '^(?!electron$|(\\.\\./)+shared/)',
              message: 'The preload imports only shared/ and electron (contextBridge, ipcRenderer).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/tools/**/*.{ts,mjs}', 'electron/cli/**/*.ts'],
    ignores: ELECTRON_GLUE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [MAIN_ELECTRON_RULE],
          patterns: [MAIN_RENDERER_RULE],
        },
      ],
    },
  },
  {
    files: ELECTRON_GLUE,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**', '**/renderer'], message: 'The main process must not import renderer code.' }] },
      ],
    },
  },
  ...LAYERS.map((layer) => ({
    files: layer.files,
    ignores: [...(layer.ignores ?? []), ...LAYER_PENDING],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [MAIN_ELECTRON_RULE],
          patterns: [MAIN_RENDERER_RULE, { regex: layer.regex, message: layer.message, ...(layer.allowTypeImports ? { allowTypeImports: true } : {}) }],
        },
      ],
    },
  })),
);
