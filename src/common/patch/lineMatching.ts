// How the chunk search compares lines: the matching passes and their normalisation, the shape of
// a section header, the interner that turns normalised lines into small ids, and the hash of ids.

export const MATCH_PASS_NAMES = [
  'exact',
  'ignoring trailing whitespace',
  'ignoring leading and trailing whitespace',
  'ignoring whitespace and typographic punctuation',
] as const;

export type MatchPass = 0 | 1 | 2 | 3;
export const PASSES: readonly MatchPass[] = [0, 1, 2, 3];

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

/** A line's shape as a section header: its indentation and leading token (`//`, `##`, `function`, `.`, …). */
export function headerShape(line: string): string {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const rest = line.slice(indent.length);
  const token = /^[^\w\s]+/.exec(rest)?.[0] ?? /^\w+/.exec(rest)?.[0] ?? '';
  return `${indent}\u0000${token}`;
}

/**
 * Prime below 2^26: a hash times the base or a power stays below 2^53, so plain numbers are exact.
 * A hash collision only costs a line-by-line comparison; the base is random so a patch cannot be
 * written to collide on purpose.
 */
export const HASH_MODULUS = 67_108_859;

/** Normalised line → id for one pass of one file. */
export class Interner {
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

/** First index in [begin, end) of the ascending list whose value is ≥ min. */
export function lowerBound(sorted: ArrayLike<number>, begin: number, end: number, min: number): number {
  let low = begin;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < min) low = middle + 1;
    else high = middle;
  }
  return low;
}
