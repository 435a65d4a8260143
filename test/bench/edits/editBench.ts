// The edit benchmark: Codewright's apply_patch engine against OpenAI Codex's on the same seeded
// corpus of realistic model edits to real files. See classify.ts for what exact/wrong/refused mean.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Outcome } from './classify';
import { classify, describeWrong } from './classify';
import { ensureCodex } from './codexTool';
import { buildCorpus, DEFAULT_SEED } from './corpus';
import type { Category, EditCase } from './editCase';
import { CATEGORIES } from './editCase';
import type { Engine } from './engines';
import { codewrightEngine, codexEngine, readTree, writeTree } from './engines';
import { projectSourcePool } from './sourceFiles';

export interface EngineScore {
  readonly exact: number;
  readonly wrong: number;
  readonly refused: number;
  readonly exact_rate: number;
  readonly wrong_rate: number;
  readonly refused_rate: number;
  readonly ms_median: number;
}

export interface CaseMiss {
  readonly id: string;
  readonly outcome: Outcome;
  readonly description: string;
  readonly detail: string;
}

export interface EditsResult {
  readonly cases: number;
  readonly seed: number;
  readonly corpus_sha256: string;
  readonly codex_version: string | null;
  readonly codewright_exact_rate: number;
  readonly codewright_wrong_rate: number;
  readonly codewright_refused_rate: number;
  readonly codex_exact_rate: number | null;
  readonly codex_wrong_rate: number | null;
  readonly codex_refused_rate: number | null;
  readonly by_category: Record<string, { cases: number; codewright: EngineScore; codex: EngineScore | null }>;
  /** Every case Codewright did not get exactly right. */
  readonly codewright_misses: readonly CaseMiss[];
  /** Codex's wrong outcomes per category, grouped by what went wrong. */
  readonly codex_wrong_reasons: Record<string, Record<string, number>>;
}

interface Run {
  readonly outcome: Outcome;
  readonly ms: number;
  readonly detail: string;
  /** For a wrong outcome: what went wrong, shared by similar cases. */
  readonly kind?: string;
}

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function runCase(engine: Engine, editCase: EditCase, scratch: string): Promise<Run> {
  const folder = mkdtempSync(nodePath.join(scratch, 'case-'));
  try {
    writeTree(folder, editCase.files);
    const run = await engine(folder, editCase.patch);
    const after = readTree(folder);
    const outcome = classify(editCase, run.applied, after);
    if (outcome === 'wrong') {
      const wrong = describeWrong(editCase, run.applied, after);
      return { outcome, ms: run.ms, detail: wrong.detail, kind: wrong.kind };
    }
    return { outcome, ms: run.ms, detail: outcome === 'refused' ? (run.message.split('\n')[0] ?? '') : '' };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function score(runs: readonly Run[]): EngineScore {
  const count = (outcome: Outcome) => runs.filter((run) => run.outcome === outcome).length;
  const rate = (value: number) => (runs.length === 0 ? 0 : Number((value / runs.length).toFixed(4)));
  const exact = count('exact');
  const wrong = count('wrong');
  const refused = count('refused');
  return { exact, wrong, refused, exact_rate: rate(exact), wrong_rate: rate(wrong), refused_rate: rate(refused), ms_median: Number(median(runs.map((run) => run.ms)).toFixed(2)) };
}

function corpusHash(cases: readonly EditCase[]): string {
  const hash = createHash('sha256');
  for (const editCase of cases) {
    hash.update(editCase.id).update(editCase.patch);
    for (const [path, bytes] of editCase.files) hash.update(path).update(bytes);
  }
  return hash.digest('hex');
}

function printTable(result: EditsResult): void {
  const percent = (value: number | undefined) => (value === undefined ? '   –  ' : `${(value * 100).toFixed(1).padStart(5)}%`);
  console.log('  category            cases   Codewright exact / wrong / refused   ms   |   Codex exact / wrong / refused   ms');
  const rows = Object.entries(result.by_category);
  for (const [category, row] of rows) {
    const ours = row.codewright;
    const theirs = row.codex;
    console.log(
      `  ${category.padEnd(18)} ${String(row.cases).padStart(5)}   ${percent(ours.exact_rate)} ${percent(ours.wrong_rate)} ${percent(ours.refused_rate)}  ${ours.ms_median.toFixed(1).padStart(6)}   |   ${percent(theirs?.exact_rate)} ${percent(theirs?.wrong_rate)} ${percent(theirs?.refused_rate)}  ${theirs ? theirs.ms_median.toFixed(1).padStart(6) : '   –'}`,
    );
  }
}

export async function runEditBench(log: (line: string) => void = console.log): Promise<EditsResult> {
  const pool = projectSourcePool(repoRoot);
  const cases = buildCorpus(pool, DEFAULT_SEED);
  log(`  corpus: ${cases.length} cases, seed ${DEFAULT_SEED}, ${CATEGORIES.length} categories`);
  const codex = ensureCodex(log);
  if (!codex.ok) log(`  Codex unavailable, its columns stay null: ${codex.reason}`);
  const scratch = mkdtempSync(nodePath.join(tmpdir(), 'codewright-edits-'));
  const codexHome = nodePath.join(scratch, 'codex-home');
  mkdirSync(codexHome);
  const ours = new Map<Category, Run[]>();
  const theirs = new Map<Category, Run[]>();
  const misses: CaseMiss[] = [];
  const codexReasons: Record<string, Record<string, number>> = {};
  try {
    for (const editCase of cases) {
      const run = await runCase(codewrightEngine, editCase, scratch);
      ours.set(editCase.category, [...(ours.get(editCase.category) ?? []), run]);
      if (run.outcome !== 'exact') misses.push({ id: editCase.id, outcome: run.outcome, description: editCase.description, detail: run.kind ? `${run.kind}: ${run.detail}` : run.detail });
      if (!codex.ok) continue;
      const codexRun = await runCase(codexEngine(codex.binary, codexHome), editCase, scratch);
      theirs.set(editCase.category, [...(theirs.get(editCase.category) ?? []), codexRun]);
      if (codexRun.kind) {
        const perCategory = (codexReasons[editCase.category] ??= {});
        perCategory[codexRun.kind] = (perCategory[codexRun.kind] ?? 0) + 1;
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const all = (runs: Map<Category, Run[]>) => [...runs.values()].flat();
  const oursAll = score(all(ours));
  const theirsAll = codex.ok ? score(all(theirs)) : undefined;
  const byCategory: EditsResult['by_category'] = {};
  for (const category of CATEGORIES) {
    const runs = ours.get(category) ?? [];
    byCategory[category] = { cases: runs.length, codewright: score(runs), codex: codex.ok ? score(theirs.get(category) ?? []) : null };
  }
  const result: EditsResult = {
    cases: cases.length,
    seed: DEFAULT_SEED,
    corpus_sha256: corpusHash(cases),
    codex_version: codex.ok ? codex.version : null,
    codewright_exact_rate: oursAll.exact_rate,
    codewright_wrong_rate: oursAll.wrong_rate,
    codewright_refused_rate: oursAll.refused_rate,
    codex_exact_rate: theirsAll?.exact_rate ?? null,
    codex_wrong_rate: theirsAll?.wrong_rate ?? null,
    codex_refused_rate: theirsAll?.refused_rate ?? null,
    by_category: byCategory,
    codewright_misses: misses,
    codex_wrong_reasons: codexReasons,
  };
  printTable(result);
  for (const miss of misses) log(`  Codewright ${miss.outcome}: ${miss.id} — ${miss.description}: ${miss.detail.slice(0, 160)}`);
  return result;
}
