// Writes a plan to disk all-or-nothing: every new file content goes to a temporary file beside its
// target first (with the original's mode and, where allowed, owner); only when all are written is
// each original renamed aside and its new content renamed into place; deleted files are renamed
// aside too. The originals stay aside until everything is in place, so undoing a failure only
// renames them back: it needs no new disk space (a full disk cannot stop it). If even that fails,
// the error lists every file that is left changed, and where its original is.
//
// Replacing a file makes a new file: other hard links to the old one keep the old content.
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

/** Who owns a file and its permission bits. */
export interface FileOwnership {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

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
  /** Mode and owner of an existing file, or undefined when it does not exist. */
  ownership(path: string): Promise<FileOwnership | undefined>;
  /** Gives `path` that owner; throws where the process may not (the new file then stays ours). */
  chown(path: string, uid: number, gid: number): Promise<void>;
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
  ownership: async (path) => {
    try {
      const stat = await nodeFs.stat(path);
      return { mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
    } catch {
      return undefined;
    }
  },
  chown: (path, uid, gid) => nodeFs.chown(path, uid, gid),
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
  /** Originals (and deleted files) renamed aside: renamed back on failure, removed after success. */
  setAside: { target: string; aside: string; path: string }[];
  /** Targets that now hold the patch's content (renamed into place). */
  placed: { target: string; path: string }[];
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

/** Puts every original back by renaming; returns one sentence per file left changed (none: all restored). */
async function rollBack(fs: ApplierFileSystem, journal: Journal): Promise<string[]> {
  const leftChanged: string[] = [];
  const setAsideTargets = new Set(journal.setAside.map((entry) => entry.target));
  const placedTargets = new Set(journal.placed.map((entry) => entry.target));
  for (const { target, path } of [...journal.placed].reverse()) {
    if (setAsideTargets.has(target)) continue;
    // A file the patch added: remove it.
    try {
      await fs.unlink(target);
    } catch (error) {
      leftChanged.push(`${path}: added by the patch, and removing it failed (${describeError(error)})`);
    }
  }
  for (const { target, aside, path } of [...journal.setAside].reverse()) {
    // Renaming the original over the new content replaces it atomically and needs no new space.
    try {
      await fs.rename(aside, target);
    } catch (error) {
      const now = placedTargets.has(target) ? "has the patch's new content" : 'is missing';
      leftChanged.push(`${path} ${now}; its original is kept as ${aside} (rename it back to restore it; restoring failed: ${describeError(error)})`);
    }
  }
  for (const temporary of journal.temporaries) {
    await fs.unlink(temporary).catch(() => undefined);
  }
  for (const directory of [...journal.createdDirectories].reverse()) {
    await fs.rmdir(directory).catch(() => undefined);
  }
  return leftChanged;
}

interface PreparedWrite {
  readonly change: PlannedFileChange;
  readonly temporary: string;
}

type Progress = (change: PlannedFileChange, step: string) => void;

/**
 * Where a change's mode and owner come from: a moved file keeps its own (an executable script stays
 * executable, as with `mv`), even when it lands on an existing file; otherwise the file it replaces.
 */
function ownershipSource(plan: PatchPlan, change: PlannedFileChange): string {
  let source = change;
  // A file moved twice (a → b → c) takes a's: b never existed on disk. Each step names another change.
  for (let step = 0; step < plan.changes.length && source.movedFrom !== undefined; step++) {
    const from = plan.changes.find((candidate) => candidate.movedTo === source.path);
    if (!from) break;
    source = from;
    if (source.original !== undefined) break;
  }
  return source.realPath;
}

/** Writes each new content to a temporary file beside its target, with the original's mode and owner. */
async function writeTemporaries(plan: PatchPlan, fs: ApplierFileSystem, journal: Journal, progress: Progress): Promise<PreparedWrite[]> {
  const writes: PreparedWrite[] = [];
  for (const change of plan.changes) {
    if (!change.newBytes) continue;
    progress(change, 'writing a temporary copy of');
    await ensureDirectory(fs, nodePath.dirname(change.realPath), journal);
    const original = await fs.ownership(ownershipSource(plan, change));
    const temporary = sideName(change.realPath, 'tmp');
    journal.temporaries.push(temporary);
    await fs.writeFile(temporary, change.newBytes, original?.mode);
    // Keep the owner where the process may set it (as root, or the owner itself); otherwise it is ours.
    if (original) await fs.chown(temporary, original.uid, original.gid).catch(() => undefined);
    writes.push({ change, temporary });
  }
  return writes;
}

/** Sets each original aside, then renames its new content into place. */
async function placeWrites(writes: readonly PreparedWrite[], fs: ApplierFileSystem, journal: Journal, progress: Progress): Promise<void> {
  for (const { change, temporary } of writes) {
    if (await exists(fs, change.realPath)) {
      progress(change, 'setting aside the original of');
      const aside = sideName(change.realPath, 'orig');
      await fs.rename(change.realPath, aside);
      journal.setAside.push({ target: change.realPath, aside, path: change.path });
    }
    progress(change, 'replacing');
    await fs.rename(temporary, change.realPath);
    journal.temporaries = journal.temporaries.filter((path) => path !== temporary);
    journal.placed.push({ target: change.realPath, path: change.path });
  }
}

async function setAsideDeleted(plan: PatchPlan, workspace: NodeWorkspace, fs: ApplierFileSystem, journal: Journal, progress: Progress): Promise<void> {
  for (const change of plan.changes) {
    if (change.kind !== 'delete') continue;
    progress(change, 'deleting');
    // Delete the entry the patch named: for a symlink that is the link, not what it points to.
    const entry = await workspace.realEntryPath(change.path);
    if (!isWithinRoot(await workspace.rootRealPath(), entry, workspace.caseInsensitive)) {
      throw new Error(`${change.path} is inside a folder that resolves outside the workspace`);
    }
    const aside = sideName(entry, 'deleted');
    await fs.rename(entry, aside);
    journal.setAside.push({ target: entry, aside, path: change.path });
  }
}

/**
 * Applies a plan made by `planPatch` over the same workspace. On failure every file is restored
 * (code `io`), or, when restoring failed too, the error (code `partial`) lists each file left changed.
 */
export async function applyPlanToDisk(
  plan: PatchPlan,
  workspace: NodeWorkspace,
  fs: ApplierFileSystem = nodeFileSystem,
): Promise<{ ok: true } | PatchError> {
  const stale = await verifyUnchanged(plan, workspace, fs);
  if (stale) return stale;

  const journal: Journal = { createdDirectories: [], temporaries: [], setAside: [], placed: [] };
  let step = 'preparing';
  let current: PlannedFileChange | undefined;
  const progress: Progress = (change, what) => {
    current = change;
    step = what;
  };
  try {
    await placeWrites(await writeTemporaries(plan, fs, journal, progress), fs, journal, progress);
    await setAsideDeleted(plan, workspace, fs, journal, progress);
  } catch (error) {
    const leftChanged = await rollBack(fs, journal);
    const failure = `Writing the patch failed while ${current ? `${step} ${current.path}` : step}: ${describeError(error)}.`;
    if (leftChanged.length === 0) return patchError('io', `${failure} Every file was restored.`, current?.path);
    const list = leftChanged.map((line) => `  ${line}`).join('\n');
    return patchError('partial', `${failure} Restoring failed too, so these files are left changed:\n${list}\nEvery other file is as it was.`, current?.path);
  }
  // Committed. Removing the originals set aside cannot undo anything any more.
  for (const { aside } of journal.setAside) await fs.unlink(aside).catch(() => undefined);
  return { ok: true };
}
