import { describe, expect, it } from 'vitest';
import { describeNewProblems, newProblems, withProblemReport, type FileProblem } from '../../../src/common/problems/problemFeedback';

function problem(line: number, code: string, message: string, path = 'src/a.ts'): FileProblem {
  return { path, line, column: 5, code, source: 'ts', message };
}

describe('problems an edit introduced', () => {
  it('are the errors that were not there before, whatever line they moved to', () => {
    const before = [problem(3, 'TS2304', "Cannot find name 'x'.")];
    const after = [problem(9, 'TS2304', "Cannot find name 'x'."), problem(12, 'TS2345', "Argument of type 'string' is not assignable to parameter of type 'number'.")];
    expect(newProblems(before, after)).toEqual([after[1]]);
  });

  it('count duplicates: a second copy of an old error is new', () => {
    const old = problem(1, 'TS2304', "Cannot find name 'x'.");
    expect(newProblems([old], [old, { ...old, line: 7 }])).toEqual([{ ...old, line: 7 }]);
  });

  it('are listed as path:line:column code message, in file order then by line', () => {
    const report = describeNewProblems(
      [
        { path: 'src/a.ts', before: [], after: [problem(12, 'TS2345', 'Second.'), problem(2, 'TS1005', "';' expected.")] },
        { path: 'src/b.ts', before: [], after: [problem(4, 'TS2322', 'Third.', 'src/b.ts')] },
      ],
      true,
    );
    expect(report).toBe(
      [
        'New problems (errors the language servers report after this edit): 3',
        "src/a.ts:2:5 TS1005 ';' expected.",
        'src/a.ts:12:5 TS2345 Second.',
        'src/b.ts:4:5 TS2322 Third.',
      ].join('\n'),
    );
  });

  it('say so when there are none, and say nothing when no language server answered', () => {
    const unchanged = [{ path: 'src/a.ts', before: [problem(1, 'TS1', 'Old.')], after: [problem(3, 'TS1', 'Old.')] }];
    expect(describeNewProblems(unchanged, true)).toBe('No new errors reported in the edited files.');
    expect(describeNewProblems([{ path: 'src/a.ts', before: [], after: [problem(1, 'TS1', 'New.')] }], false)).toBeUndefined();
  });

  it('are bounded in count and size, with a visible marker of what was left out', () => {
    const many = Array.from({ length: 30 }, (_, i) => problem(i + 1, 'TS2322', `Problem ${i} ${'x'.repeat(500)}`));
    const report = describeNewProblems([{ path: 'src/a.ts', before: [], after: many }], true, { maxProblems: 5, maxChars: 100_000, maxMessageChars: 40 }) ?? '';
    expect(report.split('\n')).toHaveLength(1 + 5 + 1);
    expect(report).toContain('(truncated: 25 more errors not shown)');
    expect(report.split('\n')[1]).toBe(`src/a.ts:1:5 TS2322 Problem 0 ${'x'.repeat(29)}…`);
    const small = describeNewProblems([{ path: 'src/a.ts', before: [], after: many }], true, { maxProblems: 50, maxChars: 200, maxMessageChars: 40 }) ?? '';
    expect(small).toContain('(truncated: 27 more errors not shown)');
  });

  it('flattens multi-line messages onto one line', () => {
    const report = describeNewProblems([{ path: 'a.ts', before: [], after: [{ path: 'a.ts', line: 1, column: 1, message: 'Type A\n  is not B.' }] }], true);
    expect(report?.split('\n')[1]).toBe('a.ts:1:1 Type A is not B.');
  });

  it('warn that errors of a file nobody had open may be older', () => {
    const report = describeNewProblems([{ path: 'src/closed.ts', before: undefined, after: [problem(1, 'TS2304', 'Old or new.', 'src/closed.ts')] }], true);
    expect(report).toContain('(src/closed.ts was not open before the edit, so its errors may include older ones.)');
  });

  it('come after the apply_patch success output', () => {
    expect(withProblemReport('Success. Updated the following files:\nM src/a.ts', 'No new errors reported in the edited files.')).toBe(
      'Success. Updated the following files:\nM src/a.ts\n\nNo new errors reported in the edited files.',
    );
    expect(withProblemReport('Success.', undefined)).toBe('Success.');
  });
});
