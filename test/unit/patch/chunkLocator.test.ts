import { describe, expect, it } from 'vitest';
import { findLine, findSequence, LineIndex, normalizeLine } from '../../../src/common/patch/chunkLocator';

const index = (...lines: string[]): LineIndex => new LineIndex(lines);

describe('normalizeLine', () => {
  it('folds whitespace and typographic punctuation only in the later passes', () => {
    const line = '\u00a0 \u201cquote\u201d \u2014 it\u2019s\u2212ok\t';
    expect(normalizeLine(line, 0)).toBe(line);
    expect(normalizeLine(line, 1)).toBe('\u00a0 \u201cquote\u201d \u2014 it\u2019s\u2212ok');
    expect(normalizeLine(line, 2)).toBe('\u201cquote\u201d \u2014 it\u2019s\u2212ok');
    expect(normalizeLine(line, 3)).toBe('"quote" - it\'s-ok');
  });
});

describe('findSequence', () => {
  it('finds an exact match at or after the cursor', () => {
    const file = index('a', 'b', 'c', 'a', 'b');
    expect(findSequence(file, ['a', 'b'], 1, false)).toEqual({ kind: 'found', start: 3, pass: 0 });
  });

  it('reports every place the winning pass matches as ambiguous, with their positions', () => {
    const file = index('x', 'a', 'b', 'y', 'a', 'b', 'a', 'b');
    expect(findSequence(file, ['a', 'b'], 0, false)).toEqual({ kind: 'ambiguous', starts: [1, 4, 6], count: 3, pass: 0 });
  });

  it('lets an exact match win over fuzzy twins', () => {
    const file = index('a  ', 'a', '  a');
    expect(findSequence(file, ['a'], 0, false)).toEqual({ kind: 'found', start: 1, pass: 0 });
  });

  it('falls back pass by pass: trailing whitespace, then indentation, then punctuation', () => {
    expect(findSequence(index('x', 'a \t'), ['a'], 0, false)).toMatchObject({ kind: 'found', start: 1, pass: 1 });
    expect(findSequence(index('x', '    a'), ['  a'], 0, false)).toMatchObject({ kind: 'found', start: 1, pass: 2 });
    expect(findSequence(index('x', 'say \u201chi\u201d'), ['say "hi"'], 0, false)).toMatchObject({ kind: 'found', start: 1, pass: 3 });
  });

  it('is ambiguous when two places match in the first pass that matches at all', () => {
    expect(findSequence(index('a ', 'b', 'a  ', 'b'), ['a', 'b'], 0, false)).toMatchObject({ kind: 'ambiguous', starts: [0, 2], pass: 1 });
  });

  it('anchors at the end of the file for *** End of File', () => {
    const file = index('end', 'x', 'end');
    expect(findSequence(file, ['end'], 0, true)).toEqual({ kind: 'found', start: 2, pass: 0 });
    expect(findSequence(file, ['x'], 0, true)).toEqual({ kind: 'not-found' });
  });

  it('does not find lines before the cursor or patterns longer than the rest of the file', () => {
    const file = index('a', 'b', 'c');
    expect(findSequence(file, ['a'], 1, false)).toEqual({ kind: 'not-found' });
    expect(findSequence(file, ['b', 'c', 'd'], 1, false)).toEqual({ kind: 'not-found' });
  });

  it('finds a pattern whose rarest line is not its first', () => {
    const file = index('}', '}', 'unique', '}', 'end');
    expect(findSequence(file, ['}', 'unique', '}'], 0, false)).toEqual({ kind: 'found', start: 1, pass: 0 });
  });
});

describe('findLine', () => {
  it('finds the first matching line at or after the cursor, loosening passes only when needed', () => {
    const file = index('class A', 'class B', '  class B  ', 'class B');
    expect(findLine(file, 'class B', 2)).toEqual({ index: 3, pass: 0 });
    expect(findLine(file, 'class B', 0)).toEqual({ index: 1, pass: 0 });
    expect(findLine(file, ' class A', 0)).toEqual({ index: 0, pass: 2 });
    expect(findLine(file, 'class C', 0)).toBeUndefined();
  });
});
