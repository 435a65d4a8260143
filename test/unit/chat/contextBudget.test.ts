import { describe, expect, it } from 'vitest';
import { applyContextBudget, byteLength, formatBytes, isSentChip, overBudgetChip } from '../../../src/common/chat/contextBudget';

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

  it('says of every file it leaves out why, and what to do instead', () => {
    const eightMegabytes = 'x'.repeat(8 * 1024 * 1024);
    const result = applyContextBudget([
      { path: 'huge-a.log', content: eightMegabytes },
      { path: 'huge-b.log', content: eightMegabytes },
    ]);
    expect(result.included).toEqual([]);
    expect(result.skipped.map((f) => [f.path, f.kind])).toEqual([
      ['huge-a.log', 'file-size'],
      ['huge-b.log', 'file-size'],
    ]);
    expect(result.skipped[0].advice).toBe('It is 8.0 MB, more than the 256.0 KB sent per file. Select the part you need and ask about the selection.');
    const chip = overBudgetChip(result.skipped[0], 'file:huge-a.log');
    expect(chip).toEqual({
      id: 'file:huge-a.log',
      kind: 'file',
      label: 'huge-a.log',
      detail: 'not sent — larger than 256.0 KB',
      overBudget: result.skipped[0].advice,
    });
    expect(isSentChip(chip)).toBe(false);
    expect(isSentChip({ id: 'x', kind: 'file', label: 'x', detail: '1 B' })).toBe(true);
  });
});
