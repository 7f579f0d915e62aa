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
          paths: [
            {
              name: 'electron',
              allowTypeImports: true,
              message: 'Only the thin Electron glue imports electron at run time; put logic in a Node-testable module.',
            },
          ],
          patterns: [{ group: ['**/renderer/**', '**/renderer'], message: 'The main process must not import renderer code.' }],
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
);
