import { describe, expect, it } from 'vitest';
import { decodeMentionedText, MAX_MENTIONED_PROBLEMS, problemsText } from '../../../src/common/mentions/mentionContext';
import type { Problem } from '../../../src/common/tools/toolHost';

const warning: Problem = { path: 'src/b.ts', line: 3, column: 1, severity: 'warning', message: "'x' is declared but never used.", code: '6133', source: 'ts' };
const error: Problem = { path: 'src/a.ts', line: 12, column: 5, severity: 'error', message: 'Argument of type\n  string is not assignable.', code: '2345', source: 'ts' };

describe('@problems as the text the model receives', () => {
  it('lists errors before warnings, one line each with path, position, code and message', () => {
    const result = problemsText([warning, error]);
    expect(result.summary).toBe('1 error, 1 warning');
    expect(result.text.split('\n')).toEqual([
      "Problems reported in the workspace (the editor's Problems panel): 1 error, 1 warning.",
      'src/a.ts:12:5 error ts 2345: Argument of type string is not assignable.',
      "src/b.ts:3:1 warning ts 6133: 'x' is declared but never used.",
    ]);
  });

  it('says so when there are none', () => {
    expect(problemsText([])).toEqual({ summary: 'no problems', text: "Problems reported in the workspace (the editor's Problems panel): no problems." });
  });

  it('lists at most a bounded number and says how many more there are', () => {
    const many = Array.from({ length: MAX_MENTIONED_PROBLEMS + 5 }, (_, index): Problem => ({ ...error, line: index + 1 }));
    const lines = problemsText(many).text.split('\n');
    expect(lines).toHaveLength(MAX_MENTIONED_PROBLEMS + 2);
    expect(lines.at(-1)).toBe('(truncated: 5 more problems not listed)');
  });

  it('says that problems of held-back files are left out, without naming them', () => {
    const text = problemsText([error], 2).text;
    expect(text).toContain('problems in 2 files that look secret or lie outside the workspace are not listed');
  });
});

describe('a mentioned file that is not open, as text', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('is its UTF-8 text, without a byte-order mark', () => {
    expect(decodeMentionedText(utf8('\uFEFFconst π = 3.14;\n'))).toBe('const π = 3.14;\n');
  });

  it('is not sent when it looks binary, saying why', () => {
    expect(decodeMentionedText(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x00, 0x01))).toEqual({ label: 'not sent — binary file', reason: 'It looks binary (it contains NUL bytes), so it is not sent.' });
  });

  it('is not sent when it is not UTF-8, and says how to send it anyway', () => {
    const latin1 = Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x0a);
    const result = decodeMentionedText(latin1);
    expect(typeof result === 'string' ? result : result.label).toBe('not sent — not UTF-8 text');
    expect(typeof result === 'string' ? '' : result.reason).toMatch(/Open it in an editor/);
  });
});
