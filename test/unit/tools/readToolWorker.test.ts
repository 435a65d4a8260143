// The read tools' worker thread: search_text's Node search (no ripgrep at hand) runs the model's
// pattern there, and list_dir walks there with the workspace's .gitignore rules. A pattern that
// backtracks for ever, a job that runs out of time and a stopped turn each end the worker and
// give the model a defined answer, never a frozen extension host.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALL_OUTPUT_BYTES } from '../../../src/common/tools/outputBudget';
import { runToolCall } from '../../../src/common/tools/toolRunner';
import { searchText, type SearchLimits } from '../../../src/node/tools/textSearch';
import { listInWorker } from '../../../src/node/tools/readToolWorkerClient';
import { installedRipgrep, NodeReadToolHost } from '../../harness/nodeReadToolHost';
import { readToolWorkerScript } from '../../harness/readToolWorkerScript';

/** `^(a+)+$` on a long run of `a` that ends in something else backtracks for ever (2^40 ways). */
const CATASTROPHIC = '^(a+)+$';
const HOSTILE_LINE = `${'a'.repeat(40)}!`;
/** Far longer than any test may run: the limit under test is the only one that can end the search. */
const NEVER = 10 * 60_000;

let root: string;

function write(relative: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cw-search-worker-'));
  // The walk goes in name order: a.txt matches at once, b.txt keeps the pattern busy.
  write('a.txt', 'aaa\nbbb\n');
  write('b.txt', `${HOSTILE_LINE}\naaaa\n`);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The worker a search starts, and a promise of its exit. */
function watchWorker() {
  let started: (worker: Worker) => void = () => undefined;
  const worker = new Promise<Worker>((resolve) => (started = resolve));
  const exited = worker.then((w) => once(w, 'exit').then(() => w));
  return { onWorker: (w: Worker) => started(w), worker, exited };
}

function search(limits: Partial<SearchLimits>, signal?: AbortSignal, onWorker?: (worker: Worker) => void) {
  const args = { query: CATASTROPHIC, isRegex: true, maxResults: 50 };
  return searchText([{ prefix: '', fsPath: root }], args, { signal }, { worker: readToolWorkerScript(), limits, onWorker });
}

describe('search_text without ripgrep', () => {
  it('stops a pattern that backtracks for ever at its time limit, keeps what it found and ends the worker', async () => {
    const watched = watchWorker();
    const found = await search({ patternMs: 500, totalMs: NEVER }, undefined, watched.onWorker);
    expect(found.stopped?.reason).toBe('slow-pattern');
    expect(found.matches.map((match) => `${match.path}:${match.line}`)).toEqual(['a.txt:1']);
    // The feature is a time limit: it must end near 0.5 s, far from the ten minutes it would take.
    expect(found.stopped?.seconds).toBeLessThan(60);
    const worker = await watched.exited;
    expect(worker.threadId).toBe(-1);
  });

  it('tells the model the pattern took too long, that the matches are partial and what to search instead', async () => {
    const host = new NodeReadToolHost(root, { search: { limits: { patternMs: 500, totalMs: NEVER } } });
    const result = await runToolCall('search_text', JSON.stringify({ query: CATASTROPHIC, is_regex: true, include: null, max_results: null }), { host, budget: CALL_OUTPUT_BYTES, signal: new AbortController().signal, askConsent: async () => false });
    expect(result.status).toBe('done');
    const lines = result.output.split('\n');
    expect(lines[0]).toBe(`1 matching line for "${CATASTROPHIC}" (partial: the search did not finish):`);
    expect(lines).toContain('a.txt:1: aaa');
    expect(lines.at(-1)).toMatch(/^\[incomplete: the pattern took too long to match and the search was stopped after \d+(\.\d)? s; the matches above are only those found before that\. Simplify the regular expression .* is_regex false/);
  });

  it('keeps saying the answer is partial when the matches fill the output budget', async () => {
    write('a.txt', 'aaa\n'.repeat(150));
    const host = new NodeReadToolHost(root, { search: { limits: { patternMs: 500, totalMs: NEVER } } });
    const args = JSON.stringify({ query: CATASTROPHIC, is_regex: true, include: null, max_results: 150 });
    const result = await runToolCall('search_text', args, { host, budget: 2_000, signal: new AbortController().signal, askConsent: async () => false });
    const lines = result.output.split('\n');
    expect(lines[0]).toBe(`150 matching lines for "${CATASTROPHIC}" (partial: the search did not finish):`);
    expect(lines.some((line) => line.startsWith('[truncated: '))).toBe(true);
    expect(lines.at(-1)).toMatch(/^\[incomplete: the pattern took too long to match/);
  });

  it('ends the worker when the turn is stopped while the pattern is busy, with what it found so far', async () => {
    const watched = watchWorker();
    const stop = new AbortController();
    const searching = search({ patternMs: NEVER, totalMs: NEVER }, stop.signal, watched.onWorker);
    // a.txt's match arrives just before the worker starts on b.txt, where the pattern never ends.
    const worker = await watched.worker;
    await once(worker, 'message');
    stop.abort();
    const found = await searching;
    expect(found.stopped).toBeUndefined();
    expect(found.matches.map((match) => match.path)).toEqual(['a.txt']);
    expect((await watched.exited).threadId).toBe(-1);
  });

  it('answers a stopped turn as stopped', async () => {
    const stop = new AbortController();
    const watched = watchWorker();
    const host = new NodeReadToolHost(root, { search: { limits: { patternMs: NEVER, totalMs: NEVER }, onWorker: watched.onWorker } });
    const calling = runToolCall('search_text', JSON.stringify({ query: CATASTROPHIC, is_regex: true, include: null, max_results: null }), { host, budget: CALL_OUTPUT_BYTES, signal: stop.signal, askConsent: async () => false });
    await once(await watched.worker, 'message');
    stop.abort();
    expect((await calling).status).toBe('cancelled');
    expect((await watched.exited).threadId).toBe(-1);
  });

  it('says the search ran out of time, not the pattern, when the whole search takes too long', async () => {
    const watched = watchWorker();
    const found = await searchText([{ prefix: '', fsPath: root }], { query: 'aaa', isRegex: false, maxResults: 50 }, {}, { worker: readToolWorkerScript(), limits: { patternMs: NEVER, totalMs: 1 }, onWorker: watched.onWorker });
    expect(found.stopped?.reason).toBe('time-limit');
    expect((await watched.exited).threadId).toBe(-1);
  });

  it('fails with a sentence when the worker cannot start', async () => {
    const searching = searchText([{ prefix: '', fsPath: root }], { query: 'aaa', isRegex: false, maxResults: 50 }, {}, { worker: path.join(root, 'missing-worker.js') });
    await expect(searching).rejects.toThrow(/^the worker failed: .*missing-worker\.js/);
  });

  it('finds what it finds when the pattern is sane, and lets the worker go', async () => {
    const watched = watchWorker();
    const found = await searchText([{ prefix: '', fsPath: root }], { query: '^a+$', isRegex: true, maxResults: 50 }, {}, { worker: readToolWorkerScript(), onWorker: watched.onWorker });
    expect(found).toEqual({
      matches: [
        { path: 'a.txt', line: 1, text: 'aaa', before: [], after: ['bbb'] },
        { path: 'b.txt', line: 2, text: 'aaaa', before: [HOSTILE_LINE], after: [] },
      ],
      total: 2,
      capped: false,
    });
    expect((await watched.exited).threadId).toBe(-1);
  });
});

describe('list_dir in the worker', () => {
  it('lists what the walk in this thread lists', async () => {
    write('.gitignore', 'b.txt\n');
    write('src/c.ts', 'c');
    const watched = watchWorker();
    const listing = await listInWorker(root, '', 2, { excludes: ['**/src/c.ts'] }, { script: readToolWorkerScript(), onWorker: watched.onWorker });
    expect(listing).toEqual({ entries: [{ path: '.gitignore', kind: 'file', size: 6 }, { path: 'a.txt', kind: 'file', size: 8 }, { path: 'src', kind: 'folder' }], excluded: 2 });
    expect((await watched.exited).threadId).toBe(-1);
  });

  it('passes on what is wrong with the folder, word for word', async () => {
    await expect(listInWorker(root, 'nope', 1, {}, { script: readToolWorkerScript() })).rejects.toThrow(/^nope does not exist\. Use find_files to find the right path\.$/);
    await expect(listInWorker(root, 'a.txt', 1, {}, { script: readToolWorkerScript() })).rejects.toThrow(/^a\.txt is a file, not a folder; use read_file to read it\.$/);
  });

  it('stops at its time limit with a sentence saying what to list instead, and ends the worker', async () => {
    const watched = watchWorker();
    const listing = listInWorker(root, '', 1, {}, { script: readToolWorkerScript(), totalMs: 1, onWorker: watched.onWorker });
    await expect(listing).rejects.toThrow(/^listing the workspace root took more than \d+(\.\d)? s \(.*\) and was stopped\. List a subfolder, or use a smaller depth\.$/);
    expect((await watched.exited).threadId).toBe(-1);
  });

  it('stops walking under a .gitignore built to cost as much as matching can, while this thread keeps running', async () => {
    // 2,000 rules of `*a*a…*b` against 100 names of 250 `a`s: seconds of matching in one go.
    write('hostile/.gitignore', `${Array.from({ length: 2000 }, () => `${'*a'.repeat(495)}*b`).join('\n')}\n`);
    for (let index = 0; index < 100; index++) write(`hostile/${'a'.repeat(250)}${index}`, '');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    try {
      const listing = listInWorker(root, 'hostile', 1, {}, { script: readToolWorkerScript(), totalMs: 500 });
      await expect(listing).rejects.toThrow(/^listing hostile took more than/);
    } finally {
      clearInterval(ticker);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('answers a stopped turn with nothing and ends the worker', async () => {
    const stop = new AbortController();
    const watched = watchWorker();
    const listing = listInWorker(root, '', 1, { signal: stop.signal }, { script: readToolWorkerScript(), totalMs: NEVER, onWorker: watched.onWorker });
    await once(await watched.worker, 'online');
    stop.abort();
    expect(await listing).toEqual({ entries: [], excluded: 0 });
    expect((await watched.exited).threadId).toBe(-1);
  });
});

describe.skipIf(!installedRipgrep())('search_text with ripgrep', () => {
  it('stops at the time limit of the whole search and says so', async () => {
    const found = await searchText([{ prefix: '', fsPath: root }], { query: 'aaa', isRegex: false, maxResults: 50 }, {}, { ripgrep: installedRipgrep(), worker: readToolWorkerScript(), limits: { totalMs: 1 } });
    expect(found.stopped?.reason).toBe('time-limit');
  });

  it('does not start on the next folder once the turn is stopped', async () => {
    const stop = new AbortController();
    stop.abort();
    const roots = [{ prefix: 'one', fsPath: root }, { prefix: 'two', fsPath: root }];
    const found = await searchText(roots, { query: 'aaa', isRegex: false, maxResults: 50 }, { signal: stop.signal }, { ripgrep: installedRipgrep(), worker: readToolWorkerScript() });
    expect(found).toEqual({ matches: [], total: 0, capped: false });
  });
});
