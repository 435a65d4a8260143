// list_dir on disk: entries with kinds and sizes, excluded and git-ignored ones left out.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DirListing } from '../../common/tools/toolHost';
import { walk, WorkspaceFilter, type WalkOptions } from './workspaceWalk';

/** At most this many entries are gathered (the output budget cuts further). */
const MAX_ENTRIES = 5000;

export async function listDirectory(root: string, folder: string, depth: number, options: WalkOptions): Promise<DirListing> {
  const stat = await fs.stat(path.join(root, folder)).catch(() => undefined);
  if (!stat) throw new Error(`${folder || 'The workspace root'} does not exist. Use find_files to find the right path.`);
  if (!stat.isDirectory()) throw new Error(`${folder} is a file, not a folder; use read_file to read it.`);
  const filter = new WorkspaceFilter(root, options);
  const entries: DirListing['entries'] = [];
  for await (const entry of walk(root, folder, depth, options, filter)) {
    if (entries.length >= MAX_ENTRIES) break;
    const relative = folder === '' ? entry.path : entry.path.slice(folder.length + 1);
    const size = entry.kind === 'file' ? (await fs.stat(path.join(root, entry.path)).catch(() => undefined))?.size : undefined;
    entries.push({ path: relative, kind: entry.kind, ...(size !== undefined ? { size } : {}) });
  }
  return { entries, excluded: filter.excluded };
}
