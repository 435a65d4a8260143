import { describe, expect, it } from 'vitest';
import { applyContextBudget, byteLength, formatBytes } from '../../../src/common/chat/contextBudget';

const limits = { maxFileBytes: 100, maxTotalBytes: 150, maxFiles: 3 };

describe('the context budget', () => {
  it('keeps files in order until a limit would be crossed and says why the rest were left out', () => {
    const result = applyContextBudget(
      [
        { path: 'a.ts', content: 'a'.repeat(80) },
        { path: 'big.ts', content: 'b'.repeat(101) },
        { path: 'bin.dat', content: 'x\u0000y' },
        { path: 'c.ts', content: 'c'.repeat(80) },
        { path: 'd.ts', content: 'd'.repeat(60) },
        { path: 'a.ts', content: 'duplicate' },
      ],
      limits,
    );
    expect(result.included.map((f) => [f.path, f.bytes])).toEqual([
      ['a.ts', 80],
      ['d.ts', 60],
    ]);
    expect(result.skipped.map((f) => [f.path, f.reason])).toEqual([
      ['big.ts', 'larger than 100 B'],
      ['bin.dat', 'binary file'],
      ['c.ts', 'over the 150 B total'],
    ]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    expect(byteLength('é€😀')).toBe(2 + 3 + 4);
  });

  it('formats sizes for chips', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3277)).toBe('3.2 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });

  it('stops at the file count limit', () => {
    const files = ['a', 'b', 'c', 'd'].map((p) => ({ path: p, content: 'x' }));
    const result = applyContextBudget(files, limits);
    expect(result.included).toHaveLength(3);
    expect(result.skipped[0].reason).toBe('more than 3 files');
  });
});
