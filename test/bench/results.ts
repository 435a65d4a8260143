// bench/results.json: the scoreboard. One object per area (render, pipeline, patch, context,
// activation, edits), each with its measured keys, `null` for a key that was not measured and the
// reason in `why_null`, plus the machine and versions it ran on. A run of some areas keeps the
// other areas' last results (each area records when it was measured).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const AREAS = ['render', 'pipeline', 'patch', 'context', 'activation', 'edits', 'tools'] as const;
export type Area = (typeof AREAS)[number];

export type AreaResult = Record<string, unknown> & { why_null?: Record<string, string> };

export interface Machine {
  cpu_model: string;
  cores: number;
  memory_gb: number;
  node: string;
  chromium: string | null;
  platform: string;
  /** 1, 5 and 15 minute load averages when the run started (the machines are shared). */
  load_average_at_run?: string;
  packages: Record<string, string | null>;
}

export interface BenchResults {
  generated_at: string;
  machine: Machine;
  measured_at: Partial<Record<Area, string>>;
  render?: AreaResult;
  pipeline?: AreaResult;
  patch?: AreaResult;
  context?: AreaResult;
  activation?: AreaResult;
  edits?: AreaResult;
  tools?: AreaResult;
}

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const RESULTS_PATH = fileURLToPath(new URL('../../bench/results.json', import.meta.url));

const VERSIONED_PACKAGES = ['openai', 'marked', 'dompurify', 'highlight.js', 'esbuild', 'typescript', 'playwright-core', 'vitest'];

function installedVersion(name: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(`${repoRoot}node_modules/${name}/package.json`, 'utf8')) as { version?: string };
    return manifest.version ?? null;
  } catch {
    return null;
  }
}

function chromiumVersion(): string | null {
  try {
    const output = execFileSync(process.env.CODEWRIGHT_CHROMIUM ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return output.trim();
  } catch {
    return null;
  }
}

export function describeMachine(extraPackages: Record<string, string | null> = {}): Machine {
  const packages: Record<string, string | null> = {};
  for (const name of VERSIONED_PACKAGES) packages[name] = installedVersion(name);
  return {
    cpu_model: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    chromium: chromiumVersion(),
    platform: `${process.platform}-${process.arch}`,
    packages: { ...packages, ...extraPackages },
  };
}

export function readResults(path = RESULTS_PATH): BenchResults | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as BenchResults;
}

/** Writes the areas measured now over the last results, keeping areas not run this time. */
export function writeResults(measured: Partial<Record<Area, AreaResult>>, machine: Machine, path = RESULTS_PATH): BenchResults {
  const previous = readResults(path);
  const now = new Date().toISOString();
  const results: BenchResults = {
    generated_at: now,
    machine: { ...machine, packages: { ...previous?.machine.packages, ...machine.packages } },
    measured_at: { ...previous?.measured_at },
  };
  for (const area of AREAS) {
    const value = measured[area] ?? previous?.[area];
    if (value) results[area] = value;
    if (measured[area]) results.measured_at[area] = now;
  }
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/** A key left unmeasured: null in the results, with the reason kept and printed. */
export function unmeasured(result: AreaResult, key: string, reason: string): void {
  result[key] = null;
  result.why_null = { ...result.why_null, [key]: reason };
  console.log(`  ${key}: not measured — ${reason}`);
}
