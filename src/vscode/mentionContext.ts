// What the user @-mentioned in the prompt box, kept until the prompt is sent: files (read from
// the editor buffer when open, else from disk, and read again just before sending), a pinned
// selection, and @problems. The EditorContextTracker folds these into the chips and the request
// under the same rules as the open editors: a secret-looking file or one outside the workspace
// gets a chip that says why and is sent only after the user's click.

import * as vscode from 'vscode';
import { DEFAULT_CONTEXT_LIMITS, skipText } from '../common/chat/contextBudget';
import { decodeMentionedText, problemsText, type ProblemsText } from '../common/mentions/mentionContext';
import type { Problem } from '../common/tools/toolHost';
import { problemOf } from './tools/vscodeReadToolHost';

/** A mentioned file as the tracker needs it. */
export interface MentionedFile {
  readonly uri: vscode.Uri;
  /** The content read last (undefined while it is open in an editor: the buffer is used then). */
  content?: string;
  /** Why the content cannot be sent (too large, binary, not UTF-8, gone): short and full. */
  problem?: { label: string; reason: string };
}

export interface PinnedSelection<T> {
  readonly uri: vscode.Uri;
  readonly record: T;
  /** The user allowed it although its file is held back (a click on its chip). */
  allowed: boolean;
}

export const PROBLEMS_CHIP = 'mention:problems';
export const PROBLEMS_LABEL = '@problems';

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
}

/** Reads a mentioned file that is not open: refuses what the context budget would refuse anyway
 *  (without reading a huge file), and says why for binary or non-UTF-8 files. */
async function readMentionedFile(file: MentionedFile): Promise<void> {
  file.content = undefined;
  file.problem = undefined;
  if (openDocument(file.uri)) return;
  try {
    const stat = await vscode.workspace.fs.stat(file.uri);
    if (stat.type & vscode.FileType.Directory) {
      file.problem = { label: 'not sent — a folder', reason: 'It is a folder; mention the files in it instead.' };
      return;
    }
    if (stat.size > DEFAULT_CONTEXT_LIMITS.maxFileBytes) {
      const text = skipText('file-size', stat.size, DEFAULT_CONTEXT_LIMITS);
      file.problem = { label: `not sent — ${text.reason}`, reason: text.advice };
      return;
    }
    const decoded = decodeMentionedText(await vscode.workspace.fs.readFile(file.uri));
    if (typeof decoded === 'string') file.content = decoded;
    else file.problem = decoded;
  } catch {
    file.problem = { label: 'not sent — cannot be read', reason: 'The file could not be read (it may have been deleted or moved). Remove the chip, or mention it again.' };
  }
}

export class MentionedContext<SelectionT> {
  private readonly files = new Map<string, MentionedFile>();
  private pinned: PinnedSelection<SelectionT> | undefined;
  private problems = false;

  /** Adds a file (reading it unless it is open); returns whether it was new. */
  async addFile(uri: vscode.Uri): Promise<boolean> {
    const key = uri.toString();
    if (this.files.has(key)) return false;
    const file: MentionedFile = { uri };
    this.files.set(key, file);
    await readMentionedFile(file);
    return true;
  }

  /** The mentioned files, in the order they were mentioned. */
  fileList(): readonly MentionedFile[] {
    return [...this.files.values()];
  }

  hasFile(uri: vscode.Uri): boolean {
    return this.files.has(uri.toString());
  }

  removeFile(uri: vscode.Uri): boolean {
    return this.files.delete(uri.toString());
  }

  /** The text to send for a mentioned file now: the editor buffer if open, else what was read. */
  textOf(file: MentionedFile): string | undefined {
    return openDocument(file.uri)?.getText() ?? file.content;
  }

  pinSelection(uri: vscode.Uri, record: SelectionT): void {
    this.pinned = { uri, record, allowed: false };
  }

  get selection(): PinnedSelection<SelectionT> | undefined {
    return this.pinned;
  }

  unpinSelection(): void {
    this.pinned = undefined;
  }

  setProblems(on: boolean): void {
    this.problems = on;
  }

  get hasProblems(): boolean {
    return this.problems;
  }

  /** The diagnostics text. `pathOf` is undefined for what is not a document (output channels…),
   *  which is skipped; files `withhold` says are held back (secret or outside) are counted, not listed. */
  problemsText(pathOf: (uri: vscode.Uri) => string | undefined, withhold: (uri: vscode.Uri) => boolean): ProblemsText {
    const listed: Problem[] = [];
    let withheld = 0;
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      if (diagnostics.length === 0) continue;
      const path = pathOf(uri);
      if (path === undefined) continue;
      if (withhold(uri)) {
        withheld++;
        continue;
      }
      for (const diagnostic of diagnostics) listed.push(problemOf(path, diagnostic));
    }
    return problemsText(listed, withheld);
  }

  /** Reads every mentioned file again (just before a send, so the model sees the current text). */
  async refresh(): Promise<void> {
    await Promise.all(this.fileList().map(readMentionedFile));
  }

  /** After a send: mentions belonged to that prompt. */
  clear(): void {
    this.files.clear();
    this.pinned = undefined;
    this.problems = false;
  }
}
