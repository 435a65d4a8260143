// Builds the extension bundles. One build() per target (see README "Layout").
//   node esbuild.mjs            production build of the shipped bundles
//   node esbuild.mjs --watch    rebuild on change
//   node esbuild.mjs --tests    also build the test-only bundles into out/
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const withTests = args.has('--tests') || watch;
const production = !watch;

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  sourcemap: production ? false : 'inline',
  minify: false,
  logLevel: 'info',
  legalComments: 'none',
};

/** @type {esbuild.BuildOptions[]} */
const targets = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['src/cli/applyPatch.ts'],
    outfile: 'dist/apply-patch.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
];

if (withTests) {
  targets.push(
    {
      ...common,
      sourcemap: 'inline',
      entryPoints: ['test/fake-server/main.ts'],
      outfile: 'out/fake-server.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
    },
  );
}

// The webview uses VS Code's own icon font; ship just its CSS and font file.
mkdirSync('dist/codicons', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) {
  copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/codicons/${file}`);
}

if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
