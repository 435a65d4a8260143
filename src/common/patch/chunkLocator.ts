// Finds where a chunk's old lines are in a file.
//
// Matching passes, first pass with a hit wins: exact; ignoring trailing whitespace; ignoring
// leading and trailing whitespace; the same with typographic punctuation folded to ASCII.
// Unlike Codex, a chunk that matches at two or more places in the winning pass is reported as
// ambiguous instead of silently landing on the first place (unless an `@@` line names the section
// holding exactly one of them: settleBelowHeader).
//
// Every input a model can write stays linear, because a patch may be hostile:
// - each pass turns the file's lines into small integer ids once (normalised line → id) and keeps
//   line → positions and prefix hashes of the ids, so a search starts from the pattern line that
//   occurs least often, checks a candidate place by comparing two hashes, and compares lines only
//   where the hashes agree;
// - the search stops at the first place after the ones an ambiguity error lists (a file of
//   identical lines no longer costs file × chunk);
// - the retry without trailing empty lines (see chunkApplier) reuses the pattern's ids and hashes
//   for each shorter length instead of rebuilding them.

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

/**
 * Prime below 2^26: a hash times the base or a power stays below 2^53, so plain numbers are exact.
 * A hash collision only costs a line-by-line comparison; the base is random so a patch cannot be
 * written to collide on purpose.
 */
const HASH_MODULUS = 67_108_859;

/** Normalised line → id for one pass; shared by every index derived from the same file. */
class Interner {
  readonly ids = new Map<string, number>();
  readonly base = 1_000 + Math.floor(Math.random() * (HASH_MODULUS - 2_000));
  private readonly powers: number[] = [1];

  intern(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }

  /** base^length mod the modulus. */
  power(length: number): number {
    const powers = this.powers;
    for (let at = powers.length; at <= length; at++) powers.push(((powers[at - 1] ?? 1) * this.base) % HASH_MODULUS);
    return powers[length] ?? 1;
  }
}

/** One matching pass over one version of a file: ids, positions by id and prefix hashes. */
export class PassIndex {
  private starts: Int32Array | undefined;
  private positionList: Int32Array | undefined;
  private prefixHashes: Int32Array | undefined;

  constructor(
    readonly pass: MatchPass,
    /** The id of each file line's normalised text. */
    readonly ids: Int32Array,
    readonly interner: Interner,
  ) {}

  /** The id of a normalised line, or -1 when no file line has ever had it. */
  idOf(key: string): number {
    return this.interner.ids.get(key) ?? -1;
  }

  /** The ascending positions of the lines with this id (an empty range for an unknown id). */
  positions(id: number): { readonly list: Int32Array; readonly begin: number; readonly end: number } {
    if (!this.starts || !this.positionList) this.buildPositions();
    const starts = this.starts as Int32Array;
    const list = this.positionList as Int32Array;
    if (id < 0 || id + 1 >= starts.length) return { list, begin: 0, end: 0 };
    return { list, begin: starts[id] ?? 0, end: starts[id + 1] ?? 0 };
  }

  /** Hash of the ids of lines [start, start + length). */
  windowHash(start: number, length: number): number {
    const hashes = this.prefixHashes ?? this.buildHashes();
    const end = hashes[start + length] ?? 0;
    const scaled = ((hashes[start] ?? 0) * this.interner.power(length)) % HASH_MODULUS;
    return (end - scaled + HASH_MODULUS) % HASH_MODULUS;
  }

  /** Counting sort of line numbers by id: linear, and no per-line allocation. */
  private buildPositions(): void {
    const ids = this.ids;
    const starts = new Int32Array(this.interner.ids.size + 1);
    for (let line = 0; line < ids.length; line++) starts[(ids[line] ?? 0) + 1]++;
    for (let id = 1; id < starts.length; id++) starts[id] = (starts[id] ?? 0) + (starts[id - 1] ?? 0);
    const next = starts.slice(0, -1);
    const list = new Int32Array(ids.length);
    for (let line = 0; line < ids.length; line++) {
      const id = ids[line] ?? 0;
      list[next[id] ?? 0] = line;
      next[id] = (next[id] ?? 0) + 1;
    }
    this.starts = starts;
    this.positionList = list;
  }

  private buildHashes(): Int32Array {
    const ids = this.ids;
    const base = this.interner.base;
    const hashes = new Int32Array(ids.length + 1);
    for (let line = 0; line < ids.length; line++) {
      hashes[line + 1] = ((hashes[line] ?? 0) * base + (ids[line] ?? 0) + 1) % HASH_MODULUS;
    }
    this.prefixHashes = hashes;
    return hashes;
  }
}

/** A line's shape as a section header: its indentation and leading token (`//`, `##`, `function`, `.`, …). */
export function headerShape(line: string): string {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const rest = line.slice(indent.length);
  const token = /^[^\w\s]+/.exec(rest)?.[0] ?? /^\w+/.exec(rest)?.[0] ?? '';
  return `${indent}\u0000${token}`;
}

/** A range of a new file version that replaced a range of the previous one. */
export interface ReplacedRange {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

/** The lines of one file, indexed lazily per matching pass. */
export class LineIndex {
  private readonly passes: (PassIndex | undefined)[] = [undefined, undefined, undefined, undefined];
  private shapes: Map<string, number[]> | undefined;

  constructor(
    readonly lines: readonly string[],
    private readonly interners: readonly Interner[] = PASSES.map(() => new Interner()),
  ) {}

  get length(): number {
    return this.lines.length;
  }

  pass(pass: MatchPass): PassIndex {
    const existing = this.passes[pass];
    if (existing) return existing;
    const interner = this.interners[pass] as Interner;
    const ids = new Int32Array(this.lines.length);
    for (let line = 0; line < ids.length; line++) ids[line] = interner.intern(normalizeLine(this.lines[line] ?? '', pass));
    const built = new PassIndex(pass, ids, interner);
    this.passes[pass] = built;
    return built;
  }

  /** The first line at or after `from` shaped like line `at` (see headerShape), or the file's length. */
  nextSibling(at: number, from: number): number {
    if (!this.shapes) {
      const shapes = new Map<string, number[]>();
      this.lines.forEach((line, index) => {
        const key = headerShape(line);
        const list = shapes.get(key);
        if (list) list.push(index);
        else shapes.set(key, [index]);
      });
      this.shapes = shapes;
    }
    const positions = this.shapes.get(headerShape(this.lines[at] ?? '')) ?? [];
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((positions[middle] ?? 0) < from) low = middle + 1;
      else high = middle;
    }
    return positions[low] ?? this.length;
  }

  /**
   * The index of the next version of the file (`lines`), which equals this one outside `replaced`
   * (ascending, non-overlapping): built passes copy the unchanged ids and intern only new lines.
   */
  derive(lines: readonly string[], replaced: readonly ReplacedRange[]): LineIndex {
    const next = new LineIndex(lines, this.interners);
    for (const pass of PASSES) {
      const old = this.passes[pass];
      if (!old) continue;
      const ids = new Int32Array(lines.length);
      let oldAt = 0;
      let newAt = 0;
      for (const range of replaced) {
        ids.set(old.ids.subarray(oldAt, range.oldStart), newAt);
        for (let line = range.newStart; line < range.newEnd; line++) ids[line] = old.interner.intern(normalizeLine(lines[line] ?? '', pass));
        oldAt = range.oldEnd;
        newAt = range.newEnd;
      }
      ids.set(old.ids.subarray(oldAt), newAt);
      next.passes[pass] = new PassIndex(pass, ids, old.interner);
    }
    return next;
  }
}

/** First index in [begin, end) of the ascending list whose value is ≥ min. */
function lowerBound(sorted: Int32Array, begin: number, end: number, min: number): number {
  let low = begin;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < min) low = middle + 1;
    else high = middle;
  }
  return low;
}

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
    const { begin, end } = index.positions(id);
    if (end === begin) {
      usable = offset;
      break;
    }
    ids[offset] = id;
    hashes[offset + 1] = ((hashes[offset] ?? 0) * index.interner.base + id + 1) % HASH_MODULUS;
    if (end - begin < rarestCount) {
      rarest = offset;
      rarestCount = end - begin;
    }
    anchors[offset] = rarest;
  }
  return { ids, hashes, usable, anchors };
}

function matchesAt(index: PassIndex, pattern: PatternPass, start: number, length: number): boolean {
  if (index.windowHash(start, length) !== pattern.hashes[length]) return false;
  for (let offset = 0; offset < length; offset++) {
    if (index.ids[start + offset] !== pattern.ids[offset]) return false;
  }
  return true;
}

/** Searches the first `length` pattern lines in one pass; undefined when they are not there. */
function searchPass(index: PassIndex, pattern: PatternPass, length: number, from: number, atEndOfFile: boolean): SequenceMatch | undefined {
  if (length > pattern.usable) return undefined;
  const fileLength = index.ids.length;
  if (atEndOfFile) {
    const start = fileLength - length;
    return start >= from && matchesAt(index, pattern, start, length) ? { kind: 'found', start, pass: index.pass } : undefined;
  }
  const anchorOffset = pattern.anchors[length - 1] ?? 0;
  const { list, begin, end } = index.positions(pattern.ids[anchorOffset] ?? -1);
  const starts: number[] = [];
  let count = 0;
  for (let at = lowerBound(list, begin, end, from + anchorOffset); at < end && count <= MAX_REPORTED_MATCHES; at++) {
    const start = (list[at] ?? 0) - anchorOffset;
    if (start + length > fileLength) break;
    if (!matchesAt(index, pattern, start, length)) continue;
    count++;
    if (starts.length < MAX_REPORTED_MATCHES) starts.push(start);
  }
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
      const match = searchPass(index, patternPass, length, from, atEndOfFile);
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
    const { list, begin, end } = index.positions(index.idOf(normalizeLine(line, pass)));
    const at = lowerBound(list, begin, end, from);
    if (at < end) return { index: list[at] ?? 0, pass };
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
