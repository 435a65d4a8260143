// The read tools' worker for tests and the benchmark: built from source the way esbuild.mjs builds
// dist/readToolWorker.js (bundled, minified), once per process, into a temporary folder.
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let built: string | undefined;

export function readToolWorkerScript(): string {
  if (built) return built;
  const folder = mkdtempSync(join(tmpdir(), 'cw-search-worker-'));
  const outfile = join(folder, 'readToolWorker.js');
  buildSync({
    entryPoints: [fileURLToPath(new URL('../../src/node/tools/readToolWorker.ts', import.meta.url))],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  built = outfile;
  return outfile;
}
