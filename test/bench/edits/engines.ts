// The two engines under test, each applying one patch inside a folder.
//   Codewright: the product's engine in-process (plan, then the all-or-nothing disk applier), the
//               same steps as the apply-patch CLI, without a process start.
//   Codex:      `codex --codex-run-as-apply-patch <patch>` with the folder as its working
//               directory (offline; its time includes starting the process).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyPlanToDisk } from '../../../src/node/patch/diskApplier';
import { NodeWorkspace } from '../../../src/node/patch/nodeWorkspace';
import { planPatch } from '../../../src/common/patch/patchPlanner';
import type { Tree } from './editCase';

export interface EngineRun {
  readonly applied: boolean;
  /** The engine's error text when it refused. */
  readonly message: string;
  readonly ms: number;
}

export type Engine = (folder: string, patch: string) => Promise<EngineRun>;

export const codewrightEngine: Engine = async (folder, patch) => {
  const start = performance.now();
  const workspace = await NodeWorkspace.open(folder);
  const plan = await planPatch(patch, workspace);
  if (!plan.ok) return { applied: false, message: plan.message, ms: performance.now() - start };
  // A sensitive target (package.json, .vscode/*.json, …) waits for the user's confirmation in the
  // product; the benchmark confirms, as `apply-patch --allow-sensitive` does.
  const applied = await applyPlanToDisk(plan, workspace);
  const ms = performance.now() - start;
  return applied.ok ? { applied: true, message: '', ms } : { applied: false, message: applied.message, ms };
};

/** `home` is a scratch folder for Codex's HOME, outside the case folder so nothing it writes counts. */
export function codexEngine(binary: string, home: string): Engine {
  return async (folder, patch) => {
    const start = performance.now();
    const run = spawnSync(binary, ['--codex-run-as-apply-patch', patch], {
      cwd: folder,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, CODEX_HOME: home },
    });
    const ms = performance.now() - start;
    if (run.error) return { applied: false, message: `codex did not run: ${run.error.message}`, ms };
    return { applied: run.status === 0, message: `${run.stderr ?? ''}`.trim(), ms };
  };
}

export function writeTree(folder: string, tree: Tree): void {
  for (const [path, bytes] of tree) {
    const full = nodePath.join(folder, ...path.split('/'));
    mkdirSync(nodePath.dirname(full), { recursive: true });
    writeFileSync(full, bytes);
  }
}

/** Every file under `folder` by its slash-separated relative path (folders left empty do not count). */
export function readTree(folder: string): Map<string, Uint8Array> {
  const tree = new Map<string, Uint8Array>();
  const visit = (directory: string, prefix: string): void => {
    for (const entry of readdirSync(directory).sort()) {
      const full = nodePath.join(directory, entry);
      const path = prefix ? `${prefix}/${entry}` : entry;
      if (statSync(full).isDirectory()) visit(full, path);
      else tree.set(path, new Uint8Array(readFileSync(full)));
    }
  };
  visit(folder, '');
  return tree;
}
