// Context: how long building one request with 50 open files of 100 KB each takes through the real
// request builder (base64 data URLs included) and serialized to the JSON body the SDK sends, and
// how much memory that request holds at its peak. Times are CPU time of this process (the build is
// synchronous, so on an idle machine that is its wall time).

import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { APPLY_PATCH_TOOL } from '../../src/common/patch';
import type { OpenFileContext, TurnRequest } from '../../src/common/responses';
import { buildResponseRequest } from '../../src/common/responses';
import type { AreaResult } from './results';

const FILES = 50;
const FILE_BYTES = 100 * 1024;
const RUNS = 7;

/** A 100 KB TypeScript-like file, different per index so nothing is shared between files. */
function sourceFile(index: number): OpenFileContext {
  const lines: string[] = [];
  let size = 0;
  for (let line = 0; size < FILE_BYTES; line++) {
    const text = `export const value${index}_${line} = compute(${line}, "item-${index}-${line}"); // ünïcode ✓\n`;
    lines.push(text);
    size += Buffer.byteLength(text);
  }
  return { path: `src/module${index}.ts`, languageId: 'typescript', content: lines.join('').slice(0, FILE_BYTES) };
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
}

function heapMegabytes(): number {
  const usage = process.memoryUsage();
  return (usage.heapUsed + usage.arrayBuffers) / 1024 / 1024;
}

export async function runContextBench(): Promise<AreaResult> {
  const openFiles = Array.from({ length: FILES }, (_, index) => sourceFile(index));
  const turn: TurnRequest = {
    instructions: 'You are Codewright.',
    prompt: 'Refactor these modules.',
    openFiles,
    settings: { model: 'gpt-5', reasoningEffort: 'medium', reasoningSummary: 'auto', verbosity: 'medium', maxOutputTokens: null, store: true },
    tools: [APPLY_PATCH_TOOL],
  };
  // Warm-up, so JIT compilation does not land in the first timed run.
  JSON.stringify(buildResponseRequest(turn));
  const buildTimes: number[] = [];
  const bodyTimes: number[] = [];
  const wallTimes: number[] = [];
  let peak = 0;
  let bodyBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    collectGarbage();
    const before = heapMegabytes();
    // CPU time of this synchronous work: on a shared machine wall time mostly measures the queue.
    const wallStart = performance.now();
    const start = process.cpuUsage();
    const params = buildResponseRequest(turn);
    const built = cpuMs(start);
    const body = JSON.stringify(params);
    bodyTimes.push(cpuMs(start));
    buildTimes.push(built);
    wallTimes.push(performance.now() - wallStart);
    // The request and its body are both alive here: the most this request holds at once.
    peak = Math.max(peak, heapMegabytes() - before);
    bodyBytes = body.length;
  }
  const build = median(buildTimes);
  const withBody = median(bodyTimes);
  console.log(
    `  ${FILES} files × ${FILE_BYTES / 1024} KB: request built (base64 included) in ${build.toFixed(1)} ms CPU, ` +
      `with the SDK's JSON body (${(bodyBytes / 1024 / 1024).toFixed(1)} MB) ${withBody.toFixed(1)} ms CPU, ${median(wallTimes).toFixed(1)} ms wall (medians of ${RUNS}); ${peak.toFixed(0)} MB heap at the peak`,
  );
  return {
    ms_50_files_100kb: Number(build.toFixed(2)),
    ms_50_files_100kb_with_json_body: Number(withBody.toFixed(2)),
    wall_ms_with_json_body: Number(median(wallTimes).toFixed(2)),
    timing: 'CPU time of the synchronous build (wall time on a shared machine mostly measures waiting for a core)',
    peak_mb: Number(peak.toFixed(1)),
    body_mb: Number((bodyBytes / 1024 / 1024).toFixed(2)),
    runs: RUNS,
  };
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
