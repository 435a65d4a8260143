// The planner's workspace over the Node file system (CLI, tests). Reads bytes from disk and
// resolves real paths; never writes (see diskApplier.ts).

import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { PatchWorkspace, RealPathResult, WorkspaceFile } from '../../common/patch/patchWorkspace';
import type { ExecutionFolder } from '../../common/security/sensitiveFiles';
import { executionFoldersFor } from '../security/executionFolders';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function swapCase(text: string): string {
  let swapped = '';
  for (const char of text) {
    const upper = char.toUpperCase();
    swapped += upper === char ? char.toLowerCase() : upper;
  }
  return swapped;
}

/** Whether the file system holding `realRoot` ignores case, found by looking the root up with its case swapped. */
async function detectCaseInsensitive(realRoot: string): Promise<boolean> {
  const swapped = swapCase(realRoot);
  if (swapped === realRoot) return process.platform === 'win32' || process.platform === 'darwin';
  try {
    const [original, other] = await Promise.all([fs.stat(realRoot), fs.stat(swapped)]);
    return original.ino === other.ino && original.dev === other.dev;
  } catch {
    return false;
  }
}

export class NodeWorkspace implements PatchWorkspace {
  private constructor(
    /** The folder as given (absolute). */
    readonly rootDir: string,
    private readonly realRoot: string,
    readonly caseInsensitive: boolean,
  ) {}

  /** Opens a workspace folder; rejects when it is not an existing directory. */
  static async open(folder: string): Promise<NodeWorkspace> {
    const rootDir = nodePath.resolve(folder);
    const stat = await fs.stat(rootDir);
    if (!stat.isDirectory()) throw new Error(`${rootDir} is not a directory`);
    const realRoot = await fs.realpath(rootDir);
    return new NodeWorkspace(rootDir, realRoot, await detectCaseInsensitive(realRoot));
  }

  async rootRealPath(): Promise<string> {
    return this.realRoot;
  }

  absolute(path: string): string {
    return nodePath.join(this.rootDir, ...path.split('/'));
  }

  async readFile(path: string): Promise<WorkspaceFile> {
    const absolute = this.absolute(path);
    try {
      const stat = await fs.stat(absolute);
      if (stat.isDirectory()) return { kind: 'directory' };
      if (!stat.isFile()) return { kind: 'other', description: 'it is not a regular file' };
      return { kind: 'bytes', bytes: new Uint8Array(await fs.readFile(absolute)) };
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return { kind: 'missing' };
      if (code === 'ENOTDIR') return { kind: 'other', description: 'one of its parent folders is a file' };
      if (code === 'ELOOP') return { kind: 'other', description: 'it is a symbolic link loop' };
      throw error;
    }
  }

  /**
   * Where the directory entry for `path` really is: its parent folder's real path joined with its
   * name. Deleting a symlink removes this entry (the link), not the file it points to.
   */
  async realEntryPath(path: string): Promise<string> {
    const absolute = this.absolute(path);
    return nodePath.join(await fs.realpath(nodePath.dirname(absolute)), nodePath.basename(absolute));
  }

  /** Git directories and hooks folders a write to `path` could land in (see executionFolders.ts). */
  async executionFolders(path: string): Promise<readonly ExecutionFolder[]> {
    const real = await this.realPath(path);
    return executionFoldersFor(this.realRoot, real.kind === 'resolved' ? real.realPath : this.absolute(path));
  }

  async realPath(path: string): Promise<RealPathResult> {
    const segments = path.split('/');
    // Walk up to the deepest ancestor that exists, resolve it, and append the rest.
    for (let depth = segments.length; depth >= 0; depth--) {
      const candidate = nodePath.join(this.rootDir, ...segments.slice(0, depth));
      try {
        const real = await fs.realpath(candidate);
        return { kind: 'resolved', realPath: nodePath.join(real, ...segments.slice(depth)) };
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ELOOP') return { kind: 'dangling-symlink', linkPath: segments.slice(0, depth).join('/') };
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
        // realpath failed; if the entry itself exists it is a link pointing nowhere.
        try {
          const stat = await fs.lstat(candidate);
          if (stat.isSymbolicLink()) return { kind: 'dangling-symlink', linkPath: segments.slice(0, depth).join('/') };
        } catch {
          // Does not exist: try its parent.
        }
      }
    }
    return { kind: 'resolved', realPath: nodePath.join(this.realRoot, ...segments) };
  }
}
