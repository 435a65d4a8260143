// Builds the extension bundles. One build() per target (see README "Layout").
//   node esbuild.mjs            production build of the shipped bundles: minified, with external
//                               source maps (dist/*.js.map) that .vscodeignore keeps out of the .vsix
//   node esbuild.mjs --watch    rebuild on change: unminified, inline source maps for debugging;
//                               prints "[watch] build started" / "[watch] build finished" around each
//                               rebuild and errors as "✘ [ERROR] …" + "    file:line:column:", which the
//                               background problem matcher in .vscode/tasks.json reads
//   node esbuild.mjs --tests    also build the test-only bundles into out/
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openaiTrimPlugin } from './build/openaiTrim.mjs';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const withTests = args.has('--tests') || watch;
const production = !watch;

/**
 * Reports rebuilds for the editor's problem matcher: one "started" when the first target starts
 * rebuilding and one "finished" when the last one is done, with every error and warning between.
 * All targets share one reporter. Exported for test/unit/manifest/contributorKit.test.ts.
 * @returns {esbuild.Plugin}
 */
export function watchReporter() {
  let running = 0;
  return {
    name: 'watch-reporter',
    setup(build) {
      build.onStart(() => {
        if (running++ === 0) console.log('[watch] build started');
      });
      build.onEnd((result) => {
        for (const [kind, messages] of [['ERROR', result.errors], ['WARNING', result.warnings]]) {
          for (const { text, location } of messages) {
            console.error(`✘ [${kind}] ${text}`);
            if (location) console.error(`    ${location.file}:${location.line}:${location.column + 1}:`);
          }
        }
        if (--running === 0) console.log('[watch] build finished');
      });
    },
  };
}

const reporter = watchReporter();

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  sourcemap: production ? 'external' : 'inline',
  minify: production,
  // In watch mode the plugin below does the reporting, in the format the problem matcher expects.
  logLevel: watch ? 'silent' : 'info',
  legalComments: 'none',
  plugins: watch ? [reporter] : [],
};

/**
 * The extension host bundle. The OpenAI SDK in it is trimmed to the API resources the product
 * calls (build/openaiTrim.mjs). Exported for test/unit/manifest/openaiTrim.test.ts.
 * @type {esbuild.BuildOptions}
 */
export const extensionTarget = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  plugins: [...common.plugins, openaiTrimPlugin()],
};

/** @type {esbuild.BuildOptions[]} */
const targets = [
  extensionTarget,
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The read tools' worker thread (Node text search, list_dir's walk), which the extension host can terminate
    // (src/node/tools/readToolWorkerClient.ts loads it from beside extension.js).
    ...common,
    entryPoints: ['src/node/tools/readToolWorker.ts'],
    outfile: 'dist/readToolWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
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
      minify: false,
      entryPoints: ['test/fake-server/main.ts'],
      outfile: 'out/fake-server.js',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
    },
  );
}

// Build only when run as a script (`node esbuild.mjs`), not when a test imports watchReporter.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
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
}
