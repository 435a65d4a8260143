import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fuzzyMatch, preparePath, rankPaths } from '../../../src/common/mentions/fuzzyMatch';

const PATHS = [
  'src/common/chat/chatSession.ts',
  'src/common/chat/conversationStore.ts',
  'src/webview/composer.ts',
  'src/webview/chatApp.ts',
  'src/common/security/secretFiles.ts',
  'test/unit/chat/chatSession.test.ts',
  'docs/cheatsheet.md',
  'README.md',
  'src/vscode/chatViewProvider.ts',
  'src/common/responses/streamReducer.ts',
];
const prepared = PATHS.map(preparePath);

function ranked(query: string, limit = 5): string[] {
  return rankPaths(query, prepared, limit).map((match) => match.path);
}

describe('fuzzy matching of workspace paths', () => {
  it('keeps only paths that contain the typed characters in order', () => {
    expect(ranked('zzz')).toEqual([]);
    expect(ranked('cmpsr')[0]).toBe('src/webview/composer.ts');
    expect(ranked('cmpsr')).not.toContain('README.md');
  });

  it('ignores case, spaces and backslashes in what was typed', () => {
    expect(ranked('COMPOSER')[0]).toBe('src/webview/composer.ts');
    expect(ranked('webview\\comp')[0]).toBe('src/webview/composer.ts');
    expect(ranked('chat session')[0]).toBe('src/common/chat/chatSession.ts');
  });

  it('ranks a match in the file name above the same letters scattered over folders', () => {
    // "chat" is in several folder names; the file named chatApp wins over chat/conversationStore.
    expect(ranked('chatapp')[0]).toBe('src/webview/chatApp.ts');
    expect(ranked('store')[0]).toBe('src/common/chat/conversationStore.ts');
  });

  it('ranks camelCase and word-start initials: "cvp" finds chatViewProvider', () => {
    expect(ranked('cvp')[0]).toBe('src/vscode/chatViewProvider.ts');
    expect(ranked('sr')[0]).toBe('src/common/responses/streamReducer.ts');
  });

  it('prefers the shorter path when two match equally well', () => {
    expect(ranked('chatSession', 2)).toEqual(['src/common/chat/chatSession.ts', 'test/unit/chat/chatSession.test.ts']);
  });

  it('ranks a consecutive run above the same letters spread out', () => {
    const run = fuzzyMatch('secret', preparePath('src/common/security/secretFiles.ts'));
    const spread = fuzzyMatch('secret', preparePath('docs/cheatsheet.md'));
    expect(spread).toBeUndefined();
    const close = fuzzyMatch('read', preparePath('README.md'));
    const far = fuzzyMatch('read', preparePath('src/common/responses/streamReducer.ts'));
    expect(run).toBeDefined();
    expect(close && far && close.score > far.score).toBe(true);
  });

  it('reports the matched positions for highlighting, in ascending order', () => {
    const match = fuzzyMatch('cmp', preparePath('src/webview/composer.ts'));
    expect(match?.positions).toEqual([12, 14, 15]);
    expect(match?.positions.map((index) => 'src/webview/composer.ts'[index]).join('')).toBe('cmp');
  });

  it('highlights the file name, not an earlier folder, when both could match', () => {
    const path = 'src/chat/chat.ts';
    const match = fuzzyMatch('chat', preparePath(path));
    expect(match?.positions).toEqual([9, 10, 11, 12]);
  });

  it('keeps the given order for an empty query, up to the limit', () => {
    expect(ranked('', 3)).toEqual(PATHS.slice(0, 3));
  });

  it('keeps positions aligned for characters whose lower case is longer (İ)', () => {
    const match = fuzzyMatch('x', preparePath('İİ/x.ts'));
    expect(match?.positions).toEqual([3]);
  });

  it('returns at most the limit, best first, for many candidates', () => {
    const many = Array.from({ length: 2000 }, (_, index) => preparePath(`src/feature${index % 40}/module${index}.ts`));
    const result = rankPaths('module1999', many, 10);
    expect(result.length).toBeLessThanOrEqual(10);
    expect(result[0]?.path).toBe('src/feature39/module1999.ts');
    for (let index = 1; index < result.length; index++) expect(result[index - 1]!.score).toBeGreaterThanOrEqual(result[index]!.score);
  });
});

describe('fuzzy matching on any path and query', () => {
  const text = fc.string({ unit: fc.constantFrom(...'abcAB/._-0é'.split('')), maxLength: 40 });

  it('matches exactly when the query is a subsequence, at increasing positions holding its characters', () => {
    fc.assert(
      fc.property(text, fc.string({ unit: fc.constantFrom(...'abAB/.0é'.split('')), minLength: 1, maxLength: 6 }), (path, query) => {
        const lower = path.toLowerCase();
        const wanted = query.toLowerCase();
        let at = 0;
        const isSubsequence = [...wanted].every((char) => (at = lower.indexOf(char, at) + 1) > 0);
        const match = fuzzyMatch(query, preparePath(path));
        expect(match !== undefined).toBe(isSubsequence);
        if (!match) return;
        expect(match.positions.map((index) => lower[index]).join('')).toBe(wanted);
        match.positions.forEach((position, index) => expect(index === 0 || position > match.positions[index - 1]!).toBe(true));
      }),
      { numRuns: 2000 },
    );
  });
});
