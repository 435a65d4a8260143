import { describe, expect, it } from 'vitest';
import { applyUpdateChunks } from '../../../src/common/patch/chunkApplier';
import { parsePatch } from '../../../src/common/patch/patchParser';
import type { UpdateChunk } from '../../../src/common/patch/patchTypes';

function chunksOf(...lines: string[]): readonly UpdateChunk[] {
  const result = parsePatch(['*** Begin Patch', '*** Update File: f', ...lines, '*** End Patch'].join('\n'));
  if (!result.ok) throw new Error(result.message);
  const hunk = result.patch.hunks[0];
  if (hunk?.type !== 'update') throw new Error('expected an update hunk');
  return hunk.chunks;
}

function apply(original: string, ...lines: string[]): string {
  const result = applyUpdateChunks(original, chunksOf(...lines), 'f');
  if (typeof result !== 'string') throw new Error(result.message);
  return result;
}

describe('applyUpdateChunks', () => {
  it('keeps a blank context line that did not match as an added blank line when + lines follow it', () => {
    expect(apply('a\nb\n', ' a', '', '+x')).toBe('a\n\nx\nb\n');
  });

  it('drops trailing blank context lines one by one until the chunk matches', () => {
    expect(apply('a\nb', '-a', '+A', '', '')).toBe('A\nb');
  });

  it('gives an inserted first line the ending most of the file uses', () => {
    expect(apply('x\r\ny\r\nz\n', '@@', '+top', ' x')).toBe('top\r\nx\r\ny\r\nz\n');
  });

  it('lets extra replacing lines take the ending of the last replaced line', () => {
    expect(apply('a\nb\r\nc\n', '-a', '-b', '+1', '+2', '+3', ' c')).toBe('1\n2\r\n3\r\nc\n');
  });

  it('appends pure additions at the end of the file when the chunk is marked *** End of File', () => {
    expect(apply('head\nx\n', '@@ head', '+tail', '*** End of File')).toBe('head\nx\ntail\n');
  });

  it('moves the cursor past each chunk, so a line that repeats is unambiguous for a later chunk', () => {
    expect(apply('a\nx\nb\nx\n', '@@', ' a', '-x', '+X1', '@@', '-x', '+X2')).toBe('a\nX1\nb\nX2\n');
  });

  it('rejects a first chunk that would fit two identical blocks, even if a second chunk follows', () => {
    const result = applyUpdateChunks('k\nv\nk\nv\n', chunksOf('@@', ' k', '-v', '+V1', '@@', ' k', '-v', '+V2'), 'f');
    expect(typeof result !== 'string' && result.code).toBe('ambiguous');
  });

  it('follows several @@ lines in order to reach a nested scope', () => {
    const file = 'class A:\n  def f():\n    return 1\nclass B:\n  def f():\n    return 1\n';
    expect(apply(file, '@@ class B:', '@@   def f():', '-    return 1', '+    return 2')).toBe(file.replace(/return 1\n$/, 'return 2\n'));
  });

  it('applies a chunk under its @@ line when the same block repeats further down under other headers', () => {
    const file = '// primary\nx\ny\n// fallback\nx\ny\n';
    expect(apply(file, '@@ // primary', ' x', '-y', '+Y')).toBe('// primary\nx\nY\n// fallback\nx\ny\n');
  });

  it('looks for the chunk between its @@ line and the next line equal to it first', () => {
    expect(apply('f()\n  a\nf()\n  a\n', '@@ f()', '-  a', '+  b')).toBe('f()\n  b\nf()\n  a\n');
  });

  it('reaches a nested scope in the first of two classes through several @@ lines', () => {
    const file = 'class A:\n  def f():\n    return 1\nclass B:\n  def f():\n    return 1\n';
    expect(apply(file, '@@ class A:', '@@   def f():', '-    return 1', '+    return 2')).toBe(file.replace('return 1', 'return 2'));
  });

  it('still searches past the next repetition of the @@ line when the chunk is not in between', () => {
    expect(apply('h\na\nh\nb\n', '@@ h', '-b', '+B')).toBe('h\na\nh\nB\n');
  });

  it('tells repeated blocks apart by their @@ line even when a line shaped like it comes before the change', () => {
    const file = '/* a */\n/* note */\n}\n.x,\n.y {\n/* b */\n/* note */\n}\n.x,\n.y {\n';
    expect(apply(file, '@@ /* a */', ' }', '-.x,', ' .y {')).toBe(file.replace('.x,\n', ''));
  });

  it('stays ambiguous when the chunk repeats inside the section its @@ line opens', () => {
    const result = applyUpdateChunks('## A\nx\nx\n## B\nx\n', chunksOf('@@ ## A', '-x'), 'f');
    expect(typeof result !== 'string' && result.code).toBe('ambiguous');
  });

  it('asks for more context when a chunk with an @@ line is still ambiguous', () => {
    const result = applyUpdateChunks('h\nx\nx\n', chunksOf('@@ h', '-x'), 'f');
    expect(typeof result !== 'string' && result.message).toContain('Include more context lines, or add another');
  });

  it('says which chunk failed and where the search started', () => {
    const result = applyUpdateChunks('a\nb\nc\n', chunksOf('@@', '-b', '+B', '@@', '-a', '+A'), 'f');
    expect(typeof result !== 'string' && result.message).toContain('Failed to find the expected lines in f (chunk at patch line 6) after line 2:\n  a');
  });
});
