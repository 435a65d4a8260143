// Lint: the recommended rules, no `any`, and the layer rules that keep the architecture what the
// README's Layout section says it is. Run with `npm run lint` (part of `npm test`).
//
// Layers (each folder may import only from the folders listed for it; `vscode` only where named):
//   src/common   pure TypeScript: src/common only; no `vscode`, no Node built-ins, no DOM globals
//   src/node     Node-only code: src/common, src/node, Node built-ins; no `vscode`
//   src/cli      the command-line applier: src/common, src/node, Node built-ins; no `vscode`
//   src/webview  the browser app: src/common, src/webview, the browser libraries in LAYERS; no `vscode`, no Node
//   src/vscode   the VS Code glue: everything but src/webview and src/cli; the only place with `vscode`
//   src/extension.ts  activation: like src/vscode
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Which source folders (relative to src/) each layer may import from, and what else it may use. */
export const LAYERS = {
  common: { imports: ['common'], vscode: false, node: false },
  node: { imports: ['common', 'node'], vscode: false, node: true },
  cli: { imports: ['common', 'node', 'cli'], vscode: false, node: true },
  // Packages are listed: a new one must be a browser library someone chose to ship in the webview.
  webview: { imports: ['common', 'webview'], vscode: false, node: false, packages: ['dompurify', 'highlight.js', 'marked'] },
  vscode: { imports: ['common', 'node', 'vscode'], vscode: true, node: true },
  'extension.ts': { imports: ['common', 'node', 'vscode'], vscode: true, node: true },
};

const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function isNodeBuiltin(source) {
  return source.startsWith('node:') || nodeBuiltins.has(source) || nodeBuiltins.has(source.split('/')[0]);
}

/** The layer of a file: the first folder under src/ (or extension.ts), or undefined outside src/. */
function layerOf(file) {
  const relative = path.relative(path.join(root, 'src'), file).split(path.sep);
  if (relative[0] === '..' || path.isAbsolute(relative.join('/'))) return undefined;
  return relative[0];
}

const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each src/ layer to the imports its layer allows (see eslint.config.mjs).' },
    schema: [],
  },
  create(context) {
    const layer = layerOf(context.filename);
    const rules = layer && LAYERS[layer];
    if (!rules) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const where = `src/${layer}`;
      if (source === 'vscode') {
        if (!rules.vscode) context.report({ node, message: `${where} must not import 'vscode': only src/vscode (and src/extension.ts) talk to VS Code.` });
        return;
      }
      if (isNodeBuiltin(source)) {
        if (!rules.node) context.report({ node, message: `${where} must not import the Node built-in '${source}': it runs outside Node. Put Node code in src/node.` });
        return;
      }
      if (!source.startsWith('.')) {
        const name = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
        if (rules.packages && !rules.packages.includes(name)) {
          context.report({ node, message: `${where} may import only the browser libraries ${rules.packages.join(', ')}; add '${name}' to LAYERS in eslint.config.mjs if it is one.` });
        }
        return;
      }
      const target = layerOf(path.resolve(path.dirname(context.filename), source));
      const targetName = target === undefined ? 'outside src/' : `src/${target.replace(/\.ts$/, '')}`;
      if (target === undefined || !rules.imports.includes(target)) {
        context.report({ node, message: `${where} must not import from ${targetName}; it may import from ${rules.imports.map((name) => `src/${name}`).join(', ')}.` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

/** Browser globals pure code must not touch (the lib includes DOM types, so tsc does not stop them). */
const DOM_GLOBALS = ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'HTMLElement', 'Element', 'Node', 'DOMParser', 'MutationObserver', 'requestAnimationFrame', 'acquireVsCodeApi'];
/** Node globals pure and browser code must not touch. */
const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename', 'setImmediate', 'global'];

const restrict = (names, why) => names.map((name) => ({ name, message: `${name} ${why}` }));

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'test-results/**', 'test/patch-scenarios/**', 'test/fixtures/**', '**/*.vsix'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { codewright: { rules: { 'layer-imports': layerImports } } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'codewright/layer-imports': 'error',
      // Product code logs through src/vscode/log.ts, which redacts secrets.
      'no-console': 'error',
    },
  },
  {
    files: ['src/common/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...restrict(DOM_GLOBALS, 'is a browser global: src/common is pure TypeScript.'), ...restrict(NODE_GLOBALS, 'is a Node global: src/common is pure TypeScript.')],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...restrict(NODE_GLOBALS, 'is a Node global: the webview runs in a browser.')],
    },
  },
  {
    files: ['src/node/**/*.ts', 'src/vscode/**/*.ts', 'src/cli/**/*.ts', 'src/extension.ts'],
    rules: {
      'no-restricted-globals': ['error', ...restrict(DOM_GLOBALS, 'is a browser global: this code runs in Node.')],
    },
  },
);
