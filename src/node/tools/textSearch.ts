// search_text on disk: ripgrep when a binary is at hand (VS Code ships one), a plain Node walk
// otherwise. Both honour the same excludes and .gitignore files, skip binary and huge files, and
// stop once they have seen enough to say how many matches were left out.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SearchTextArgs } from '../../common/tools/toolArguments';
import { SEARCH_CONTEXT_LINES, type TextMatch, type TextMatches } from '../../common/tools/toolHost';
import { compileGlob } from '../../common/security/glob';
import { walk, type WalkOptions } from './workspaceWalk';

/** Matching lines counted beyond the ones returned before the search stops (the marker then says "at least"). */
const COUNT_LIMIT = 2000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_LINE_CHARS = 400;

export interface SearchRoot {
  /** The folder's name as paths start with it in a multi-root workspace; '' for a single folder. */
  prefix: string;
  fsPath: string;
  /** This folder's own excludes (its files.exclude / search.exclude); without them the search's. */
  excludes?: readonly string[];
}

/** The walk options for one root: its own excludes when it has them. */
function optionsFor(root: SearchRoot, options: WalkOptions): WalkOptions {
  return root.excludes ? { ...options, excludes: root.excludes } : options;
}

/** Case-insensitive unless the query has a capital letter (smart case, as in VS Code's search). */
function matcherOf(args: SearchTextArgs): RegExp {
  const source = args.isRegex ? args.query : args.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ignoreCase = args.query === args.query.toLowerCase();
  return new RegExp(source, ignoreCase ? 'iu' : 'u');
}

function clip(text: string): string {
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
}

class Collector {
  readonly matches: TextMatch[] = [];
  total = 0;
  capped = false;

  constructor(private readonly max: number) {}

  /** Whether the next match is still kept (beyond that it is only counted). */
  get keeping(): boolean {
    return this.matches.length < this.max;
  }

  /** False once enough has been seen. */
  add(match: TextMatch): boolean {
    this.total++;
    if (this.keeping) this.matches.push({ ...match, text: clip(match.text), before: match.before?.map(clip), after: match.after?.map(clip) });
    if (this.total >= this.max + COUNT_LIMIT) {
      this.capped = true;
      return false;
    }
    return true;
  }

  result(): TextMatches {
    // ripgrep searches in parallel; the answer lists matches in path and line order all the same.
    const matches = [...this.matches].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
    return { matches, total: this.total, capped: this.capped };
  }
}

function joined(prefix: string, relative: string): string {
  return prefix === '' ? relative : `${prefix}/${relative}`;
}

/** The include glob for one root: in a multi-root workspace it may start with the folder's name. */
function includeFor(root: SearchRoot, include: string | undefined): string | undefined | null {
  if (include === undefined || root.prefix === '') return include;
  if (include.startsWith(`${root.prefix}/`)) return include.slice(root.prefix.length + 1);
  return include.includes('/') && !include.startsWith('**') ? null : include;
}

/** The lines of a file as ripgrep counts them: a final newline ends the last line, it does not start another. */
function fileLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

async function searchWithNode(roots: readonly SearchRoot[], args: SearchTextArgs, options: WalkOptions, collector: Collector): Promise<void> {
  const regex = matcherOf(args);
  for (const root of roots) {
    const include = includeFor(root, args.include);
    if (include === null) continue;
    const includeGlob = include ? compileGlob(include) : undefined;
    for await (const entry of walk(root.fsPath, '', Number.MAX_SAFE_INTEGER, optionsFor(root, options))) {
      if (entry.kind !== 'file' || (includeGlob && !includeGlob.test(entry.path))) continue;
      const full = path.join(root.fsPath, entry.path);
      const stat = await fs.stat(full).catch(() => undefined);
      if (!stat || stat.size > MAX_FILE_BYTES) continue;
      const bytes = await fs.readFile(full).catch(() => undefined);
      if (!bytes || bytes.subarray(0, 8000).includes(0)) continue;
      const lines = fileLines(bytes.toString('utf8'));
      for (let index = 0; index < lines.length; index++) {
        if (!regex.test(lines[index])) continue;
        const match: TextMatch = { path: joined(root.prefix, entry.path), line: index + 1, text: lines[index] };
        if (collector.keeping) {
          match.before = lines.slice(Math.max(0, index - SEARCH_CONTEXT_LINES), index);
          match.after = lines.slice(index + 1, index + 1 + SEARCH_CONTEXT_LINES);
        }
        if (!collector.add(match)) return;
      }
    }
  }
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

function searchRootWithRipgrep(rg: string, root: SearchRoot, args: SearchTextArgs, options: WalkOptions, collector: Collector): Promise<boolean> {
  const include = includeFor(root, args.include);
  if (include === null) return Promise.resolve(true);
  return new Promise((resolve, reject) => {
    const child = spawn(rg, ripgrepArgs(args, include, options.excludes ?? []), { cwd: root.fsPath, stdio: ['ignore', 'pipe', 'pipe'] });
    const parser = new RipgrepLineParser(root.prefix, collector);
    let buffer = '';
    let stderr = '';
    let more = true;
    const onAbort = () => child.kill();
    options.signal?.addEventListener('abort', onAbort, { once: true });
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
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      // 0: matches, 1: none; killed on purpose when enough was seen. Anything else is an error.
      if (code === 0 || code === 1 || !more || options.signal?.aborted) resolve(more);
      else reject(new Error(`ripgrep failed: ${stderr.trim().replace(/\s+/g, ' ').slice(0, 500) || `exit code ${code}`}`));
    });
  });
}

/** Searches every root; `ripgrep` is the path of an rg binary, or undefined for the Node walk. */
export async function searchText(roots: readonly SearchRoot[], args: SearchTextArgs, options: WalkOptions, ripgrep: string | undefined): Promise<TextMatches> {
  const collector = new Collector(args.maxResults);
  if (ripgrep) {
    for (const root of roots) {
      if (!(await searchRootWithRipgrep(ripgrep, root, args, optionsFor(root, options), collector))) break;
    }
  } else {
    await searchWithNode(roots, args, options, collector);
  }
  return collector.result();
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
