// Fuzzy matching of workspace paths for @-mentions: the typed characters must appear in the path
// in order; the best alignment is the one a user means — characters in the file name, at word
// starts (after `/`, `_`, `-`, `.`, or a camelCase hump) and in runs score more than scattered
// ones, and shorter paths win ties. Pure and allocation-light: a 10k-path workspace is ranked on
// every keystroke (see `npm run bench -- tools`).

/** A path made ready for matching once, when the index is built, not on every keystroke. */
export interface PreparedPath {
  readonly path: string;
  /** `path` with ASCII and Unicode letters lower-cased (same length as `path`). */
  readonly lower: string;
  /** Index of the file name's first character. */
  readonly nameStart: number;
}

export interface RankedPath {
  readonly path: string;
  readonly score: number;
  /** Indices in `path` of the matched characters, ascending (for highlighting). */
  readonly positions: readonly number[];
}

const SCORE_MATCH = 16;
const BONUS_BOUNDARY = 10;
const BONUS_NAME_START = 16;
const BONUS_IN_NAME = 6;
const BONUS_CONSECUTIVE = 12;
const BONUS_FIRST_CHAR = 4;
const PENALTY_GAP_START = 3;
const PENALTY_GAP_STEP = 1;
const NONE = -1e9;

export function preparePath(path: string): PreparedPath {
  let lower = path.toLowerCase();
  // Lower-casing can change the length ('İ' becomes two units); then fold unit by unit so that
  // positions in `lower` stay positions in `path`.
  if (lower.length !== path.length) {
    lower = Array.from({ length: path.length }, (_, index) => {
      const unit = path.charAt(index).toLowerCase();
      return unit.length === 1 ? unit : path.charAt(index);
    }).join('');
  }
  return { path, lower, nameStart: path.lastIndexOf('/') + 1 };
}

/** What the user typed, as matched: lower-cased, without spaces, `\` read as `/`. */
export function normalizeQuery(query: string): string {
  // Longer queries are cut (the protocol allows 200 characters; lower-casing may lengthen them).
  return query.replace(/\s+/g, '').replace(/\\/g, '/').toLowerCase().slice(0, MAX_QUERY);
}

function isSeparator(code: number): boolean {
  // / _ - . space
  return code === 47 || code === 95 || code === 45 || code === 46 || code === 32;
}

/** The bonus for matching at `index`: word starts and the file name count most. */
function positionBonus(candidate: PreparedPath, index: number): number {
  let bonus = 0;
  if (index === candidate.nameStart) bonus += BONUS_NAME_START;
  else if (index === 0 || isSeparator(candidate.path.charCodeAt(index - 1))) bonus += BONUS_BOUNDARY;
  else {
    const previous = candidate.path.charCodeAt(index - 1);
    const current = candidate.path.charCodeAt(index);
    // camelCase hump: a capital after a lower-case letter, or a digit after a letter.
    const previousLower = previous >= 97 && previous <= 122;
    if ((previousLower && current >= 65 && current <= 90) || (!(previous >= 48 && previous <= 57) && current >= 48 && current <= 57)) bonus += BONUS_BOUNDARY;
  }
  if (index >= candidate.nameStart) bonus += BONUS_IN_NAME;
  return bonus;
}

const MAX_QUERY = 256;
const scratch = { rowA: new Float64Array(256), rowB: new Float64Array(256), first: new Int32Array(MAX_QUERY), last: new Int32Array(MAX_QUERY) };

/** For each query character, its earliest (greedy from the left) or latest (greedy from the
 *  right) possible place in `lower`; the caller checked that the query is a subsequence. */
function bounds(query: string, lower: string, fromLeft: boolean): Int32Array {
  const places = fromLeft ? scratch.first : scratch.last;
  if (fromLeft) {
    let at = 0;
    for (let i = 0; i < query.length; i++) {
      at = lower.indexOf(query.charAt(i), at);
      places[i] = at;
      at++;
    }
  } else {
    let at = lower.length - 1;
    for (let i = query.length - 1; i >= 0; i--) {
      at = lower.lastIndexOf(query.charAt(i), at);
      places[i] = at;
      at--;
    }
  }
  return places;
}

/** Whether every character of `query` occurs in `lower` in order (the cheap first filter). */
function isSubsequence(query: string, lower: string): boolean {
  let at = 0;
  for (let i = 0; i < query.length; i++) {
    at = lower.indexOf(query[i] as string, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/**
 * The best alignment's score (dynamic programming over query × path, O(m·n) with two rows), or
 * undefined when the path does not contain the query's characters in order. With `trace`, also
 * the matched positions.
 */
function align(query: string, candidate: PreparedPath, trace: boolean): { score: number; positions: number[] } | undefined {
  const { lower } = candidate;
  const m = query.length;
  const n = lower.length;
  // Scratch rows are reused across calls: ranking 10k paths must not allocate per path.
  if (scratch.rowA.length < n) {
    scratch.rowA = new Float64Array(n * 2);
    scratch.rowB = new Float64Array(n * 2);
  }
  let previous = scratch.rowA;
  let current = scratch.rowB;
  const choices = trace ? new Int32Array(m * n).fill(-1) : undefined;
  // q[i] can only sit between its earliest place (greedy from the left) and its latest place that
  // still leaves room for the rest (greedy from the right): the rows are computed in that band only.
  const first = bounds(query, lower, true);
  const last = bounds(query, lower, false);
  for (let i = 0; i < m; i++) {
    const char = query.charCodeAt(i);
    current.fill(NONE, 0, n);
    // Best score of q[i-1] matched at some k < j-1, already charged for the gap up to j-1.
    let carried = NONE;
    let carriedFrom = -1;
    const from = i === 0 ? (first[0] ?? 0) : (first[i - 1] ?? 0) + 1;
    const to = last[i] ?? n - 1;
    for (let j = from; j <= to; j++) {
      if (i > 0 && j >= 2) {
        const gapStart = previous[j - 2] - PENALTY_GAP_START;
        carried -= PENALTY_GAP_STEP;
        if (gapStart >= carried) {
          carried = gapStart;
          carriedFrom = j - 2;
        }
      }
      if (lower.charCodeAt(j) !== char) continue;
      const base = SCORE_MATCH + positionBonus(candidate, j);
      if (i === 0) {
        current[j] = base + (j === 0 ? BONUS_FIRST_CHAR : 0) - Math.min(j, 20) * 0.1;
        continue;
      }
      const run = j >= 1 && previous[j - 1] > NONE / 2 ? previous[j - 1] + BONUS_CONSECUTIVE : NONE;
      const best = Math.max(run, carried);
      if (best <= NONE / 2) continue;
      current[j] = best + base;
      if (choices) choices[i * n + j] = run >= carried ? j - 1 : carriedFrom;
    }
    [previous, current] = [current, previous];
  }
  let bestScore = NONE;
  let bestEnd = -1;
  for (let j = first[m - 1] ?? 0; j <= (last[m - 1] ?? n - 1); j++) {
    if (previous[j] > bestScore) {
      bestScore = previous[j];
      bestEnd = j;
    }
  }
  if (bestEnd < 0 || bestScore <= NONE / 2) return undefined;
  const positions: number[] = [];
  if (choices) {
    let j = bestEnd;
    for (let i = m - 1; i >= 0 && j >= 0; i--) {
      positions.push(j);
      j = i > 0 ? (choices[i * n + j] ?? -1) : -1;
    }
    positions.reverse();
  }
  // Among equal alignments the shorter path is the likelier meaning.
  return { score: bestScore - n * 0.05, positions };
}

/** Matches one path; undefined when it does not contain the query's characters in order. */
export function fuzzyMatch(query: string, candidate: PreparedPath): RankedPath | undefined {
  const normalized = normalizeQuery(query);
  if (normalized === '') return { path: candidate.path, score: 0, positions: [] };
  if (!isSubsequence(normalized, candidate.lower)) return undefined;
  const aligned = align(normalized, candidate, true);
  return aligned && { path: candidate.path, score: aligned.score, positions: aligned.positions };
}

/**
 * The `limit` best matches of `query` among `candidates`, best first (ties: shorter, then
 * alphabetical). An empty query keeps the given order. Scores every candidate without tracing,
 * then traces positions only for the ones returned.
 */
export function rankPaths(query: string, candidates: readonly PreparedPath[], limit: number): RankedPath[] {
  const normalized = normalizeQuery(query);
  if (normalized === '') return candidates.slice(0, limit).map((candidate) => ({ path: candidate.path, score: 0, positions: [] }));
  const scored: { candidate: PreparedPath; score: number }[] = [];
  for (const candidate of candidates) {
    if (!isSubsequence(normalized, candidate.lower)) continue;
    const aligned = align(normalized, candidate, false);
    if (aligned) scored.push({ candidate, score: aligned.score });
  }
  scored.sort((a, b) => b.score - a.score || a.candidate.path.length - b.candidate.path.length || (a.candidate.path < b.candidate.path ? -1 : 1));
  return scored.slice(0, limit).map(({ candidate }) => fuzzyMatch(normalized, candidate) as RankedPath);
}
