// Applies an Update File hunk's chunks to a file's text, changing only the targeted lines.
//
// Byte rules (stricter than Codex, which rewrites every ending to `\n`):
// - untouched and context lines keep their own text and ending, even when they matched fuzzily;
// - a `+` line that replaces a `-` line takes that line's ending; an inserted line takes the ending
//   of the line before it (or the file's usual ending at the top);
// - the presence or absence of a final newline is kept.

import type { LineEnding } from './textModel';
import { findLine, findSequencePrefix, MAX_REPORTED_MATCHES, settleBelowHeader } from './chunkLocator';
import { LineIndex } from './lineIndex';
import type { ChunkLine, PatchError, UpdateChunk } from './patchTypes';
import { isPatchError, patchError, runSteps } from './patchTypes';

/** A file's lines with their own endings, indexed for the chunk search; Update File sections edit it in place. */
export type LineDocument = LineIndex;

export function lineDocument(text: string): LineDocument {
  return LineIndex.fromText(text);
}

/** `lineDocument`, one block of lines per step. */
export function lineDocumentSteps(text: string): Generator<void, LineDocument> {
  return LineIndex.fromTextSteps(text);
}

export function documentText(document: LineDocument): string {
  return document.text();
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

/** One edit's new lines; an ending is null while the line above decides it (an inserted line). */
interface Replacement {
  readonly start: number;
  readonly oldCount: number;
  readonly texts: string[];
  readonly endings: (LineEnding | null)[];
}

/** An edit's new lines: context lines keep their own ending, a `+` line takes the one of the `-` line it replaces. */
function replacementOf(document: LineDocument, edit: LocatedEdit): Replacement {
  const texts: string[] = [];
  const endings: (LineEnding | null)[] = [];
  let fileLine = edit.start;
  let removedEndings: LineEnding[] = [];
  let replacedCount = 0;
  for (const line of edit.lines) {
    if (line.kind === 'context') {
      texts.push(document.lineAt(fileLine));
      endings.push(document.endingAt(fileLine));
      fileLine++;
      removedEndings = [];
      replacedCount = 0;
    } else if (line.kind === 'remove') {
      removedEndings.push(document.endingAt(fileLine));
      fileLine++;
    } else {
      const inherited = removedEndings[Math.min(replacedCount, removedEndings.length - 1)];
      texts.push(line.text);
      endings.push(inherited ?? null);
      replacedCount++;
    }
  }
  return { start: edit.start, oldCount: edit.oldCount, texts, endings };
}

/**
 * Applies the located edits to the document in place. Endings are resolved as if the new text were
 * joined and split again (so applying several Update File sections in turn gives the bytes applying
 * each to the joined text would): an inserted line takes the ending of the line above it (or the
 * file's usual one at the top); the presence or absence of a final newline is kept; a line ending
 * in `\r` that gets `\n` becomes a CRLF line; an empty last line without an ending is no line.
 * Only the edited lines (and the last line) are looked at, so a small edit to a large file is cheap.
 */
function applyEdits(document: LineDocument, edits: readonly LocatedEdit[]): LineDocument {
  const fallback = document.dominantEnding();
  const oldLength = document.length;
  const keepsFinalNewline = oldLength === 0 || document.endingAt(oldLength - 1) !== '';
  const replacements = edits.map((edit) => replacementOf(document, edit));
  if (!keepsFinalNewline && !replacements.some((r) => r.start <= oldLength - 1 && oldLength - 1 < r.start + r.oldCount)) {
    // The last line has no ending; if lines come after it now, it needs one: resolve it with the edits.
    const at = replacements.findIndex((r) => r.start > oldLength - 1);
    const lastLine: Replacement = { start: oldLength - 1, oldCount: 1, texts: [document.lineAt(oldLength - 1)], endings: [''] };
    replacements.splice(at === -1 ? replacements.length : at, 0, lastLine);
  }
  const resolved = resolveEndings(document, replacements, fallback, keepsFinalNewline);
  for (let index = resolved.length - 1; index >= 0; index--) {
    const { start, oldCount, texts, endings } = resolved[index] as ResolvedReplacement;
    document.replace(start, oldCount, texts, endings);
  }
  const last = document.length - 1;
  if (last >= 0 && !keepsFinalNewline) document.setEnding(last, '');
  // Joined, an empty last line without an ending is no line at all.
  if (last >= 0 && document.lineAt(last) === '' && document.endingAt(last) === '') document.replace(last, 1, [], []);
  return document;
}

interface ResolvedReplacement {
  readonly start: number;
  readonly oldCount: number;
  readonly texts: string[];
  readonly endings: LineEnding[];
}

/** Gives every new line its ending, run by run of adjacent edits, each starting from the untouched line above it. */
function resolveEndings(document: LineDocument, replacements: readonly Replacement[], fallback: LineEnding, keepsFinalNewline: boolean): ResolvedReplacement[] {
  const resolved: ResolvedReplacement[] = [];
  let previous: LineEnding | undefined;
  for (let index = 0; index < replacements.length; index++) {
    const replacement = replacements[index] as Replacement;
    const before = replacements[index - 1];
    // The line above a run is untouched, and not a last line without an ending (that one is in an edit).
    if (before === undefined || before.start + before.oldCount !== replacement.start) {
      previous = replacement.start > 0 ? document.endingAt(replacement.start - 1) : undefined;
    }
    const endings = replacement.endings.map((pending): LineEnding => {
      previous = pending === null || pending === '' ? (previous ?? fallback) : pending;
      return previous;
    });
    resolved.push({ start: replacement.start, oldCount: replacement.oldCount, texts: replacement.texts.slice(), endings });
  }
  const lastLine = keepsFinalNewline ? undefined : newLastLine(resolved, document.length);
  for (const replacement of resolved) {
    replacement.texts.forEach((text, line) => {
      // Joined, "…\r" + "\n" reads back as a CRLF ending (the last line loses its ending instead).
      if (replacement.endings[line] !== '\n' || !text.endsWith('\r') || (replacement === lastLine?.replacement && line === lastLine.line)) return;
      replacement.texts[line] = text.slice(0, -1);
      replacement.endings[line] = '\r\n';
    });
  }
  return resolved;
}

/** The new line that ends the file, if an edit wrote it: the last one of the run of edits reaching the old end. */
function newLastLine(resolved: readonly ResolvedReplacement[], oldLength: number): { replacement: ResolvedReplacement; line: number } | undefined {
  for (let index = resolved.length - 1; index >= 0; index--) {
    const replacement = resolved[index] as ResolvedReplacement;
    const after = resolved[index + 1];
    const reachesEnd = after === undefined ? replacement.start + replacement.oldCount === oldLength : after.start === replacement.start + replacement.oldCount;
    if (!reachesEnd) return undefined;
    if (replacement.texts.length > 0) return { replacement, line: replacement.texts.length - 1 };
  }
  return undefined;
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
  // Built a block at a time, so a large file's first search does not hold the event loop.
  yield* document.passSteps(0);
  const edits = yield* locateChunks(document, chunks, path);
  if (isPatchError(edits)) return edits;
  return applyEdits(document, edits);
}

/** Applies the chunks to `original`; returns the new text or the first error. */
export function applyUpdateChunks(original: string, chunks: readonly UpdateChunk[], path: string): string | PatchError {
  const next = runSteps(updateDocumentSteps(lineDocument(original), chunks, path));
  return isPatchError(next) ? next : documentText(next);
}
