// How a checked plan becomes an edit the editor can undo and redo byte for byte.
//
// VS Code undoes a WorkspaceEdit's file operations with their inverses: a deleted file is recreated
// from the bytes read just before deleting it, a created file is deleted, a rename is renamed back.
// Two traps decide the shape of the edit:
// - creating a file "with overwrite" is undone by deleting it: the previous content is lost. So a file
//   that exists is never overwritten by a file operation; its text is replaced through its document
//   (a text edit, undone in the document), which keeps its line endings, BOM and encoding.
// - the file operations of one edit are undone in the order they were made, not in reverse (VS Code
//   1.139), so two operations on one path (delete, then create) cannot be undone. Every path here
//   gets at most one file operation, and no operation depends on another.
// A file moved with changes is renamed and then edited at its new path (both in the one edit): the
// rename keeps its mode and identity, and Undo takes back the text edit first, then the rename.

import type { PatchPlan, PlannedFileChange } from './patchPlanner';
import { sameBytes } from './textModel';

export type EditorOperation =
  /** A new file, written with exactly these bytes. Undo deletes it; redo writes the bytes again. */
  | { readonly kind: 'create'; readonly path: string; readonly bytes: Uint8Array }
  /** Undo recreates the file from the bytes VS Code reads before deleting it. */
  | { readonly kind: 'delete'; readonly path: string }
  /** A move whose content does not change: the file keeps its bytes, mode and identity (never a symlink: that would move the link). */
  | { readonly kind: 'rename'; readonly from: string; readonly to: string }
  /**
   * A move with changes: the file is renamed (keeping its bytes, mode and identity) and its text then
   * replaced through its document at the new path.
   */
  | { readonly kind: 'move-text'; readonly from: string; readonly to: string; readonly originalText: string; readonly newText: string }
  /** An existing text file's content, replaced through its document. */
  | { readonly kind: 'replace-text'; readonly path: string; readonly originalText: string; readonly newText: string };

/** What the host knows about a path's editor: open, and with unsaved changes. */
export interface DocumentState {
  readonly open: boolean;
  readonly dirty: boolean;
}

/** What the host knows about the files on disk. */
export interface DiskFacts {
  /** Patch paths whose directory entry is a symbolic link (renaming one would move the link, not the file). */
  readonly symbolicLinks?: ReadonlySet<string>;
}

export type EditorEditPlan = { readonly ok: true; readonly operations: readonly EditorOperation[] } | { readonly ok: false; readonly error: string };

/**
 * Where a moved file ends up: the change at its Move to path, or, when the file moved on from a path
 * that never held a file (a → b → c), the change at the end of that chain.
 */
function moveDestination(source: PlannedFileChange, changes: readonly PlannedFileChange[], byPath: ReadonlyMap<string, PlannedFileChange>): PlannedFileChange | undefined {
  let previous = source.path;
  let path = source.movedTo;
  for (let step = 0; path !== undefined && step <= changes.length; step++) {
    const direct = byPath.get(path);
    // Only the file that moved there last lands there (another may have moved onto it after this one).
    if (direct) return direct.movedFrom === previous ? direct : undefined;
    const from: string = path;
    previous = from;
    path = changes.find((change) => change.movedFrom === from)?.path;
  }
  return undefined;
}

function isPureMove(source: PlannedFileChange, destination: PlannedFileChange | undefined): destination is PlannedFileChange {
  if (!destination || destination.kind !== 'add' || destination.movedFrom === undefined) return false;
  const original = source.original;
  if (original?.kind !== 'bytes' || destination.newBytes === undefined) return false;
  return sameBytes(original.bytes, destination.newBytes);
}

/**
 * A move with changes onto a path that had no file, of a text file that is not a symlink: it can be
 * a rename plus a text edit. (A destination that exists keeps its own file and gets the new text; a
 * moved symlink becomes a new file at the destination, as on disk.)
 */
function textMove(source: PlannedFileChange, destination: PlannedFileChange | undefined, disk: DiskFacts): Extract<EditorOperation, { kind: 'move-text' }> | undefined {
  if (!destination || destination.kind !== 'add' || destination.movedFrom === undefined) return undefined;
  if (disk.symbolicLinks?.has(source.path)) return undefined;
  if (source.originalText === undefined || destination.newText === undefined) return undefined;
  return { kind: 'move-text', from: source.path, to: destination.path, originalText: source.originalText, newText: destination.newText };
}

/**
 * The operations that carry out `plan` in the editor, file operations first (they touch distinct
 * paths, so their undo order does not matter), then text replacements. Refuses, naming the file,
 * what could not be undone exactly or would throw away unsaved work.
 */
export function editorEditPlan(plan: PatchPlan, documentState: (path: string) => DocumentState, disk: DiskFacts = {}): EditorEditPlan {
  const byPath = new Map(plan.changes.map((change) => [change.path, change]));
  const renamedTo = new Set<string>();
  const fileOperations: EditorOperation[] = [];
  const textOperations: EditorOperation[] = [];
  for (const change of plan.changes) {
    if (change.kind !== 'delete') continue;
    if (documentState(change.path).dirty) {
      const verb = change.movedTo !== undefined ? 'move' : 'delete';
      return { ok: false, error: `${change.path} has unsaved changes in the editor. Save or revert them, then apply again (Codewright does not ${verb} a file with unsaved work). No files were changed.` };
    }
    const destination = moveDestination(change, plan.changes, byPath);
    const moveWithText = textMove(change, destination, disk);
    if (isPureMove(change, destination) && !disk.symbolicLinks?.has(change.path)) {
      fileOperations.push({ kind: 'rename', from: change.path, to: destination.path });
      renamedTo.add(destination.path);
    } else if (moveWithText) {
      fileOperations.push(moveWithText);
      renamedTo.add(moveWithText.to);
    } else {
      fileOperations.push({ kind: 'delete', path: change.path });
    }
  }
  for (const change of plan.changes) {
    if (change.kind === 'delete' || renamedTo.has(change.path)) continue;
    if (change.newBytes === undefined || change.newText === undefined) continue;
    if (change.original === undefined) {
      fileOperations.push({ kind: 'create', path: change.path, bytes: change.newBytes });
    } else if (change.originalText === undefined) {
      return {
        ok: false,
        error: `${change.path} exists and is not a UTF-8 text file, so replacing it could not be undone exactly in the editor. Delete it in one patch and add the new file in the next. No files were changed.`,
      };
    } else {
      textOperations.push({ kind: 'replace-text', path: change.path, originalText: change.originalText, newText: change.newText });
    }
  }
  return { ok: true, operations: [...fileOperations, ...textOperations] };
}

/** `text` with every line ending turned into `eol` (VS Code's documents hold one ending per file). */
export function withLineEnding(text: string, eol: '\n' | '\r\n'): string {
  return text.replace(/\r?\n/g, eol);
}

/**
 * The smallest single replacement that turns `before` into `after`: offsets into `before` and the
 * text to put there. Editing only the changed middle keeps cursors, folds and markers elsewhere.
 */
export function changedSpan(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a surrogate pair or a CRLF.
  while (start > 0 && (isLowSurrogate(before.charCodeAt(start)) || (before.charCodeAt(start) === 10 && before.charCodeAt(start - 1) === 13))) start--;
  let beforeEnd = before.length;
  let afterEnd = after.length;
  while (beforeEnd > start && afterEnd > start && before.charCodeAt(beforeEnd - 1) === after.charCodeAt(afterEnd - 1)) {
    beforeEnd--;
    afterEnd--;
  }
  while (beforeEnd < before.length && (isLowSurrogate(before.charCodeAt(beforeEnd)) || (before.charCodeAt(beforeEnd) === 10 && before.charCodeAt(beforeEnd - 1) === 13))) {
    beforeEnd++;
    afterEnd++;
  }
  return { start, end: beforeEnd, text: after.slice(start, afterEnd) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
