// Runs every scenario of the corpus twice — through the library (plan + disk applier) and through
// the built command-line applier — in a temporary copy, and checks the result byte for byte. On
// an expected error, the whole workspace (and the folder outside it) must be exactly as before.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlanToDisk } from '../../../src/node/patch/diskApplier';
import { NodeWorkspace } from '../../../src/node/patch/nodeWorkspace';
import { planPatch } from '../../../src/common/patch/patchPlanner';
import { formatPatchFailure, formatPatchSuccess } from '../../../src/common/patch/patchResult';
import { buildCli, runCli as runBuiltCli } from './cliHarness';
import type { Scenario } from './scenarioCorpus';
import { loadScenarios } from './scenarioCorpus';

const scenarios = loadScenarios();
let scratch: string;
let cliPath: string;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'patch-scenarios-'));
  // The same bundle esbuild.mjs ships as dist/apply-patch.js, built fresh so the test sees current sources.
  cliPath = await buildCli(scratch);
});

afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

/** Every entry under `root`: files as bytes (hex), symlinks as their target, folders as 'dir'. */
async function snapshot(root: string, includeFolders: boolean): Promise<Record<string, string>> {
  const entries: Record<string, string> = {};
  async function walk(dir: string, prefix: string): Promise<void> {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const relative = prefix + entry.name;
      const absolute = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) entries[relative] = `symlink -> ${await fs.readlink(absolute)}`;
      else if (entry.isDirectory()) {
        if (includeFolders) entries[relative] = 'dir';
        await walk(absolute, `${relative}/`);
      } else entries[relative] = (await fs.readFile(absolute)).toString('hex');
    }
  }
  await walk(root, '');
  return entries;
}

interface Prepared {
  readonly workspace: string;
  readonly outside: string;
  readonly linkEntries: Record<string, string>;
}

let counter = 0;
async function prepare(scenario: Scenario): Promise<Prepared> {
  const base = path.join(scratch, `${scenario.name}-${counter++}`);
  const workspace = path.join(base, 'workspace');
  const outside = path.join(base, 'outside');
  await fs.mkdir(outside, { recursive: true });
  await fs.cp(path.join(scenario.dir, 'input'), workspace, { recursive: true });
  for (const [name, content] of Object.entries(scenario.options.outsideFiles ?? {})) {
    await fs.writeFile(path.join(outside, name), content);
  }
  const linkEntries: Record<string, string> = {};
  for (const link of scenario.options.symlinks ?? []) {
    const target = link.target.replace('{outside}', outside);
    await fs.symlink(target, path.join(workspace, link.path));
    linkEntries[link.path] = `symlink -> ${target}`;
  }
  return { workspace, outside, linkEntries };
}

async function expectedTree(scenario: Scenario, prepared: Prepared): Promise<Record<string, string>> {
  const tree = await snapshot(path.join(scenario.dir, 'expected'), false);
  delete tree['.empty'];
  return { ...tree, ...prepared.linkEntries };
}

function runCli(cwd: string, patch: string, extra: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runBuiltCli(cliPath, ['--cwd', cwd, ...extra], patch);
}

function expectErrorLines(message: string, scenario: Scenario): void {
  for (const line of scenario.expectedErrorLines ?? []) expect(message).toContain(line);
}

describe('the patch scenario corpus', () => {
  it('has at least 40 scenarios, each with an expected result or an expected error', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(scenarios)('$name', (scenario) => {
    it('gives the expected result through the library', async () => {
      const prepared = await prepare(scenario);
      const before = await snapshot(prepared.workspace, true);
      const outsideBefore = await snapshot(prepared.outside, true);
      const workspace = await NodeWorkspace.open(prepared.workspace);
      const plan = await planPatch(scenario.patch, workspace);
      if (scenario.expectedErrorLines) {
        expect(plan.ok, 'the plan should fail').toBe(false);
        if (plan.ok) return;
        expectErrorLines(plan.message, scenario);
        expect(formatPatchFailure(plan)).toMatch(/No files were changed\.$/);
      } else {
        if (!plan.ok) throw new Error(`unexpected plan failure: ${plan.message}`);
        expect(plan.sensitive.map((change) => change.path)).toEqual(scenario.options.sensitive ?? []);
        if (scenario.options.replaces) {
          expect(plan.changes.filter((change) => change.replacesExisting).map((change) => change.path)).toEqual(scenario.options.replaces);
        }
        if (scenario.options.summary) {
          expect(formatPatchSuccess(plan.summary)).toBe(['Success. Updated the following files:', ...scenario.options.summary].join('\n'));
        }
        const applied = await applyPlanToDisk(plan, workspace);
        expect(applied).toEqual({ ok: true });
        expect(await snapshot(prepared.workspace, false)).toEqual(await expectedTree(scenario, prepared));
      }
      if (scenario.expectedErrorLines) expect(await snapshot(prepared.workspace, true)).toEqual(before);
      expect(await snapshot(prepared.outside, true)).toEqual(outsideBefore);
    });

    it('gives the same result through the command-line applier', async () => {
      const prepared = await prepare(scenario);
      const before = await snapshot(prepared.workspace, true);
      const outsideBefore = await snapshot(prepared.outside, true);
      const sensitive = (scenario.options.sensitive ?? []).length > 0;
      if (scenario.expectedErrorLines) {
        const result = await runCli(prepared.workspace, scenario.patch, []);
        expect(result.code).toBe(1);
        expectErrorLines(result.stderr, scenario);
        expect(result.stderr).toContain('No files were changed.');
        expect(await snapshot(prepared.workspace, true)).toEqual(before);
      } else {
        if (sensitive) {
          const refused = await runCli(prepared.workspace, scenario.patch, []);
          expect(refused.code).toBe(1);
          expect(refused.stderr).toContain('sensitive files that need explicit confirmation');
          expect(await snapshot(prepared.workspace, true)).toEqual(before);
        }
        const dryRun = await runCli(prepared.workspace, scenario.patch, sensitive ? ['--dry-run', '--allow-sensitive'] : ['--dry-run']);
        expect(dryRun.code).toBe(0);
        expect(await snapshot(prepared.workspace, true)).toEqual(before);
        const result = await runCli(prepared.workspace, scenario.patch, sensitive ? ['--allow-sensitive'] : []);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/^Success\. Updated the following files:\n/);
        if (scenario.options.summary) expect(result.stdout.trimEnd().split('\n').slice(1)).toEqual(scenario.options.summary);
        expect(await snapshot(prepared.workspace, false)).toEqual(await expectedTree(scenario, prepared));
      }
      expect(await snapshot(prepared.outside, true)).toEqual(outsideBefore);
    });
  });
});
