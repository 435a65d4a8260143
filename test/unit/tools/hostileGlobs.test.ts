// Globs reach the walk from the model (search_text's include, find_files' glob) and from the
// workspace (files.exclude, .gitignore). They are matched without a RegExp, segment by segment,
// at a cost of at most pattern × path: inputs built to make a backtracking matcher run for hours
// get their answer at once, and a brace bomb matches nothing instead of expanding.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileGlob } from '../../../src/common/security/glob';
import { listDirectory } from '../../../src/node/tools/listDirectory';
import { searchText } from '../../../src/node/tools/textSearch';
import { readToolWorkerScript } from '../../harness/readToolWorkerScript';

/** `*a*a…*a*b`: a backtracking matcher tries every way to split a run of `a` among the stars. */
const STARS = `${'*a'.repeat(490)}*b`;
const LONG_NAME = 'a'.repeat(250);
/** The same for a file name (at most 255 characters): 200 stars to place among 250 `a`s. */
const NAME_STARS = `${'*a'.repeat(200)}*b`;

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cw-hostile-globs-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('globs from the model and the workspace', () => {
  it('answers star-heavy patterns against long names and deep paths', () => {
    expect(compileGlob(STARS).test(LONG_NAME)).toBe(false);
    expect(compileGlob(STARS).test(`${'a'.repeat(600)}b`)).toBe(true);
    const deep = Array.from({ length: 1000 }, () => 'a').join('/');
    expect(compileGlob(`${'**/a/'.repeat(190)}b`).test(deep)).toBe(false);
    expect(compileGlob(`${'**/a/'.repeat(190)}a`).test(deep)).toBe(true);
  });

  it('matches nothing for a brace bomb or an over-long pattern, and reads deep nesting', () => {
    expect(compileGlob('{a,b}'.repeat(20)).valid).toBe(false);
    expect(compileGlob('{a,b}'.repeat(20)).test('a'.repeat(20))).toBe(false);
    expect(compileGlob(`*${'x'.repeat(1001)}`).valid).toBe(false);
    expect(compileGlob(`${'{'.repeat(499)}a${'}'.repeat(499)}`).test('a')).toBe(true);
  });

  it('lists a folder whose .gitignore is built to make matching backtrack', async () => {
    writeFileSync(path.join(root, '.gitignore'), `${Array.from({ length: 50 }, () => STARS).join('\n')}\n${NAME_STARS}\n`);
    writeFileSync(path.join(root, LONG_NAME), 'kept');
    writeFileSync(path.join(root, `${LONG_NAME}b`), 'ignored');
    const listing = await listDirectory(root, '', 1, {});
    expect(listing.entries.map((entry) => entry.path)).toEqual(['.gitignore', LONG_NAME]);
    expect(listing.excluded).toBe(1);
  });

  it('searches with an include glob built to make matching backtrack', async () => {
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', `${LONG_NAME}b`), 'needle\n');
    writeFileSync(path.join(root, 'src', LONG_NAME), 'needle\n');
    const found = await searchText([{ prefix: '', fsPath: root }], { query: 'needle', isRegex: false, include: `src/${NAME_STARS}`, maxResults: 50 }, {}, { worker: readToolWorkerScript() });
    expect(found.matches.map((match) => match.path)).toEqual([`src/${LONG_NAME}b`]);
  });
});
