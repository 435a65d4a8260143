// Finds where a chunk's old lines are in a file.
//
// Matching passes, first pass with a hit wins: exact; ignoring trailing whitespace; ignoring
// leading and trailing whitespace; the same with typographic punctuation folded to ASCII.
// Unlike Codex, a chunk that matches at two or more places in the winning pass is reported as
// ambiguous instead of silently landing on the first place (unless an `@@` line names the section
// holding exactly one of them: settleBelowHeader).
//
// Every input a model can write stays linear, because a patch may be hostile:
// - each pass turns the file's lines into small integer ids (normalised line → id) and keeps, per
//   block of lines, positions by id and prefix hashes of the ids (lineIndex.ts), so a search starts
//   from the pattern line that occurs least often, checks a candidate place by comparing hashes, and
//   compares lines only where the hashes agree;
// - the search stops at the first place after the ones an ambiguity error lists (a file of
//   identical lines no longer costs file × chunk);
// - the retry without trailing empty lines (see chunkApplier) reuses the pattern's ids and hashes
//   for each shorter length instead of rebuilding them.

import { HASH_MODULUS, LineIndex, PASSES, normalizeLine, type MatchPass, type PassIndex } from './lineIndex';

export { headerShape, LineIndex, MATCH_PASS_NAMES, normalizeLine, PassIndex } from './lineIndex';
export type { MatchPass } from './lineIndex';

export type SequenceMatch =
  | { readonly kind: 'found'; readonly start: number; readonly pass: MatchPass }
  | {
      readonly kind: 'ambiguous';
      /** The first places (at most MAX_REPORTED_MATCHES), ascending. */
      readonly starts: readonly number[];
      /** Places found; the search stops at MAX_REPORTED_MATCHES + 1, so a larger count means "more". */
      readonly count: number;
      readonly pass: MatchPass;
    }
  | { readonly kind: 'not-found' };

/** How many places an ambiguity error lists at most. */
export const MAX_REPORTED_MATCHES = 5;

/** A pattern seen through one pass: ids, prefix hashes and the rarest line of each prefix. */
interface PatternPass {
  readonly ids: Int32Array;
  /** hashes[length]: hash of the first `length` ids. */
  readonly hashes: Float64Array;
  /** Lines [0, usable) are all known to the file; a longer prefix cannot match. */
  readonly usable: number;
  /** anchors[length - 1]: offset of the least frequent line among the first `length`. */
  readonly anchors: Int32Array;
}

function preparePattern(index: PassIndex, pattern: readonly string[]): PatternPass {
  const length = pattern.length;
  const ids = new Int32Array(length);
  const hashes = new Float64Array(length + 1);
  const anchors = new Int32Array(length);
  let usable = length;
  let rarest = -1;
  let rarestCount = Number.MAX_SAFE_INTEGER;
  for (let offset = 0; offset < length; offset++) {
    const id = index.idOf(normalizeLine(pattern[offset] ?? '', index.pass));
    const count = index.count(id);
    if (count === 0) {
      usable = offset;
      break;
    }
    ids[offset] = id;
    hashes[offset + 1] = ((hashes[offset] ?? 0) * index.base + id + 1) % HASH_MODULUS;
    if (count < rarestCount) {
      rarest = offset;
      rarestCount = count;
    }
    anchors[offset] = rarest;
  }
  return { ids, hashes, usable, anchors };
}

/** Up to this many lines, comparing ids directly is as cheap as comparing hashes. */
const DIRECT_COMPARE_LINES = 16;

function matchesAt(index: PassIndex, pattern: PatternPass, start: number, length: number): boolean {
  if (length > DIRECT_COMPARE_LINES && index.windowHash(start, length) !== pattern.hashes[length]) return false;
  return index.idsEqual(start, pattern.ids, length);
}

/** Searches the first `length` pattern lines in one pass; undefined when they are not there. */
function searchPass(file: LineIndex, index: PassIndex, pattern: PatternPass, length: number, from: number, atEndOfFile: boolean): SequenceMatch | undefined {
  if (length > pattern.usable) return undefined;
  const fileLength = file.length;
  if (atEndOfFile) {
    const start = fileLength - length;
    return start >= from && matchesAt(index, pattern, start, length) ? { kind: 'found', start, pass: index.pass } : undefined;
  }
  const anchorOffset = pattern.anchors[length - 1] ?? 0;
  const starts: number[] = [];
  let count = 0;
  index.forEachAtOrAfter(pattern.ids[anchorOffset] ?? -1, from + anchorOffset, (line) => {
    const start = line - anchorOffset;
    if (start + length > fileLength) return false;
    if (!matchesAt(index, pattern, start, length)) return true;
    count++;
    if (starts.length < MAX_REPORTED_MATCHES) starts.push(start);
    return count <= MAX_REPORTED_MATCHES;
  });
  if (count === 1 && starts[0] !== undefined) return { kind: 'found', start: starts[0], pass: index.pass };
  if (count > 1) return { kind: 'ambiguous', starts, count, pass: index.pass };
  return undefined;
}

/** A match of the pattern's first `length` lines. */
export interface PrefixMatch {
  readonly match: SequenceMatch;
  readonly length: number;
}

/**
 * Finds the first `length` lines of `pattern` at or after `from`, for each length from the whole
 * pattern down to `shortestLength` (the caller's retry without trailing empty lines), passes in
 * order within each length; the first length with a hit (found or ambiguous) wins. With
 * `atEndOfFile` the only place allowed is the one whose last line is the file's last line.
 */
export function findSequencePrefix(
  file: LineIndex,
  pattern: readonly string[],
  from: number,
  atEndOfFile: boolean,
  shortestLength: number,
): PrefixMatch {
  const prepared: (PatternPass | undefined)[] = [undefined, undefined, undefined, undefined];
  const available = file.length - from;
  for (let length = pattern.length; length >= Math.max(1, shortestLength); length--) {
    // Too long for the rest of the file: no pass can match, so nothing is indexed.
    if (length > available) continue;
    for (const pass of PASSES) {
      const index = file.pass(pass);
      const patternPass = (prepared[pass] ??= preparePattern(index, pattern));
      const match = searchPass(file, index, patternPass, length, from, atEndOfFile);
      if (match) return { match, length };
    }
  }
  return { match: { kind: 'not-found' }, length: pattern.length };
}

/**
 * Finds `pattern` (non-empty) starting at or after `from`. With `atEndOfFile` the only place
 * allowed is the one whose last line is the file's last line.
 */
export function findSequence(file: LineIndex, pattern: readonly string[], from: number, atEndOfFile: boolean): SequenceMatch {
  return findSequencePrefix(file, pattern, from, atEndOfFile, pattern.length).match;
}

/** Finds the first line at or after `from` equal to `line` in the first pass that has one. */
export function findLine(file: LineIndex, line: string, from: number): { index: number; pass: MatchPass } | undefined {
  for (const pass of PASSES) {
    const index = file.pass(pass);
    const at = index.firstAtOrAfter(index.idOf(normalizeLine(line, pass)), from);
    if (at >= 0) return { index: at, pass };
  }
  return undefined;
}

/**
 * Settles a chunk that matched several places below an `@@` line (file line `headerAt`) in favour
 * of the first place when a line shaped like the header (the next `## ` heading, the next
 * `function` at that indentation, the same line again) separates it from the second place: blocks
 * repeated under sibling headers are told apart by the header the model named, as in Codex, while
 * a chunk that repeats inside one section stays ambiguous.
 */
export function settleBelowHeader(file: LineIndex, match: SequenceMatch, headerAt: number, length: number): SequenceMatch {
  if (match.kind !== 'ambiguous') return match;
  const [first, second] = match.starts;
  if (first === undefined || second === undefined) return match;
  return file.nextSibling(headerAt, first + length) <= second ? { kind: 'found', start: first, pass: match.pass } : match;
}
