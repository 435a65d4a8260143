// The project's instruction files (AGENTS.md, .github/copilot-instructions.md,
// .github/instructions/*.instructions.md) as the chat panel shows and sends them. Which files apply
// and how they are bounded is decided in src/common/instructions; here they are read from disk
// through the read tools' path rules (workspace folders only, real paths, no secret-looking files),
// re-read when a file watcher or the files in play say something changed.
//
// In Restricted Mode they are still read: they are only text for the model, like the open files
// that go with a request anyway, and nothing the model answers runs or is written without the user.

import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import { describeError } from '../common/describeError';
import { composeInstructions, instructionChips, withoutRemoved } from '../common/instructions/instructionBlock';
import { InstructionFinder, type FileStamp, type FoundInstructions, type InstructionFileSystem } from '../common/instructions/instructionSources';
import { Disposable } from '../common/lifecycle';
import type { ContextChip } from '../common/protocol';
import { SecretFileMatcher } from '../common/security/secretFiles';
import { resolveReadPath } from '../common/tools/readPath';
import { NodeWorkspace } from '../node/patch/nodeWorkspace';
import { logger } from './log';
import { onSettingsChanged, readSettings } from './settings';

const log = logger('instructions');

interface Folder {
  folder: vscode.WorkspaceFolder;
  /** What workspace paths in this folder start with: its name in a multi-root workspace, else ''. */
  prefix: string;
}

function fileFolders(): Folder[] {
  const multi = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => ({ folder, prefix: multi ? folder.name : '' }));
}

/** The instruction files of the workspace folders on disk, read only where the read tools may read. */
class WorkspaceInstructionFs implements InstructionFileSystem {
  private readonly workspaces = new Map<string, Promise<NodeWorkspace>>();

  constructor(
    private readonly folders: readonly Folder[],
    private readonly secrets: SecretFileMatcher,
  ) {}

  private route(path: string): { folder: Folder; rest: string } | undefined {
    for (const entry of this.folders) {
      if (entry.prefix === '') return { folder: entry, rest: path };
      if (path.startsWith(`${entry.prefix}/`)) return { folder: entry, rest: path.slice(entry.prefix.length + 1) };
    }
    return undefined;
  }

  private uri(path: string): vscode.Uri | undefined {
    const routed = this.route(path);
    return routed && vscode.Uri.joinPath(routed.folder.folder.uri, ...routed.rest.split('/'));
  }

  async stat(path: string): Promise<FileStamp | undefined> {
    const uri = this.uri(path);
    if (!uri) return undefined;
    try {
      // A link is judged by its target: a dangling one has no File type and counts as missing.
      const stat = await vscode.workspace.fs.stat(uri);
      return (stat.type & vscode.FileType.File) !== 0 ? { mtime: stat.mtime, size: stat.size } : undefined;
    } catch {
      return undefined;
    }
  }

  async listNames(path: string): Promise<string[]> {
    const uri = this.uri(path);
    if (!uri) return [];
    try {
      return (await vscode.workspace.fs.readDirectory(uri)).map(([name]) => name);
    } catch {
      return [];
    }
  }

  async refusal(path: string): Promise<string | undefined> {
    const routed = this.route(path);
    if (!routed) return 'it is not in a workspace folder';
    const fsPath = routed.folder.folder.uri.fsPath;
    let workspace = this.workspaces.get(fsPath);
    if (!workspace) {
      workspace = NodeWorkspace.open(fsPath);
      this.workspaces.set(fsPath, workspace);
    }
    const checked = await resolveReadPath(routed.rest, await workspace, this.secrets);
    if (!checked.ok) return checked.error;
    return checked.consent;
  }

  async read(path: string, maxBytes: number): Promise<string> {
    const uri = this.uri(path);
    if (!uri) return '';
    const handle = await open(uri.fsPath, 'r');
    try {
      const buffer = new Uint8Array(maxBytes);
      const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
      return new TextDecoder().decode(buffer.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  }
}

export interface InstructionsForRequest {
  /** What is appended to the request's instructions ('' for nothing). */
  block: string;
  chips: ContextChip[];
}

const EMPTY: FoundInstructions = { files: [], refused: [] };

/** Keeps the instruction files that apply to the files in play, read fresh when anything changes. */
export class InstructionFilesTracker extends Disposable {
  private finder: InstructionFinder | undefined;
  private found: FoundInstructions = EMPTY;
  private filesInPlay: readonly string[] = [];
  private inPlayKey: string | undefined;
  private generation = 0;
  private latest: Promise<void> = Promise.resolve();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when the instruction files that apply changed (their chips need showing again). */
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    const refresh = () => void this.refresh();
    // Any file of these names anywhere: cheap to re-check, and nested AGENTS.md files count too.
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/{AGENTS.md,copilot-instructions.md,*.instructions.md}'));
    this.register(watcher.onDidCreate(refresh));
    this.register(watcher.onDidChange(refresh));
    this.register(watcher.onDidDelete(refresh));
    const reset = () => {
      this.finder = undefined;
      refresh();
    };
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(reset));
    this.register(onSettingsChanged(reset));
  }

  /** Says which files are in play (workspace paths); the files that apply are looked up again when that changed. */
  update(filesInPlay: readonly string[]): void {
    const key = [...new Set(filesInPlay)].sort().join('\n');
    if (key === this.inPlayKey) return;
    this.inPlayKey = key;
    this.filesInPlay = [...filesInPlay];
    void this.refresh();
  }

  /** The block and chips for the next request, without the files whose chips the user removed. */
  current(removedChipIds: ReadonlySet<string>): InstructionsForRequest {
    const kept = withoutRemoved(this.found, removedChipIds);
    const composed = composeInstructions(kept);
    return { block: composed.block, chips: instructionChips(composed, kept.refused) };
  }

  /** Resolves once the latest look-up has finished (tests wait for it instead of for time). */
  settled(): Promise<void> {
    return this.latest;
  }

  refresh(): Promise<void> {
    const generation = ++this.generation;
    this.latest = this.lookUp(generation);
    return this.latest;
  }

  private async lookUp(generation: number): Promise<void> {
    const folders = fileFolders();
    const settings = readSettings();
    this.finder ??= new InstructionFinder(new WorkspaceInstructionFs(folders, new SecretFileMatcher(settings.secretFiles)));
    let found: FoundInstructions;
    try {
      found = folders.length === 0 ? EMPTY : await this.finder.find(folders.map((entry) => entry.prefix), this.filesInPlay, settings.instructions);
    } catch (err) {
      log.warn(`could not read the instruction files: ${describeError(err)}`);
      found = EMPTY;
    }
    // A later look-up (files in play changed meanwhile) wins.
    if (generation !== this.generation || this.isDisposed) return;
    if (JSON.stringify(found) === JSON.stringify(this.found)) return;
    this.found = found;
    this.changed.fire();
  }
}
