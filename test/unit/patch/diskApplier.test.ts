import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplierFileSystem } from '../../../src/node/patch/diskApplier';
import { applyPlanToDisk, nodeFileSystem } from '../../../src/node/patch/diskApplier';
import { NodeWorkspace } from '../../../src/node/patch/nodeWorkspace';
import type { PatchPlan } from '../../../src/common/patch/patchPlanner';
import { planPatch } from '../../../src/common/patch/patchPlanner';
import { formatPatchFailure } from '../../../src/common/patch/patchResult';

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
    ['setting aside the original of an executable', 'rename' as const, 4],
    ['moving the deleted file aside', 'rename' as const, 6],
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

  it('restores everything by renaming when the disk is full (no new space needed)', async () => {
    await seedThreeFiles();
    const before = await tree(root);
    const { plan, workspace } = await planFor(THREE_FILES);
    let renames = 0;
    let diskFull = false;
    const full = (): never => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    const fs2: ApplierFileSystem = {
      ...nodeFileSystem,
      rename: async (from, to) => {
        if (++renames === 5) {
          diskFull = true;
          full();
        }
        return nodeFileSystem.rename(from, to);
      },
      writeFile: async (file, data, mode) => (diskFull ? full() : nodeFileSystem.writeFile(file, data, mode)),
      mkdir: async (dir) => (diskFull ? full() : nodeFileSystem.mkdir(dir)),
    };
    const result = await applyPlanToDisk(plan, workspace, fs2);
    expect(result).toMatchObject({ ok: false, code: 'io' });
    expect(!result.ok && result.message).toMatch(/ENOSPC.*Every file was restored\.$/);
    expect(await tree(root)).toEqual(before);
  });

  it('says exactly which files are left changed, and where their originals are, when restoring fails too', async () => {
    await seedThreeFiles();
    const { plan, workspace } = await planFor(THREE_FILES);
    let renames = 0;
    const broken: ApplierFileSystem = {
      ...nodeFileSystem,
      rename: async (from, to) => {
        if (++renames >= 5) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        return nodeFileSystem.rename(from, to);
      },
    };
    const result = await applyPlanToDisk(plan, workspace, broken);
    if (result.ok) throw new Error('should fail');
    expect(result.code).toBe('partial');
    expect(result.message).toContain('Restoring failed too, so these files are left changed:');
    expect(result.message).toMatch(/one\.txt has the patch's new content; its original is kept as \S*\.one\.txt\.[0-9a-f]+\.codewright-orig/);
    expect(result.message).toMatch(/four\.sh is missing; its original is kept as \S*\.four\.sh\.[0-9a-f]+\.codewright-orig/);
    expect(result.message).not.toContain('two.txt');
    expect(formatPatchFailure(result)).not.toContain('No files were changed');
    expect(formatPatchFailure(result)).toMatch(/Some files WERE changed/);
    // What the message says is what the disk holds.
    const after = await tree(root);
    expect(after['one.txt']).toBe(`644 ${Buffer.from('one\n').toString('hex')}`);
    expect(after['four.sh']).toBeUndefined();
    expect(after['new/deeper/two.txt']).toBeUndefined();
    const asides = Object.keys(after).filter((name) => name.endsWith('.codewright-orig'));
    expect(asides).toHaveLength(2);
  });

  it("gives the new file the original's mode and owner", async () => {
    await seedThreeFiles();
    const { plan, workspace } = await planFor(THREE_FILES);
    const stat = await fs.stat(path.join(root, 'four.sh'));
    const chowned: [string, number, number][] = [];
    const recording: ApplierFileSystem = {
      ...nodeFileSystem,
      chown: async (file, uid, gid) => {
        chowned.push([path.basename(file).replace(/\.[0-9a-f]+\.codewright-tmp$/, ''), uid, gid]);
        return nodeFileSystem.chown(file, uid, gid);
      },
    };
    expect(await applyPlanToDisk(plan, workspace, recording)).toEqual({ ok: true });
    expect(chowned).toContainEqual(['.four.sh', stat.uid, stat.gid]);
    expect(chowned.map(([name]) => name)).not.toContain('.two.txt');
    expect((await fs.stat(path.join(root, 'four.sh'))).mode & 0o777).toBe(0o755);
  });

  it('keeps the mode and owner of a file moved with an edit, also onto an existing file', async () => {
    await fs.mkdir(path.join(root, 'scripts'));
    await fs.writeFile(path.join(root, 'build.sh'), '#!/bin/sh\necho build\n', { mode: 0o755 });
    await fs.writeFile(path.join(root, 'deploy.sh'), '#!/bin/sh\necho deploy\n', { mode: 0o750 });
    await fs.writeFile(path.join(root, 'scripts', 'old.sh'), 'old\n', { mode: 0o644 });
    await fs.chmod(path.join(root, 'deploy.sh'), 0o750);
    const stat = await fs.stat(path.join(root, 'build.sh'));
    const chowned: [string, number, number][] = [];
    const recording: ApplierFileSystem = {
      ...nodeFileSystem,
      chown: async (file, uid, gid) => {
        chowned.push([path.basename(file).replace(/\.[0-9a-f]+\.codewright-tmp$/, ''), uid, gid]);
        return nodeFileSystem.chown(file, uid, gid);
      },
    };
    const { plan, workspace } = await planFor(
      wrap(
        '*** Update File: build.sh',
        '*** Move to: scripts/build.sh',
        '-echo build',
        '+echo built',
        '*** Update File: deploy.sh',
        '*** Move to: scripts/old.sh',
        '-echo deploy',
        '+echo deployed',
      ),
    );
    expect(await applyPlanToDisk(plan, workspace, recording)).toEqual({ ok: true });
    const after = await tree(root);
    expect(after['scripts/build.sh']).toBe(`755 ${Buffer.from('#!/bin/sh\necho built\n').toString('hex')}`);
    expect(after['scripts/old.sh']).toBe(`750 ${Buffer.from('#!/bin/sh\necho deployed\n').toString('hex')}`);
    expect(after['build.sh']).toBeUndefined();
    expect(chowned).toContainEqual(['.build.sh', stat.uid, stat.gid]);
  });

  it('replaces a hard-linked file with a new file: the other link keeps the old content', async () => {
    await fs.writeFile(path.join(root, 'a.txt'), 'a\n');
    await fs.link(path.join(root, 'a.txt'), path.join(root, 'b.txt'));
    const { plan, workspace } = await planFor(wrap('*** Update File: a.txt', '-a', '+A'));
    expect(await applyPlanToDisk(plan, workspace)).toEqual({ ok: true });
    expect(await fs.readFile(path.join(root, 'a.txt'), 'utf8')).toBe('A\n');
    expect(await fs.readFile(path.join(root, 'b.txt'), 'utf8')).toBe('a\n');
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
