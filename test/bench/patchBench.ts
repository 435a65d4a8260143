// apply_patch engine benchmark: parse + plan time for large files and many chunks, and how it
// scales from 10k to 50k lines (≈5 means linear; ≈25 would mean quadratic). Hostile shapes a
// model (or a hostile server) can write are measured the same way, each at two sizes five times
// apart. Times are CPU milliseconds of this process (user + system), so other work on a shared
// machine does not inflate them.
//
// `max_block_ms`: planning runs on the extension host and pauses every 20 ms, so nothing else waits
// long. While each case above is planned, a zero-delay timer measures the longest gap between its
// turns (see longestStall); the number is the worst case's median over three plans.
import { performance } from 'node:perf_hooks';
import type { PatchWorkspace, RealPathResult, WorkspaceFile } from '../../src/common/patch';
import { planPatch, StreamingPatchParser } from '../../src/common/patch';

const RUNS = 5;
const HOSTILE_RUNS = 3;

/** The numbers `bench/results.json` keeps under `patch` (milliseconds and ratios). */
export type PatchBenchResults = Record<string, number>;

/** A file of `lineCount` distinct, code-like lines (with a realistic share of repeated `}` lines). */
function makeFile(lineCount: number, width = 0): string[] {
  const lines: string[] = [];
  for (let index = 0; index < lineCount; index++) {
    if (index % 7 === 6) lines.push('}');
    else {
      const line = `  const value${index} = compute(${index}, "item-${index}");`;
      lines.push(width > line.length ? line + '/'.repeat(width - line.length) : line);
    }
  }
  return lines;
}

/** A patch changing one line in each of `chunkCount` evenly spaced places, with 3 lines of context. */
function makePatch(path: string, lines: readonly string[], chunkCount: number): string {
  const out = ['*** Begin Patch', `*** Update File: ${path}`];
  const step = Math.floor(lines.length / chunkCount);
  for (let chunk = 0; chunk < chunkCount; chunk++) {
    let target = chunk * step + Math.floor(step / 2);
    if (lines[target] === '}') target++;
    out.push('@@');
    for (let at = target - 3; at < target; at++) out.push(` ${lines[at] ?? ''}`);
    out.push(`-${lines[target] ?? ''}`, `+${lines[target] ?? ''} // changed`);
    for (let at = target + 1; at <= target + 3; at++) out.push(` ${lines[at] ?? ''}`);
  }
  out.push('*** End Patch');
  return out.join('\n');
}

/** `@@`, `-q`, then `blankLines` empty lines, against a file that is the one line `q`. */
function trailingBlanksCase(blankLines: number): BenchCase {
  const patch = ['*** Begin Patch', '*** Update File: one.txt', '@@', '-q', ...new Array<string>(blankLines).fill(''), '*** End Patch'].join('\n');
  return { files: new Map([['one.txt', ['q']]]), patch, expect: 'ok' };
}

/** One `*** Update File` section per changed line (every fifth line), all on one file. */
function sectionsCase(lineCount: number): BenchCase {
  const lines = makeFile(lineCount);
  const out = ['*** Begin Patch'];
  for (let target = 2; target < lineCount - 2; target += 5) {
    if (lines[target] === '}') continue;
    out.push('*** Update File: big.ts', `@@ ${lines[target - 2] ?? ''}`, ` ${lines[target - 1] ?? ''}`, `-${lines[target] ?? ''}`, `+${lines[target] ?? ''} // changed`);
  }
  out.push('*** End Patch');
  return { files: new Map([['big.ts', lines]]), patch: out.join('\n'), expect: 'ok' };
}

/** A chunk of `lineCount / 5` identical context lines against a file of `lineCount` identical lines. */
function identicalLinesCase(lineCount: number): BenchCase {
  const patch = ['*** Begin Patch', '*** Update File: same.txt', '@@', ...new Array<string>(lineCount / 5).fill(' x'), '-x', '+y', '*** End Patch'].join('\n');
  return { files: new Map([['same.txt', new Array<string>(lineCount).fill('x')]]), patch, expect: 'ambiguous' };
}

interface BenchCase {
  readonly files: ReadonlyMap<string, readonly string[]>;
  readonly patch: string;
  /** 'ok', or the error code the case must end with. */
  readonly expect: string;
}

function memoryWorkspace(files: ReadonlyMap<string, Uint8Array>): PatchWorkspace {
  return {
    caseInsensitive: false,
    rootRealPath: async () => '/bench',
    readFile: async (path): Promise<WorkspaceFile> => {
      const bytes = files.get(path);
      return bytes ? { kind: 'bytes', bytes } : { kind: 'missing' };
    },
    realPath: async (path): Promise<RealPathResult> => ({ kind: 'resolved', realPath: `/bench/${path}` }),
  };
}

/** CPU milliseconds this process has used so far. */
function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function median(times: number[]): number {
  times.sort((left, right) => left - right);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/**
 * Longest gap between timer callbacks while `work` runs: how long the host's event loop is blocked.
 * Each gap counts as the smaller of its wall time and the CPU time the process used in it: wall
 * time alone also counts the time a busy machine gave this process no CPU, and CPU time alone also
 * counts the garbage collector's and compiler's background threads. Both are upper bounds of the
 * time the main thread ran without yielding.
 */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let longest = 0;
  let lastWall = performance.now();
  let lastCpu = cpuNow();
  let running = true;
  const measure = (): void => {
    const wall = performance.now();
    const cpu = cpuNow();
    longest = Math.max(longest, Math.min(wall - lastWall, cpu - lastCpu));
    lastWall = wall;
    lastCpu = cpu;
  };
  const tick = (): void => {
    measure();
    if (running) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  await work();
  running = false;
  measure();
  return longest;
}

/** Per case: the median over STALL_RUNS plans of the longest event-loop gap while planning. */
const STALL_RUNS = 3;
let worstStall = 0;
let worstStallCase = '';

async function planMilliseconds(benchCase: BenchCase, runs: number, name: string): Promise<number> {
  const encoder = new TextEncoder();
  const bytes = new Map([...benchCase.files].map(([path, lines]) => [path, encoder.encode(`${lines.join('\n')}\n`)]));
  const workspace = memoryWorkspace(bytes);
  // Untimed runs first, so JIT warm-up does not land in the timed ones; they also measure how long
  // planning holds the event loop at a time.
  const stalls: number[] = [];
  for (let run = 0; run < STALL_RUNS; run++) stalls.push(await longestStall(() => planPatch(benchCase.patch, workspace)));
  const stall = median(stalls);
  if (stall > worstStall) {
    worstStall = stall;
    worstStallCase = name;
  }
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = cpuNow();
    const plan = await planPatch(benchCase.patch, workspace);
    times.push(cpuNow() - start);
    const outcome = plan.ok ? 'ok' : plan.code;
    if (outcome !== benchCase.expect) throw new Error(`benchmark patch ended with ${outcome}, not ${benchCase.expect}${plan.ok ? '' : `: ${plan.message}`}`);
  }
  return median(times);
}

/** An Add File of about `size` characters streamed in 4-character deltas, with a progress snapshot after each. */
function streamingMilliseconds(size: number): number {
  const lines = ['*** Begin Patch', '*** Add File: big.ts'];
  let length = 0;
  for (let index = 0; length < size; index++) {
    const line = `+  const value${index} = compute(${index}, "item-${index}");`;
    lines.push(line);
    length += line.length + 1;
  }
  lines.push('*** End Patch');
  const text = lines.join('\n');
  const times: number[] = [];
  for (let run = 0; run < HOSTILE_RUNS; run++) {
    const start = cpuNow();
    const parser = new StreamingPatchParser();
    let files = 0;
    for (let at = 0; at < text.length; at += 4) {
      parser.push(text.slice(at, at + 4));
      files += parser.snapshot().files.length;
    }
    if (!parser.finish().ok || files === 0) throw new Error('streaming benchmark patch did not parse');
    times.push(cpuNow() - start);
  }
  return median(times);
}

function ratio(large: number, small: number): number {
  return Number((large / small).toFixed(2));
}

const round = (ms: number): number => Number(ms.toFixed(1));

async function hostileShapes(rows: string[][], results: PatchBenchResults): Promise<void> {
  const shapes: { name: string; key: string; sizes: readonly [string, string]; run: (scale: number) => Promise<number> }[] = [
    { name: '`@@`, `-q`, N empty lines vs a 1-line file', key: 'trailing_blanks', sizes: ['10k', '50k'], run: (k) => planMilliseconds(trailingBlanksCase(k * 10_000), HOSTILE_RUNS, `trailing blanks ×${k}`) },
    { name: 'one Update File section per 5 lines', key: 'sections', sizes: ['2k_on_10k_lines', '10k_on_50k_lines'], run: (k) => planMilliseconds(sectionsCase(k * 10_000), HOSTILE_RUNS, `sections ×${k}`) },
    { name: 'N/5 identical context lines vs N identical lines (ambiguous)', key: 'identical_lines', sizes: ['10k', '50k'], run: (k) => planMilliseconds(identicalLinesCase(k * 10_000), HOSTILE_RUNS, `identical lines ×${k}`) },
    { name: 'streamed Add File, snapshot per 4-char delta', key: 'streaming_add', sizes: ['200kb', '1mb'], run: async (k) => streamingMilliseconds(k * 200_000) },
  ];
  for (const shape of shapes) {
    const small = await shape.run(1);
    const large = await shape.run(5);
    results[`ms_${shape.key}_${shape.sizes[0]}`] = round(small);
    results[`ms_${shape.key}_${shape.sizes[1]}`] = round(large);
    results[`scaling_ratio_${shape.key}`] = ratio(large, small);
    rows.push([`${shape.name}: ${shape.sizes[0]} → ${shape.sizes[1]}`, small.toFixed(1), large.toFixed(1), ratio(large, small).toFixed(2)]);
  }
}

function printTable(title: string, rows: readonly string[][]): void {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  process.stdout.write(`\n${title}\n`);
  for (const row of rows) process.stdout.write(`  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}\n`);
}

/** Prints the tables and returns the numbers for `bench/results.json` (`patch` keys). */
export async function runPatchBench(): Promise<PatchBenchResults> {
  const results: PatchBenchResults = {};
  worstStall = 0;
  worstStallCase = '';
  const rows: string[][] = [['case', 'lines', 'chunks', 'parse+plan CPU ms (median of 5)']];
  const small = makeFile(10_000);
  const large = makeFile(50_000);
  const ratios: string[] = [];
  let worstRatio = 0;
  for (const chunks of [100, 1_000]) {
    const smallMs = await planMilliseconds({ files: new Map([['big.ts', small]]), patch: makePatch('big.ts', small, chunks), expect: 'ok' }, RUNS, `10k lines, ${chunks} chunks`);
    const largeMs = await planMilliseconds({ files: new Map([['big.ts', large]]), patch: makePatch('big.ts', large, chunks), expect: 'ok' }, RUNS, `50k lines, ${chunks} chunks`);
    rows.push([`10k lines, ${chunks} chunks`, '10000', String(chunks), smallMs.toFixed(1)]);
    rows.push([`50k lines, ${chunks} chunks`, '50000', String(chunks), largeMs.toFixed(1)]);
    results[`ms_10k_lines_${chunks}_chunks`] = round(smallMs);
    results[`ms_50k_lines_${chunks}_chunks`] = round(largeMs);
    ratios.push(`${chunks} chunks: ${(largeMs / smallMs).toFixed(2)}`);
    worstRatio = Math.max(worstRatio, ratio(largeMs, smallMs));
  }
  results.scaling_ratio_50k_10k = worstRatio;
  const megabyte = makeFile(15_300, 80);
  const size = megabyte.reduce((total, line) => total + line.length + 1, 0);
  const megabyteMs = await planMilliseconds({ files: new Map([['big.ts', megabyte]]), patch: makePatch('big.ts', megabyte, 100), expect: 'ok' }, RUNS, '1 MB file');
  results.ms_1mb_file = round(megabyteMs);
  rows.push([`1 MB file (${(size / 1_048_576).toFixed(2)} MiB), 100 chunks`, String(megabyte.length), '100', megabyteMs.toFixed(1)]);
  printTable('apply_patch engine: parse + plan', rows);
  process.stdout.write(`  10k → 50k scaling ratio (≈5 is linear): ${ratios.join(', ')}\n`);

  const hostileRows: string[][] = [['hostile shape: small → 5× larger', 'small CPU ms', 'large CPU ms', 'ratio (≈5 is linear)']];
  await hostileShapes(hostileRows, results);
  printTable(`hostile inputs (median of ${HOSTILE_RUNS})`, hostileRows);
  results.max_block_ms = round(worstStall);
  process.stdout.write(`  longest event-loop block while planning (median of ${STALL_RUNS} plans, worst case): ${worstStall.toFixed(1)} ms (${worstStallCase}; target ≤ 50)\n`);
  return results;
}
