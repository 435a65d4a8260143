// The targets of issue 12, checked against bench/results.json: printed by `npm run bench` and
// written into the README by `npm run bench:readme`. A target with no measured value is "n/a".

import type { Area, BenchResults } from './results';

export interface Target {
  readonly area: Area;
  readonly key: string;
  readonly op: '<=' | '>=' | '==';
  readonly limit: number | boolean;
  readonly unit?: string;
}

export const TARGETS: readonly Target[] = [
  { area: 'render', key: 'final_paint_ms_p95', op: '<=', limit: 50, unit: 'ms' },
  { area: 'render', key: 'longest_frame_ms', op: '<=', limit: 50, unit: 'ms' },
  { area: 'render', key: 'busy_share_250dps', op: '<=', limit: 0.15 },
  { area: 'render', key: 'busy_ratio_200k_50k', op: '<=', limit: 5 },
  { area: 'render', key: 'naive_busy_ratio', op: '<=', limit: 0.01 },
  { area: 'render', key: 'dom_matches_one_shot', op: '==', limit: true },
  { area: 'render', key: 'hostile_final_paint_ms_max', op: '<=', limit: 1000, unit: 'ms' },
  { area: 'pipeline', key: 'overhead_ratio_vs_bare_sdk', op: '<=', limit: 1.2 },
  { area: 'patch', key: 'ms_50k_lines_1000_chunks', op: '<=', limit: 100, unit: 'ms' },
  { area: 'patch', key: 'scaling_ratio_50k_10k', op: '<=', limit: 6 },
  { area: 'patch', key: 'max_block_ms', op: '<=', limit: 50, unit: 'ms' },
  { area: 'context', key: 'ms_50_files_100kb', op: '<=', limit: 50, unit: 'ms' },
  { area: 'activation', key: 'activate_ms', op: '<=', limit: 20, unit: 'ms' },
  { area: 'activation', key: 'extension_bundle_kb', op: '<=', limit: 300, unit: 'KB' },
  { area: 'activation', key: 'webview_bundle_kb', op: '<=', limit: 250, unit: 'KB' },
  { area: 'edits', key: 'codewright_wrong_rate', op: '==', limit: 0 },
  // A read tool answers well inside a model round trip (about a second to the first token): VS Code's
  // own ripgrep reads 10,000 files in about 100 ms of CPU; find_files only lists the folders.
  { area: 'tools', key: 'search_text_ripgrep_ms_10k', op: '<=', limit: 300, unit: 'ms' },
  { area: 'tools', key: 'find_files_ms_10k', op: '<=', limit: 200, unit: 'ms' },
];

export type Status = 'PASS' | 'FAIL' | 'n/a';

export interface TargetRow {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  readonly status: Status;
}

/** A run stopped at a cap records "> cap ms": a lower bound, which misses a `<=` target at or below it. */
function lowerBound(value: unknown): number | undefined {
  const match = typeof value === 'string' ? /^>\s*(\d+(?:\.\d+)?)/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

function check(value: unknown, op: Target['op'], limit: number | boolean): Status {
  if (value === null || value === undefined) return 'n/a';
  const bound = lowerBound(value);
  if (bound !== undefined && typeof limit === 'number') return op === '<=' && bound >= limit ? 'FAIL' : op === '>=' && bound >= limit ? 'PASS' : 'n/a';
  if (op === '==') return value === limit ? 'PASS' : 'FAIL';
  if (typeof value !== 'number' || typeof limit !== 'number') return 'n/a';
  return (op === '<=' ? value <= limit : value >= limit) ? 'PASS' : 'FAIL';
}

function show(value: unknown, unit = ''): string {
  if (value === null || value === undefined) return 'not measured';
  if (typeof value === 'number') return `${Number.isInteger(value) || Math.abs(value) >= 100 ? Math.round(value) : value.toPrecision(3)}${unit ? ` ${unit}` : ''}`;
  return `${String(value)}${unit && lowerBound(value) !== undefined ? ` ${unit}` : ''}`;
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? 'not measured' : `${(rate * 100).toFixed(1)} %`;
}

interface CategoryScore {
  cases: number;
  codewright: { exact_rate: number; wrong_rate: number };
  codex: { exact_rate: number; wrong_rate: number } | null;
}

/** Every target with its measured value and PASS/FAIL (per category for the edit benchmark). */
export function evaluateTargets(results: Partial<BenchResults>, areas?: readonly Area[]): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const target of TARGETS) {
    if (areas && !areas.includes(target.area)) continue;
    const value = results[target.area]?.[target.key];
    rows.push({
      name: `${target.area}.${target.key}`,
      value: target.key.endsWith('_rate') && typeof value === 'number' ? percent(value) : show(value, target.unit),
      target: `${target.op === '==' ? '=' : target.op === '<=' ? '≤' : '≥'} ${String(target.limit)}${target.unit ? ` ${target.unit}` : ''}`,
      status: check(value, target.op, target.limit),
    });
  }
  const categories = results.edits?.by_category as Record<string, CategoryScore> | undefined;
  if ((!areas || areas.includes('edits')) && categories) {
    for (const [category, score] of Object.entries(categories)) {
      rows.push({ name: `edits.${category}: Codewright wrong rate`, value: percent(score.codewright.wrong_rate), target: '= 0', status: check(score.codewright.wrong_rate, '==', 0) });
      const codex = score.codex?.exact_rate;
      rows.push({
        name: `edits.${category}: Codewright exact rate ≥ Codex's`,
        value: `${percent(score.codewright.exact_rate)} vs ${percent(codex)}`,
        target: '≥ Codex',
        status: codex === undefined ? 'n/a' : check(score.codewright.exact_rate, '>=', codex),
      });
    }
  }
  return rows;
}

export function printTargets(rows: readonly TargetRow[]): void {
  const width = Math.max(...rows.map((row) => row.name.length), 10);
  console.log('## Targets\n');
  for (const row of rows) console.log(`  ${row.status.padEnd(4)}  ${row.name.padEnd(width)}  ${row.value}  (target ${row.target})`);
}
