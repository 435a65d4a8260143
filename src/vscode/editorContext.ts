// Gathers what the user is looking at — the selection and the open files — and shows it as
// chips before anything is sent. What the chips show is exactly what the request carries: files that
// look secret or lie outside the workspace folders get a chip that says they are NOT sent, and one
// click on it adds them (src/common/security/contextConsent.ts decides).

import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import * as vscode from 'vscode';
import { Disposable, toDisposal } from '../common/lifecycle';
import type { ContextChip } from '../common/protocol';
import { applyContextBudget, formatBytes, overBudgetChip, type CandidateFile, type ContextBudgetResult } from '../common/chat/contextBudget';
import type { TurnRequestRecord } from '../common/chat/conversationStore';
import { automaticContextDecision, type ContextDecision } from '../common/security/contextConsent';
import { SecretFileMatcher } from '../common/security/secretFiles';
import { InstructionFilesTracker } from './instructionFiles';
import { MentionedContext, PROBLEMS_CHIP, PROBLEMS_LABEL } from './mentionContext';
import { onSettingsChanged, readSettings } from './settings';

export type SelectionRecord = NonNullable<TurnRequestRecord['selection']>;

const SELECTION_CHIP = 'selection';

function isContextDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' || document.uri.scheme === 'untitled' || document.uri.scheme === 'vscode-remote';
}

/**
 * The path the model sees for a document: workspace-relative, and in a multi-root workspace
 * prefixed with its folder's name (as VS Code labels it), which is what apply_patch paths use.
 */
export function documentLabel(document: vscode.TextDocument): string {
  if (document.uri.scheme === 'untitled') return document.uri.path;
  return vscode.workspace.asRelativePath(document.uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** Where `uri` lies: relative to the workspace folder holding it, or in none. */
function contextDocumentInfo(uri: vscode.Uri) {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const folderPath = folder?.uri.path.replace(/\/+$/, '');
  const inside = folderPath !== undefined && uri.path.startsWith(`${folderPath}/`);
  return {
    scheme: uri.scheme,
    workspaceRelativePath: inside ? uri.path.slice(folderPath.length + 1) : undefined,
    path: uri.scheme === 'file' ? uri.fsPath : uri.path,
  };
}

/** The label of a file that may not be open: as documentLabel gives it. */
export function uriLabel(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Where a `file:` URI really is when that differs from its path (a symlink), judged
 *  against the workspace folders' real paths; undefined when it is not a link. */
function symlinkTarget(uri: vscode.Uri) {
  if (uri.scheme !== 'file') return undefined;
  const real = realPathOf(uri.fsPath);
  if (real === undefined || real === uri.fsPath) return undefined;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = folder.uri.scheme === 'file' ? realPathOf(folder.uri.fsPath) : undefined;
    if (root !== undefined && real.startsWith(`${root}${sep}`)) {
      return { scheme: 'file', workspaceRelativePath: real.slice(root.length + 1).split(sep).join('/'), path: real };
    }
  }
  return { scheme: 'file', workspaceRelativePath: undefined, path: real };
}

export function selectionOf(editor: vscode.TextEditor | undefined): SelectionRecord | undefined {
  if (!editor || editor.selection.isEmpty || !isContextDocument(editor.document)) return undefined;
  const { selection, document } = editor;
  // A selection that ends at column 0 of the next line does not include that line.
  const endLine =
    selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
  return {
    path: documentLabel(document),
    languageId: document.languageId,
    startLine: selection.start.line + 1,
    endLine,
    text: document.getText(selection),
  };
}

/** The lines of `range` in `document` (whole lines), as the selection the model sees. */
export function rangeSelection(document: vscode.TextDocument, range: vscode.Range): SelectionRecord {
  const whole = new vscode.Range(range.start.line, 0, range.end.line, document.lineAt(range.end.line).text.length);
  return {
    path: documentLabel(document),
    languageId: document.languageId,
    startLine: whole.start.line + 1,
    endLine: whole.end.line + 1,
    text: document.getText(whole),
  };
}

export function lineRangeLabel(selection: SelectionRecord): string {
  return selection.startLine === selection.endLine
    ? `line ${selection.startLine}`
    : `lines ${selection.startLine}–${selection.endLine}`;
}

export interface GatheredContext {
  selection?: SelectionRecord;
  files: ContextBudgetResult;
  chips: ContextChip[];
  /** The project's instruction files that apply, for the request's instructions ('' for none). */
  projectInstructions: string;
}

/**
 * Tracks the current context: the active editor's selection and the files visible in editors,
 * minus what the user removed, plus files they added explicitly.
 */
export class EditorContextTracker extends Disposable {
  private readonly removed = new Set<string>();
  /** Files the user added (the "Add current file" button, or a click on a held-back chip). */
  private readonly added: vscode.Uri[] = [];
  /** Documents whose selection the user allowed although the file itself is held back. */
  private readonly allowedSelections = new Set<string>();
  private secrets: SecretFileMatcher | undefined;
  /** What the user @-mentioned in the prompt box (until the prompt is sent). */
  readonly mentions = new MentionedContext<SelectionRecord>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private lastEditor: vscode.TextEditor | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** AGENTS.md and the other instruction files that apply to the files in play. */
  readonly instructions = this.register(new InstructionFilesTracker());

  constructor() {
    super();
    this.register(this.instructions.onDidChange(() => this.scheduleChange()));
    this.lastEditor = vscode.window.activeTextEditor;
    const fire = () => this.scheduleChange();
    this.register(toDisposal(() => clearTimeout(this.timer)));
    this.register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Focusing the chat panel clears activeTextEditor; keep the last real editor.
        if (editor) this.lastEditor = editor;
        fire();
      }),
    );
    this.register(
      vscode.window.onDidChangeTextEditorSelection((event) => {
        this.lastEditor = event.textEditor;
        this.removed.delete(SELECTION_CHIP);
        fire();
      }),
    );
    this.register(vscode.window.onDidChangeVisibleTextEditors(fire));
    this.register(vscode.workspace.onDidCloseTextDocument(fire));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(fire));
    this.register(
      onSettingsChanged(() => {
        this.secrets = undefined;
        fire();
      }),
    );
  }

  private scheduleChange(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, 150);
  }

  get editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    return this.lastEditor && vscode.window.visibleTextEditors.includes(this.lastEditor) ? this.lastEditor : undefined;
  }

  /** The chips changed because of a mention. */
  mentionsChanged(): void {
    this.changed.fire();
  }

  removeChip(chipId: string): boolean {
    if (!this.gather().chips.some((chip) => chip.id === chipId)) return false;
    if (chipId === PROBLEMS_CHIP) {
      this.mentions.setProblems(false);
      this.changed.fire();
      return true;
    }
    if (chipId === SELECTION_CHIP) this.mentions.unpinSelection();
    const mentioned = this.mentions.fileList().find((file) => fileChipId(file.uri) === chipId);
    if (mentioned) this.mentions.removeFile(mentioned.uri);
    this.removed.add(chipId);
    const index = this.added.findIndex((uri) => fileChipId(uri) === chipId);
    if (index >= 0) this.added.splice(index, 1);
    this.changed.fire();
    return true;
  }

  /** Adds the active editor's file to the context. Returns its label, or undefined if there is none. */
  addCurrentFile(): string | undefined {
    const editor = this.editor;
    if (!editor || !isContextDocument(editor.document)) return undefined;
    this.addFile(editor.document.uri);
    return documentLabel(editor.document);
  }

  /** Sends a held-back file or selection after all (the user clicked its chip). False if there is no such chip. */
  addChip(chipId: string): boolean {
    const chip = this.gather().chips.find((candidate) => candidate.id === chipId && candidate.heldBack !== undefined);
    if (!chip) return false;
    const pinned = this.mentions.selection;
    if (chipId === SELECTION_CHIP && pinned) {
      pinned.allowed = true;
      this.changed.fire();
      return true;
    }
    const editor = this.editor;
    if (chipId === SELECTION_CHIP && editor) {
      this.allowedSelections.add(editor.document.uri.toString());
      this.changed.fire();
      return true;
    }
    const uri = vscode.workspace.textDocuments.find((candidate) => fileChipId(candidate.uri) === chipId)?.uri ?? this.mentions.fileList().find((file) => fileChipId(file.uri) === chipId)?.uri;
    if (!uri) return false;
    this.addFile(uri);
    return true;
  }

  private addFile(uri: vscode.Uri): void {
    this.removed.delete(fileChipId(uri));
    if (!this.added.some((existing) => existing.toString() === uri.toString())) this.added.push(uri);
    this.changed.fire();
  }

  /** Whether the file at `uri` goes with the next request without the user adding it, and if not, why. */
  decide(uri: vscode.Uri): ContextDecision {
    if (this.added.some((added) => added.toString() === uri.toString())) return { attach: true };
    this.secrets ??= new SecretFileMatcher(readSettings().secretFiles);
    const byName = automaticContextDecision(contextDocumentInfo(uri), this.secrets);
    if (!byName.attach) return byName;
    // A workspace file may be a symlink to ~/.aws/credentials: judge where it really points too.
    const target = symlinkTarget(uri);
    return target ? automaticContextDecision(target, this.secrets) : byName;
  }

  /** After a send, removed chips come back, explicitly added files stay, and mentions (part of that prompt) go. */
  resetRemovals(): void {
    this.removed.clear();
    this.mentions.clear();
    this.changed.fire();
  }

  /** The current context, but with `selection` (e.g. the function a CodeLens stands above) as the selection. */
  gatherFor(selection: SelectionRecord): GatheredContext {
    const gathered = this.gather();
    const chips = gathered.chips.filter((chip) => chip.kind !== 'selection');
    chips.unshift({ id: SELECTION_CHIP, kind: 'selection', label: selection.path, detail: lineRangeLabel(selection) });
    return { ...gathered, selection, chips };
  }

  /** Mentions a file (from the @ list or @open-editors): shown and sent like an open editor's file. */
  async mentionFile(uri: vscode.Uri): Promise<void> {
    this.removed.delete(fileChipId(uri));
    await this.mentions.addFile(uri);
    this.changed.fire();
  }

  /** Pins the current selection (@selection); false when nothing is selected. */
  mentionSelection(): boolean {
    const editor = this.editor;
    const selection = selectionOf(editor);
    if (!editor || !selection) return false;
    this.removed.delete(SELECTION_CHIP);
    this.mentions.pinSelection(editor.document.uri, selection);
    this.changed.fire();
    return true;
  }

  /** Sends the workspace's problems with the next prompt (@problems). */
  mentionProblems(): void {
    this.mentions.setProblems(true);
    this.changed.fire();
  }

  /** The selection that goes with the request: a pinned @selection, else the live one — unless its file is held back. */
  private gatherSelection(chips: ContextChip[]): SelectionRecord | undefined {
    const pinned = this.mentions.selection;
    const editor = this.editor;
    const uri = pinned ? pinned.uri : editor?.document.uri;
    const selection = pinned ? pinned.record : this.removed.has(SELECTION_CHIP) ? undefined : selectionOf(editor);
    if (!selection || !uri) return undefined;
    const allowed = pinned ? pinned.allowed : this.allowedSelections.has(uri.toString());
    const decision = allowed ? undefined : this.decide(uri);
    if (decision && !decision.attach) {
      chips.push({ id: SELECTION_CHIP, kind: 'selection', label: selection.path, detail: decision.label, heldBack: decision.reason });
      return undefined;
    }
    return selection;
  }

  gather(): GatheredContext {
    const chips: ContextChip[] = [];
    const selection = this.gatherSelection(chips);
    const candidates: (CandidateFile & { id: string })[] = [];
    const notSent: ContextChip[] = [];
    const seen = new Set<string>();
    const consider = (uri: vscode.Uri, label: string, read: () => { content: string; languageId?: string } | { problem: { label: string; reason: string } }) => {
      const id = fileChipId(uri);
      if (this.removed.has(id) || seen.has(id)) return;
      seen.add(id);
      const decision = this.decide(uri);
      const result = decision.attach ? read() : undefined;
      if (!decision.attach) notSent.push({ id, kind: 'file', label, detail: decision.label, heldBack: decision.reason });
      else if (result && 'problem' in result) notSent.push({ id, kind: 'file', label, detail: result.problem.label, overBudget: result.problem.reason });
      else if (result) candidates.push({ id, path: label, ...result });
    };
    const considerDocument = (document: vscode.TextDocument) => {
      if (isContextDocument(document)) consider(document.uri, documentLabel(document), () => ({ content: document.getText(), languageId: document.languageId }));
    };
    // Mentioned files first: the user named them, so the budget keeps them before the rest.
    for (const file of this.mentions.fileList()) {
      consider(file.uri, uriLabel(file.uri), () => {
        const content = this.mentions.textOf(file);
        return content !== undefined ? { content } : { problem: file.problem ?? { label: 'not sent — cannot be read', reason: 'The file could not be read.' } };
      });
    }
    const problems = this.mentions.hasProblems ? this.problemsCandidate() : undefined;
    if (problems) candidates.push(problems.candidate);
    const editor = this.editor;
    if (editor) considerDocument(editor.document);
    for (const visible of vscode.window.visibleTextEditors) considerDocument(visible.document);
    for (const uri of this.added) {
      const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
      if (document) considerDocument(document);
    }
    const files = applyContextBudget(candidates.map(({ id: _id, ...file }) => file));
    if (selection) {
      chips.push({ id: SELECTION_CHIP, kind: 'selection', label: selection.path, detail: lineRangeLabel(selection), bytes: selection.text.length });
    }
    const idByPath = new Map(candidates.map((candidate) => [candidate.path, candidate.id]));
    for (const file of files.included) {
      const id = idByPath.get(file.path) ?? file.path;
      const detail = id === PROBLEMS_CHIP && problems ? problems.summary : formatBytes(file.bytes);
      chips.push({ id, kind: id === PROBLEMS_CHIP ? 'problems' : 'file', label: file.path, detail, bytes: file.bytes });
    }
    chips.push(...notSent);
    // Files the budget left out are shown too, each with why: nothing is dropped silently.
    for (const file of files.skipped) chips.push(overBudgetChip(file, idByPath.get(file.path) ?? file.path));
    // The instruction files follow the files the request is about (looked up again when those change).
    this.instructions.update([...(selection ? [selection.path] : []), ...files.included.filter((file) => file.sendAs !== 'text').map((file) => file.path)]);
    const project = this.instructions.current(this.removed);
    chips.push(...project.chips);
    return { selection, files, chips, projectInstructions: project.block };
  }

  /** @problems: the diagnostics of files the context rules let through, as text. */
  private problemsCandidate(): { candidate: CandidateFile & { id: string }; summary: string } {
    const pathOf = (uri: vscode.Uri) => (uri.scheme === 'file' || uri.scheme === 'untitled' || uri.scheme === 'vscode-remote' ? uriLabel(uri) : undefined);
    const problems = this.mentions.problemsText(pathOf, (uri) => !this.decide(uri).attach);
    return { candidate: { id: PROBLEMS_CHIP, path: PROBLEMS_LABEL, content: problems.text, sendAs: 'text' }, summary: problems.summary };
  }
}

function fileChipId(uri: vscode.Uri): string {
  return `file:${uri.toString()}`;
}
