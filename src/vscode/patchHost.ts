// Where apply_patch edits meet VS Code: the planner reads open editor buffers (what the user
// sees, unsaved edits included) and the disk otherwise; the preview is VS Code's multi-file diff;
// applying is one WorkspaceEdit — undoable byte for byte, and all or nothing (patchEdit.ts).

import * as vscode from 'vscode';
import { Disposable, toDisposal } from '../common/lifecycle';
import { sensitiveConfirmation, type ApplyResult, type PatchHost, type SensitiveFileChange } from '../common/chat/proposalHost';
import { MultiRootWorkspace, staleReason, type PatchPlan, type PatchWorkspace, type RealPathResult, type WorkspaceFile } from '../common/patch';
import type { ExecutionFolder } from '../common/security/sensitiveFiles';
import { NodeWorkspace } from '../node/patch/nodeWorkspace';
import { applyPlanInEditor, UndoSaver } from './patchEdit';
import { DeletedModes } from './deletedModes';
import { ProblemWatch } from './problemsAfterApply';
import { previewEntries } from '../common/patch/previewEntries';
import { readSettings } from './settings';

const PREVIEW_SCHEME = 'codewright-proposal';

/** A workspace the planner reads and the host writes: patch paths map to file URIs and open documents. */
interface EditorWorkspace extends PatchWorkspace {
  uri(path: string): vscode.Uri;
  openDocument(path: string): vscode.TextDocument | undefined;
  isSymbolicLink(path: string): Promise<boolean>;
}

/** The planner's view of a workspace folder: editor buffers first, the disk for everything else. */
class EditorAwareWorkspace implements EditorWorkspace {
  constructor(
    private readonly folder: vscode.Uri,
    private readonly disk: NodeWorkspace,
  ) {}

  get caseInsensitive(): boolean {
    return this.disk.caseInsensitive;
  }

  rootRealPath(): Promise<string> {
    return this.disk.rootRealPath();
  }

  realPath(path: string): Promise<RealPathResult> {
    return this.disk.realPath(path);
  }

  executionFolders(path: string): Promise<readonly ExecutionFolder[]> {
    return this.disk.executionFolders(path);
  }

  uri(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, ...path.split('/'));
  }

  openDocument(path: string): vscode.TextDocument | undefined {
    const target = this.uri(path).fsPath;
    const same = (a: string) => (this.caseInsensitive ? a.toLowerCase() === target.toLowerCase() : a === target);
    return vscode.workspace.textDocuments.find((doc) => !doc.isClosed && doc.uri.scheme === 'file' && same(doc.uri.fsPath));
  }

  async isSymbolicLink(path: string): Promise<boolean> {
    const real = await this.disk.realPath(path);
    // The entry's own location (its folders resolved) differs from where it resolves only for a link.
    return real.kind !== 'resolved' || real.realPath !== (await this.disk.realEntryPath(path));
  }

  async readFile(path: string): Promise<WorkspaceFile> {
    const document = this.openDocument(path);
    if (document) return { kind: 'text', text: document.getText() };
    return this.disk.readFile(path);
  }
}

/** Several workspace folders: each path starts with its folder's name and stays inside that folder. */
class MultiRootEditorWorkspace extends MultiRootWorkspace<EditorAwareWorkspace> implements EditorWorkspace {
  uri(path: string): vscode.Uri {
    const route = this.route(path);
    // Plans only hold paths the planner routed; anything else is a bug, not user input.
    if (!route.ok) throw new Error(`${path}: ${route.reason}`);
    return route.folder.workspace.uri(route.rest);
  }

  openDocument(path: string): vscode.TextDocument | undefined {
    const route = this.route(path);
    return route.ok ? route.folder.workspace.openDocument(route.rest) : undefined;
  }

  isSymbolicLink(path: string): Promise<boolean> {
    const route = this.route(path);
    return route.ok ? route.folder.workspace.isSymbolicLink(route.rest) : Promise.resolve(false);
  }
}

function fileFolders(): readonly vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
}

export class VsCodePatchHost extends Disposable implements PatchHost {
  /** Texts served to the diff editor, by preview URI. */
  private readonly previewTexts = new Map<string, string>();
  private current: { key: string; workspace: Promise<EditorWorkspace> } | undefined;
  private readonly undoSaver = this.register(new UndoSaver());
  private readonly deletedModes = this.register(new DeletedModes());

  constructor() {
    super();
    this.register(
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
        provideTextDocumentContent: (uri) => this.previewTexts.get(uri.toString()) ?? '',
      }),
    );
    this.register(toDisposal(() => this.previewTexts.clear()));
  }

  async workspace(): Promise<EditorWorkspace | undefined> {
    const folders = fileFolders();
    if (folders.length === 0) return undefined;
    const key = folders.map((folder) => `${folder.name}\n${folder.uri.toString()}`).join('\n');
    if (this.current?.key !== key) {
      const open = (folder: vscode.WorkspaceFolder) => NodeWorkspace.open(folder.uri.fsPath).then((disk) => new EditorAwareWorkspace(folder.uri, disk));
      const workspace: Promise<EditorWorkspace> =
        // Paths carry a folder name whenever VS Code labels files with one (more than one folder).
        (vscode.workspace.workspaceFolders?.length ?? 0) < 2
          ? open(folders[0])
          : Promise.all(folders.map(async (folder) => ({ name: folder.name, workspace: await open(folder) }))).then((entries) => new MultiRootEditorWorkspace(entries));
      this.current = { key, workspace };
      // A folder that cannot be opened (deleted meanwhile) must not stay cached as a failure.
      workspace.catch(() => {
        if (this.current?.workspace === workspace) this.current = undefined;
      });
    }
    return this.current.workspace;
  }

  folderNames(): readonly string[] {
    return (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.name);
  }

  sensitivePatterns(): readonly string[] {
    const settings = readSettings();
    // Files the user marked secret need confirmation to be written too.
    return [...settings.sensitivePaths, ...(settings.secretFiles.extraPatterns ?? [])];
  }

  editsAllowed(): { ok: true } | { ok: false; reason: string } {
    return vscode.workspace.isTrusted
      ? { ok: true }
      : { ok: false, reason: 'This workspace is in Restricted Mode. Trust it (Manage Workspace Trust) to let Codewright edit files.' };
  }

  async confirmSensitive(files: readonly SensitiveFileChange[]): Promise<boolean> {
    const { message, detail } = sensitiveConfirmation(files);
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Apply');
    return choice === 'Apply';
  }

  async preview(proposalId: string, plan: PatchPlan): Promise<void> {
    const workspace = await this.workspace();
    if (!workspace) return;
    const entries = previewEntries(plan);
    const resources: [vscode.Uri, vscode.Uri, vscode.Uri][] = entries.map((entry) => {
      // The path is the file's own (so the diff is labelled like the file and only a real move shows
      // as a rename); the proposal and side travel in the query.
      const make = (side: 'before' | 'after', path: string, text: string) => {
        const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${path}`, query: new URLSearchParams({ proposal: proposalId, side }).toString() });
        this.previewTexts.set(uri.toString(), text);
        return uri;
      };
      return [workspace.uri(entry.path), make('before', entry.beforePath, entry.beforeText), make('after', entry.path, entry.afterText)];
    });
    await vscode.commands.executeCommand('vscode.changes', `Codewright: proposed edit (${entries.length} file${entries.length === 1 ? '' : 's'})`, resources);
  }

  /** Closes every preview of a proposed edit: once applied, the proposal would show a stale diff. */
  private async closePreviews(): Promise<void> {
    const isPreview = (uri: unknown): boolean => uri instanceof vscode.Uri && uri.scheme === PREVIEW_SCHEME;
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => {
        const input = tab.input as { original?: unknown; modified?: unknown; textDiffs?: { original?: unknown; modified?: unknown }[] } | undefined;
        if (!input) return false;
        if (isPreview(input.original) || isPreview(input.modified)) return true;
        return Array.isArray(input.textDiffs) && input.textDiffs.some((diff) => isPreview(diff.original) || isPreview(diff.modified));
      });
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
    this.previewTexts.clear();
  }

  async apply(plan: PatchPlan): Promise<ApplyResult> {
    const workspace = await this.workspace();
    if (!workspace) return { ok: false, error: 'No workspace folder is open.' };
    // The plan was checked moments ago; a file that changed since (a save, a formatter) stops everything.
    for (const change of plan.changes) {
      const stale = await staleReason(workspace, change);
      if (stale) return { ok: false, error: `${stale} No files were changed; ask again.` };
    }
    // Watched from before the edit, so the errors it introduces can be told from the ones already there.
    const problems = ProblemWatch.start(plan, (path) => workspace.uri(path));
    const result = await applyPlanInEditor(plan, workspace, this.undoSaver, this.deletedModes);
    if (!result.ok) {
      problems.dispose();
      return result;
    }
    await this.closePreviews().catch(() => undefined);
    return { ok: true, problems: problems.report() };
  }
}
