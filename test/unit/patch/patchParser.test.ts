import { describe, expect, it } from 'vitest';
import { parsePatch } from '../../../src/common/patch/patchParser';
import type { ParsedPatch, ParseResult } from '../../../src/common/patch/patchTypes';

function parsed(result: ParseResult): ParsedPatch {
  if (!result.ok) throw new Error(`expected a parse, got: ${result.message}`);
  return result.patch;
}

function errorOf(result: ParseResult): string {
  if (result.ok) throw new Error('expected a parse error');
  expect(result.code).toBe('parse');
  return result.message;
}

const wrap = (...lines: string[]): string => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

describe('parsePatch', () => {
  it('reads add, delete and update hunks with move, headers, end-of-file and line numbers', () => {
    const patch = parsed(
      parsePatch(
        wrap(
          '*** Add File: src/new.ts',
          '+export {};',
          '+',
          '*** Delete File: old.txt',
          '*** Update File: a.py',
          '*** Move to: b.py',
          '@@ def f():',
          ' x = 1',
          '-y = 2',
          '+y = 3',
          '@@',
          '-tail',
          '*** End of File',
        ),
      ),
    );
    expect(patch.hunks).toEqual([
      { type: 'add', path: 'src/new.ts', lines: ['export {};', ''], lineNumber: 2 },
      { type: 'delete', path: 'old.txt', lineNumber: 5 },
      {
        type: 'update',
        path: 'a.py',
        movePath: 'b.py',
        lineNumber: 6,
        chunks: [
          {
            headers: ['def f():'],
            isEndOfFile: false,
            lineNumber: 8,
            lines: [
              { kind: 'context', text: 'x = 1' },
              { kind: 'remove', text: 'y = 2' },
              { kind: 'add', text: 'y = 3' },
            ],
          },
          { headers: [], isEndOfFile: true, lineNumber: 12, lines: [{ kind: 'remove', text: 'tail' }] },
        ],
      },
    ]);
  });

  it('treats a completely empty line inside a chunk as an empty context line', () => {
    const patch = parsed(parsePatch(wrap('*** Update File: a', ' a', '', '-b')));
    const hunk = patch.hunks[0];
    expect(hunk?.type === 'update' && hunk.chunks[0]?.lines).toEqual([
      { kind: 'context', text: 'a' },
      { kind: 'context', text: '' },
      { kind: 'remove', text: 'b' },
    ]);
  });

  it("reads a ' ' line right after Update File as the first chunk's empty context line, as Codex does", () => {
    const patch = parsed(parsePatch(wrap('*** Update File: a', ' ', ' b', '-c', '+C')));
    const hunk = patch.hunks[0];
    expect(hunk?.type === 'update' && hunk.chunks[0]?.lines).toEqual([
      { kind: 'context', text: '' },
      { kind: 'context', text: 'b' },
      { kind: 'remove', text: 'c' },
      { kind: 'add', text: 'C' },
    ]);
  });

  it("skips a ' ' line between Update File and an @@ line", () => {
    const patch = parsed(parsePatch(wrap('*** Update File: a', ' ', '@@', '-c', '+C')));
    const hunk = patch.hunks[0];
    expect(hunk?.type === 'update' && hunk.chunks.map((chunk) => chunk.lines.length)).toEqual([2]);
  });

  it('skips blank lines between hunks and before the first chunk', () => {
    const patch = parsed(parsePatch(wrap('*** Add File: a', '+a', '', '*** Update File: b', '', '@@', '-x', '+y')));
    expect(patch.hunks.map((hunk) => hunk.type)).toEqual(['add', 'update']);
  });

  it.each([
    ['<<EOF', 'EOF'],
    ["<<'EOF'", 'EOF'],
    ['<<"EOF"', 'EOF'],
  ])('unwraps a heredoc opened with %s', (opener, closer) => {
    const patch = parsed(parsePatch(`${opener}\n${wrap('*** Delete File: a')}\n${closer}\n`));
    expect(patch.hunks).toEqual([{ type: 'delete', path: 'a', lineNumber: 3 }]);
  });

  it('accepts padded markers and headers, surrounding whitespace and CRLF line breaks', () => {
    const patch = parsed(parsePatch('\r\n  *** Begin Patch \r\n   *** Update File:   a.txt  \r\n@@  \r\n-a\r\n+b\r\n *** End Patch \r\n\r\n'));
    expect(patch.hunks).toEqual([
      {
        type: 'update',
        path: 'a.txt',
        movePath: undefined,
        lineNumber: 3,
        chunks: [{ headers: [], isEndOfFile: false, lineNumber: 4, lines: [{ kind: 'remove', text: 'a' }, { kind: 'add', text: 'b' }] }],
      },
    ]);
  });

  it('counts line numbers from the top of the input, including leading blank lines', () => {
    expect(errorOf(parsePatch('\n\n*** Begin Patch\n*** Bogus\n*** End Patch'))).toContain("invalid hunk at line 4: '*** Bogus' is not a valid hunk header");
  });

  it('reports an empty input as an empty patch', () => {
    expect(errorOf(parsePatch('   \n'))).toContain('The patch is empty');
  });

  it('requires the first line to be *** Begin Patch and names the offending line', () => {
    expect(errorOf(parsePatch('diff --git a/x b/x\n*** End Patch'))).toBe(
      "invalid patch at line 1: 'diff --git a/x b/x'. The first line of the patch must be '*** Begin Patch'.",
    );
  });

  it('requires the last line to be *** End Patch', () => {
    expect(errorOf(parsePatch('*** Begin Patch\n*** Delete File: a'))).toContain("The last line of the patch must be '*** End Patch'");
  });

  it('rejects text after *** End Patch', () => {
    expect(errorOf(parsePatch(`${wrap('*** Delete File: a')}\nmore`))).toContain("invalid patch at line 4: 'more' comes after '*** End Patch'");
  });

  it('rejects a patch without any file operation', () => {
    expect(errorOf(parsePatch(wrap()))).toContain('The patch contains no file operation');
  });

  it('rejects an Update File without chunks, naming its path and line', () => {
    expect(errorOf(parsePatch(wrap('*** Update File: x.ts')))).toContain("invalid hunk at line 2: Update file hunk for path 'x.ts' is empty");
  });

  it('rejects a line without a prefix inside a chunk', () => {
    expect(errorOf(parsePatch(wrap('*** Update File: x', '@@', 'oops')))).toContain(
      "invalid hunk at line 4: Unexpected line found in update hunk: 'oops'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
    );
  });

  it('requires chunks after the first to start with @@', () => {
    expect(errorOf(parsePatch(wrap('*** Update File: x', '-a', '*** End of File', '-b')))).toContain(
      "invalid hunk at line 5: expected a chunk to start with '@@' or '@@ <context line>', got '-b'",
    );
  });

  it('reads several @@ lines in a row as nested scopes of one chunk', () => {
    const patch = parsed(parsePatch(wrap('*** Update File: x', '@@ class A', '@@   def f():', '-c')));
    const hunk = patch.hunks[0];
    expect(hunk?.type === 'update' && hunk.chunks).toEqual([
      { headers: ['class A', 'def f():'], isEndOfFile: false, lineNumber: 3, lines: [{ kind: 'remove', text: 'c' }] },
    ]);
  });

  it('rejects an @@ line that has no lines under it', () => {
    expect(errorOf(parsePatch(wrap('*** Update File: x', '-a', '@@ b', '*** Delete File: y')))).toContain("invalid hunk at line 4: the chunk '@@ b' has no lines");
  });

  it('rejects *** End of File right after @@', () => {
    expect(errorOf(parsePatch(wrap('*** Update File: x', '@@', '*** End of File')))).toContain("'*** End of File' closes a chunk that has no lines");
  });

  it('rejects a Move to without a destination and a header without a path', () => {
    expect(errorOf(parsePatch(wrap('*** Update File: x', '*** Move to:', '-a')))).toContain("'*** Move to:' needs a destination path");
    expect(errorOf(parsePatch(wrap('*** Add File:', '+a')))).toContain("'*** Add File:' needs a path after the colon");
  });

  it('hints that added-file lines need a + prefix', () => {
    expect(errorOf(parsePatch(wrap('*** Add File: a', '+x', 'y')))).toContain("Every line of an added file must start with '+'");
  });

  it('keeps + lines that look like markers as file content', () => {
    const patch = parsed(parsePatch(wrap('*** Add File: notes.md', '+*** End Patch', '+@@ not a header')));
    expect(patch.hunks[0]).toEqual({ type: 'add', path: 'notes.md', lines: ['*** End Patch', '@@ not a header'], lineNumber: 2 });
  });
});
