// search_text on disk: ripgrep when a binary is at hand (VS Code ships one), the Node search in a
// worker thread otherwise. Both honour the same excludes and .gitignore files, skip binary and
// huge files, stop once they have seen enough to say how many matches were left out, and stop
// when the turn is stopped or their time runs out, keeping what they found so far.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { SearchTextArgs } from '../../common/tools/toolArguments';
import { SEARCH_CONTEXT_LINES, type SearchStop, type TextMatch, type TextMatches } from '../../common/tools/toolHost';
import { Collector, clip, includeFor, joined, MAX_LINE_CHARS, optionsFor, type SearchRoot } from './searchCollector';
import { searchInWorker } from './readToolWorkerClient';
import type { WalkOptions } from './workspaceWalk';

export type { SearchRoot } from './searchCollector';

export interface SearchLimits {
  /** How long a regular expression may run over one file (Node search) before the search stops. */
  patternMs: number;
  /** How long a whole search may take, either engine (a huge workspace, a slow disk). */
  totalMs: number;
}

/** The Node search takes about 3.5 s for 10,000 files here; a sane pattern spends milliseconds on a file. */
export const DEFAULT_SEARCH_LIMITS: SearchLimits = { patternMs: 3_000, totalMs: 30_000 };

/** stderr kept from ripgrep for an error message (it may warn about every unreadable file). */
const MAX_STDERR_CHARS = 4_000;

export interface SearchEngine {
  /** An rg binary; without it the Node search runs in `worker`. */
  ripgrep?: string;
  /** The read tools' worker script (dist/readToolWorker.js in the extension). */
  worker: string;
  limits?: Partial<SearchLimits>;
  /** Told about the worker as it starts (tests watch it exit). */
  onWorker?: (worker: Worker) => void;
}

function ripgrepArgs(args: SearchTextArgs, include: string | undefined, excludes: readonly string[]): string[] {
  const out = ['--no-config', '--null', '--line-number', '--no-heading', '--with-filename', '--color', 'never', '--no-require-git', '--hidden', '--max-filesize', '2M', '--max-columns', String(MAX_LINE_CHARS * 2), '--max-columns-preview'];
  out.push('--context', String(SEARCH_CONTEXT_LINES));
  out.push(args.query === args.query.toLowerCase() ? '--ignore-case' : '--case-sensitive');
  if (!args.isRegex) out.push('--fixed-strings');
  out.push('--glob', '!.git');
  for (const exclude of excludes) out.push('--glob', `!${exclude}`);
  if (include) out.push('--glob', include);
  out.push('--regexp', args.query, '--', '.');
  return out;
}

/**
 * Turns ripgrep's `path\0N:text` (match) and `path\0N-text` (context) lines into matches with
 * their context. ripgrep writes each file's lines together and in order, so the lines just seen
 * are the ones before a match, and the lines after the last match are its after-context.
 */
class RipgrepLineParser {
  private file = '';
  private recent: { line: number; text: string }[] = [];
  /** The last kept match of this file, while its after-context may still come. */
  private last: TextMatch | undefined;

  constructor(private readonly prefix: string, private readonly collector: Collector) {}

  /** False once the collector has seen enough. */
  parse(raw: string): boolean {
    const nul = raw.indexOf('\0');
    const head = nul < 0 ? null : /^(\d+)([:-])/.exec(raw.slice(nul + 1, nul + 22));
    if (nul < 0 || !head) return true; // the `--` between groups, or nothing ripgrep should write
    const file = raw.slice(0, nul).replace(/^\.\//, '').replace(/\\/g, '/');
    const line = Number(head[1]);
    const text = raw.slice(nul + 1 + head[0].length).replace(/\r$/, '');
    if (file !== this.file) {
      this.file = file;
      this.recent = [];
      this.last = undefined;
    }
    const after = this.last?.after;
    if (this.last && after && after.length < SEARCH_CONTEXT_LINES && line === this.last.line + after.length + 1) after.push(clip(text));
    let more = true;
    if (head[2] === ':') {
      const before = this.recent.filter((seen) => seen.line >= line - SEARCH_CONTEXT_LINES && seen.line < line);
      const adjacent = before.every((seen, index) => seen.line === line - before.length + index);
      const match: TextMatch = { path: joined(this.prefix, file), line, text, before: adjacent ? before.map((seen) => seen.text) : [], after: [] };
      const kept = this.collector.keeping;
      more = this.collector.add(match);
      // The collector keeps a copy; later context lines go to that copy.
      this.last = kept ? this.collector.matches.at(-1) : undefined;
    }
    this.recent.push({ line, text });
    if (this.recent.length > SEARCH_CONTEXT_LINES) this.recent.shift();
    return more;
  }
}

/** Whether the search goes on to the next root, and why it stopped early if it ran out of time. */
interface RootOutcome {
  more: boolean;
  stop?: SearchStop;
}

function elapsed(started: number): number {
  return Math.round((Date.now() - started) / 100) / 10;
}

function searchRootWithRipgrep(rg: string, root: SearchRoot, args: SearchTextArgs, options: WalkOptions, collector: Collector, deadline: number, started: number): Promise<RootOutcome> {
  const include = includeFor(root, args.include);
  if (include === null) return Promise.resolve({ more: true });
  if (options.signal?.aborted) return Promise.resolve({ more: false });
  if (Date.now() >= deadline) return Promise.resolve({ more: false, stop: { reason: 'time-limit', seconds: elapsed(started) } });
  return new Promise((resolve, reject) => {
    const child = spawn(rg, ripgrepArgs(args, include, options.excludes ?? []), { cwd: root.fsPath, stdio: ['ignore', 'pipe', 'pipe'] });
    const parser = new RipgrepLineParser(root.prefix, collector);
    let buffer = '';
    let stderr = '';
    let more = true;
    let timedOut = false;
    const onAbort = () => child.kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // ripgrep is linear in what it reads, but a huge tree or a slow disk still takes its time.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, deadline - Date.now());
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while (more && (newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        more = parser.parse(line);
        if (!more) child.kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr += chunk.toString('utf8');
    });
    const cleanUp = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (err) => {
      cleanUp();
      reject(err);
    });
    child.on('close', (code) => {
      cleanUp();
      // 0: matches, 1: none; killed on purpose when enough was seen. Anything else is an error.
      if (!more || options.signal?.aborted) resolve({ more: false });
      else if (timedOut) resolve({ more: false, stop: { reason: 'time-limit', seconds: elapsed(started) } });
      else if (code === 0 || code === 1) resolve({ more: true });
      else reject(new Error(`ripgrep failed: ${stderr.trim().replace(/\s+/g, ' ').slice(0, 500) || `exit code ${code}`}`));
    });
  });
}

/** Searches every root with ripgrep when `engine` has it, else with the Node search in a worker. */
export async function searchText(roots: readonly SearchRoot[], args: SearchTextArgs, options: WalkOptions, engine: SearchEngine): Promise<TextMatches> {
  const limits = { ...DEFAULT_SEARCH_LIMITS, ...engine.limits };
  const collector = new Collector(args.maxResults);
  let stopped: SearchStop | undefined;
  if (engine.ripgrep) {
    const started = Date.now();
    for (const root of roots) {
      const outcome = await searchRootWithRipgrep(engine.ripgrep, root, args, optionsFor(root, options), collector, started + limits.totalMs, started);
      stopped = outcome.stop;
      if (!outcome.more) break;
    }
  } else {
    stopped = await searchInWorker(roots, args, options, collector, { script: engine.worker, patternMs: limits.patternMs, totalMs: limits.totalMs, signal: options.signal, onWorker: engine.onWorker });
  }
  const result = collector.result();
  return stopped ? { ...result, stopped } : result;
}

/** Where VS Code (desktop or code-server) keeps its ripgrep, if it has one. */
export async function findBundledRipgrep(appRoot: string): Promise<string | undefined> {
  const exe = process.platform === 'win32' ? 'rg.exe' : 'rg';
  const candidates = [
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep', 'bin', exe),
    path.join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', exe),
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', `${process.platform}-${process.arch}`, exe),
  ];
  for (const candidate of candidates) {
    if (await fs.access(candidate).then(() => true, () => false)) return candidate;
  }
  return undefined;
}
