// Applies an Update File hunk's chunks to a file's text, changing only the targeted lines.
//
// Byte rules (stricter than Codex, which rewrites every ending to `\n`):
// - untouched and context lines keep their own text and ending, even when they matched fuzzily;
// - a `+` line that replaces a `-` line takes that line's ending; an inserted line takes the ending
//   of the line before it (or the file's usual ending at the top);
// - the presence or absence of a final newline is kept.

import { findLine, findSequence, LineIndex, settleBelowHeader } from './chunkLocator';
import type { ChunkLine, PatchError, UpdateChunk } from './patchTypes';
import { patchError } from './patchTypes';
import type { LineEnding } from './textModel';
import { dominantEnding, splitLines } from './textModel';

interface LocatedEdit {
  /** First file line replaced (0-based). */
  readonly start: number;
  readonly oldCount: number;
  readonly lines: readonly ChunkLine[];
}

const MAX_ECHOED_LINES = 12;
/** `@@ -12,7 +12,8 @@`: a unified-diff range, which models sometimes write out of habit. */
const UNIFIED_DIFF_RANGE = /^-\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;

function echo(lines: readonly string[]): string {
  const shown = lines.slice(0, MAX_ECHOED_LINES).map((line) => `  ${line}`);
  if (lines.length > MAX_ECHOED_LINES) shown.push(`  … (${lines.length - MAX_ECHOED_LINES} more lines)`);
  return shown.join('\n');
}

function oldLinesOf(lines: readonly ChunkLine[]): string[] {
  const old: string[] = [];
  for (const line of lines) if (line.kind !== 'add') old.push(line.text);
  return old;
}

/**
 * When the old lines end with an empty line (often a blank line before the next header) and do
 * not match, Codex retries without it; so do we. Returns undefined when there is nothing to drop.
 */
function withoutTrailingEmptyOldLine(lines: readonly ChunkLine[]): ChunkLine[] | undefined {
  let last = lines.length - 1;
  while (last >= 0 && lines[last]?.kind === 'add') last--;
  const line = lines[last];
  if (!line || line.text !== '') return undefined;
  const copy = [...lines];
  // A blank context line followed by added lines still belongs to the new text.
  if (line.kind === 'context' && last < lines.length - 1) copy[last] = { kind: 'add', text: '' };
  else copy.splice(last, 1);
  return copy;
}

function locateChunks(file: LineIndex, chunks: readonly UpdateChunk[], path: string): LocatedEdit[] | PatchError {
  const edits: LocatedEdit[] = [];
  let cursor = 0;
  for (const chunk of chunks) {
    const where = `${path} (chunk at patch line ${chunk.lineNumber})`;
    let headerAt: number | undefined;
    for (const header of chunk.headers) {
      const found = findLine(file, header, cursor);
      if (!found) {
        return patchError(
          'context-not-found',
          `Failed to find the context line '@@ ${header}' in ${where}${cursor > 0 ? ` after line ${cursor}` : ''}. ` +
            (UNIFIED_DIFF_RANGE.test(header)
            ? "apply_patch chunks carry no line numbers: write '@@' alone, or '@@ ' followed by one line of the file above the change."
            : 'The text after @@ must repeat one line of the current file exactly, above the change and below any earlier chunk.'),
          path,
        );
      }
      headerAt = found.index;
      cursor = found.index + 1;
    }
    let lines: readonly ChunkLine[] = chunk.lines;
    if (lines.every((line) => line.kind === 'add')) {
      // Pure addition: after the @@ line when there is one, else at the end of the file.
      const start = chunk.headers.length > 0 && !chunk.isEndOfFile ? cursor : file.length;
      edits.push({ start, oldCount: 0, lines });
      cursor = start;
      continue;
    }
    for (;;) {
      const old = oldLinesOf(lines);
      const anywhere = findSequence(file, old, cursor, chunk.isEndOfFile);
      const match = headerAt === undefined ? anywhere : settleBelowHeader(file, anywhere, headerAt, old.length);
      if (match.kind === 'found') {
        edits.push({ start: match.start, oldCount: old.length, lines });
        cursor = match.start + old.length;
        break;
      }
      if (match.kind === 'ambiguous') {
        const places = match.starts.map((start) => start + 1).join(', ') + (match.count > match.starts.length ? ', …' : '');
        return patchError(
          'ambiguous',
          `The chunk at patch line ${chunk.lineNumber} matches ${match.count} places in ${path}${cursor > 0 ? ` after line ${cursor}` : ''} (starting at lines ${places}), so where to apply it is ambiguous. ` +
            (chunk.headers.length === 0
              ? "Add an '@@ <line>' header naming a unique line just above the change (such as the enclosing function or class), or include more context lines so the chunk matches only one place."
              : "Include more context lines, or add another '@@ <line>' line naming a unique line closer to the change (several @@ lines in a row narrow down nested scopes), so the chunk matches only one place."),
          path,
        );
      }
      const retry = withoutTrailingEmptyOldLine(lines);
      if (retry && oldLinesOf(retry).length > 0) {
        lines = retry;
        continue;
      }
      const original = oldLinesOf(chunk.lines);
      return patchError(
        'context-not-found',
        `Failed to find the expected lines in ${where}${cursor > 0 ? ` after line ${cursor}` : ''}${chunk.isEndOfFile ? ' at the end of the file (the chunk ends with *** End of File)' : ''}:\n${echo(original)}\n` +
          "Context (' ') and removed ('-') lines must repeat the current file's lines, and chunks must be in file order.",
        path,
      );
    }
  }
  return edits;
}

/** Applies the chunks to `original`; returns the new text or the first error. */
export function applyUpdateChunks(original: string, chunks: readonly UpdateChunk[], path: string): string | PatchError {
  const { texts, endings } = splitLines(original);
  const edits = locateChunks(new LineIndex(texts), chunks, path);
  if (!Array.isArray(edits)) return edits;

  const outTexts: string[] = [];
  // null: an inserted line whose ending is decided by its neighbours below.
  const outEndings: (LineEnding | null)[] = [];
  let position = 0;
  const copyOriginal = (until: number): void => {
    for (; position < until; position++) {
      outTexts.push(texts[position] ?? '');
      outEndings.push(endings[position] ?? '');
    }
  };
  for (const edit of edits) {
    copyOriginal(edit.start);
    let fileLine = edit.start;
    let removedEndings: LineEnding[] = [];
    let replaced = 0;
    for (const line of edit.lines) {
      if (line.kind === 'context') {
        outTexts.push(texts[fileLine] ?? '');
        outEndings.push(endings[fileLine] ?? '');
        fileLine++;
        removedEndings = [];
        replaced = 0;
      } else if (line.kind === 'remove') {
        removedEndings.push(endings[fileLine] ?? '');
        fileLine++;
      } else {
        const inherited = removedEndings[Math.min(replaced, removedEndings.length - 1)];
        outTexts.push(line.text);
        outEndings.push(inherited ?? null);
        replaced++;
      }
    }
    position = edit.start + edit.oldCount;
  }
  copyOriginal(texts.length);

  const fallback = dominantEnding(endings);
  const keepsFinalNewline = texts.length === 0 || endings[texts.length - 1] !== '';
  const pieces: string[] = [];
  let previous: LineEnding | undefined;
  const lastIndex = outTexts.length - 1;
  for (let index = 0; index <= lastIndex; index++) {
    let ending = outEndings[index] ?? null;
    if (index === lastIndex && !keepsFinalNewline) ending = '';
    else if (ending === null || ending === '') ending = previous ?? fallback;
    if (ending !== '') previous = ending;
    pieces.push(outTexts[index] ?? '', ending);
  }
  return pieces.join('');
}
