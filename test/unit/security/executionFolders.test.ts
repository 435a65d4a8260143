// Files that run code, found on disk: a `.git` FILE pointing at the real git directory, a folder
// shaped like a git directory, core.hooksPath, and a workspace folder that is itself `.git`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MultiRootWorkspace } from '../../../src/common/patch/multiRootWorkspace';
import { planPatch, type PatchPlan } from '../../../src/common/patch/patchPlanner';
import type { PatchWorkspace } from '../../../src/common/patch/patchWorkspace';
import { NodeWorkspace } from '../../../src/node/patch/nodeWorkspace';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'codewright-exec-'));
  made.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    if (path.endsWith('/')) mkdirSync(join(root, path), { recursive: true });
    else writeFileSync(join(root, path), content);
  }
  return root;
}

const GIT_DIR = { 'realgit/HEAD': 'ref: refs/heads/main\n', 'realgit/objects/': '', 'realgit/refs/': '', 'realgit/config': '[core]\n\tbare = false\n' };

async function sensitiveOf(workspace: PatchWorkspace, ...lines: string[]): Promise<(string | undefined)[]> {
  const plan = (await planPatch(['*** Begin Patch', ...lines, '*** End Patch'].join('\n'), workspace)) as PatchPlan;
  if (!plan.ok) throw new Error('plan failed');
  return plan.changes.map((change) => change.sensitiveReason);
}

describe('files that run code, found on disk', () => {
  it('asks before writing the git directory a .git file points to', async () => {
    const root = tree({ '.git': 'gitdir: ./realgit\n', ...GIT_DIR, 'src/a.ts': 'a\n' });
    const reasons = await sensitiveOf(await NodeWorkspace.open(root), '*** Update File: realgit/config', '@@', '+\tfsmonitor = touch /tmp/pwned', '*** Update File: src/a.ts', '-a', '+b');
    expect(reasons[0]).toMatch(/git directory a \.git file points to|shaped like a git directory/);
    expect(reasons[1]).toBeUndefined();
  });

  it('asks before writing a folder shaped like a git directory, whatever it is called', async () => {
    const root = tree({ ...GIT_DIR });
    const [reason] = await sensitiveOf(await NodeWorkspace.open(root), '*** Add File: realgit/hooks/pre-commit', '+#!/bin/sh');
    expect(reason).toContain('shaped like a git directory');
  });

  it('asks before writing in a workspace folder that is itself a bare repository', async () => {
    const root = tree({ HEAD: 'ref: refs/heads/main\n', 'objects/': '', 'refs/': '', config: '[core]\n\tbare = true\n' });
    const [reason] = await sensitiveOf(await NodeWorkspace.open(root), '*** Update File: config', '@@', '+\tfsmonitor = x');
    expect(reason).toContain('shaped like a git directory');
  });

  it('asks before writing the hooks folder core.hooksPath names', async () => {
    const root = tree({ '.git/config': '[core]\n\thooksPath = tools/hooks\n', 'tools/hooks/.keep': '', 'tools/other.sh': '' });
    const reasons = await sensitiveOf(await NodeWorkspace.open(root), '*** Add File: tools/hooks/pre-push', '+#!/bin/sh', '*** Add File: tools/build.sh', '+echo');
    expect(reasons).toEqual(['the git hooks folder that core.hooksPath names', undefined]);
  });

  it('reads core.hooksPath from the git directory a .git file points to', async () => {
    const root = tree({ '.git': 'gitdir: realgit', ...GIT_DIR, 'realgit/config': '[core]\n\thooksPath = .hooks\n' });
    const [reason] = await sensitiveOf(await NodeWorkspace.open(root), '*** Add File: .hooks/post-checkout', '+#!/bin/sh');
    expect(reason).toBe('the git hooks folder that core.hooksPath names');
  });

  it('asks before writing in a workspace folder that is itself a .git or .vscode folder', async () => {
    const root = tree({ 'repo/.git/config': '[core]\n', 'repo/.vscode/settings.json': '{}\n', 'repo/src/a.ts': 'a\n' });
    const folder = async (name: string, path: string) => ({ name, workspace: await NodeWorkspace.open(join(root, path)) });
    const workspace = new MultiRootWorkspace([await folder('meta', 'repo/.git'), await folder('editor', 'repo/.vscode'), await folder('src', 'repo/src')]);
    const reasons = await sensitiveOf(workspace, '*** Update File: meta/config', '@@', '+\thooksPath = x', '*** Update File: editor/settings.json', '-{}', '+{"a":1}', '*** Update File: src/a.ts', '-a', '+b');
    expect(reasons).toEqual(['inside a .git folder (git configuration and hooks)', 'inside a .vscode folder (editor settings and tasks)', undefined]);
  });

  it('asks before changing the scripts of a package.json, not its dependencies', async () => {
    const root = tree({ 'package.json': '{\n  "scripts": { "test": "vitest" },\n  "dependencies": {}\n}\n' });
    const workspace = await NodeWorkspace.open(root);
    const [scripts] = await sensitiveOf(workspace, '*** Update File: package.json', '@@', '-  "scripts": { "test": "vitest" },', '+  "scripts": { "test": "vitest", "postinstall": "node x.js" },');
    expect(scripts).toContain('npm install');
    const [dependencies] = await sensitiveOf(workspace, '*** Update File: package.json', '@@', '-  "dependencies": {}', '+  "dependencies": { "a": "1.0.0" }');
    expect(dependencies).toBeUndefined();
  });
});
