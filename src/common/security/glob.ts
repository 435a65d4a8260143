// Glob patterns for file guards. The syntax is the subset of VS Code's glob syntax that settings like
// `files.exclude` use, so users can write patterns they know. Patterns may come from a hostile
// workspace's settings, so matching never backtracks exponentially (no RegExp: `*a*a*a*…b` would
// hang the extension host); it costs at most pattern length × path length per alternative.

import { foldCase } from './caseFold';

/** More `{a,b}` alternatives than this make the pattern match nothing (and say so through `valid`). */
const MAX_ALTERNATIVES = 256;
const MAX_PATTERN_LENGTH = 1_000;

type CharToken = { kind: 'char'; char: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negated: boolean; ranges: [string, string][] };
type SegmentMatcher = { kind: 'globstar' } | { kind: 'segment'; tokens: CharToken[] };

export interface CompiledGlob {
  readonly pattern: string;
  /** False when the pattern was too long or had too many alternatives; it then matches nothing. */
  readonly valid: boolean;
  /** Tests a path with `/` separators, relative to the root the pattern is relative to. */
  test(path: string): boolean;
  /** The same for a path the caller already passed through foldCase (saves folding per pattern). */
  testFolded(path: string): boolean;
}

/**
 * Compiles `pattern`:
 * - `*` any run of characters within one path segment, `?` one character, `**` as a whole segment any
 *   number of segments, `{a,b}` alternatives (may contain `/`), `[abc]` / `[!abc]` / `[a-z]` classes;
 * - a pattern without `/` matches a file name at any depth (`.env` = `**\/.env`); a pattern with `/` is
 *   relative to the root the caller's paths are relative to (a leading `/` is allowed and ignored);
 * - with `caseInsensitive` (the default) both sides are compared after foldCase.
 */
export function compileGlob(pattern: string, caseInsensitive = true): CompiledGlob {
  const fold = (text: string) => (caseInsensitive ? foldCase(text) : text);
  const alternatives = pattern.length > MAX_PATTERN_LENGTH ? undefined : expandBraces(fold(pattern.trim()));
  if (!alternatives) return { pattern, valid: false, test: () => false, testFolded: () => false };
  const compiled = alternatives.map((alternative) => {
    const glob = alternative.includes('/') ? alternative.replace(/^\/+/, '') : `**/${alternative}`;
    return glob.split('/').map(parseSegment);
  });
  const testFolded = (path: string): boolean => {
    const segments = path.split('/');
    return compiled.some((matchers) => matchSequence(matchers, segments, matchSegment));
  };
  return { pattern, valid: true, test: (path) => testFolded(fold(path)), testFolded };
}

/** `a{b,c}d` → [abd, acd]; nested braces work; an unclosed `{` is literal. Undefined when too many. */
function expandBraces(pattern: string): string[] | undefined {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let index = open; index < pattern.length && close < 0; index++) {
    const char = pattern[index];
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) close = index;
    else if (char === ',' && depth === 1) commas.push(index);
  }
  if (close < 0) return [pattern];
  const bounds = [open, ...commas, close];
  const prefix = pattern.slice(0, open);
  const rest = expandBraces(pattern.slice(close + 1));
  if (!rest) return undefined;
  const results: string[] = [];
  for (let index = 0; index + 1 < bounds.length; index++) {
    const inner = expandBraces(pattern.slice((bounds[index] ?? 0) + 1, bounds[index + 1]));
    if (!inner) return undefined;
    for (const middle of inner) {
      for (const suffix of rest) {
        results.push(prefix + middle + suffix);
        if (results.length > MAX_ALTERNATIVES) return undefined;
      }
    }
  }
  return results;
}

function parseSegment(segment: string): SegmentMatcher {
  if (segment === '**') return { kind: 'globstar' };
  const chars = Array.from(segment);
  const tokens: CharToken[] = [];
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] ?? '';
    if (char === '*') {
      // `**` inside a segment (`a**b`) means the same as `*`; consecutive stars collapse.
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (char === '?') {
      tokens.push({ kind: 'any' });
    } else if (char === '[' && chars.indexOf(']', index + 2) > 0) {
      const close = chars.indexOf(']', index + 2);
      let body = chars.slice(index + 1, close);
      const negated = body[0] === '!' || body[0] === '^';
      if (negated) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let at = 0; at < body.length; at++) {
        const from = body[at] ?? '';
        if (body[at + 1] === '-' && at + 2 < body.length) {
          ranges.push([from, body[at + 2] ?? '']);
          at += 2;
        } else {
          ranges.push([from, from]);
        }
      }
      tokens.push({ kind: 'class', negated, ranges });
      index = close;
    } else {
      tokens.push({ kind: 'char', char });
    }
  }
  return { kind: 'segment', tokens };
}

function matchToken(token: CharToken, char: string): boolean {
  switch (token.kind) {
    case 'char':
      return token.char === char;
    case 'any':
      return true;
    case 'class':
      return token.ranges.some(([from, to]) => char >= from && char <= to) !== token.negated;
    default:
      return false;
  }
}

function matchSegment(matcher: SegmentMatcher, segment: string): boolean {
  if (matcher.kind === 'globstar') return true;
  return matchSequence(matcher.tokens, Array.from(segment), matchToken);
}

/**
 * Wildcard matching without exponential backtracking: each non-wildcard item matches exactly one
 * element, so on a mismatch it suffices to retry from the most recent wildcard (the classic
 * linear-space algorithm; time ≤ items × elements).
 */
function matchSequence<Item extends { kind: string }, Element>(items: readonly Item[], elements: readonly Element[], matchOne: (item: Item, element: Element) => boolean): boolean {
  const isWildcard = (item: Item | undefined) => item?.kind === 'star' || item?.kind === 'globstar';
  let item = 0;
  let element = 0;
  let starItem = -1;
  let starElement = 0;
  while (element < elements.length) {
    const current = items[item];
    if (current && isWildcard(current)) {
      starItem = item++;
      starElement = element;
    } else if (current && matchOne(current, elements[element] as Element)) {
      item++;
      element++;
    } else if (starItem >= 0) {
      item = starItem + 1;
      element = ++starElement;
    } else {
      return false;
    }
  }
  while (isWildcard(items[item])) item++;
  return item === items.length;
}
