// Folders inside a workspace whose files git runs or reads as configuration, found on disk: the git
// directory a `.git` FILE points to (`gitdir: ./realgit` — a worktree, a submodule, or a hostile
// repository hiding its config from a `.git/` check), folders shaped like a git directory, and the
// hooks folder `core.hooksPath` names. The classification itself is src/common/security/sensitiveFiles.ts.

import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { parseGitdirPointer, parseHooksPath, type ExecutionFolder } from '../../common/security/sensitiveFiles';

/** Larger `.git` pointer or config files are not git's; they are not parsed. */
const MAX_GIT_FILE_BYTES = 1024 * 1024;

async function readSmallText(path: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile() || stat.size > MAX_GIT_FILE_BYTES) return undefined;
    return await fs.readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function realOrSame(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch {
    return path;
  }
}

/** Whether `folder` has the shape of a git directory (HEAD, objects/, refs/), whatever its name. */
async function looksLikeGitDirectory(folder: string): Promise<boolean> {
  const [head, objects, refs] = await Promise.all([
    fs.stat(nodePath.join(folder, 'HEAD')).then((stat) => stat.isFile(), () => false),
    isDirectory(nodePath.join(folder, 'objects')),
    isDirectory(nodePath.join(folder, 'refs')),
  ]);
  return head && objects && refs;
}

/** The git directory for the working tree at `folder`: its `.git` folder, or where its `.git` file points. */
async function gitDirectoryOf(folder: string): Promise<{ path: string; pointer: boolean } | undefined> {
  const dotGit = nodePath.join(folder, '.git');
  if (await isDirectory(dotGit)) return { path: await realOrSame(dotGit), pointer: false };
  const text = await readSmallText(dotGit);
  const target = text === undefined ? undefined : parseGitdirPointer(text);
  if (target === undefined) return undefined;
  return { path: await realOrSame(nodePath.resolve(folder, target)), pointer: true };
}

/** What the git directory at `gitDir` makes executable: itself, its common dir, and core.hooksPath. */
async function foldersOfGitDirectory(gitDir: { path: string; pointer: boolean }, workTree: string): Promise<ExecutionFolder[]> {
  const folders: ExecutionFolder[] = [];
  if (gitDir.pointer) folders.push({ path: gitDir.path, reason: 'the git directory a .git file points to (its config and hooks run)' });
  const commonDir = await readSmallText(nodePath.join(gitDir.path, 'commondir'));
  const common = commonDir?.trim() ? await realOrSame(nodePath.resolve(gitDir.path, commonDir.trim())) : undefined;
  if (common !== undefined) folders.push({ path: common, reason: 'the shared git directory of this worktree (its config and hooks run)' });
  for (const dir of [gitDir.path, ...(common !== undefined ? [common] : [])]) {
    const config = await readSmallText(nodePath.join(dir, 'config'));
    const hooksPath = config === undefined ? undefined : parseHooksPath(config);
    // `~/…` is outside every workspace, where nothing can be written anyway.
    if (hooksPath === undefined || hooksPath.startsWith('~')) continue;
    folders.push({ path: await realOrSame(nodePath.resolve(workTree, hooksPath)), reason: 'the git hooks folder that core.hooksPath names' });
  }
  return folders;
}

/**
 * Folders that run code which a write to `target` (an absolute path inside `root`) could land in:
 * from the workspace folder's own git setup, and from every folder between the root and the target
 * (a submodule's `.git` file, a folder shaped like a git directory).
 */
export async function executionFoldersFor(root: string, target: string): Promise<ExecutionFolder[]> {
  const folders: ExecutionFolder[] = [];
  const relative = nodePath.relative(root, nodePath.dirname(target));
  const segments = relative === '' || relative.startsWith('..') ? [] : relative.split(nodePath.sep);
  for (let depth = 0; depth <= segments.length; depth++) {
    const folder = nodePath.join(root, ...segments.slice(0, depth));
    const gitDir = await gitDirectoryOf(folder);
    if (gitDir) folders.push(...(await foldersOfGitDirectory(gitDir, folder)));
    // The workspace folder itself counts too: a bare repository opened as a folder.
    if (await looksLikeGitDirectory(folder)) {
      folders.push({ path: await realOrSame(folder), reason: 'a folder shaped like a git directory (HEAD, objects, refs), whose config and hooks git can run' });
    }
  }
  return folders;
}
