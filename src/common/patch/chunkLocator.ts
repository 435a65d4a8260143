// Finds where a chunk's old lines are in a file.
//
// Matching passes, first pass with a hit wins: exact; ignoring trailing whitespace; ignoring
// leading and trailing whitespace; the same with typographic punctuation folded to ASCII.
// Unlike Codex, every place the old lines match in the winning pass is found, so a chunk that
// matches twice is reported as ambiguous instead of silently landing on the first place (unless
// an `@@` line names the section holding exactly one of them: settleBelowHeader).
//
// Linear in the file size: each pass normalises the file once and indexes line → positions, and a
// search starts from the pattern line that occurs least often, so no chunk re-scans the file.

export const MATCH_PASS_NAMES = [
  'exact',
  'ignoring trailing whitespace',
  'ignoring leading and trailing whitespace',
  'ignoring whitespace and typographic punctuation',
] as const;

export type MatchPass = 0 | 1 | 2 | 3;
const PASSES: readonly MatchPass[] = [0, 1, 2, 3];

/** Dashes, quotes and Unicode spaces that models often write as ASCII (and vice versa). */
const TYPOGRAPHIC = /[\u2010-\u2015\u2212\u2018-\u201B\u201C-\u201F\u00A0\u2002-\u200A\u202F\u205F\u3000]/g;

function foldTypographic(char: string): string {
  const code = char.charCodeAt(0);
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212) return '-';
  if (code >= 0x2018 && code <= 0x201b) return "'";
  if (code >= 0x201c && code <= 0x201f) return '"';
  return ' ';
}

export function normalizeLine(line: string, pass: MatchPass): string {
  switch (pass) {
    case 0:
      return line;
    case 1:
      return line.trimEnd();
    case 2:
      return line.trim();
    case 3:
      return line.trim().replace(TYPOGRAPHIC, foldTypographic).trim();
  }
}

interface PassIndex {
  readonly normalized: readonly string[];
  readonly positions: ReadonlyMap<string, readonly number[]>;
}

/** A line's shape as a section header: its indentation and leading token (`//`, `##`, `function`, `.`, …). */
export function headerShape(line: string): string {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const rest = line.slice(indent.length);
  const token = /^[^\w\s]+/.exec(rest)?.[0] ?? /^\w+/.exec(rest)?.[0] ?? '';
  return `${indent}\u0000${token}`;
}

/** The lines of one file, indexed lazily per matching pass. */
export class LineIndex {
  private readonly passes: (PassIndex | undefined)[] = [undefined, undefined, undefined, undefined];
  private shapes: Map<string, number[]> | undefined;

  constructor(readonly lines: readonly string[]) {}

  get length(): number {
    return this.lines.length;
  }

  pass(pass: MatchPass): PassIndex {
    const existing = this.passes[pass];
    if (existing) return existing;
    const normalized = pass === 0 ? this.lines : this.lines.map((line) => normalizeLine(line, pass));
    const positions = new Map<string, number[]>();
    for (let index = 0; index < normalized.length; index++) {
      const key = normalized[index] ?? '';
      const list = positions.get(key);
      if (list) list.push(index);
      else positions.set(key, [index]);
    }
    const built = { normalized, positions };
    this.passes[pass] = built;
    return built;
  }

  /** The first line at or after `from` shaped like line `at` (see headerShape), or the file's length. */
  nextSibling(at: number, from: number): number {
    if (!this.shapes) {
      this.shapes = new Map();
      this.lines.forEach((line, index) => {
        const key = headerShape(line);
        const list = this.shapes?.get(key);
        if (list) list.push(index);
        else this.shapes?.set(key, [index]);
      });
    }
    const positions = this.shapes.get(headerShape(this.lines[at] ?? '')) ?? [];
    return positions[lowerBound(positions, from)] ?? this.length;
  }
}

/** First index in the ascending list whose value is ≥ min. */
function lowerBound(sorted: readonly number[], min: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < min) low = middle + 1;
    else high = middle;
  }
  return low;
}

export type SequenceMatch =
  | { readonly kind: 'found'; readonly start: number; readonly pass: MatchPass }
  | { readonly kind: 'ambiguous'; readonly starts: readonly number[]; readonly count: number; readonly pass: MatchPass }
  | { readonly kind: 'not-found' };

/** How many places an ambiguity error lists at most. */
const MAX_REPORTED_MATCHES = 5;

function matchesAt(index: PassIndex, keys: readonly string[], start: number): boolean {
  for (let offset = 0; offset < keys.length; offset++) {
    if (index.normalized[start + offset] !== keys[offset]) return false;
  }
  return true;
}

/**
 * Finds `pattern` (non-empty) starting at or after `from`. With `atEndOfFile` the only place
 * allowed is the one whose last line is the file's last line.
 */
export function findSequence(
  file: LineIndex,
  pattern: readonly string[],
  from: number,
  atEndOfFile: boolean,
): SequenceMatch {
  const length = pattern.length;
  if (length === 0 || length > file.length - from) return { kind: 'not-found' };
  for (const pass of PASSES) {
    const index = file.pass(pass);
    const keys = pattern.map((line) => normalizeLine(line, pass));
    if (atEndOfFile) {
      const start = file.length - length;
      if (start >= from && matchesAt(index, keys, start)) return { kind: 'found', start, pass };
      continue;
    }
    // Anchor on the pattern line with the fewest occurrences in the file.
    let anchorOffset = 0;
    let anchorPositions: readonly number[] | undefined;
    for (let offset = 0; offset < length; offset++) {
      const positions = index.positions.get(keys[offset] ?? '');
      if (!positions) {
        anchorPositions = undefined;
        break;
      }
      if (!anchorPositions || positions.length < anchorPositions.length) {
        anchorPositions = positions;
        anchorOffset = offset;
      }
    }
    if (!anchorPositions) continue;
    const starts: number[] = [];
    let total = 0;
    for (let at = lowerBound(anchorPositions, from + anchorOffset); at < anchorPositions.length; at++) {
      const start = (anchorPositions[at] ?? 0) - anchorOffset;
      if (start + length > file.length) break;
      if (matchesAt(index, keys, start)) {
        total++;
        if (starts.length < MAX_REPORTED_MATCHES) starts.push(start);
      }
    }
    if (total === 1 && starts[0] !== undefined) return { kind: 'found', start: starts[0], pass };
    if (total > 1) return { kind: 'ambiguous', starts, count: total, pass };
  }
  return { kind: 'not-found' };
}

/** Finds the first line at or after `from` equal to `line` in the first pass that has one. */
export function findLine(file: LineIndex, line: string, from: number): { index: number; pass: MatchPass } | undefined {
  for (const pass of PASSES) {
    const positions = file.pass(pass).positions.get(normalizeLine(line, pass));
    if (!positions) continue;
    const at = lowerBound(positions, from);
    const index = positions[at];
    if (index !== undefined) return { index, pass };
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
