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

/** Where `document` lies: relative to the workspace folder holding it, or in none. */
function contextDocumentInfo(document: vscode.TextDocument) {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const folderPath = folder?.uri.path.replace(/\/+$/, '');
  const inside = folderPath !== undefined && document.uri.path.startsWith(`${folderPath}/`);
  return {
    scheme: document.uri.scheme,
    workspaceRelativePath: inside ? document.uri.path.slice(folderPath.length + 1) : undefined,
    path: document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path,
  };
}

function realPathOf(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** Where a `file:` document really is when that differs from its path (a symlink), judged
 *  against the workspace folders' real paths; undefined when it is not a link. */
function symlinkTarget(document: vscode.TextDocument) {
  if (document.uri.scheme !== 'file') return undefined;
  const real = realPathOf(document.uri.fsPath);
  if (real === undefined || real === document.uri.fsPath) return undefined;
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

  removeChip(chipId: string): boolean {
    if (!this.gather().chips.some((chip) => chip.id === chipId)) return false;
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
    const editor = this.editor;
    if (chipId === SELECTION_CHIP && editor) {
      this.allowedSelections.add(editor.document.uri.toString());
      this.changed.fire();
      return true;
    }
    const document = vscode.workspace.textDocuments.find((candidate) => fileChipId(candidate.uri) === chipId);
    if (!document) return false;
    this.addFile(document.uri);
    return true;
  }

  private addFile(uri: vscode.Uri): void {
    this.removed.delete(fileChipId(uri));
    if (!this.added.some((existing) => existing.toString() === uri.toString())) this.added.push(uri);
    this.changed.fire();
  }

  /** Whether `document` goes with the next request without the user adding it, and if not, why. */
  private decide(document: vscode.TextDocument): ContextDecision {
    if (this.added.some((uri) => uri.toString() === document.uri.toString())) return { attach: true };
    this.secrets ??= new SecretFileMatcher(readSettings().secretFiles);
    const byName = automaticContextDecision(contextDocumentInfo(document), this.secrets);
    if (!byName.attach) return byName;
    // A workspace file may be a symlink to ~/.aws/credentials: judge where it really points too.
    const target = symlinkTarget(document);
    return target ? automaticContextDecision(target, this.secrets) : byName;
  }

  /** After a send, removed chips come back and explicitly added files stay. */
  resetRemovals(): void {
    this.removed.clear();
    this.changed.fire();
  }

  /** The current context, but with `selection` (e.g. the function a CodeLens stands above) as the selection. */
  gatherFor(selection: SelectionRecord): GatheredContext {
    const gathered = this.gather();
    const chips = gathered.chips.filter((chip) => chip.kind !== 'selection');
    chips.unshift({ id: SELECTION_CHIP, kind: 'selection', label: selection.path, detail: lineRangeLabel(selection) });
    return { ...gathered, selection, chips };
  }

  gather(): GatheredContext {
    const editor = this.editor;
    const chips: ContextChip[] = [];
    let selection = this.removed.has(SELECTION_CHIP) ? undefined : selectionOf(editor);
    if (selection && editor && !this.allowedSelections.has(editor.document.uri.toString())) {
      const decision = this.decide(editor.document);
      if (!decision.attach) {
        chips.push({ id: SELECTION_CHIP, kind: 'selection', label: selection.path, detail: decision.label, heldBack: decision.reason });
        selection = undefined;
      }
    }
    const documents: vscode.TextDocument[] = [];
    const heldBack: ContextChip[] = [];
    const pushDocument = (document: vscode.TextDocument) => {
      if (!isContextDocument(document) || documents.includes(document)) return;
      const id = fileChipId(document.uri);
      if (this.removed.has(id) || heldBack.some((chip) => chip.id === id)) return;
      const decision = this.decide(document);
      if (decision.attach) documents.push(document);
      else heldBack.push({ id, kind: 'file', label: documentLabel(document), detail: decision.label, heldBack: decision.reason });
    };
    if (editor) pushDocument(editor.document);
    for (const visible of vscode.window.visibleTextEditors) pushDocument(visible.document);
    for (const uri of this.added) {
      const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
      if (document) pushDocument(document);
    }
    const candidates: CandidateFile[] = documents.map((document) => ({
      path: documentLabel(document),
      languageId: document.languageId,
      content: document.getText(),
    }));
    const files = applyContextBudget(candidates);
    if (selection) {
      chips.push({ id: SELECTION_CHIP, kind: 'selection', label: selection.path, detail: lineRangeLabel(selection), bytes: selection.text.length });
    }
    const idByPath = new Map(documents.map((document) => [documentLabel(document), fileChipId(document.uri)]));
    for (const file of files.included) {
      chips.push({ id: idByPath.get(file.path) ?? file.path, kind: 'file', label: file.path, detail: formatBytes(file.bytes), bytes: file.bytes });
    }
    chips.push(...heldBack);
    // Files the budget left out are shown too, each with why: nothing is dropped silently.
    for (const file of files.skipped) chips.push(overBudgetChip(file, idByPath.get(file.path) ?? file.path));
    // The instruction files follow the files the request is about (looked up again when those change).
    this.instructions.update([...(selection ? [selection.path] : []), ...files.included.map((file) => file.path)]);
    const project = this.instructions.current(this.removed);
    chips.push(...project.chips);
    return { selection, files, chips, projectInstructions: project.block };
  }
}

function fileChipId(uri: vscode.Uri): string {
  return `file:${uri.toString()}`;
}
