// apply_patch engine benchmark: parse + plan time for large files and many chunks, and how it
// scales from 10k to 50k lines (≈5 means linear; ≈25 would mean quadratic).
import { performance } from 'node:perf_hooks';
import type { PatchWorkspace, RealPathResult, WorkspaceFile } from '../../src/common/patch';
import { planPatch } from '../../src/common/patch';

const RUNS = 5;

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

async function medianMilliseconds(lines: readonly string[], chunkCount: number): Promise<number> {
  const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
  const workspace = memoryWorkspace(new Map([['big.ts', bytes]]));
  const patch = makePatch('big.ts', lines, chunkCount);
  // One untimed run first, so JIT warm-up does not land in the first row.
  await planPatch(patch, workspace);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const plan = await planPatch(patch, workspace);
    times.push(performance.now() - start);
    if (!plan.ok) throw new Error(`benchmark patch did not apply: ${plan.message}`);
  }
  times.sort((left, right) => left - right);
  return times[Math.floor(times.length / 2)] ?? 0;
}

export async function runPatchBench(): Promise<void> {
  const rows: string[][] = [['case', 'lines', 'chunks', 'parse+plan ms (median of 5)']];
  const small = makeFile(10_000);
  const large = makeFile(50_000);
  const ratios: string[] = [];
  for (const chunks of [100, 1_000]) {
    const smallMs = await medianMilliseconds(small, chunks);
    const largeMs = await medianMilliseconds(large, chunks);
    rows.push([`10k lines, ${chunks} chunks`, '10000', String(chunks), smallMs.toFixed(1)]);
    rows.push([`50k lines, ${chunks} chunks`, '50000', String(chunks), largeMs.toFixed(1)]);
    ratios.push(`${chunks} chunks: ${(largeMs / smallMs).toFixed(2)}`);
  }
  const megabyte = makeFile(15_300, 80);
  const size = megabyte.reduce((total, line) => total + line.length + 1, 0);
  rows.push([`1 MB file (${(size / 1_048_576).toFixed(2)} MiB), 100 chunks`, String(megabyte.length), '100', (await medianMilliseconds(megabyte, 100)).toFixed(1)]);

  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  process.stdout.write('\napply_patch engine: parse + plan\n');
  for (const row of rows) process.stdout.write(`  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}\n`);
  process.stdout.write(`  10k → 50k scaling ratio (≈5 is linear): ${ratios.join(', ')}\n`);
}
