// The list of workspace files the @-mention completion ranks. Built on the first `@` (not at
// activation) through the read tools' findFiles, so files.exclude and search.exclude apply as they
// do for find_files; kept current by a file-system watcher (a deleted file leaves at once, created
// files trigger a debounced rebuild) and rebuilt when the folders or the exclude settings change.

import * as vscode from 'vscode';
import { Disposable, toDisposal } from '../common/lifecycle';
import { preparePath, rankPaths, type PreparedPath, type RankedPath } from '../common/mentions/fuzzyMatch';
import type { FoundFiles } from '../common/tools/toolHost';

/** More files than this are not listed (the note under the list says so). */
export const MAX_INDEXED_FILES = 50_000;
const REBUILD_DELAY_MS = 300;

export type FindFiles = (glob: string, maxResults: number, signal: AbortSignal) => Promise<FoundFiles>;

export interface IndexSearch {
  files: RankedPath[];
  /** The workspace has more files than the index holds. */
  capped: boolean;
}

/** A URI as the workspace path findFiles returns (folder name first in a multi-root workspace). */
export function indexPath(uri: vscode.Uri): string | undefined {
  if (!vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

export class WorkspaceFileIndex extends Disposable {
  private paths: PreparedPath[] | undefined;
  private capped = false;
  private building: Promise<void> | undefined;
  private generation = 0;
  private readonly stopped = new AbortController();
  private watching = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly findFiles: FindFiles) {
    super();
    this.register(toDisposal(() => {
      clearTimeout(this.timer);
      this.stopped.abort();
    }));
  }

  /** Whether a search answers at once (the file list is built and current). */
  get ready(): boolean {
    return this.paths !== undefined && this.building === undefined;
  }

  /** The `limit` best files for `query` (an empty query: `preferred` first, then in path order). */
  async search(query: string, limit: number, preferred: readonly string[] = []): Promise<IndexSearch> {
    const paths = await this.built();
    if (query.trim() === '' && preferred.length > 0) {
      const wanted = new Set(preferred);
      const ordered = [...paths.filter((path) => wanted.has(path.path)), ...paths.filter((path) => !wanted.has(path.path))];
      return { files: rankPaths('', ordered, limit), capped: this.capped };
    }
    return { files: rankPaths(query, paths, limit), capped: this.capped };
  }

  private async built(): Promise<PreparedPath[]> {
    this.watch();
    while (this.building || !this.paths) {
      this.building ??= this.build();
      await this.building;
    }
    return this.paths;
  }

  private async build(): Promise<void> {
    // A change while findFiles runs makes its answer stale: it is dropped and built again.
    const generation = this.generation;
    try {
      const found = await this.findFiles('**/*', MAX_INDEXED_FILES, this.stopped.signal);
      if (generation !== this.generation) return;
      this.paths = found.paths.map(preparePath);
      this.capped = found.more;
    } catch {
      // No folder, or findFiles failed: an empty list (the panel says no file matches).
      if (generation === this.generation) this.paths = [];
    } finally {
      this.building = undefined;
    }
  }

  /** Makes the list stale: dropped now, or rebuilt after the settle delay (created files come in bursts). */
  private invalidate(delayed: boolean): void {
    if (!this.paths && !this.building) return;
    clearTimeout(this.timer);
    if (!delayed) {
      this.generation++;
      this.paths = undefined;
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A build under way may have listed the folder before the change: try again after it.
      if (this.building) return this.invalidate(true);
      this.building = this.build();
    }, REBUILD_DELAY_MS);
  }

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));
    this.register(watcher.onDidCreate(() => this.invalidate(true)));
    this.register(
      watcher.onDidDelete((uri) => {
        const gone = indexPath(uri);
        // A deleted folder takes its files with it.
        if (gone !== undefined && this.paths) this.paths = this.paths.filter((path) => path.path !== gone && !path.path.startsWith(`${gone}/`));
      }),
    );
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate(false)));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('files.exclude') || event.affectsConfiguration('search.exclude')) this.invalidate(false);
      }),
    );
  }
}
