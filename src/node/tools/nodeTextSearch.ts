// The Node search (used when no ripgrep binary is at hand): walks each root as search does, reads
// each text file and tests each line with a JavaScript regular expression. The pattern comes from
// the model, and a JavaScript regex can backtrack for ever (`(a+)+$`), so this runs only inside
// the read tools' worker (readToolWorker.ts), which the extension host can stop at any moment.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { compileGlob } from '../../common/security/glob';
import type { SearchTextArgs } from '../../common/tools/toolArguments';
import { SEARCH_CONTEXT_LINES, type TextMatch } from '../../common/tools/toolHost';
import { clip, COUNT_LIMIT, includeFor, joined, optionsFor, type SearchRoot } from './searchCollector';
import { walk, type WalkOptions } from './workspaceWalk';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** What the search is doing: reading the disk, or running the pattern over a file's lines. */
export const SearchPhase = { Reading: 0, Matching: 1 } as const;
export type SearchPhase = (typeof SearchPhase)[keyof typeof SearchPhase];

export interface NodeSearchSink {
  /** One file's matches, in line order, clipped; context only on the first `maxResults` of the search. */
  matches(batch: TextMatch[]): void;
  /** Called with Matching before each file's lines are tested (`file` counts the files begun), Reading after. */
  phase(phase: SearchPhase, file: number): void;
}

/** Case-insensitive unless the query has a capital letter (smart case, as in VS Code's search). */
export function matcherOf(args: SearchTextArgs): RegExp {
  const source = args.isRegex ? args.query : args.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ignoreCase = args.query === args.query.toLowerCase();
  return new RegExp(source, ignoreCase ? 'iu' : 'u');
}

/** The lines of a file as ripgrep counts them: a final newline ends the last line, it does not start another. */
function fileLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

async function textOf(full: string): Promise<string | undefined> {
  const stat = await fs.stat(full).catch(() => undefined);
  if (!stat || stat.size > MAX_FILE_BYTES) return undefined;
  const bytes = await fs.readFile(full).catch(() => undefined);
  if (!bytes || bytes.subarray(0, 8000).includes(0)) return undefined;
  return bytes.toString('utf8');
}

/**
 * Searches every root and hands the matches to `sink` file by file; stops once `maxResults` are
 * kept and COUNT_LIMIT more counted (as the collector does), or when the signal aborts.
 */
export async function searchFilesInNode(roots: readonly SearchRoot[], args: SearchTextArgs, options: WalkOptions, sink: NodeSearchSink): Promise<void> {
  const regex = matcherOf(args);
  const stopAfter = args.maxResults + COUNT_LIMIT;
  let seen = 0;
  let files = 0;
  for (const root of roots) {
    const include = includeFor(root, args.include);
    if (include === null) continue;
    const includeGlob = include ? compileGlob(include) : undefined;
    for await (const entry of walk(root.fsPath, '', Number.MAX_SAFE_INTEGER, optionsFor(root, options))) {
      if (entry.kind !== 'file' || (includeGlob && !includeGlob.test(entry.path))) continue;
      const text = await textOf(path.join(root.fsPath, entry.path));
      if (text === undefined) continue;
      const lines = fileLines(text);
      const batch: TextMatch[] = [];
      sink.phase(SearchPhase.Matching, ++files);
      for (let index = 0; index < lines.length && seen < stopAfter; index++) {
        if (!regex.test(lines[index])) continue;
        const match: TextMatch = { path: joined(root.prefix, entry.path), line: index + 1, text: clip(lines[index]) };
        if (seen < args.maxResults) {
          match.before = lines.slice(Math.max(0, index - SEARCH_CONTEXT_LINES), index).map(clip);
          match.after = lines.slice(index + 1, index + 1 + SEARCH_CONTEXT_LINES).map(clip);
        }
        batch.push(match);
        seen++;
      }
      sink.phase(SearchPhase.Reading, files);
      if (batch.length > 0) sink.matches(batch);
      if (seen >= stopAfter || options.signal?.aborted) return;
    }
  }
}
