// A multi-root workspace as the planner sees it: every patch path starts with the name of its
// workspace folder ("api/src/server.ts"), the way VS Code labels files in such a workspace, and
// the rest of the path is checked against that folder alone — no path can reach into a folder
// it does not name, not even through a symbolic link.

import type { ExecutionFolder } from '../security/sensitiveFiles';
import type { PatchWorkspace, RealPathResult, WorkspaceFile } from './patchWorkspace';

export interface WorkspaceFolderEntry<W extends PatchWorkspace> {
  /** The folder's name as VS Code shows it (the `name` in a .code-workspace file, or the folder's base name). */
  readonly name: string;
  readonly workspace: W;
}

export type FolderRoute<W extends PatchWorkspace> =
  | { readonly ok: true; readonly folder: WorkspaceFolderEntry<W>; readonly rest: string }
  | { readonly ok: false; readonly reason: string };

export class MultiRootWorkspace<W extends PatchWorkspace = PatchWorkspace> implements PatchWorkspace {
  readonly caseInsensitive: boolean;

  constructor(readonly folders: readonly WorkspaceFolderEntry<W>[]) {
    if (folders.length === 0) throw new Error('A multi-root workspace needs at least one folder.');
    this.caseInsensitive = folders.some((folder) => folder.workspace.caseInsensitive);
  }

  /** The folder a normalised patch path names with its first segment, and the path inside it. */
  route(path: string): FolderRoute<W> {
    const slash = path.indexOf('/');
    const first = slash === -1 ? path : path.slice(0, slash);
    const rest = slash === -1 ? '' : path.slice(slash + 1);
    const same = (name: string) => (this.caseInsensitive ? name.toLowerCase() === first.toLowerCase() : name === first);
    const matches = this.folders.filter((folder) => same(folder.name));
    const names = this.folders.map((folder) => folder.name).join(', ');
    if (matches.length === 0) {
      return { ok: false, reason: `this workspace has several folders (${names}), and every path must start with one of their names.` };
    }
    if (matches.length > 1) {
      return { ok: false, reason: `more than one workspace folder is named ${JSON.stringify(first)}; rename one in the workspace file to edit it.` };
    }
    if (rest === '') return { ok: false, reason: `it names the workspace folder ${JSON.stringify(first)}, not a file in it.` };
    return { ok: true, folder: matches[0], rest };
  }

  async rootRealPath(path?: string): Promise<string> {
    if (path === undefined) return this.folders[0].workspace.rootRealPath();
    const route = this.route(path);
    // An unroutable path is refused by realPath first; this root is then never compared.
    return route.ok ? route.folder.workspace.rootRealPath(route.rest) : this.folders[0].workspace.rootRealPath();
  }

  async readFile(path: string): Promise<WorkspaceFile> {
    const route = this.route(path);
    return route.ok ? route.folder.workspace.readFile(route.rest) : { kind: 'missing' };
  }

  async executionFolders(path: string): Promise<readonly ExecutionFolder[]> {
    const route = this.route(path);
    return route.ok ? ((await route.folder.workspace.executionFolders?.(route.rest)) ?? []) : [];
  }

  async realPath(path: string): Promise<RealPathResult> {
    const route = this.route(path);
    return route.ok ? route.folder.workspace.realPath(route.rest) : { kind: 'refused', reason: route.reason };
  }
}
