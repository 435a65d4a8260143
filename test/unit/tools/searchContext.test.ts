// search_text shows each match with a line of context on each side, as grep does: match lines
// `path:12: text`, context lines `path-11- text`, touching groups merged, `--` between groups.
// The ripgrep path and the Node search must give the model the same answer.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALL_OUTPUT_BYTES } from '../../../src/common/tools/outputBudget';
import { runToolCall } from '../../../src/common/tools/toolRunner';
import { installedRipgrep, NodeReadToolHost } from '../../harness/nodeReadToolHost';

let root: string;

function write(relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cw-search-context-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function search(ripgrep: string | undefined, args: { query: string; is_regex?: boolean; include?: string; max_results?: number }, budget = CALL_OUTPUT_BYTES) {
  const host = new NodeReadToolHost(root, { ripgrep });
  const full = { is_regex: null, include: null, max_results: null, ...args };
  return runToolCall('search_text', JSON.stringify(full), { host, budget, signal: new AbortController().signal, askConsent: async () => false });
}

const CART = [
  '// applyDiscount is imported below',
  "import { applyDiscount } from './discount';",
  '',
  'export function total(items: number[]): number {',
  '  const sum = items.reduce((a, b) => a + b, 0);',
  '  return applyDiscount(sum, 0.1);',
  '}',
  '',
  'export function subtotal(items: number[]): number {',
  '  return applyDiscount(items.length, 0);',
  '}',
];

const engines = [
  ['the Node search', undefined],
  ['ripgrep', installedRipgrep()],
] as const;

describe.each(engines)('search_text context (%s)', (name, ripgrep) => {
  const skip = name === 'ripgrep' && !ripgrep;

  it.skipIf(skip)('shows a line before and after each match, merges touching groups and puts -- between groups', async () => {
    write('src/cart.ts', `${CART.join('\n')}\n`);
    write('src/rates.ts', 'const a = applyDiscount;\r\nconst b = 2;\r\nconst c = applyDiscount;\r\n');
    const result = await search(ripgrep, { query: 'applyDiscount' });
    expect(result.output.split('\n')).toEqual([
      '6 matching lines for "applyDiscount":',
      'src/cart.ts:1: // applyDiscount is imported below',
      "src/cart.ts:2: import { applyDiscount } from './discount';",
      'src/cart.ts-3- ',
      '--',
      'src/cart.ts-5-   const sum = items.reduce((a, b) => a + b, 0);',
      'src/cart.ts:6:   return applyDiscount(sum, 0.1);',
      'src/cart.ts-7- }',
      '--',
      'src/cart.ts-9- export function subtotal(items: number[]): number {',
      'src/cart.ts:10:   return applyDiscount(items.length, 0);',
      'src/cart.ts-11- }',
      '--',
      'src/rates.ts:1: const a = applyDiscount;',
      'src/rates.ts-2- const b = 2;',
      'src/rates.ts:3: const c = applyDiscount;',
    ]);
    expect(result.label).toBe('Searched `applyDiscount` — 6 results in 2 files');
  });

  it.skipIf(skip)('clips long context lines as it clips long matches', async () => {
    write('long.txt', `${'x'.repeat(1000)}\nneedle\n${'y'.repeat(1000)}\n`);
    const result = await search(ripgrep, { query: 'needle' });
    expect(result.output.split('\n')).toEqual(['1 matching line for "needle":', `long.txt-1- ${'x'.repeat(300)}…`, 'long.txt:2: needle', `long.txt-3- ${'y'.repeat(300)}…`]);
  });

  it.skipIf(skip)('keeps each match with its context when the byte budget cuts the answer, and counts the matches left out', async () => {
    // Every third line matches: one group per match; then a run where every line matches.
    const lines = Array.from({ length: 60 }, (_, i) => (i % 3 === 1 ? `hit ${i + 1}` : `plain ${i + 1}`));
    lines.push(...Array.from({ length: 30 }, (_, i) => `hit ${i + 61}`));
    write('many.txt', `${lines.join('\n')}\n`);
    let cutInsideTheRun = false;
    for (const budget of [1200, 1500, 2000]) {
      const result = await search(ripgrep, { query: 'hit', max_results: 200 }, budget);
      const out = result.output.split('\n');
      expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(budget);
      const shown = out.filter((line) => /^many\.txt:\d+: /.test(line)).map((line) => Number(/:(\d+):/.exec(line)?.[1]));
      expect(out.at(-1)).toBe(`[truncated: ${50 - shown.length} more results; narrow the query or pass include]`);
      for (const line of shown) {
        for (const neighbour of [line - 1, line + 1]) {
          if (neighbour < 1 || neighbour > 90) continue;
          const text = neighbour > 60 || neighbour % 3 === 2 ? `hit ${neighbour}` : `plain ${neighbour}`;
          const asMatch = out.includes(`many.txt:${neighbour}: ${text}`);
          const asContext = out.includes(`many.txt-${neighbour}- ${text}`);
          // A neighbour that matches but was cut is counted by the marker instead.
          if (!asMatch && !text.startsWith('hit')) expect(asContext, `line ${neighbour} next to match ${line}`).toBe(true);
        }
      }
      expect(result.label).toBe('Searched `hit` — 50 results in 1 files');
      cutInsideTheRun ||= shown.length > 0 && (shown.at(-1) ?? 0) > 61;
    }
    expect(cutInsideTheRun).toBe(true);
  });

  it.skipIf(skip)('gives the last kept match its context when max_results stops the search', async () => {
    write('a.txt', 'one hit\ntwo\nthree hit\nfour\n');
    const result = await search(ripgrep, { query: 'hit', max_results: 1 });
    expect(result.output.split('\n')).toEqual(['2 matching lines for "hit":', 'a.txt:1: one hit', 'a.txt-2- two', '[truncated: 1 more results; narrow the query or pass include]']);
  });
});
