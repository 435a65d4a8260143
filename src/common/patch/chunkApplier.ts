// Applies an Update File hunk's chunks to a file's text, changing only the targeted lines.
//
// Byte rules (stricter than Codex, which rewrites every ending to `\n`):
// - untouched and context lines keep their own text and ending, even when they matched fuzzily;
// - a `+` line that replaces a `-` line takes that line's ending; an inserted line takes the ending
//   of the line before it (or the file's usual ending at the top);
// - the presence or absence of a final newline is kept.

import type { LineEnding } from './textModel';
import { dominantEnding, joinLines, splitLines } from './textModel';
import type { ReplacedRange } from './chunkLocator';
import { findLine, findSequencePrefix, LineIndex, MAX_REPORTED_MATCHES, settleBelowHeader } from './chunkLocator';
import type { ChunkLine, PatchError, UpdateChunk } from './patchTypes';
import { isPatchError, patchError, runSteps } from './patchTypes';

/** A file's lines with their own endings, and the index that finds lines in them. */
export interface LineDocument {
  readonly texts: readonly string[];
  readonly endings: readonly LineEnding[];
  readonly index: LineIndex;
}

export function lineDocument(text: string): LineDocument {
  const { texts, endings } = splitLines(text);
  return { texts, endings, index: new LineIndex(texts) };
}

export function documentText(document: LineDocument): string {
  return joinLines(document);
}

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

/** How many old lines at the end of the chunk are empty (they may be dropped, see below). */
function trailingEmptyCount(old: readonly string[]): number {
  let count = 0;
  while (count < old.length && old[old.length - 1 - count] === '') count++;
  return count;
}

/**
 * When the old lines end with an empty line (often a blank line before the next header) and do
 * not match, Codex retries without it, one line at a time; so do we. This is the chunk after
 * `count` such retries, built in one pass: a blank context line followed by added lines still
 * belongs to the new text (it becomes an added empty line); otherwise the old line is dropped.
 */
function dropTrailingEmptyOldLines(lines: readonly ChunkLine[], count: number): ChunkLine[] {
  const reversed: ChunkLine[] = [];
  let addedAfter = false;
  let toDrop = count;
  for (let at = lines.length - 1; at >= 0; at--) {
    const line = lines[at] as ChunkLine;
    if (line.kind === 'add' || toDrop === 0) {
      reversed.push(line);
      if (line.kind === 'add') addedAfter = true;
      continue;
    }
    toDrop--;
    if (line.kind === 'context' && addedAfter) reversed.push({ kind: 'add', text: '' });
  }
  return reversed.reverse();
}

function headerNotFound(header: string, where: string, cursor: number, path: string): PatchError {
  return patchError(
    'context-not-found',
    `Failed to find the context line '@@ ${header}' in ${where}${cursor > 0 ? ` after line ${cursor}` : ''}. ` +
      (UNIFIED_DIFF_RANGE.test(header)
        ? "apply_patch chunks carry no line numbers: write '@@' alone, or '@@ ' followed by one line of the file above the change."
        : 'The text after @@ must repeat one line of the current file exactly, above the change and below any earlier chunk.'),
    path,
  );
}

function ambiguousChunk(chunk: UpdateChunk, starts: readonly number[], count: number, cursor: number, path: string): PatchError {
  const more = count > MAX_REPORTED_MATCHES;
  const places = starts.map((start) => start + 1).join(', ') + (more ? ', …' : '');
  return patchError(
    'ambiguous',
    `The chunk at patch line ${chunk.lineNumber} matches ${more ? `more than ${MAX_REPORTED_MATCHES}` : count} places in ${path}${cursor > 0 ? ` after line ${cursor}` : ''} (starting at lines ${places}), so where to apply it is ambiguous. ` +
      (chunk.headers.length === 0
        ? "Add an '@@ <line>' header naming a unique line just above the change (such as the enclosing function or class), or include more context lines so the chunk matches only one place."
        : "Include more context lines, or add another '@@ <line>' line naming a unique line closer to the change (several @@ lines in a row narrow down nested scopes), so the chunk matches only one place."),
    path,
  );
}

/** Locates each chunk in file order; yields after each one so a caller can pause between them. */
function* locateChunks(file: LineIndex, chunks: readonly UpdateChunk[], path: string): Generator<void, LocatedEdit[] | PatchError> {
  const edits: LocatedEdit[] = [];
  let cursor = 0;
  for (const chunk of chunks) {
    yield;
    const where = `${path} (chunk at patch line ${chunk.lineNumber})`;
    let headerAt: number | undefined;
    for (const header of chunk.headers) {
      const found = findLine(file, header, cursor);
      if (!found) return headerNotFound(header, where, cursor, path);
      headerAt = found.index;
      cursor = found.index + 1;
    }
    if (chunk.lines.every((line) => line.kind === 'add')) {
      // Pure addition: after the @@ line when there is one, else at the end of the file.
      const start = chunk.headers.length > 0 && !chunk.isEndOfFile ? cursor : file.length;
      edits.push({ start, oldCount: 0, lines: chunk.lines });
      cursor = start;
      continue;
    }
    const old = oldLinesOf(chunk.lines);
    const anywhere = findSequencePrefix(file, old, cursor, chunk.isEndOfFile, old.length - trailingEmptyCount(old));
    const length = anywhere.length;
    const match = headerAt === undefined ? anywhere.match : settleBelowHeader(file, anywhere.match, headerAt, length);
    if (match.kind === 'found') {
      const lines = length === old.length ? chunk.lines : dropTrailingEmptyOldLines(chunk.lines, old.length - length);
      edits.push({ start: match.start, oldCount: length, lines });
      cursor = match.start + length;
      continue;
    }
    if (match.kind === 'ambiguous') return ambiguousChunk(chunk, match.starts, match.count, cursor, path);
    return patchError(
      'context-not-found',
      `Failed to find the expected lines in ${where}${cursor > 0 ? ` after line ${cursor}` : ''}${chunk.isEndOfFile ? ' at the end of the file (the chunk ends with *** End of File)' : ''}:\n${echo(old)}\n` +
        "Context (' ') and removed ('-') lines must repeat the current file's lines, and chunks must be in file order.",
      path,
    );
  }
  return edits;
}

/**
 * The next version of the document with the located edits applied: each line's ending resolved,
 * in the same canonical form `splitLines(joinLines(…))` would give, so applying several Update File
 * sections to one file in turn gives the bytes applying them to the joined text would.
 */
function applyEdits(document: LineDocument, edits: readonly LocatedEdit[]): LineDocument {
  const { texts, endings } = document;
  const outTexts: string[] = [];
  // null: an inserted line whose ending is decided by its neighbours below.
  const outEndings: (LineEnding | null)[] = [];
  const replaced: ReplacedRange[] = [];
  let position = 0;
  const copyOriginal = (until: number): void => {
    for (; position < until; position++) {
      outTexts.push(texts[position] ?? '');
      outEndings.push(endings[position] ?? '');
    }
  };
  for (const edit of edits) {
    copyOriginal(edit.start);
    const newStart = outTexts.length;
    let fileLine = edit.start;
    let removedEndings: LineEnding[] = [];
    let replacedCount = 0;
    for (const line of edit.lines) {
      if (line.kind === 'context') {
        outTexts.push(texts[fileLine] ?? '');
        outEndings.push(endings[fileLine] ?? '');
        fileLine++;
        removedEndings = [];
        replacedCount = 0;
      } else if (line.kind === 'remove') {
        removedEndings.push(endings[fileLine] ?? '');
        fileLine++;
      } else {
        const inherited = removedEndings[Math.min(replacedCount, removedEndings.length - 1)];
        outTexts.push(line.text);
        outEndings.push(inherited ?? null);
        replacedCount++;
      }
    }
    position = edit.start + edit.oldCount;
    replaced.push({ oldStart: edit.start, oldEnd: position, newStart, newEnd: outTexts.length });
  }
  copyOriginal(texts.length);
  return resolveEndings(document, outTexts, outEndings, replaced);
}

function resolveEndings(
  before: LineDocument,
  texts: string[],
  pending: readonly (LineEnding | null)[],
  replaced: ReplacedRange[],
): LineDocument {
  const fallback = dominantEnding(before.endings);
  const keepsFinalNewline = before.texts.length === 0 || before.endings[before.texts.length - 1] !== '';
  const endings: LineEnding[] = new Array<LineEnding>(texts.length);
  let previous: LineEnding | undefined;
  let reindex = false;
  const lastIndex = texts.length - 1;
  for (let index = 0; index <= lastIndex; index++) {
    let ending = pending[index] ?? null;
    if (index === lastIndex && !keepsFinalNewline) ending = '';
    else if (ending === null || ending === '') ending = previous ?? fallback;
    if (ending !== '') previous = ending;
    const text = texts[index] ?? '';
    if (ending === '\n' && text.endsWith('\r')) {
      // Joined, "…\r" + "\n" reads back as a CRLF ending.
      texts[index] = text.slice(0, -1);
      ending = '\r\n';
      reindex = true;
    }
    endings[index] = ending;
  }
  if (lastIndex >= 0 && texts[lastIndex] === '' && endings[lastIndex] === '') {
    // Joined, an empty last line without an ending is no line at all.
    texts.pop();
    endings.pop();
    reindex = true;
  }
  const index = reindex ? new LineIndex(texts) : before.index.derive(texts, replaced);
  return { texts, endings, index };
}

/**
 * Applies an Update File hunk's chunks to a document, one step per chunk: the generator yields
 * between chunks (see `runSteps`) and returns the next version or the first error.
 */
export function* updateDocumentSteps(
  document: LineDocument,
  chunks: readonly UpdateChunk[],
  path: string,
): Generator<void, LineDocument | PatchError> {
  const edits = yield* locateChunks(document.index, chunks, path);
  if (isPatchError(edits)) return edits;
  return applyEdits(document, edits);
}

/** Applies the chunks to `original`; returns the new text or the first error. */
export function applyUpdateChunks(original: string, chunks: readonly UpdateChunk[], path: string): string | PatchError {
  const next = runSteps(updateDocumentSteps(lineDocument(original), chunks, path));
  return isPatchError(next) ? next : documentText(next);
}
