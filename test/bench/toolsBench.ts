// Read tools: search_text and find_files on a generated workspace of 10,000 files (seeded, so
// every run searches the same text), through the same Node code the extension runs — VS Code's
// bundled ripgrep when the e2e setup installed code-server, and the Node walk the extension falls
// back to (on the read tools' worker thread). find_files here is the Node walk (in VS Code,
// vscode.workspace.findFiles answers it). list_dir runs on the worker thread as in the extension,
// so its row includes starting the worker.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SearchTextArgs } from '../../src/common/tools/toolArguments';
import { findFilesOnDisk } from '../../src/node/tools/findFiles';
import { listInWorker } from '../../src/node/tools/readToolWorkerClient';
import { searchText } from '../../src/node/tools/textSearch';
import { installedRipgrep } from '../harness/nodeReadToolHost';
import { readToolWorkerScript } from '../harness/readToolWorkerScript';
import { measureMentionRanking } from './mentionBench';
import type { AreaResult } from './results';

const FILES = 10_000;
const RUNS = 5;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 10,000 TypeScript-like files in 100 folders; one in 50 calls applyDiscount. */
function generateWorkspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cw-tools-bench-'));
  const next = random(9);
  for (let folder = 0; folder < 100; folder++) mkdirSync(path.join(root, 'src', `feature${folder}`), { recursive: true });
  for (let index = 0; index < FILES; index++) {
    const lines: string[] = [`// module ${index}`];
    const count = 20 + Math.floor(next() * 60);
    for (let line = 0; line < count; line++) lines.push(`export const value${line} = compute(${Math.floor(next() * 1000)}, "item-${index}-${line}");`);
    if (index % 50 === 0) lines.push('export const total = applyDiscount(price, rate);');
    writeFileSync(path.join(root, 'src', `feature${index % 100}`, `module${index}.ts`), `${lines.join('\n')}\n`);
  }
  return root;
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]);
}

/** ripgrep by itself on the same folder and query (output thrown away): what search_text cannot beat. */
function ripgrepAlone(rg: string, root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(rg, ['--no-config', '--hidden', '--no-require-git', '--ignore-case', '--fixed-strings', '--glob', '!.git', '--regexp', 'applyDiscount', '--', '.'], { cwd: root, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

export async function runToolsBench(): Promise<AreaResult> {
  const root = generateWorkspace();
  const roots = [{ prefix: '', fsPath: root }];
  const query: SearchTextArgs = { query: 'applyDiscount', isRegex: false, maxResults: 50 };
  const result: AreaResult = { files: FILES };
  try {
    const ripgrep = installedRipgrep();
    if (ripgrep) {
      const searched = await median(() => searchText(roots, query, {}, { ripgrep, worker: readToolWorkerScript() }));
      // On a busy machine ripgrep's own time swings with the load; the ratio, measured in the same run, does not.
      const alone = await median(() => ripgrepAlone(ripgrep, root));
      result.search_text_ripgrep_ms_10k = searched;
      result.ripgrep_alone_ms_10k = alone;
      result.search_text_vs_ripgrep_alone = Number((searched / Math.max(1, alone)).toFixed(2));
    } else {
      result.search_text_ripgrep_ms_10k = null;
      result.why_null = { search_text_ripgrep_ms_10k: 'no ripgrep: the e2e setup (code-server) is not installed on this machine' };
    }
    result.search_text_node_ms_10k = await median(() => searchText(roots, query, {}, { worker: readToolWorkerScript() }));
    result.find_files_ms_10k = await median(() => findFilesOnDisk(roots, '**/module9999.ts', 100, {}));
    // list_dir of the root at depth 2: 101 entries (src and its 100 folders), the walk on the worker thread.
    result.list_dir_worker_ms = await median(() => listInWorker(root, '', 2, {}, { script: readToolWorkerScript() }));
    const found = await searchText(roots, query, {}, { ripgrep: ripgrep ?? undefined, worker: readToolWorkerScript() });
    console.log('| measurement | median of 5 (ms) |\n|---|---|');
    console.log(`| search_text "applyDiscount", ripgrep | ${result.search_text_ripgrep_ms_10k ?? 'n/a'} |`);
    console.log(`| ripgrep alone, same folder and query (baseline) | ${result.ripgrep_alone_ms_10k ?? 'n/a'} |`);
    console.log(`| search_text "applyDiscount", Node fallback | ${result.search_text_node_ms_10k} |`);
    console.log(`| find_files "**/module9999.ts" (Node walk, every folder) | ${result.find_files_ms_10k} |`);
    console.log(`| list_dir "" depth 2 (worker thread, its start included) | ${result.list_dir_worker_ms} |`);
    console.log(`\n${FILES} files; the search found ${found.total} matching lines.`);
    // @-mention ranking on 10k paths (test/bench/mentionBench.ts): its own rows and keys.
    Object.assign(result, measureMentionRanking());
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return result;
}
