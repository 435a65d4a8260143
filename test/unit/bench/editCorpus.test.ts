import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classify } from '../../bench/edits/classify';
import { buildCorpus } from '../../bench/edits/corpus';
import type { EditCase } from '../../bench/edits/editCase';
import { CATEGORIES, sameTree } from '../../bench/edits/editCase';
import { projectSourcePool } from '../../bench/edits/sourceFiles';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const bytes = (text: string) => new TextEncoder().encode(text);

function fingerprint(cases: readonly EditCase[]): string {
  return cases.map((edit) => `${edit.id}\n${edit.patch}\n${[...edit.files].map(([path, content]) => `${path}:${content.join(',')}`).join('|')}`).join('\n');
}

describe('edit benchmark corpus', () => {
  it('is the same for the same seed, and different for another seed', () => {
    const pool = projectSourcePool(repoRoot);
    const first = buildCorpus(pool, 7, 2);
    expect(fingerprint(buildCorpus(projectSourcePool(repoRoot), 7, 2))).toBe(fingerprint(first));
    expect(fingerprint(buildCorpus(pool, 8, 2))).not.toBe(fingerprint(first));
    expect(first.map((edit) => edit.category)).toEqual(CATEGORIES.flatMap((category) => [category, category]));
  });

  it('gives every case meant to apply an intended result that differs from the files it starts with', () => {
    for (const edit of buildCorpus(projectSourcePool(repoRoot), 11, 2)) {
      if (edit.intended !== 'refuse') expect(sameTree(edit.intended, edit.files), edit.id).toBe(false);
      expect(edit.patch.startsWith('*** Begin Patch\n') && edit.patch.endsWith('\n*** End Patch'), edit.id).toBe(true);
    }
  });
});

describe('scoring one engine run', () => {
  const files = new Map([['a.txt', bytes('one\n')], ['b.txt', bytes('two\n')]]);
  const meant: EditCase = { id: 'x', category: 'clean', description: '', files, patch: '', intended: new Map([['a.txt', bytes('ONE\n')], ['b.txt', bytes('two\n')]]) };
  const refuse: EditCase = { ...meant, category: 'multi_file', intended: 'refuse' };

  it('counts the intended bytes as exact and any other bytes as wrong', () => {
    expect(classify(meant, true, meant.intended as Map<string, Uint8Array>)).toBe('exact');
    expect(classify(meant, true, new Map([['a.txt', bytes('ONE')], ['b.txt', bytes('two\n')]]))).toBe('wrong');
  });

  it('counts a clean error as refused when the patch was meant to apply, and as exact when it should be refused', () => {
    expect(classify(meant, false, files)).toBe('refused');
    expect(classify(refuse, false, files)).toBe('exact');
  });

  it('counts an error that left a file changed (a partial apply) as wrong', () => {
    expect(classify(refuse, false, new Map([['a.txt', bytes('ONE\n')], ['b.txt', bytes('two\n')]]))).toBe('wrong');
    expect(classify(meant, false, new Map([['a.txt', bytes('ONE\n')]]))).toBe('wrong');
  });
});
