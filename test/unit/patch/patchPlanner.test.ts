import { describe, expect, it } from 'vitest';
import { planPatch } from '../../../src/common/patch/patchPlanner';
import type { PatchPlan } from '../../../src/common/patch/patchPlanner';
import type { PatchError } from '../../../src/common/patch/patchTypes';
import { memoryWorkspace } from './memoryWorkspace';

const wrap = (...lines: string[]): string => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

function planOf(result: PatchPlan | PatchError): PatchPlan {
  if (!result.ok) throw new Error(`expected a plan, got: ${result.message}`);
  return result;
}

function errorOf(result: PatchPlan | PatchError): PatchError {
  if (result.ok) throw new Error('expected an error');
  return result;
}

describe('planPatch', () => {
  it('edits the editor buffer (with its unsaved text) instead of the disk', async () => {
    const workspace = memoryWorkspace({ files: { 'a.ts': 'disk\n' }, editorText: { 'a.ts': 'unsaved\nline\n' } });
    const plan = planOf(await planPatch(wrap('*** Update File: a.ts', '-unsaved', '+saved'), workspace));
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ kind: 'update', path: 'a.ts', original: { kind: 'text', text: 'unsaved\nline\n' }, newText: 'saved\nline\n' });
  });

  it('computes every file and writes nothing until asked (the workspace is only read)', async () => {
    const workspace = memoryWorkspace({ files: { 'a.txt': 'a\n', 'b.txt': 'b\n' } });
    const plan = planOf(await planPatch(wrap('*** Update File: a.txt', '-a', '+A', '*** Delete File: b.txt', '*** Add File: c/d.txt', '+d'), workspace));
    expect(plan.changes.map((change) => [change.kind, change.path, change.newText])).toEqual([
      ['update', 'a.txt', 'A\n'],
      ['delete', 'b.txt', undefined],
      ['add', 'c/d.txt', 'd\n'],
    ]);
    expect(plan.summary).toEqual([
      { letter: 'M', path: 'a.txt' },
      { letter: 'D', path: 'b.txt' },
      { letter: 'A', path: 'c/d.txt' },
    ]);
  });

  it('encodes the new content as the file was: BOM kept, UTF-8 bytes', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('é\r\nx\r\n')]);
    const plan = planOf(await planPatch(wrap('*** Update File: b.txt', '-x', '+y'), memoryWorkspace({ files: { 'b.txt': bytes } })));
    expect(Array.from(plan.changes[0]?.newBytes ?? [])).toEqual([0xef, 0xbb, 0xbf, 0xc3, 0xa9, 13, 10, 0x79, 13, 10]);
    expect(plan.changes[0]?.newText).toBe('é\r\ny\r\n');
  });

  it('reports Add File over an existing file and Move onto an existing file as replacing', async () => {
    const workspace = memoryWorkspace({ files: { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' } });
    const plan = planOf(await planPatch(wrap('*** Add File: a.txt', '+new', '*** Update File: b.txt', '*** Move to: c.txt', ' b'), workspace));
    expect(plan.changes.map((change) => [change.path, change.kind, change.replacesExisting, change.movedFrom, change.movedTo])).toEqual([
      ['a.txt', 'update', true, undefined, undefined],
      ['b.txt', 'delete', false, undefined, 'c.txt'],
      ['c.txt', 'update', true, 'b.txt', undefined],
    ]);
  });

  it('leaves out files whose net effect is nothing', async () => {
    const workspace = memoryWorkspace({ files: { 'a.txt': 'a\n' } });
    const plan = planOf(await planPatch(wrap('*** Add File: tmp.txt', '+x', '*** Delete File: tmp.txt', '*** Update File: a.txt', ' a'), workspace));
    expect(plan.changes).toEqual([]);
    expect(plan.summary.map((entry) => entry.letter)).toEqual(['A', 'D', 'M']);
  });

  it('treats two spellings of one file as one file where the file system ignores case', async () => {
    const workspace = memoryWorkspace({ files: { 'Readme.md': 'a\nb\n' }, caseInsensitive: true });
    const plan = planOf(await planPatch(wrap('*** Update File: Readme.md', '-a', '+A', '*** Update File: README.md', '-b', '+B'), workspace));
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]?.newText).toBe('A\nB\n');
  });

  it('classifies a symlink inside the workspace by what it points at', async () => {
    const workspace = memoryWorkspace({ files: { 'notes.txt': 'x\n' }, links: { 'notes.txt': '/workspace/.git/config' } });
    const plan = planOf(await planPatch(wrap('*** Update File: notes.txt', '-x', '+y'), workspace));
    expect(plan.sensitive.map((change) => [change.path, change.sensitivePattern, change.realPath])).toEqual([
      ['notes.txt', '**/.git/**', '/workspace/.git/config'],
    ]);
  });

  it('adds configured sensitive patterns to the built-in ones', async () => {
    const workspace = memoryWorkspace({ files: {} });
    const plan = planOf(await planPatch(wrap('*** Add File: deploy/prod.yaml', '+x'), workspace, { sensitivePatterns: ['deploy/**'] }));
    expect(plan.sensitive.map((change) => change.sensitivePattern)).toEqual(['deploy/**']);
  });

  it('rejects a symlinked folder that leads outside, for a Move to destination too', async () => {
    const workspace = memoryWorkspace({ files: { 'a.txt': 'a\n' }, links: { out: '/etc' } });
    const error = errorOf(await planPatch(wrap('*** Update File: a.txt', '*** Move to: out/passwd', ' a'), workspace));
    expect(error).toMatchObject({ code: 'path', path: 'out/passwd' });
    expect(workspace.reads).toEqual(['a.txt']);
    expect(error.message).toBe(
      'The Move to destination "out/passwd" is not allowed: through a symbolic link it resolves to "/etc/passwd", which is outside the workspace folder.',
    );
  });

  it('rejects a dangling symlink, since writing would create its target wherever it points', async () => {
    const error = errorOf(await planPatch(wrap('*** Add File: link/x', '+x'), memoryWorkspace({ dangling: ['link'] })));
    expect(error.message).toContain('"link" is a symbolic link whose target does not exist');
  });

  it('rejects escaping paths before reading anything', async () => {
    const workspace = memoryWorkspace({ files: { 'a.txt': 'a\n' } });
    const error = errorOf(await planPatch(wrap('*** Delete File: ../a.txt'), workspace));
    expect(error.code).toBe('path');
    expect(workspace.reads).toEqual([]);
  });

  it('refuses to update a directory', async () => {
    const error = errorOf(await planPatch(wrap('*** Update File: src', '-a'), memoryWorkspace({ directories: ['src'] })));
    expect(error).toMatchObject({ code: 'not-a-file', message: 'Cannot update src: it is a directory, not a file.' });
  });

  it('refuses binary and non-UTF-8 files without re-encoding them', async () => {
    const binary = errorOf(await planPatch(wrap('*** Update File: x.bin', '-a'), memoryWorkspace({ files: { 'x.bin': new Uint8Array([97, 0, 10]) } })));
    expect(binary.code).toBe('binary');
    const latin1 = errorOf(await planPatch(wrap('*** Update File: x.txt', '-a'), memoryWorkspace({ files: { 'x.txt': new Uint8Array([0xe9, 10]) } })));
    expect(latin1.code).toBe('encoding');
    const utf16 = errorOf(await planPatch(wrap('*** Update File: w.txt', '-a'), memoryWorkspace({ files: { 'w.txt': new Uint8Array([0xff, 0xfe, 97, 0, 10, 0]) } })));
    expect(utf16).toMatchObject({ code: 'encoding', message: 'w.txt is UTF-16 encoded; apply_patch only edits UTF-8 files and never re-encodes one.' });
  });

  it('turns a failing workspace read into an error instead of throwing', async () => {
    const workspace = memoryWorkspace({});
    workspace.readFile = async () => {
      throw new Error('EACCES: permission denied');
    };
    const error = errorOf(await planPatch(wrap('*** Delete File: a.txt'), workspace));
    expect(error).toEqual({ ok: false, code: 'io', message: 'Reading the workspace failed: EACCES: permission denied' });
  });

  it('returns parse errors unchanged', async () => {
    const error = errorOf(await planPatch('*** Begin Patch\n*** Nope\n*** End Patch', memoryWorkspace({})));
    expect(error.code).toBe('parse');
    expect(error.message).toContain("invalid hunk at line 2: '*** Nope' is not a valid hunk header");
  });

  it('names the ambiguous places and asks for an @@ header or more context', async () => {
    const workspace = memoryWorkspace({ files: { 'x.py': 'def a():\n    pass\ndef b():\n    pass\n' } });
    const error = errorOf(await planPatch(wrap('*** Update File: x.py', '-    pass', '+    return 1'), workspace));
    expect(error.code).toBe('ambiguous');
    expect(error.message).toBe(
      "The chunk at patch line 3 matches 2 places in x.py (starting at lines 2, 4), so where to apply it is ambiguous. Add an '@@ <line>' header naming a unique line just above the change (such as the enclosing function or class), or include more context lines so the chunk matches only one place.",
    );
  });

  it('explains that chunks have no line numbers when the @@ line is a unified-diff range', async () => {
    const workspace = memoryWorkspace({ files: { 'a.txt': 'a\nb\n' } });
    const error = errorOf(await planPatch(wrap('*** Update File: a.txt', '@@ -1,2 +1,2 @@', '-a', '+A'), workspace));
    expect(error.code).toBe('context-not-found');
    expect(error.message).toContain("apply_patch chunks carry no line numbers: write '@@' alone");
  });
});
