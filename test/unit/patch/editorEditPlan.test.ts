// How a plan becomes an editor edit that Undo reverses exactly: existing files are never overwritten
// by a file operation (VS Code undoes a create by deleting), and each path gets one operation at most.
import { describe, expect, it } from 'vitest';
import { changedSpan, editorEditPlan, withLineEnding, type DocumentState, type EditorEditPlan } from '../../../src/common/patch/editorEditPlan';
import { planPatch } from '../../../src/common/patch/patchPlanner';
import { memoryWorkspace, type MemoryWorkspaceSetup } from './memoryWorkspace';

const closed: DocumentState = { open: false, dirty: false };

async function strategy(setup: MemoryWorkspaceSetup, body: string[], state: (path: string) => DocumentState = () => closed): Promise<EditorEditPlan> {
  const plan = await planPatch(['*** Begin Patch', ...body, '*** End Patch'].join('\n'), memoryWorkspace(setup));
  if (!plan.ok) throw new Error(plan.message);
  return editorEditPlan(plan, state);
}

describe('editor edit plan', () => {
  it('replaces the text of an updated file instead of recreating it, so Undo restores it', async () => {
    const result = await strategy({ files: { 'a.ts': 'one\r\ntwo\r\n' } }, ['*** Update File: a.ts', '@@', ' one', '-two', '+2']);
    expect(result).toEqual({ ok: true, operations: [{ kind: 'replace-text', path: 'a.ts', originalText: 'one\r\ntwo\r\n', newText: 'one\r\n2\r\n' }] });
    expect(JSON.stringify(result)).not.toContain('"create"');
  });

  it('creates an added file with its exact bytes and deletes a deleted one', async () => {
    const result = await strategy({ files: { 'old.ts': 'x\n' } }, ['*** Add File: new.ts', '+hi', '*** Delete File: old.ts']);
    if (!result.ok) throw new Error(result.error);
    expect(result.operations).toEqual([
      { kind: 'delete', path: 'old.ts' },
      { kind: 'create', path: 'new.ts', bytes: new TextEncoder().encode('hi\n') },
    ]);
  });

  it('renames a file moved without changes, so it keeps its bytes, mode and identity', async () => {
    const result = await strategy({ files: { 'a.ts': '\ufeffkeep\r\n' } }, ['*** Update File: a.ts', '*** Move to: b/a.ts', '@@', '-keep', '+keep']);
    expect(result).toEqual({ ok: true, operations: [{ kind: 'rename', from: 'a.ts', to: 'b/a.ts' }] });
  });

  it('moves a file with an edit as a rename and a text edit at the new path, so it keeps its mode and identity', async () => {
    const result = await strategy({ files: { 'a.ts': '\ufeffone\r\n' } }, ['*** Update File: a.ts', '*** Move to: b.ts', '@@', '-one', '+uno']);
    expect(result).toEqual({ ok: true, operations: [{ kind: 'move-text', from: 'a.ts', to: 'b.ts', originalText: 'one\r\n', newText: 'uno\r\n' }] });
  });

  it('renames a file moved twice (a → b → c) straight to its last path, so it keeps its mode there too', async () => {
    const result = await strategy({ files: { 'a.ts': 'one\n' } }, ['*** Update File: a.ts', '*** Move to: b.ts', '@@', '-one', '+two', '*** Update File: b.ts', '*** Move to: c.ts', '@@', '-two', '+three']);
    expect(result).toEqual({ ok: true, operations: [{ kind: 'move-text', from: 'a.ts', to: 'c.ts', originalText: 'one\n', newText: 'three\n' }] });
  });

  it('renames only the file that moved onto a path last, when two files move onto it', async () => {
    const result = await strategy({ files: { 'a.ts': 'a\n', 'x.ts': 'x\n' } }, ['*** Update File: a.ts', '*** Move to: b.ts', '@@', '-a', '+A', '*** Update File: x.ts', '*** Move to: b.ts', '@@', '-x', '+X']);
    if (!result.ok) throw new Error(result.error);
    expect(result.operations).toEqual([
      { kind: 'delete', path: 'a.ts' },
      { kind: 'move-text', from: 'x.ts', to: 'b.ts', originalText: 'x\n', newText: 'X\n' },
    ]);
  });

  it('moves a symbolic link, with or without an edit, as a delete of the link and a create of the new bytes, as the disk applier does', async () => {
    for (const added of ['uno', 'one']) {
      const plan = await planPatch(['*** Begin Patch', '*** Update File: a.ts', '*** Move to: b.ts', '@@', '-one', `+${added}`, '*** End Patch'].join('\n'), memoryWorkspace({ files: { 'a.ts': 'one\n' } }));
      if (!plan.ok) throw new Error(plan.message);
      const result = editorEditPlan(plan, () => closed, { symbolicLinks: new Set(['a.ts']) });
      expect(result).toEqual({
        ok: true,
        operations: [
          { kind: 'delete', path: 'a.ts' },
          { kind: 'create', path: 'b.ts', bytes: new TextEncoder().encode(`${added}\n`) },
        ],
      });
    }
  });

  it('replaces the text of an existing file that an Add File or a Move to lands on', async () => {
    const result = await strategy({ files: { 'a.ts': 'a\n', 'b.ts': 'b\n', 'c.ts': 'c\n' } }, ['*** Add File: c.ts', '+new', '*** Update File: a.ts', '*** Move to: b.ts', '@@', '-a', '+a']);
    if (!result.ok) throw new Error(result.error);
    expect(result.operations).toEqual([
      { kind: 'delete', path: 'a.ts' },
      { kind: 'replace-text', path: 'c.ts', originalText: 'c\n', newText: 'new\n' },
      { kind: 'replace-text', path: 'b.ts', originalText: 'b\n', newText: 'a\n' },
    ]);
  });

  it('gives every path at most one file operation (their undo order does not matter)', async () => {
    const result = await strategy({ files: { 'a.ts': 'a\n', 'b.ts': 'b\n' } }, ['*** Update File: a.ts', '*** Move to: c.ts', '@@', '-a', '+A', '*** Add File: a.ts', '+again', '*** Delete File: b.ts']);
    if (!result.ok) throw new Error(result.error);
    const paths = result.operations.flatMap((operation) => (operation.kind === 'rename' || operation.kind === 'move-text' ? [operation.from, operation.to] : [operation.path]));
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('refuses to delete or move a file with unsaved changes, naming it', async () => {
    const dirty = (path: string): DocumentState => (path === 'a.ts' ? { open: true, dirty: true } : closed);
    const deleted = await strategy({ files: { 'a.ts': 'a\n' } }, ['*** Delete File: a.ts'], dirty);
    expect(deleted).toMatchObject({ ok: false, error: expect.stringContaining('a.ts has unsaved changes') });
    const moved = await strategy({ files: { 'a.ts': 'a\n' } }, ['*** Update File: a.ts', '*** Move to: b.ts', '@@', '-a', '+b'], dirty);
    expect(moved).toMatchObject({ ok: false, error: expect.stringContaining('does not move') });
  });

  it('refuses to replace a file that is not UTF-8 text, since that could not be undone exactly', async () => {
    const result = await strategy({ files: { 'logo.bin': new Uint8Array([0, 1, 2]) } }, ['*** Delete File: logo.bin', '*** Add File: logo.bin', '+text']);
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('logo.bin exists and is not a UTF-8 text file') });
  });
});

describe('changed span', () => {
  it('replaces only the changed middle of a text', () => {
    expect(changedSpan('one\ntwo\nthree\n', 'one\n2\nthree\n')).toEqual({ start: 4, end: 7, text: '2' });
    expect(changedSpan('same', 'same')).toEqual({ start: 4, end: 4, text: '' });
  });

  it('never splits a CRLF or a surrogate pair', () => {
    const crlf = changedSpan('a\r\nb', 'a\rb');
    expect(crlf.start).toBeLessThanOrEqual(1);
    const emoji = changedSpan('x😀y', 'x😃y');
    expect(emoji).toEqual({ start: 1, end: 3, text: '😃' });
  });

  it('turns the span back into the new text for any pair of texts', () => {
    const samples = ['', 'a', 'a\r\n', 'a\r\nb\r\n', '😀', 'a😀b', '\r\n\r\n', 'ab\r', '\nx'];
    for (const before of samples) {
      for (const after of samples) {
        const span = changedSpan(before, after);
        expect(before.slice(0, span.start) + span.text + before.slice(span.end)).toBe(after);
      }
    }
  });

  it('gives every line the document line ending', () => {
    expect(withLineEnding('a\nb\r\nc', '\r\n')).toBe('a\r\nb\r\nc');
    expect(withLineEnding('a\r\nb\n', '\n')).toBe('a\nb\n');
  });
});
