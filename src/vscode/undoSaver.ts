// Saves documents after an Undo or Redo of an applied patch, when the patch had saved them: the
// document's text is then exactly its state before or after the patch. Which document, and when,
// is decided in src/common/patch/savesAfterUndo.ts (moved files are saved at the path they belong at).

import * as vscode from 'vscode';
import { SavesAfterUndo, textFingerprint, type ChangeReason } from '../common/patch/savesAfterUndo';
import { describeError } from '../common/describeError';
import { logger } from './log';

const log = logger('patch');

function changeReason(reason: vscode.TextDocumentChangeReason | undefined): ChangeReason {
  if (reason === vscode.TextDocumentChangeReason.Undo) return 'undo';
  if (reason === vscode.TextDocumentChangeReason.Redo) return 'redo';
  return 'other';
}

export class UndoSaver implements vscode.Disposable {
  private readonly rules = new SavesAfterUndo();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) =>
        this.consider(event.document, changeReason(event.reason), event.contentChanges.length > 0),
      ),
      // A document renamed back by Undo may reach the extension host after the rename event.
      vscode.workspace.onDidOpenTextDocument((document) => this.consider(document, 'other', false)),
      vscode.workspace.onDidRenameFiles((event) => {
        for (const file of event.files) {
          this.rules.onRename(file.oldUri.toString(), file.newUri.toString());
          const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === file.newUri.toString());
          if (document) this.consider(document, 'other', false);
        }
      }),
    ];
  }

  private consider(document: vscode.TextDocument, reason: ChangeReason, contentChanged: boolean): void {
    if (document.isClosed) return;
    const save = this.rules.onDocumentEvent({
      key: document.uri.toString(),
      fingerprint: textFingerprint(document.getText()),
      reason,
      contentChanged,
      dirty: document.isDirty,
    });
    if (!save) return;
    void document.save().then(
      (saved) => (saved ? undefined : log.warn(`could not save ${document.uri.fsPath} after undo/redo`)),
      (error: unknown) => log.warn(`saving ${document.uri.fsPath} after undo/redo failed: ${describeError(error)}`),
    );
  }

  /** The patch changed `uri` in place from `before` to `after` and saved it. */
  track(uri: vscode.Uri, before: string, after: string): void {
    this.rules.track(uri.toString(), textFingerprint(before), textFingerprint(after));
  }

  /** The patch renamed `from` to `to`, changed its text there from `before` to `after`, and saved it. */
  trackMove(from: vscode.Uri, to: vscode.Uri, before: string, after: string): void {
    this.rules.trackMove(from.toString(), to.toString(), textFingerprint(before), textFingerprint(after));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.rules.clear();
  }
}
