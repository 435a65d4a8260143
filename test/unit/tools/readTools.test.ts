// The read tools' bounds and guards, against real folders on disk.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MultiRootWorkspace } from '../../../src/common/patch';
import { SecretFileMatcher } from '../../../src/common/security/secretFiles';
import { CALL_OUTPUT_BYTES, fitLines, TurnOutputBudget } from '../../../src/common/tools/outputBudget';
import { parseToolArguments } from '../../../src/common/tools/toolArguments';
import { callLabel } from '../../../src/common/tools/toolLabels';
import { resolveReadPath } from '../../../src/common/tools/readPath';
import { runToolCall } from '../../../src/common/tools/toolRunner';
import { NodeWorkspace } from '../../../src/node/patch/nodeWorkspace';
import { installedRipgrep, NodeReadToolHost } from '../../harness/nodeReadToolHost';

let root: string;
let outside: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cw-read-'));
  outside = mkdtempSync(path.join(tmpdir(), 'cw-outside-'));
  mkdirSync(path.join(root, 'src'));
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git/config'), '[core]\n');
  writeFileSync(path.join(root, 'src/a.ts'), 'one\ntwo\nthree\n');
  writeFileSync(path.join(root, '.env'), 'TOKEN=secret-value-123\n');
  writeFileSync(path.join(outside, 'passwords.txt'), 'hunter2\n');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const secrets = new SecretFileMatcher();
const neverAsked = async () => {
  throw new Error('consent was asked');
};

function run(name: string, args: object, host = new NodeReadToolHost(root), budget = CALL_OUTPUT_BYTES, askConsent: (path: string, reason: string) => Promise<boolean> = neverAsked) {
  return runToolCall(name, JSON.stringify(args), { host, budget, signal: new AbortController().signal, askConsent });
}

describe('read_file', () => {
  it('numbers the lines of a range and labels the row with it', async () => {
    const result = await run('read_file', { path: 'src/a.ts', start_line: 2, end_line: 3 });
    expect(result).toEqual({ status: 'done', output: 'src/a.ts lines 2-3 of 3:\n2: two\n3: three', label: 'Read `src/a.ts` 2–3' });
  });

  it('says what is wrong with binary, non-UTF-8, missing files and folders', async () => {
    writeFileSync(path.join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    writeFileSync(path.join(root, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    expect((await run('read_file', { path: 'logo.png' })).output).toBe('logo.png is a binary file (7 bytes); read_file reads text files only.');
    expect((await run('read_file', { path: 'latin1.txt' })).output).toBe('latin1.txt is not UTF-8 text (5 bytes); read_file reads UTF-8 files only.');
    expect((await run('read_file', { path: 'src/nope.ts' })).output).toContain('src/nope.ts does not exist');
    expect((await run('read_file', { path: 'src' })).output).toContain('is a folder; use list_dir');
    expect((await run('read_file', { path: 'src/a.ts', start_line: 9 })).output).toBe('src/a.ts has only 3 lines; start_line 9 is past its end.');
  });

  it('answers a file too large for one read with its size and a request for a range', async () => {
    writeFileSync(path.join(root, 'big.txt'), Array.from({ length: 5000 }, (_, i) => `line ${i} of a long file`).join('\n'));
    const result = await run('read_file', { path: 'big.txt' });
    expect(result.status).toBe('error');
    expect(result.output).toMatch(/^big\.txt is 1\d\d\.\d KB \(5000 lines\), more than one read may return\. Read a range with start_line and end_line/);
  });

  it('cuts a range that does not fit at a line and says where to read on', async () => {
    writeFileSync(path.join(root, 'big.txt'), Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`).join('\n'));
    const result = await run('read_file', { path: 'big.txt', start_line: 1, end_line: 5000 }, undefined, 2000);
    const lines = result.output.split('\n');
    const shown = lines.length - 2;
    expect(lines.at(-1)).toBe(`[truncated: ${5000 - shown} more lines; read on with start_line ${shown + 1}]`);
    expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(2000);
  });
});

describe('the read-path gate', () => {
  it('refuses absolute paths, .. out of the folder and links that lead outside, without asking', async () => {
    symlinkSync(path.join(outside, 'passwords.txt'), path.join(root, 'link.txt'));
    const workspace = await NodeWorkspace.open(root);
    expect(await resolveReadPath('/etc/passwd', workspace, secrets)).toMatchObject({ ok: false, error: expect.stringContaining('absolute path') });
    expect(await resolveReadPath('src/../../x', workspace, secrets)).toMatchObject({ ok: false, error: expect.stringContaining("'..' leads outside") });
    expect(await resolveReadPath('link.txt', workspace, secrets)).toMatchObject({ ok: false, error: expect.stringContaining('leads outside the workspace folder') });
    const result = await run('read_file', { path: 'link.txt' });
    expect(result.output).not.toContain('hunter2');
  });

  it('asks before secret-looking files, .git and links to them; Deny is what the model hears', async () => {
    symlinkSync(path.join(root, '.env'), path.join(root, 'notes.txt'));
    const workspace = await NodeWorkspace.open(root);
    expect(await resolveReadPath('.env', workspace, secrets)).toMatchObject({ ok: true, consent: expect.stringContaining('looks like a secret') });
    expect(await resolveReadPath('.git/config', workspace, secrets)).toMatchObject({ ok: true, consent: expect.stringContaining('inside .git') });
    expect(await resolveReadPath('notes.txt', workspace, secrets)).toMatchObject({ ok: true, consent: expect.stringContaining('looks like a secret') });
    const asked: string[] = [];
    const denied = await run('read_file', { path: 'notes.txt' }, undefined, CALL_OUTPUT_BYTES, async (p) => {
      asked.push(p);
      return false;
    });
    expect(asked).toEqual(['notes.txt']);
    expect(denied.status).toBe('denied');
    expect(denied.output).not.toContain('secret-value-123');
  });

  it('routes multi-root paths by folder name and refuses names no folder has', async () => {
    const workspace = new MultiRootWorkspace([{ name: 'app', workspace: await NodeWorkspace.open(root) }, { name: 'other', workspace: await NodeWorkspace.open(outside) }]);
    expect(await resolveReadPath('app/src/a.ts', workspace, secrets)).toEqual({ ok: true, path: 'app/src/a.ts' });
    expect(await resolveReadPath('src/a.ts', workspace, secrets)).toMatchObject({ ok: false, error: expect.stringContaining('must start with one of their names') });
    expect(await resolveReadPath('app/.env', workspace, secrets)).toMatchObject({ ok: true, consent: expect.any(String) });
  });
});

describe('list_dir, find_files and search_text', () => {
  beforeEach(() => {
    mkdirSync(path.join(root, 'dist'));
    mkdirSync(path.join(root, 'node_modules/pkg'), { recursive: true });
    writeFileSync(path.join(root, 'dist/out.js'), 'const total = 1;\n');
    writeFileSync(path.join(root, 'node_modules/pkg/index.js'), 'const total = 2;\n');
    writeFileSync(path.join(root, '.gitignore'), 'dist/\n*.log\n!keep.log\n');
    writeFileSync(path.join(root, 'debug.log'), 'total\n');
    writeFileSync(path.join(root, 'keep.log'), 'total kept\n');
    writeFileSync(path.join(root, 'src/total.ts'), 'export const total = 3;\nexport const Total = 4;\n');
  });

  it('list_dir leaves out .git, git-ignored and excluded entries and counts them', async () => {
    const host = new NodeReadToolHost(root, { excludes: ['**/node_modules'] });
    const result = await run('list_dir', { path: '.', depth: 2 }, host);
    expect(result.output).toContain('src/total.ts  file 48 bytes');
    expect(result.output).toContain('keep.log  file 11 bytes');
    for (const hidden of ['dist', 'debug.log', 'node_modules', '.git']) expect(result.output.split('\n').some((line) => line.startsWith(`${hidden}/`) || line.startsWith(`${hidden}  `))).toBe(false);
    expect(result.output).toContain('(4 excluded or git-ignored entries not shown.)');
  });

  it('find_files matches the glob, honours excludes and marks a cut list', async () => {
    const host = new NodeReadToolHost(root, { excludes: ['**/node_modules'] });
    expect((await run('find_files', { glob: '**/*.js', max_results: null }, host)).output).toBe('No files match "**/*.js".');
    const cut = await run('find_files', { glob: '**/*.ts', max_results: 1 }, host);
    expect(cut.output).toBe('src/a.ts\n[truncated: more files match than max_results (1); use a narrower glob]');
  });

  it('find_files tells the model when its time limit stopped the search, and keeps what it found until then', async () => {
    const stoppedHost = (paths: string[]) =>
      Object.assign(new NodeReadToolHost(root), { findFiles: async () => ({ paths, more: false, stoppedAfterMs: 30_000 }) });
    const partial = await run('find_files', { glob: '**/*.ts', max_results: null }, stoppedHost(['src/a.ts']));
    expect(partial.output).toBe('src/a.ts\n[incomplete: the search for files was stopped after 30 s (a large workspace or a slow disk); use a narrower glob, e.g. under one folder]');
    const none = await run('find_files', { glob: '**/*.ts', max_results: null }, stoppedHost([]));
    expect(none.output).toBe('No files matching "**/*.ts" were found before the search for files was stopped after 30 s (a large workspace or a slow disk); use a narrower glob, e.g. under one folder.');
  });

  it.each([['the Node search', undefined], ['ripgrep', installedRipgrep()]])('search_text (%s) finds smart-case matches as path:line: text and withholds secret files', async (_name, ripgrep) => {
    if (_name === 'ripgrep' && !ripgrep) return;
    writeFileSync(path.join(root, '.env'), 'total=secret-value-123\n');
    const host = new NodeReadToolHost(root, { excludes: ['**/node_modules'], ripgrep });
    const result = await run('search_text', { query: 'total', is_regex: null, include: null, max_results: null }, host);
    expect(result.output.split('\n')).toEqual([
      '4 matching lines for "total":',
      'keep.log:1: total kept',
      '--',
      'src/total.ts:1: export const total = 3;',
      'src/total.ts:2: export const Total = 4;',
      '(1 matches in secret-looking files or .git were withheld; read_file asks the user for them.)',
    ]);
    expect(result.label).toBe('Searched `total` — 3 results in 2 files');
    const exact = await run('search_text', { query: 'Total', is_regex: null, include: 'src/**', max_results: 1 }, host);
    expect(exact.output).toBe('1 matching line for "Total":\nsrc/total.ts-1- export const total = 3;\nsrc/total.ts:2: export const Total = 4;');
    const capped = await run('search_text', { query: 'const \\w+ =', is_regex: true, include: null, max_results: 1 }, host);
    expect(capped.output).toContain('[truncated: 1 more results; narrow the query or pass include]');
  });
});

describe('arguments, budgets and labels', () => {
  it('turns bad arguments into sentences the model can act on', () => {
    expect(parseToolArguments('read_file', '{"path":')).toEqual({ error: 'The arguments of read_file are not valid JSON.' });
    expect(parseToolArguments('read_file', '{"path":"a","start_line":5,"end_line":2}')).toEqual({ error: 'Bad arguments for read_file: "end_line" (2) is before "start_line" (5).' });
    expect(parseToolArguments('search_text', '{"query":"(","is_regex":true}')).toMatchObject({ error: expect.stringContaining('not a valid regular expression') });
    expect(parseToolArguments('find_files', '{"glob":"**","max_results":100000}')).toMatchObject({ args: { maxResults: 500 } });
    expect(parseToolArguments('list_dir', '{"path":"","depth":9}')).toMatchObject({ error: expect.stringContaining('between 1 and 4') });
  });

  it('answers a query both search engines would read differently with what to do instead', () => {
    const error = (json: string) => (parseToolArguments('search_text', json) as { error?: string }).error;
    expect(error('{"query":"total\\nsum"}')).toBe('Bad arguments for search_text: "query" spans lines, but search_text matches within one line. Search for one line of it.');
    expect(error('{"query":"total\\\\nsum","is_regex":true}')).toContain('"query" spans lines');
    expect(error('{"query":"(?<=price )rate","is_regex":true}')).toContain('uses look-around or a backreference');
    expect(error('{"query":"(\\\\w+) \\\\1","is_regex":true}')).toContain('uses look-around or a backreference');
    // A line break inside a negated class, or an escaped parenthesis, is fine.
    expect(parseToolArguments('search_text', '{"query":"total[^\\\\n]*sum","is_regex":true}')).toMatchObject({ args: { query: 'total[^\\n]*sum' } });
    expect(parseToolArguments('search_text', '{"query":"f\\\\(?=1","is_regex":true}')).toMatchObject({ args: { isRegex: true } });
  });

  it('refuses globs that cannot match inside the workspace or that the engines would parse differently', () => {
    const error = (tool: 'find_files' | 'search_text', json: string) => (parseToolArguments(tool, json) as { error?: string }).error;
    expect(error('find_files', '{"glob":"../secrets/**"}')).toBe('Bad arguments for find_files: "glob" contains "..": globs are relative to the workspace folder and match only files inside it.');
    expect(error('find_files', '{"glob":" "}')).toBe('Bad arguments for find_files: "glob" is empty; use **/* for every file.');
    expect(error('search_text', '{"query":"x","include":"src/../../**"}')).toContain('"include" contains ".."');
    expect(error('search_text', '{"query":"x","include":"src/[ab.ts"}')).toBe('Bad arguments for search_text: "include" has a "[" without its "]".');
    expect(error('search_text', '{"query":"x","include":"src/{a,b/*.ts"}')).toBe('Bad arguments for search_text: "include" has unbalanced "{" and "}".');
    expect(parseToolArguments('search_text', '{"query":"x","include":"src/{a,b}/[ab].ts"}')).toMatchObject({ args: { include: 'src/{a,b}/[ab].ts' } });
  });

  it('caps a huge max_results and says what a number out of range or an empty symbol query should be', () => {
    expect(parseToolArguments('search_text', '{"query":"x","max_results":1e20}')).toMatchObject({ args: { maxResults: 200 } });
    expect(parseToolArguments('search_text', '{"query":"x","max_results":0}')).toEqual({ error: 'Bad arguments for search_text: "max_results" must be between 1 and 200 (got 0).' });
    expect(parseToolArguments('read_file', '{"path":"a","start_line":0}')).toEqual({ error: 'Bad arguments for read_file: "start_line" must be 1 or more (got 0).' });
    expect(parseToolArguments('find_symbol', '{"query":" "}')).toEqual({ error: 'Bad arguments for find_symbol: "query" is empty; give a symbol name or part of it.' });
    expect(parseToolArguments('read_file', '{"path":"a","start_line":1e20}')).toEqual({ error: 'Bad arguments for read_file: "start_line" is too large (got 100000000000000000000).' });
  });

  it('asks the language servers only about a line that exists in a file', async () => {
    expect(await run('go_to_definition', { path: 'src', line: 1, column: 1 })).toMatchObject({ status: 'error', output: 'src is a folder; give the path of a file, and a line and column in it.' });
    expect(await run('find_references', { path: 'src/a.ts', line: 9, column: 1 })).toMatchObject({ status: 'error', output: 'src/a.ts has only 3 lines; line 9 is past its end.' });
    expect(await run('go_to_definition', { path: 'src/nope.ts', line: 1, column: 1 })).toMatchObject({ status: 'error', output: expect.stringContaining('src/nope.ts does not exist') });
    expect(await run('get_problems', { path: 'src/nope.ts' })).toMatchObject({ status: 'error', output: expect.stringContaining('src/nope.ts does not exist') });
    expect(await run('get_problems', { path: 'src/a.ts' })).toMatchObject({ status: 'done', output: 'No problems reported in src/a.ts.' });
  });

  it('a turn budget shared by concurrent calls never grants more than is left', () => {
    const budget = new TurnOutputBudget(100, 60);
    const first = budget.reserve();
    const second = budget.reserve();
    expect([first, second, budget.reserve()]).toEqual([60, 40, 0]);
    budget.settle(first, 'x'.repeat(10));
    expect(budget.reserve()).toBe(50);
  });

  it('fitLines keeps whole lines and names what it left out', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `result ${i}`);
    const fitted = fitLines(lines, 300, 'results', () => 'narrow it');
    expect(fitted.text.split('\n').at(-1)).toBe(`[truncated: ${100 - fitted.kept} more results; narrow it]`);
  });

  it('labels a row from arguments that are still streaming', () => {
    expect(callLabel('read_file', '{"path":"src/ord')).toBe('Read `src/ord`');
    expect(callLabel('search_text', '{"query":"apply')).toBe('Searched `apply`');
    expect(callLabel('go_to_definition', '{"path":"src/a.ts","line":12,')).toBe('Definition at `src/a.ts:12`');
  });
});
