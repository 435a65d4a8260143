// Which document to save after an Undo or Redo of an applied patch (the host does the saving; see
// src/vscode/undoSaver.ts). A patch saves the files it changes; Undo and Redo change them back in
// the editor only, so they are saved again — but only when their text is exactly a state the patch
// saved, never what the user typed since.
//
// A file moved with changes is a rename plus a text edit at the new path. Undo takes back the text
// edit first (the document at the new path now holds the old text) and then renames the file back,
// carrying that unsaved text to the old path. Saving at the new path in between would race the
// rename and could write a stray file there, so the old text is saved only where it belongs: at the
// old path, once the rename back has happened. Redo renames first, so the new text arrives at home.

/** Document keys (URI strings) and text fingerprints, as the host computes them. */
export type DocumentKey = string;
export type TextFingerprint = string;

export type ChangeReason = 'undo' | 'redo' | 'other';

/** A document change, or a document's dirty flag changing (no content change). */
export interface DocumentEvent {
  readonly key: DocumentKey;
  readonly fingerprint: TextFingerprint;
  readonly reason: ChangeReason;
  readonly contentChanged: boolean;
  readonly dirty: boolean;
}

const MAX_TRACKED_DOCUMENTS = 500;

export class SavesAfterUndo {
  /** Per document: each text state a patch saved there, and the document it belongs at. */
  private readonly tracked = new Map<DocumentKey, Map<TextFingerprint, DocumentKey>>();
  /** Undone or redone to a state that belongs here, but not yet marked dirty (that comes as its own event). */
  private readonly pending = new Set<DocumentKey>();
  /** Undone or redone to a state that belongs elsewhere: the rename that takes it there is next. */
  private readonly movingTo = new Map<DocumentKey, DocumentKey>();

  /** A patch changed this document in place from `before` to `after` and saved it. */
  track(key: DocumentKey, before: TextFingerprint, after: TextFingerprint): void {
    this.remember(key, [
      [before, key],
      [after, key],
    ]);
  }

  /** A patch renamed `from` to `to`, changed its text there from `before` to `after`, and saved it. */
  trackMove(from: DocumentKey, to: DocumentKey, before: TextFingerprint, after: TextFingerprint): void {
    const states: [TextFingerprint, DocumentKey][] = [
      [before, from],
      [after, to],
    ];
    this.remember(from, states);
    this.remember(to, states);
  }

  /** Whether the host should save the document now. */
  onDocumentEvent(event: DocumentEvent): boolean {
    const { key } = event;
    const states = this.tracked.get(key);
    if (!states) return false;
    if (event.reason !== 'other') {
      const home = states.get(event.fingerprint);
      this.pending.delete(key);
      this.movingTo.delete(key);
      if (home === key) this.pending.add(key);
      else if (home !== undefined) this.movingTo.set(key, home);
    } else if (event.contentChanged) {
      // Typed or edited by something else: that is the user's to save.
      this.pending.delete(key);
      this.movingTo.delete(key);
      return false;
    }
    if (!this.pending.has(key) || !event.dirty) return false;
    if (this.tracked.get(key)?.get(event.fingerprint) !== key) return false;
    this.pending.delete(key);
    return true;
  }

  /**
   * A file was renamed. When it is the rename back of an undone (or redone) move, the text that was
   * undone arrives with it: the document at `to` is saved once it holds that text, unsaved.
   */
  onRename(from: DocumentKey, to: DocumentKey): void {
    if (this.movingTo.get(from) !== to) return;
    this.movingTo.delete(from);
    this.pending.add(to);
  }

  /** Forgets everything (the host is closing). */
  clear(): void {
    this.tracked.clear();
    this.pending.clear();
    this.movingTo.clear();
  }

  private remember(key: DocumentKey, states: readonly (readonly [TextFingerprint, DocumentKey])[]): void {
    const known = this.tracked.get(key) ?? new Map<TextFingerprint, DocumentKey>();
    for (const [fingerprint, home] of states) known.set(fingerprint, home);
    // Most recently used last, so the oldest is dropped first.
    this.tracked.delete(key);
    this.tracked.set(key, known);
    while (this.tracked.size > MAX_TRACKED_DOCUMENTS) {
      const oldest = this.tracked.keys().next().value;
      if (oldest === undefined) break;
      this.tracked.delete(oldest);
      this.pending.delete(oldest);
      this.movingTo.delete(oldest);
    }
  }
}

/** A short fingerprint of a text, to recognise the two states an applied edit moves a document between. */
export function textFingerprint(text: string): TextFingerprint {
  let first = 0xdeadbeef;
  let second = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 2654435761);
    second = Math.imul(second ^ code, 1597334677);
  }
  return `${text.length}:${(first >>> 0).toString(36)}:${(second >>> 0).toString(36)}`;
}
