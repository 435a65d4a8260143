// Keeps the mode of files an applied patch deleted: when Undo recreates one (VS Code writes it back
// with default permissions), its mode is put back, so an executable script stays executable.

import * as vscode from 'vscode';
import { describeError } from '../common/describeError';
import { recordMode, restoreMode, type FileModeRecord } from '../node/patch/fileModes';
import { logger } from './log';

const log = logger('patch');
const MAX_RECORDS = 500;

export class DeletedModes implements vscode.Disposable {
  private readonly records = new Map<string, FileModeRecord>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidCreateFiles((event) => {
      for (const uri of event.files) void this.restore(uri);
    });
  }

  /** Reads the mode of each file about to be deleted (call before applying the edit). */
  async remember(uris: readonly vscode.Uri[]): Promise<void> {
    for (const uri of uris) {
      if (uri.scheme !== 'file') continue;
      const record = await recordMode(uri.fsPath);
      if (!record) continue;
      const key = uri.toString();
      this.records.delete(key);
      this.records.set(key, record);
      while (this.records.size > MAX_RECORDS) {
        const oldest = this.records.keys().next().value;
        if (oldest === undefined) break;
        this.records.delete(oldest);
      }
    }
  }

  private async restore(uri: vscode.Uri): Promise<void> {
    const record = this.records.get(uri.toString());
    if (!record) return;
    try {
      await restoreMode(uri.fsPath, record);
    } catch (error) {
      log.warn(`could not restore the mode of ${uri.fsPath} after undo: ${describeError(error)}`);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.records.clear();
  }
}
