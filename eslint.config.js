// Lint, and the layering rules of the README's "Layout" section, enforced:
// shared/ imports nothing from Node, the DOM or Electron; electron/services and
// electron/server never import electron; the renderer reaches the engine only
// through shared/ (the contract), and its components only through renderer/state/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layer = (message, paths, patterns, extraPatterns = []) => ({
  'no-restricted-imports': [
    'error',
    { paths: paths.map((name) => ({ name, message })), patterns: [...(patterns.length ? [{ group: patterns, message }] : []), ...extraPatterns] },
  ],
});
// podman/ is the one place that knows podman's command line: its runner (and the
// processes it starts) stay inside; everything else goes through PodmanClient.
const podmanInternals = {
  group: ['**/podman/runner*', '**/podman/events*', '**/podman/pull', '**/podman/pull.*'],
  message: 'podman runs only inside electron/services/podman/: use PodmanClient (podman/client.ts), and add a method there for a new podman command.',
};

const rendererMessage = 'The renderer talks to the engine only through shared/contract (window.toolshed or the WebSocket).';
const rendererForbidden = [...nodeBuiltins, 'electron', 'node-pty', 'ws'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'release/**', 'bench/results/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**'],
    rules: layer(
      'shared/ is plain TypeScript for every side: no Node, DOM, Electron or UI imports.',
      [...nodeBuiltins, 'electron', 'react', 'react-dom', 'zustand', 'ws', 'node-pty'],
      ['**/electron/**', '**/renderer/**', '@xterm/*'],
    ),
  },
  {
    files: ['electron/services/**', 'electron/server/**'],
    rules: layer(
      'The engine and the server run without Electron (toolshed serve, tests): no electron, main or renderer imports.',
      ['electron'],
      ['**/main/**', '**/renderer/**', '**/preload/**'],
      [podmanInternals],
    ),
  },
  {
    files: ['electron/services/podman/**'],
    rules: layer(
      'The engine and the server run without Electron (toolshed serve, tests): no electron, main or renderer imports.',
      ['electron'],
      ['**/main/**', '**/renderer/**', '**/preload/**'],
    ),
  },
  {
    files: ['electron/main/**', 'bench/**', 'e2e/**'],
    rules: layer('', [], [], [podmanInternals]),
  },
  {
    files: ['electron/preload/**'],
    rules: layer('The preload only bridges IPC: electron and shared/ only.', nodeBuiltins, ['**/services/**', '**/server/**', '**/main/**', '**/renderer/**']),
  },
  {
    // the stand-in Electron's renderer side, injected into pages as text
    files: ['**/*.page.js'],
    languageOptions: { globals: { ...globals.browser } },
    // the file is one function expression, called where it is injected
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...layer(rendererMessage, rendererForbidden, ['**/electron/**']),
    },
  },
  {
    // one way from a view to the engine: the state module of its area (calls, their errors, what they change)
    files: ['renderer/components/**'],
    rules: layer(
      rendererMessage,
      rendererForbidden,
      ['**/electron/**'],
      [{ group: ['**/api/*'], message: 'Components reach the engine through renderer/state/ (the state module of their area), never renderer/api/ directly.' }],
    ),
  },
);
