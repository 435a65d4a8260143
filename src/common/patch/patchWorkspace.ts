// What the planner needs from the place it edits. Two implementations: the Node file system
// (src/node/patch/nodeWorkspace.ts, used by the CLI and tests) and the VS Code layer, which answers `readFile`
// from the open editor buffer when there is one (so unsaved edits are what the patch matches and
// changes) and from the disk otherwise.

import type { ExecutionFolder } from '../security/sensitiveFiles';

/** The current content of a workspace path, as far as the planner is concerned. */
export type WorkspaceFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'directory' }
  /** Exists but is not a regular file or directory (socket, device, a parent that is a file…). */
  | { readonly kind: 'other'; readonly description: string }
  /** Raw bytes from disk; the planner checks NUL bytes, the BOM and UTF-8 itself. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  /** Already-decoded text, e.g. an editor buffer (which keeps its own encoding and BOM). */
  | { readonly kind: 'text'; readonly text: string };

export type RealPathResult =
  /** Absolute path with every symlink resolved: the deepest existing ancestor's real path, joined with the segments that do not exist yet. */
  | { readonly kind: 'resolved'; readonly realPath: string }
  /** The path (or an ancestor) is a symbolic link whose target does not exist: writing would create a file wherever it points. */
  | { readonly kind: 'dangling-symlink'; readonly linkPath: string }
  /** The workspace cannot place the path at all (in a multi-root workspace: no folder of that name); `reason` completes "is not allowed: …". */
  | { readonly kind: 'refused'; readonly reason: string };

export interface PatchWorkspace {
  /** True where `a.ts` and `A.ts` are the same file (Windows, macOS by default). */
  readonly caseInsensitive: boolean;
  /**
   * Absolute real path (symlinks resolved) of the workspace folder `path` belongs to; without a
   * path, of the workspace's only (or first) folder. Every path must stay inside its own folder.
   */
  rootRealPath(path?: string): Promise<string>;
  /** `path` is normalised and relative to the workspace folder, with `/` separators. */
  readFile(path: string): Promise<WorkspaceFile>;
  /** `path` as in `readFile`. */
  realPath(path: string): Promise<RealPathResult>;
  /**
   * Folders on disk whose files run code and that a write to `path` could land in (the git directory
   * a `.git` file points to, core.hooksPath, …). Workspaces without a file system leave it out.
   */
  executionFolders?(path: string): Promise<readonly ExecutionFolder[]>;
}
