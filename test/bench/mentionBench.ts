// @-mention ranking: the fuzzy match of src/common/mentions on 10,000 workspace paths, as the
// extension runs it on every keystroke after `@` (the index is prepared once). Called from
// toolsBench.ts; prints its own rows and returns its numbers for the `tools` area.

import { performance } from 'node:perf_hooks';
import { preparePath, rankPaths } from '../../src/common/mentions/fuzzyMatch';

const PATHS = 10_000;
const RUNS = 7;
/** What a user types, one keystroke at a time, for a file deep in the list. */
const TYPED = 'feat42modl9942';

/** 10,000 paths shaped like a real repository: folders, camelCase names, a few extensions. */
function generatePaths(): string[] {
  const kinds = ['Service', 'Controller', 'View', 'Store', 'Utils', 'Types'];
  const extensions = ['ts', 'tsx', 'test.ts', 'json', 'md'];
  return Array.from({ length: PATHS }, (_, index) => {
    const folder = `src/feature${index % 100}/${index % 3 === 0 ? 'components/' : ''}`;
    return `${folder}module${index}${kinds[index % kinds.length]}.${extensions[index % extensions.length]}`;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function measureMentionRanking(): Record<string, number> {
  const paths = generatePaths();
  const prepareTimes: number[] = [];
  let prepared = paths.map(preparePath);
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    prepared = paths.map(preparePath);
    prepareTimes.push(performance.now() - start);
  }
  // Each keystroke's query ranks the whole list: the median over runs of each prefix, then the worst prefix.
  const perKeystroke: number[] = [];
  let best = '';
  for (let length = 1; length <= TYPED.length; length++) {
    const query = TYPED.slice(0, length);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const ranked = rankPaths(query, prepared, 50);
      times.push(performance.now() - start);
      if (length === TYPED.length) best = ranked[0]?.path ?? '';
    }
    perKeystroke.push(median(times));
  }
  const result = {
    mention_rank_ms_10k: round(median(perKeystroke)),
    mention_rank_ms_10k_worst_keystroke: round(Math.max(...perKeystroke)),
    mention_index_prepare_ms_10k: round(median(prepareTimes)),
  };
  console.log(`| @-mention fuzzy rank, per keystroke of "${TYPED}" (median) | ${result.mention_rank_ms_10k} |`);
  console.log(`| @-mention fuzzy rank, slowest keystroke | ${result.mention_rank_ms_10k_worst_keystroke} |`);
  console.log(`| @-mention index prepare (once per file list) | ${result.mention_index_prepare_ms_10k} |`);
  console.log(`\n@-mention ranking: ${PATHS} paths; "${TYPED}" ranks ${best} first.`);
  return result;
}
