// Activation: the size of the shipped bundles (a production `node esbuild.mjs` build: every script
// the extension host runs, and dist/webview.js), then the packaged extension in code-server: activate()
// as the extension host runs it, and the first Explain of a fresh window (panel, request, first
// answer text), medians over several windows (see firstAnswerBench.ts).

import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER_VERSION, makeTempDir, removeTempDir, resultsDir, toolPaths } from '../harness/codeServer';
import { measureFirstAnswers, type FirstAnswerWindow } from './firstAnswerBench';
import type { AreaResult } from './results';
import { repoRoot, unmeasured } from './results';

const WINDOWS = 5;
const IN_CODE_SERVER = ['activate_ms', 'activate_cpu_ms', 'first_explain_panel_ms', 'first_explain_text_ms'] as const;

/** The scripts the extension host runs: the extension, and the read tools' worker thread it starts (the Node
 *  text search, list_dir's walk). Together they are `extension_bundle_kb`, so moving code into a second file cannot
 *  shrink it. (dist/apply-patch.js is the command-line applier; the host never loads it.) */
const EXTENSION_HOST_SCRIPTS = ['dist/extension.js', 'dist/readToolWorker.js'];

function kilobytes(...paths: string[]): number {
  const bytes = paths.reduce((sum, path) => sum + statSync(join(repoRoot, path)).size, 0);
  return Number((bytes / 1024).toFixed(1));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

function codeServerInstalled(): boolean {
  return existsSync(join(toolPaths().cacheDir, 'code-server', `.installed-code-server-${CODE_SERVER_VERSION}`));
}

function printWindows(windows: readonly FirstAnswerWindow[]): void {
  console.log('\n| window | activate() (ms) | its CPU (ms) | panel ready (ms) | first text shown (ms) | milestones after the command |\n|---|---|---|---|---|---|');
  windows.forEach((w, index) => console.log(`| ${index + 1} | ${w.activateMs} | ${w.activateCpuMs} | ${w.panelMs} | ${w.firstTextMs} | ${w.milestones} |`));
}

async function measureInCodeServer(result: AreaResult): Promise<void> {
  if (!codeServerInstalled()) {
    for (const key of IN_CODE_SERVER) unmeasured(result, key, 'code-server is not installed (bash test/harness/setup.sh)');
    return;
  }
  const packageDir = makeTempDir('codewright-bench-vsix-');
  try {
    const vsixPath = join(packageDir, 'codewright.vsix');
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsixPath], { cwd: repoRoot, stdio: 'pipe', timeout: 5 * 60_000 });
    const windows = await measureFirstAnswers(vsixPath, WINDOWS, join(resultsDir(), 'bench-activation-vscode-logs'));
    printWindows(windows);
    result.activate_ms = Number(median(windows.map((w) => w.activateMs)).toFixed(1));
    result.activate_cpu_ms = Number(median(windows.map((w) => w.activateCpuMs)).toFixed(1));
    result.first_explain_panel_ms = median(windows.map((w) => w.panelMs));
    result.first_explain_text_ms = median(windows.map((w) => w.firstTextMs));
    result.first_window_first_text_ms = windows[0].firstTextMs;
    result.windows = WINDOWS;
    console.log(`\n  medians of ${WINDOWS} windows: activate() ${String(result.activate_ms)} ms (CPU ${String(result.activate_cpu_ms)} ms); first Explain: panel ready ${String(result.first_explain_panel_ms)} ms, first text shown ${String(result.first_explain_text_ms)} ms (first window of the browser: ${String(result.first_window_first_text_ms)} ms)`);
  } catch (error) {
    for (const key of IN_CODE_SERVER) unmeasured(result, key, `the code-server run failed: ${firstLine(error)}`);
  } finally {
    removeTempDir(packageDir);
  }
}

export async function runActivationBench(): Promise<AreaResult> {
  const result: AreaResult = {};
  try {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'pipe', timeout: 5 * 60_000 });
  } catch (error) {
    const reason = `the production build failed: ${firstLine(error)}`;
    unmeasured(result, 'extension_bundle_kb', reason);
    unmeasured(result, 'webview_bundle_kb', reason);
    return result;
  }
  const hostScripts = EXTENSION_HOST_SCRIPTS.filter((path) => existsSync(join(repoRoot, path)));
  result.extension_bundle_kb = kilobytes(...hostScripts);
  result.webview_bundle_kb = kilobytes('dist/webview.js');
  const parts = hostScripts.map((path) => `${path} ${String(kilobytes(path))}`).join(' + ');
  console.log(`  extension ${String(result.extension_bundle_kb)} KB (${parts}), dist/webview.js ${String(result.webview_bundle_kb)} KB (production build)`);
  await measureInCodeServer(result);
  return result;
}
