// Writes a plan to disk all-or-nothing: every new file content goes to a temporary file beside its
// target first; only when all are written are they renamed into place, and deleted files are
// renamed aside until the end. Any failure puts back what was there and removes what was new.
//
// Right before writing, each target is checked again (same real path, same bytes as planned), so
// a file edited or a symlink swapped in after the user confirmed is not overwritten.

import { randomBytes } from 'node:crypto';
import { promises as nodeFs } from 'node:fs';
import * as nodePath from 'node:path';
import type { NodeWorkspace } from './nodeWorkspace';
import { describeError } from '../../common/describeError';
import { isWithinRoot } from '../../common/patch/patchPaths';
import type { PatchPlan, PlannedFileChange } from '../../common/patch/patchPlanner';
import type { PatchError } from '../../common/patch/patchTypes';
import { patchError } from '../../common/patch/patchTypes';
import { sameBytes } from '../../common/patch/textModel';

/** The file operations the applier uses; tests substitute failing ones. */
export interface ApplierFileSystem {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array, mode: number | undefined): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  /** The permission bits of an existing file, or undefined when it does not exist. */
  mode(path: string): Promise<number | undefined>;
}

export const nodeFileSystem: ApplierFileSystem = {
  readFile: async (path) => new Uint8Array(await nodeFs.readFile(path)),
  writeFile: async (path, data, mode) => {
    await nodeFs.writeFile(path, data, { flag: 'wx', mode: mode ?? 0o666 });
    // The umask may have narrowed the mode at creation; give the copy the original's exact bits.
    if (mode !== undefined) await nodeFs.chmod(path, mode);
  },
  rename: (from, to) => nodeFs.rename(from, to),
  unlink: (path) => nodeFs.unlink(path),
  mkdir: async (path) => {
    await nodeFs.mkdir(path);
  },
  rmdir: (path) => nodeFs.rmdir(path),
  mode: async (path) => {
    try {
      return (await nodeFs.stat(path)).mode & 0o7777;
    } catch {
      return undefined;
    }
  },
};

function sideName(target: string, purpose: string): string {
  return nodePath.join(nodePath.dirname(target), `.${nodePath.basename(target)}.${randomBytes(6).toString('hex')}.codewright-${purpose}`);
}

async function exists(fs: ApplierFileSystem, path: string): Promise<boolean> {
  return (await fs.mode(path)) !== undefined;
}

/** Checks, just before writing, that every target is still where and what the plan saw. */
async function verifyUnchanged(plan: PatchPlan, workspace: NodeWorkspace, fs: ApplierFileSystem): Promise<PatchError | undefined> {
  const root = await workspace.rootRealPath();
  for (const change of plan.changes) {
    const real = await workspace.realPath(change.path);
    if (real.kind !== 'resolved' || real.realPath !== change.realPath || !isWithinRoot(root, real.realPath, workspace.caseInsensitive)) {
      return patchError('conflict', `${change.path} now resolves to a different location than when the patch was checked; apply it again.`, change.path);
    }
    const original = change.original;
    if (original === undefined) {
      if (await exists(fs, change.realPath)) {
        return patchError('conflict', `${change.path} was created after the patch was checked; apply it again.`, change.path);
      }
      continue;
    }
    let current: Uint8Array;
    try {
      current = await fs.readFile(change.realPath);
    } catch {
      return patchError('conflict', `${change.path} disappeared after the patch was checked; apply it again.`, change.path);
    }
    if (original.kind === 'bytes' && !sameBytes(original.bytes, current)) {
      return patchError('conflict', `${change.path} changed after the patch was checked; apply it again.`, change.path);
    }
  }
  return undefined;
}

interface Journal {
  createdDirectories: string[];
  temporaries: string[];
  /** Targets renamed into place: the original bytes and mode to restore, or undefined if the file was new. */
  placed: { target: string; original: Uint8Array | undefined; mode: number | undefined }[];
  /** Deleted files moved aside: rename back on failure. */
  setAside: { target: string; aside: string }[];
}

async function ensureDirectory(fs: ApplierFileSystem, directory: string, journal: Journal): Promise<void> {
  const missing: string[] = [];
  let current = directory;
  while (!(await exists(fs, current))) {
    missing.push(current);
    const parent = nodePath.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const path of missing.reverse()) {
    await fs.mkdir(path);
    journal.createdDirectories.push(path);
  }
}

async function rollBack(fs: ApplierFileSystem, journal: Journal): Promise<string[]> {
  const problems: string[] = [];
  const attempt = async (what: string, action: () => Promise<void>): Promise<void> => {
    try {
      await action();
    } catch (error) {
      problems.push(`${what}: ${describeError(error)}`);
    }
  };
  for (const { target, aside } of journal.setAside.reverse()) {
    await attempt(`restoring ${target}`, () => fs.rename(aside, target));
  }
  for (const { target, original, mode } of journal.placed.reverse()) {
    if (original === undefined) {
      await attempt(`removing ${target}`, () => fs.unlink(target));
    } else {
      const restore = sideName(target, 'restore');
      await attempt(`restoring ${target}`, async () => {
        await fs.writeFile(restore, original, mode);
        await fs.rename(restore, target);
      });
    }
  }
  for (const temporary of journal.temporaries) {
    await fs.unlink(temporary).catch(() => undefined);
  }
  for (const directory of journal.createdDirectories.reverse()) {
    await attempt(`removing folder ${directory}`, () => fs.rmdir(directory));
  }
  return problems;
}

/** Applies a plan made by `planPatch` over the same workspace; returns the error if nothing could be (or was) changed. */
export async function applyPlanToDisk(
  plan: PatchPlan,
  workspace: NodeWorkspace,
  fs: ApplierFileSystem = nodeFileSystem,
): Promise<{ ok: true } | PatchError> {
  const stale = await verifyUnchanged(plan, workspace, fs);
  if (stale) return stale;

  const journal: Journal = { createdDirectories: [], temporaries: [], placed: [], setAside: [] };
  const writes: { change: PlannedFileChange; temporary: string; mode: number | undefined; newBytes: Uint8Array }[] = [];
  let step = 'preparing';
  let current: PlannedFileChange | undefined;
  try {
    for (const change of plan.changes) {
      current = change;
      if (!change.newBytes) continue;
      step = 'writing a temporary copy of';
      await ensureDirectory(fs, nodePath.dirname(change.realPath), journal);
      const mode = await fs.mode(change.realPath);
      const temporary = sideName(change.realPath, 'tmp');
      journal.temporaries.push(temporary);
      await fs.writeFile(temporary, change.newBytes, mode);
      writes.push({ change, temporary, mode, newBytes: change.newBytes });
    }
    for (const write of writes) {
      current = write.change;
      step = 'replacing';
      const original = write.change.original;
      const originalBytes = original?.kind === 'bytes' ? original.bytes : undefined;
      await fs.rename(write.temporary, write.change.realPath);
      journal.temporaries = journal.temporaries.filter((path) => path !== write.temporary);
      journal.placed.push({ target: write.change.realPath, original: originalBytes, mode: write.mode });
    }
    for (const change of plan.changes) {
      if (change.kind !== 'delete') continue;
      current = change;
      step = 'deleting';
      // Delete the entry the patch named: for a symlink that is the link, not what it points to.
      const entry = await workspace.realEntryPath(change.path);
      if (!isWithinRoot(await workspace.rootRealPath(), entry, workspace.caseInsensitive)) {
        throw new Error(`${change.path} is inside a folder that resolves outside the workspace`);
      }
      const aside = sideName(entry, 'deleted');
      await fs.rename(entry, aside);
      journal.setAside.push({ target: entry, aside });
    }
  } catch (error) {
    const problems = await rollBack(fs, journal);
    const what = current ? `${step} ${current.path}` : step;
    const restored = problems.length === 0 ? 'Every file was restored.' : `Restoring failed too: ${problems.join('; ')}.`;
    return patchError('io', `Writing the patch failed while ${what}: ${describeError(error)}. ${restored}`, current?.path);
  }
  // Committed. Removing the set-aside copies of deleted files cannot undo anything any more.
  for (const { aside } of journal.setAside) await fs.unlink(aside).catch(() => undefined);
  return { ok: true };
}
