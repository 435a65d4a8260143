// Activation: the size of the shipped bundles (a production `node esbuild.mjs` build of
// dist/extension.js and dist/webview.js), which is most of what activation and opening the
// panel cost. `activate_ms` needs code-server's extension host and is not measured here.

import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { AreaResult } from './results';
import { repoRoot, unmeasured } from './results';

function kilobytes(path: string): number {
  return Number((statSync(join(repoRoot, path)).size / 1024).toFixed(1));
}

export async function runActivationBench(): Promise<AreaResult> {
  const result: AreaResult = {};
  try {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'pipe', timeout: 5 * 60_000 });
  } catch (error) {
    const reason = `the production build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    unmeasured(result, 'extension_bundle_kb', reason);
    unmeasured(result, 'webview_bundle_kb', reason);
    return result;
  }
  result.extension_bundle_kb = kilobytes('dist/extension.js');
  result.webview_bundle_kb = kilobytes('dist/webview.js');
  console.log(`  dist/extension.js ${String(result.extension_bundle_kb)} KB, dist/webview.js ${String(result.webview_bundle_kb)} KB (production build)`);
  unmeasured(result, 'activate_ms', "needs a timed activation inside code-server's extension host; the e2e harness does not report one yet");
  return result;
}
