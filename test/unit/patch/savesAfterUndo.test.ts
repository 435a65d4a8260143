// Which document is saved after an Undo or Redo of an applied patch: only a document whose text is a
// state the patch saved, at the path that state belongs at; a moved file's old text only once the
// rename back has brought it home.
import { describe, expect, it } from 'vitest';
import { SavesAfterUndo, textFingerprint, type DocumentEvent } from '../../../src/common/patch/savesAfterUndo';

const BEFORE = textFingerprint('echo build\n');
const AFTER = textFingerprint('echo deploy\n');
const TYPED = textFingerprint('echo typed\n');

function event(key: string, fingerprint: string, reason: DocumentEvent['reason'], dirty: boolean, contentChanged = true): DocumentEvent {
  return { key, fingerprint, reason, dirty, contentChanged };
}

describe('saves after undo', () => {
  it('saves a document undone to the text it had before the patch, once VS Code marks it dirty', () => {
    const rules = new SavesAfterUndo();
    rules.track('a', BEFORE, AFTER);
    expect(rules.onDocumentEvent(event('a', BEFORE, 'undo', false))).toBe(false);
    expect(rules.onDocumentEvent(event('a', BEFORE, 'other', true, false))).toBe(true);
    expect(rules.onDocumentEvent(event('a', AFTER, 'redo', true))).toBe(true);
  });

  it('leaves unsaved what the user typed, and documents no patch touched', () => {
    const rules = new SavesAfterUndo();
    rules.track('a', BEFORE, AFTER);
    expect(rules.onDocumentEvent(event('a', TYPED, 'undo', true))).toBe(false);
    expect(rules.onDocumentEvent(event('a', BEFORE, 'undo', false))).toBe(false);
    expect(rules.onDocumentEvent(event('a', TYPED, 'other', true))).toBe(false);
    expect(rules.onDocumentEvent(event('a', TYPED, 'other', true, false))).toBe(false);
    expect(rules.onDocumentEvent(event('b', BEFORE, 'undo', true))).toBe(false);
  });

  it('never saves the old text of a moved file at its new path, where it would leave a stray file', () => {
    const rules = new SavesAfterUndo();
    rules.trackMove('old', 'new', BEFORE, AFTER);
    expect(rules.onDocumentEvent(event('new', BEFORE, 'undo', true))).toBe(false);
    expect(rules.onDocumentEvent(event('new', BEFORE, 'other', true, false))).toBe(false);
  });

  it('saves the old text at the old path once Undo has renamed the file back', () => {
    const rules = new SavesAfterUndo();
    rules.trackMove('old', 'new', BEFORE, AFTER);
    rules.onDocumentEvent(event('new', BEFORE, 'undo', true));
    rules.onRename('new', 'old');
    expect(rules.onDocumentEvent(event('old', BEFORE, 'other', true, false))).toBe(true);
    // Once only.
    expect(rules.onDocumentEvent(event('old', BEFORE, 'other', true, false))).toBe(false);
  });

  it('saves the new text at the new path when Redo renames first and then edits', () => {
    const rules = new SavesAfterUndo();
    rules.trackMove('old', 'new', BEFORE, AFTER);
    rules.onRename('old', 'new');
    expect(rules.onDocumentEvent(event('new', BEFORE, 'other', false, false))).toBe(false);
    expect(rules.onDocumentEvent(event('new', AFTER, 'redo', true))).toBe(true);
  });

  it('ignores a rename it did not expect (a file renamed by hand keeps its unsaved changes)', () => {
    const rules = new SavesAfterUndo();
    rules.trackMove('old', 'new', BEFORE, AFTER);
    rules.onRename('new', 'old');
    expect(rules.onDocumentEvent(event('old', BEFORE, 'other', true, false))).toBe(false);
    rules.onDocumentEvent(event('new', BEFORE, 'undo', true));
    rules.onRename('new', 'elsewhere');
    expect(rules.onDocumentEvent(event('elsewhere', BEFORE, 'other', true, false))).toBe(false);
  });

  it('does not save a renamed-back document the user has typed into meanwhile', () => {
    const rules = new SavesAfterUndo();
    rules.trackMove('old', 'new', BEFORE, AFTER);
    rules.onDocumentEvent(event('new', BEFORE, 'undo', true));
    rules.onRename('new', 'old');
    expect(rules.onDocumentEvent(event('old', TYPED, 'other', true))).toBe(false);
    expect(rules.onDocumentEvent(event('old', BEFORE, 'other', true, false))).toBe(false);
  });
});
