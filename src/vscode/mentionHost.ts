// The extension side of @-mentions: answers the prompt box's queries from the workspace file
// index (ranked by src/common/mentions) plus the special mentions, and turns a chosen mention into
// context through the EditorContextTracker, under the same rules as every other chip. Paths the
// webview names are untrusted: they go through the patch engine's path rules first.

import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { matchSpecialMentions } from '../common/mentions/mentionQuery';
import { normalizePatchPath } from '../common/patch';
import type { ExtensionMessage, MentionChoice, MentionItem } from '../common/protocol';
import type { EditorContextTracker } from './editorContext';
import { indexPath, MAX_INDEXED_FILES, WorkspaceFileIndex, type FindFiles } from './mentionIndex';

/** How many files the list shows at most. */
export const MENTION_LIST_LIMIT = 50;

type AddResult = { ok: true } | { ok: false; error: string };

const CONTEXT_SCHEMES = new Set(['file', 'untitled', 'vscode-remote']);

/** The files open in editor tabs (all groups), in tab order, once each. */
export function openEditorUris(): vscode.Uri[] {
  const uris = new Map<string, vscode.Uri>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      const uri = input instanceof vscode.TabInputText ? input.uri : input instanceof vscode.TabInputTextDiff ? input.modified : undefined;
      if (uri && CONTEXT_SCHEMES.has(uri.scheme)) uris.set(uri.toString(), uri);
    }
  }
  return [...uris.values()];
}

/** The URI a workspace path names (folder name first in a multi-root workspace), or why it names none. */
function workspaceUri(path: string): vscode.Uri | string {
  const normalized = normalizePatchPath(path);
  if (!normalized.ok) return normalized.message;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return 'Open a folder first: files are mentioned by their place in the workspace.';
  const segments = normalized.path.split('/');
  if (folders.length === 1) return vscode.Uri.joinPath(folders[0].uri, ...segments);
  const folder = folders.find((candidate) => candidate.name === segments[0]);
  if (!folder || segments.length < 2) return `${normalized.path} is not in a workspace folder (paths start with the folder's name: ${folders.map((f) => f.name).join(', ')}).`;
  return vscode.Uri.joinPath(folder.uri, ...segments.slice(1));
}

export class MentionHost extends Disposable {
  private readonly index: WorkspaceFileIndex;
  private latestQuery = -1;

  constructor(
    findFiles: FindFiles,
    private readonly context: EditorContextTracker,
    private readonly post: (message: ExtensionMessage) => void,
  ) {
    super();
    this.index = this.register(new WorkspaceFileIndex(findFiles));
  }

  /** Answers one query; an answer a newer query overtook is not posted (the list shows only the latest). */
  async query(requestId: number, query: string): Promise<void> {
    this.latestQuery = Math.max(this.latestQuery, requestId);
    const specials: MentionItem[] = matchSpecialMentions(query).map((special) => ({ kind: 'special', ...special, positions: [...special.positions] }));
    const hasFolder = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
    const preferred = openEditorUris().map(indexPath).filter((path): path is string => path !== undefined);
    // The first @ in a large workspace waits for the file list: the special mentions show meanwhile.
    if (hasFolder && !this.index.ready) this.post({ type: 'mentionResults', requestId, items: specials, note: 'Listing the workspace files…' });
    const search = hasFolder ? await this.index.search(query, MENTION_LIST_LIMIT, preferred) : { files: [], capped: false };
    if (requestId < this.latestQuery) return;
    const files: MentionItem[] = search.files.map((file) => ({ kind: 'file', path: file.path, positions: [...file.positions] }));
    const note = !hasFolder
      ? 'Open a folder to mention its files.'
      : search.capped
        ? `Only the first ${MAX_INDEXED_FILES.toLocaleString('en-US')} files are listed; type more of the path.`
        : undefined;
    this.post({ type: 'mentionResults', requestId, items: [...specials, ...files], ...(note ? { note } : {}) });
  }

  /** Makes a chosen mention context: it shows as a chip (held back, with why, if the rules say so). */
  async add(choice: MentionChoice): Promise<AddResult> {
    switch (choice.kind) {
      case 'file':
        return this.addFile(choice.path);
      case 'selection':
        return this.context.mentionSelection() ? { ok: true } : { ok: false, error: 'Nothing is selected. Select code in an editor, then mention @selection.' };
      case 'problems':
        this.context.mentionProblems();
        return { ok: true };
      case 'open-editors': {
        const uris = openEditorUris();
        if (uris.length === 0) return { ok: false, error: 'No files are open in editor tabs.' };
        for (const uri of uris) await this.context.mentionFile(uri);
        return { ok: true };
      }
    }
  }

  private async addFile(path: string): Promise<AddResult> {
    const uri = workspaceUri(path);
    if (typeof uri === 'string') return { ok: false, error: `Cannot mention ${JSON.stringify(path)}: ${uri}` };
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return { ok: false, error: `${path} is a folder; mention a file in it.` };
    } catch {
      return { ok: false, error: `${path} does not exist (it may have been deleted or renamed).` };
    }
    await this.context.mentionFile(uri);
    return { ok: true };
  }
}
