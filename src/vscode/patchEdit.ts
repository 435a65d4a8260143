// Applies a checked plan as ONE WorkspaceEdit that Undo and Redo reverse byte for byte, for open and
// closed files alike (see src/common/patch/editorEditPlan.ts for why each change takes the form it
// does). Files that had no unsaved changes are saved after Apply, and again after an Undo or Redo of
// that edit, so the disk follows the editor; unsaved work stays the user's to save.

import * as vscode from 'vscode';
import type { ApplyResult } from '../common/chat/proposalController';
import { changedSpan, editorEditPlan, withLineEnding, type EditorOperation, type PatchPlan } from '../common/patch';
import { describeError } from '../common/describeError';
import { logger } from './log';

const log = logger('patch');

/** Maps patch paths to URIs and finds open documents (the host's workspace). */
export interface EditTarget {
  uri(path: string): vscode.Uri;
  openDocument(path: string): vscode.TextDocument | undefined;
}

/** A short fingerprint of a text, to recognise the two states an applied edit moves a document between. */
function fingerprint(text: string): string {
  let first = 0xdeadbeef;
  let second = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 2654435761);
    second = Math.imul(second ^ code, 1597334677);
  }
  return `${text.length}:${(first >>> 0).toString(36)}:${(second >>> 0).toString(36)}`;
}

const MAX_TRACKED_DOCUMENTS = 500;

/**
 * Saves documents after an Undo or Redo of an applied patch, when the patch had saved them: the
 * document's text is then exactly its state before or after the patch.
 */
export class UndoSaver implements vscode.Disposable {
  private readonly tracked = new Map<string, Set<string>>();
  /** Undone or redone to a tracked state, but VS Code had not yet marked them dirty (that comes as its own event). */
  private readonly pending = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeTextDocument((event) => this.onChange(event));
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    const document = event.document;
    const key = document.uri.toString();
    const states = this.tracked.get(key);
    if (!states) return;
    const reason = event.reason;
    if (reason === vscode.TextDocumentChangeReason.Undo || reason === vscode.TextDocumentChangeReason.Redo) {
      if (!states.has(fingerprint(document.getText()))) {
        this.pending.delete(key);
        return;
      }
      this.pending.add(key);
    } else if (event.contentChanges.length > 0) {
      // Typed or edited by something else: that is the user's to save.
      this.pending.delete(key);
      return;
    }
    if (!this.pending.has(key) || !document.isDirty) return;
    this.pending.delete(key);
    void document.save().then(
      (saved) => (saved ? undefined : log.warn(`could not save ${document.uri.fsPath} after undo/redo`)),
      (error: unknown) => log.warn(`saving ${document.uri.fsPath} after undo/redo failed: ${describeError(error)}`),
    );
  }

  track(uri: vscode.Uri, before: string, after: string): void {
    const key = uri.toString();
    const states = this.tracked.get(key) ?? new Set<string>();
    states.add(fingerprint(before));
    states.add(fingerprint(after));
    this.tracked.delete(key);
    this.tracked.set(key, states);
    while (this.tracked.size > MAX_TRACKED_DOCUMENTS) {
      const oldest = this.tracked.keys().next().value;
      if (oldest === undefined) break;
      this.tracked.delete(oldest);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.tracked.clear();
  }
}

interface PreparedText {
  readonly operation: Extract<EditorOperation, { kind: 'replace-text' }>;
  readonly document: vscode.TextDocument;
  readonly wasDirty: boolean;
  readonly before: string;
  readonly after: string;
}

/** Opens (without showing) each file whose text is replaced, and checks it still holds what was planned. */
async function prepareTexts(target: EditTarget, operations: readonly EditorOperation[]): Promise<PreparedText[] | string> {
  const prepared: PreparedText[] = [];
  for (const operation of operations) {
    if (operation.kind !== 'replace-text') continue;
    const document = target.openDocument(operation.path) ?? (await vscode.workspace.openTextDocument(target.uri(operation.path)));
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const before = document.getText();
    // A document holds one line ending; a file that mixed them is compared (and written) with the document's.
    if (before !== withLineEnding(operation.originalText, eol) && before !== operation.originalText) {
      return `${operation.path} changed after the patch was checked (or VS Code reads it with another encoding).`;
    }
    prepared.push({ operation, document, wasDirty: document.isDirty, before, after: withLineEnding(operation.newText, eol) });
  }
  return prepared;
}

/** Applies `plan` in one undoable WorkspaceEdit; nothing is changed when it returns an error. */
export async function applyPlanInEditor(plan: PatchPlan, target: EditTarget, undoSaver: UndoSaver): Promise<ApplyResult> {
  const strategy = editorEditPlan(plan, (path) => {
    const document = target.openDocument(path);
    return { open: document !== undefined, dirty: document?.isDirty ?? false };
  });
  if (!strategy.ok) return { ok: false, error: strategy.error };
  let texts: PreparedText[] | string;
  try {
    texts = await prepareTexts(target, strategy.operations);
  } catch (error) {
    return { ok: false, error: `VS Code could not open a file of the patch: ${describeError(error)}. No files were changed.` };
  }
  if (typeof texts === 'string') return { ok: false, error: `${texts} No files were changed; ask again.` };

  const edit = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { label: 'Codewright: apply patch', needsConfirmation: false };
  for (const operation of strategy.operations) {
    if (operation.kind === 'delete') edit.deleteFile(target.uri(operation.path), { ignoreIfNotExists: false }, metadata);
    else if (operation.kind === 'rename') edit.renameFile(target.uri(operation.from), target.uri(operation.to), { overwrite: false }, metadata);
    else if (operation.kind === 'create') edit.createFile(target.uri(operation.path), { overwrite: false, contents: operation.bytes }, metadata);
  }
  for (const text of texts) {
    const span = changedSpan(text.before, text.after);
    const range = new vscode.Range(text.document.positionAt(span.start), text.document.positionAt(span.end));
    edit.replace(text.document.uri, range, span.text, metadata);
  }
  const applied = await vscode.workspace.applyEdit(edit);
  if (!applied) {
    return { ok: false, error: 'VS Code could not apply the edit (a file may be read-only, locked, or changed meanwhile). No files were changed.' };
  }
  // Files without unsaved changes are saved, so the disk holds the edit; unsaved work stays the user's to save.
  const unsaved: string[] = [];
  for (const text of texts) {
    if (text.wasDirty) continue;
    undoSaver.track(text.document.uri, text.before, text.after);
    const saved = await text.document.save().then(
      (ok) => ok,
      () => false,
    );
    if (!saved) unsaved.push(text.operation.path);
  }
  log.info(`applied a patch: ${strategy.operations.length} change(s)`);
  if (unsaved.length > 0) {
    // The edit is in the editor (and undoable there): the patch did apply, only the disk lags behind.
    void vscode.window.showWarningMessage(`Codewright applied the edit, but saving ${unsaved.join(', ')} failed. Save it yourself, or Undo the edit.`);
  }
  return { ok: true };
}
