// What both search engines (ripgrep and the Node search in its worker) share: the roots they
// search, how a match line is clipped and named, and the collector that keeps the first matches,
// counts a bounded number more and then says stop.
import type { TextMatch, TextMatches } from '../../common/tools/toolHost';
import type { WalkOptions } from './workspaceWalk';

/** Matching lines counted beyond the ones returned before the search stops (the marker then says "at least"). */
export const COUNT_LIMIT = 2000;
export const MAX_LINE_CHARS = 400;

export interface SearchRoot {
  /** The folder's name as paths start with it in a multi-root workspace; '' for a single folder. */
  prefix: string;
  fsPath: string;
  /** This folder's own excludes (its files.exclude / search.exclude); without them the search's. */
  excludes?: readonly string[];
}

/** The walk options for one root: its own excludes when it has them. */
export function optionsFor(root: SearchRoot, options: WalkOptions): WalkOptions {
  return root.excludes ? { ...options, excludes: root.excludes } : options;
}

/** A line cut to MAX_LINE_CHARS (clipping twice gives the same text). */
export function clip(text: string): string {
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
}

export function joined(prefix: string, relative: string): string {
  return prefix === '' ? relative : `${prefix}/${relative}`;
}

/** The include glob for one root: in a multi-root workspace it may start with the folder's name. */
export function includeFor(root: SearchRoot, include: string | undefined): string | undefined | null {
  if (include === undefined || root.prefix === '') return include;
  if (include.startsWith(`${root.prefix}/`)) return include.slice(root.prefix.length + 1);
  return include.includes('/') && !include.startsWith('**') ? null : include;
}

export class Collector {
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
