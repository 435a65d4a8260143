// One way to compare file names "ignoring case" for every guard (secret files, sensitive edits).
// `toLowerCase()` alone misses names that differ only in Unicode form or in letters whose case
// mapping is not one-to-one, which a case-insensitive file system (macOS, Windows) may treat as one
// file, or a reader sees as the same name.

/**
 * Folds `text` so that spellings a person (or a case-insensitive file system) reads as the same name
 * compare equal:
 * - NFKC first: a decomposed `é` (macOS stores names decomposed) equals the composed one, and
 *   compatibility forms (full-width `ＥＮＶ`, ligatures like `ﬁ`) equal their plain letters;
 * - then upper- and lower-casing, which is full case folding for practical purposes: `ß` and `ẞ` fold
 *   to `ss`, the Kelvin sign `K` to `k`, the long `ſ` to `s`, Greek final sigma to `σ`.
 * Over-matching is harmless for guards (they ask instead of acting); under-matching is not.
 */
export function foldCase(text: string): string {
  return text.normalize('NFKC').toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}
