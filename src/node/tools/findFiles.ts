// find_files on disk (the VS Code layer uses vscode.workspace.findFiles; this serves the CLI,
// tests and the benchmark): every file whose workspace path matches the glob.
import { compileGlob } from '../../common/security/glob';
import type { FoundFiles } from '../../common/tools/toolHost';
import type { SearchRoot } from './textSearch';
import { walk, type WalkOptions } from './workspaceWalk';

export async function findFilesOnDisk(roots: readonly SearchRoot[], glob: string, maxResults: number, options: WalkOptions): Promise<FoundFiles> {
  const paths: string[] = [];
  for (const root of roots) {
    const pattern = root.prefix !== '' && glob.startsWith(`${root.prefix}/`) ? glob.slice(root.prefix.length + 1) : glob;
    const compiled = compileGlob(pattern);
    for await (const entry of walk(root.fsPath, '', Number.MAX_SAFE_INTEGER, options)) {
      if (entry.kind !== 'file' || !compiled.test(entry.path)) continue;
      if (paths.length === maxResults) return { paths, more: true };
      paths.push(root.prefix === '' ? entry.path : `${root.prefix}/${entry.path}`);
    }
  }
  return { paths, more: false };
}
