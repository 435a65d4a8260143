// Applies a checked plan as ONE WorkspaceEdit that Undo and Redo reverse byte for byte, for open and
// closed files alike (see src/common/patch/editorEditPlan.ts for why each change takes the form it
// does). Files that had no unsaved changes are saved after Apply, and again after an Undo or Redo of
// that edit (undoSaver.ts), so the disk follows the editor; unsaved work stays the user's to save.

import * as vscode from 'vscode';
import type { ApplyResult } from '../common/chat/proposalController';
import { changedSpan, editorEditPlan, withLineEnding, type EditorOperation, type PatchPlan } from '../common/patch';
import { describeError } from '../common/describeError';
import { logger } from './log';
import { UndoSaver } from './undoSaver';
import type { DeletedModes } from './deletedModes';

export { UndoSaver };

const log = logger('patch');

/** Maps patch paths to URIs and finds open documents (the host's workspace). */
export interface EditTarget {
  uri(path: string): vscode.Uri;
  openDocument(path: string): vscode.TextDocument | undefined;
  /** Whether the directory entry at `path` is a symbolic link. */
  isSymbolicLink(path: string): Promise<boolean>;
}

type TextOperation = Extract<EditorOperation, { kind: 'replace-text' | 'move-text' }>;

interface PreparedText {
  readonly operation: TextOperation;
  /** The document as it is before the edit (for a move: at the old path). */
  readonly document: vscode.TextDocument;
  /** Where the text is replaced: the document's path, or where a move takes it. */
  readonly target: vscode.Uri;
  readonly wasDirty: boolean;
  readonly before: string;
  readonly after: string;
}

/** Opens (without showing) each file whose text is replaced, and checks it still holds what was planned. */
async function prepareTexts(target: EditTarget, operations: readonly EditorOperation[]): Promise<PreparedText[] | string> {
  const prepared: PreparedText[] = [];
  for (const operation of operations) {
    if (operation.kind !== 'replace-text' && operation.kind !== 'move-text') continue;
    const path = operation.kind === 'move-text' ? operation.from : operation.path;
    const document = target.openDocument(path) ?? (await vscode.workspace.openTextDocument(target.uri(path)));
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const before = document.getText();
    // A document holds one line ending; a file that mixed them is compared (and written) with the document's.
    if (before !== withLineEnding(operation.originalText, eol) && before !== operation.originalText) {
      return `${path} changed after the patch was checked (or VS Code reads it with another encoding).`;
    }
    const at = operation.kind === 'move-text' ? target.uri(operation.to) : document.uri;
    prepared.push({ operation, document, target: at, wasDirty: document.isDirty, before, after: withLineEnding(operation.newText, eol) });
  }
  return prepared;
}

/** The move sources that are symbolic links (a rename would move the link, not the file). */
async function movedSymbolicLinks(plan: PatchPlan, target: EditTarget): Promise<Set<string>> {
  const links = new Set<string>();
  for (const change of plan.changes) {
    if (change.kind === 'delete' && change.movedTo !== undefined && (await target.isSymbolicLink(change.path))) links.add(change.path);
  }
  return links;
}

/** The one WorkspaceEdit: file operations first, then text replacements (at a moved file's new path). */
function workspaceEdit(operations: readonly EditorOperation[], texts: readonly PreparedText[], target: EditTarget): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: 'Codewright: apply patch', needsConfirmation: false };
  for (const operation of operations) {
    if (operation.kind === 'delete') edit.deleteFile(target.uri(operation.path), { ignoreIfNotExists: false }, metadata);
    else if (operation.kind === 'rename' || operation.kind === 'move-text') {
      edit.renameFile(target.uri(operation.from), target.uri(operation.to), { overwrite: false }, metadata);
    } else if (operation.kind === 'create') edit.createFile(target.uri(operation.path), { overwrite: false, contents: operation.bytes }, metadata);
  }
  for (const text of texts) {
    const span = changedSpan(text.before, text.after);
    if (span.start === span.end && span.text === '') continue;
    // Offsets in the document before the edit: a renamed document keeps its text, so they hold at its new path.
    const range = new vscode.Range(text.document.positionAt(span.start), text.document.positionAt(span.end));
    edit.replace(text.target, range, span.text, metadata);
  }
  return edit;
}

/** Saves each changed file that had no unsaved changes; returns the paths that could not be saved. */
async function saveChanged(texts: readonly PreparedText[], undoSaver: UndoSaver): Promise<string[]> {
  const unsaved: string[] = [];
  for (const text of texts) {
    if (text.wasDirty || text.before === text.after) continue;
    const moved = text.operation.kind === 'move-text';
    // A moved document is a new document at the new path (the old one was closed by the rename).
    const document = moved ? await vscode.workspace.openTextDocument(text.target).then((opened) => opened, () => undefined) : text.document;
    if (moved) undoSaver.trackMove(text.document.uri, text.target, text.before, text.after);
    else undoSaver.track(text.document.uri, text.before, text.after);
    const saved = document ? await document.save().then((ok) => ok, () => false) : false;
    if (!saved) unsaved.push(text.operation.kind === 'move-text' ? text.operation.to : text.operation.path);
  }
  return unsaved;
}

/** Applies `plan` in one undoable WorkspaceEdit; nothing is changed when it returns an error. */
export async function applyPlanInEditor(plan: PatchPlan, target: EditTarget, undoSaver: UndoSaver, deletedModes?: DeletedModes): Promise<ApplyResult> {
  let texts: PreparedText[] | string;
  let operations: readonly EditorOperation[];
  try {
    const strategy = editorEditPlan(
      plan,
      (path) => {
        const document = target.openDocument(path);
        return { open: document !== undefined, dirty: document?.isDirty ?? false };
      },
      { symbolicLinks: await movedSymbolicLinks(plan, target) },
    );
    if (!strategy.ok) return { ok: false, error: strategy.error };
    operations = strategy.operations;
    texts = await prepareTexts(target, operations);
  } catch (error) {
    return { ok: false, error: `VS Code could not open a file of the patch: ${describeError(error)}. No files were changed.` };
  }
  if (typeof texts === 'string') return { ok: false, error: `${texts} No files were changed; ask again.` };

  // Undo recreates a deleted file without its mode; remembered here, it is put back then.
  await deletedModes?.remember(operations.flatMap((operation) => (operation.kind === 'delete' ? [target.uri(operation.path)] : [])));
  const applied = await vscode.workspace.applyEdit(workspaceEdit(operations, texts, target));
  if (!applied) {
    return { ok: false, error: 'VS Code could not apply the edit (a file may be read-only, locked, or changed meanwhile). No files were changed.' };
  }
  // Files without unsaved changes are saved, so the disk holds the edit; unsaved work stays the user's to save.
  const unsaved = await saveChanged(texts, undoSaver);
  log.info(`applied a patch: ${operations.length} change(s)`);
  if (unsaved.length > 0) {
    // The edit is in the editor (and undoable there): the patch did apply, only the disk lags behind.
    void vscode.window.showWarningMessage(`Codewright applied the edit, but saving ${unsaved.join(', ')} failed. Save it yourself, or Undo the edit.`);
  }
  return { ok: true };
}
