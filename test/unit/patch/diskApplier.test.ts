import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplierFileSystem } from '../../../src/node/patch/diskApplier';
import { applyPlanToDisk, nodeFileSystem } from '../../../src/node/patch/diskApplier';
import { NodeWorkspace } from '../../../src/node/patch/nodeWorkspace';
import type { PatchPlan } from '../../../src/common/patch/patchPlanner';
import { planPatch } from '../../../src/common/patch/patchPlanner';

const wrap = (...lines: string[]): string => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

let root: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'disk-applier-'));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function tree(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const absolute = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      out[`${prefix}${entry.name}/`] = 'dir';
      Object.assign(out, await tree(absolute, `${prefix}${entry.name}/`));
    } else if (entry.isSymbolicLink()) {
      out[prefix + entry.name] = `-> ${await fs.readlink(absolute)}`;
    } else {
      const stat = await fs.stat(absolute);
      out[prefix + entry.name] = `${(stat.mode & 0o777).toString(8)} ${(await fs.readFile(absolute)).toString('hex')}`;
    }
  }
  return out;
}

async function planFor(patch: string): Promise<{ plan: PatchPlan; workspace: NodeWorkspace }> {
  const workspace = await NodeWorkspace.open(root);
  const plan = await planPatch(patch, workspace);
  if (!plan.ok) throw new Error(plan.message);
  return { plan, workspace };
}

/** The real file system, except that the n-th call of `operation` throws. */
function failingOn(operation: 'rename' | 'writeFile', nth: number): ApplierFileSystem {
  let calls = 0;
  const fail = (): void => {
    calls++;
    if (calls === nth) throw Object.assign(new Error(`simulated ${operation} failure`), { code: 'EIO' });
  };
  return {
    ...nodeFileSystem,
    rename: async (from, to) => {
      if (operation === 'rename') fail();
      return nodeFileSystem.rename(from, to);
    },
    writeFile: async (file, data, mode) => {
      if (operation === 'writeFile') fail();
      return nodeFileSystem.writeFile(file, data, mode);
    },
  };
}

const THREE_FILES = wrap(
  '*** Update File: one.txt',
  '-1',
  '+one',
  '*** Add File: new/deeper/two.txt',
  '+two',
  '*** Delete File: three.txt',
  '*** Update File: four.sh',
  '-echo 4',
  '+echo four',
);

async function seedThreeFiles(): Promise<void> {
  await fs.writeFile(path.join(root, 'one.txt'), '1\n');
  await fs.writeFile(path.join(root, 'three.txt'), '3\n');
  await fs.writeFile(path.join(root, 'four.sh'), 'echo 4\n', { mode: 0o755 });
  await fs.chmod(path.join(root, 'four.sh'), 0o755);
}

describe('applyPlanToDisk', () => {
  it('writes every change and keeps the permission bits of replaced files', async () => {
    await seedThreeFiles();
    const { plan, workspace } = await planFor(THREE_FILES);
    expect(await applyPlanToDisk(plan, workspace)).toEqual({ ok: true });
    const after = await tree(root);
    expect(after['one.txt']).toBe(`644 ${Buffer.from('one\n').toString('hex')}`);
    expect(after['new/deeper/two.txt']).toMatch(/ 74776f0a$/);
    expect(after['three.txt']).toBeUndefined();
    expect(after['four.sh']).toBe(`755 ${Buffer.from('echo four\n').toString('hex')}`);
    expect(Object.keys(after).filter((name) => name.includes('codewright'))).toEqual([]);
  });

  it.each([
    ['the first rename', 'rename' as const, 1],
    ['the third rename', 'rename' as const, 3],
    ['moving the deleted file aside', 'rename' as const, 4],
    ['the second temporary write', 'writeFile' as const, 2],
  ])('restores everything when %s fails', async (_label, operation, nth) => {
    await seedThreeFiles();
    const before = await tree(root);
    const { plan, workspace } = await planFor(THREE_FILES);
    const result = await applyPlanToDisk(plan, workspace, failingOn(operation, nth));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^Writing the patch failed while .*simulated .* failure\. Every file was restored\.$/);
    expect(await tree(root)).toEqual(before);
  });

  it('refuses to write when a file changed after the plan was made', async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'a\n');
    const { plan, workspace } = await planFor(wrap('*** Update File: a.txt', '-a', '+b'));
    await fs.writeFile(path.join(root, 'a.txt'), 'edited meanwhile\n');
    const result = await applyPlanToDisk(plan, workspace);
    expect(result).toMatchObject({ ok: false, code: 'conflict', message: 'a.txt changed after the patch was checked; apply it again.' });
    expect(await fs.readFile(path.join(root, 'a.txt'), 'utf8')).toBe('edited meanwhile\n');
  });

  it('refuses to write when a symlink to outside was swapped in after the plan was made', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'disk-applier-outside-'));
    try {
      const { plan, workspace } = await planFor(wrap('*** Add File: out/x.txt', '+x'));
      await fs.symlink(outside, path.join(root, 'out'));
      const result = await applyPlanToDisk(plan, workspace);
      expect(result).toMatchObject({ ok: false, code: 'conflict' });
      expect(await fs.readdir(outside)).toEqual([]);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('deletes a symlink itself, not the file it points to', async () => {
    await fs.writeFile(path.join(root, 'real.txt'), 'a\n');
    await fs.symlink('real.txt', path.join(root, 'alias.txt'));
    const { plan, workspace } = await planFor(wrap('*** Delete File: alias.txt'));
    expect(await applyPlanToDisk(plan, workspace)).toEqual({ ok: true });
    expect(await tree(root)).toEqual({ 'real.txt': `644 ${Buffer.from('a\n').toString('hex')}` });
  });

  it('edits the target of a symlink inside the workspace and keeps the link', async () => {
    await fs.writeFile(path.join(root, 'real.txt'), 'a\n');
    await fs.symlink('real.txt', path.join(root, 'alias.txt'));
    const { plan, workspace } = await planFor(wrap('*** Update File: alias.txt', '-a', '+b'));
    expect(await applyPlanToDisk(plan, workspace)).toEqual({ ok: true });
    expect(await fs.readlink(path.join(root, 'alias.txt'))).toBe('real.txt');
    expect(await fs.readFile(path.join(root, 'real.txt'), 'utf8')).toBe('b\n');
  });
});

describe('NodeWorkspace', () => {
  it('detects a case-sensitive file system and reports folders, missing files and bytes', async () => {
    await fs.mkdir(path.join(root, 'dir'));
    await fs.writeFile(path.join(root, 'f.bin'), Buffer.from([1, 2, 3]));
    const workspace = await NodeWorkspace.open(root);
    expect(workspace.caseInsensitive).toBe(false);
    expect(await workspace.readFile('dir')).toEqual({ kind: 'directory' });
    expect(await workspace.readFile('missing.txt')).toEqual({ kind: 'missing' });
    expect(await workspace.readFile('f.bin/child')).toEqual({ kind: 'other', description: 'one of its parent folders is a file' });
    expect(await workspace.readFile('f.bin')).toEqual({ kind: 'bytes', bytes: new Uint8Array([1, 2, 3]) });
  });

  it('refuses to open a folder that does not exist or is a file', async () => {
    await fs.writeFile(path.join(root, 'file'), '');
    await expect(NodeWorkspace.open(path.join(root, 'nope'))).rejects.toThrow();
    await expect(NodeWorkspace.open(path.join(root, 'file'))).rejects.toThrow('is not a directory');
  });
});
