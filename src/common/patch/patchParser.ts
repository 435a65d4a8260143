// Parser for the apply_patch envelope GPT-5 writes (docs/apply-patch.md describes it).
//
// One line-driven state machine serves both the one-shot parse and the streaming parse, so the
// two cannot drift apart: `parsePatch` feeds it every line at once, the streaming parser feeds it
// lines as deltas complete them.
//
// Leniencies kept from Codex because models rely on them: the input is trimmed, marker lines are
// compared after trimming, a heredoc wrapper (`<<EOF` … `EOF`) is unwrapped, blank lines may
// separate hunks and chunks, an empty line inside a chunk is an empty context line, and the first
// chunk of an Update File may omit its `@@` line.

import type { ChunkLine, ParseResult, PatchError, PatchHunk, UpdateChunk } from './patchTypes';
import { MAX_PATCH_INPUT_CHARS, patchError, patchTooLarge, runSteps } from './patchTypes';

export const BEGIN_PATCH = '*** Begin Patch';
export const END_PATCH = '*** End Patch';
export const END_OF_FILE = '*** End of File';
const MOVE_TO_PREFIX = '*** Move to:';
const FILE_HEADER = /^\*\*\* (Add|Delete|Update) File:(.*)$/;
const HEREDOC_OPENER = /^<<\s*(?:EOF|'EOF'|"EOF")$/;
const VALID_HEADERS =
  "Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'";

/** A chunk while it is being read; `rawLines` keeps the patch text for progress display. */
export interface MutableChunk {
  headers: string[];
  lines: ChunkLine[];
  rawLines: string[];
  isEndOfFile: boolean;
  lineNumber: number;
  added: number;
  removed: number;
}

export interface MutableHunk {
  type: 'add' | 'delete' | 'update';
  path: string;
  movePath: string | undefined;
  /** Add File: the content lines. */
  addLines: string[];
  /** Update File: its chunks. */
  chunks: MutableChunk[];
  lineNumber: number;
}

type Phase = 'preamble' | 'body' | 'ended' | 'closed' | 'failed';
type UpdateState = 'afterHeader' | 'inChunk' | 'betweenChunks';

function quoteLine(line: string): string {
  return `'${line.length > 200 ? `${line.slice(0, 200)}…` : line}'`;
}

/**
 * Consumes a patch one line at a time (lines without their `\n`; a trailing `\r` is ignored).
 * After the first error it ignores further input and `finish()` returns that error.
 */
export class PatchLineParser {
  readonly hunks: MutableHunk[] = [];
  private phase: Phase = 'preamble';
  private heredoc = false;
  private updateState: UpdateState = 'afterHeader';
  private failure: PatchError | undefined;
  private linesSeen = 0;
  /** ' ' lines read before an Update File's first chunk: its first context lines if chunk lines follow. */
  private pendingBlankContext: { line: string; lineNumber: number }[] = [];

  get error(): PatchError | undefined {
    return this.failure;
  }

  /** True once `*** End Patch` has been read. */
  get ended(): boolean {
    return this.phase === 'ended' || this.phase === 'closed';
  }

  feedLine(rawLine: string, lineNumber: number): void {
    if (this.phase === 'failed') return;
    this.linesSeen = lineNumber;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const trimmed = line.trim();
    switch (this.phase) {
      case 'preamble':
        return this.readPreamble(trimmed, lineNumber);
      case 'body':
        return this.readBody(line, trimmed, lineNumber);
      case 'ended':
      case 'closed':
        return this.readAfterEnd(trimmed, lineNumber);
    }
  }

  /** Ends the input: returns the parsed patch or the first error. */
  finish(): ParseResult {
    if (this.failure) return this.failure;
    if (this.phase === 'preamble') {
      return this.fail(
        !this.heredoc
          ? "The patch is empty: it must start with '*** Begin Patch' and end with '*** End Patch'."
          : "The patch has only a heredoc opener: '*** Begin Patch' must follow it.",
      );
    }
    if (this.phase === 'body') {
      return this.fail(
        `The last line of the patch must be '*** End Patch' (the input ended at line ${this.linesSeen} without it).`,
      );
    }
    if (this.hunks.length === 0) {
      return this.fail(
        "The patch contains no file operation: add at least one '*** Add File:', '*** Delete File:' or '*** Update File:' section.",
      );
    }
    return { ok: true, patch: { hunks: this.hunks.map(freezeHunk) } };
  }

  private fail(message: string): PatchError {
    this.failure = patchError('parse', message);
    this.phase = 'failed';
    return this.failure;
  }

  private readPreamble(trimmed: string, lineNumber: number): void {
    if (trimmed === '') return;
    if (!this.heredoc && HEREDOC_OPENER.test(trimmed)) {
      this.heredoc = true;
      return;
    }
    if (trimmed === BEGIN_PATCH) {
      this.phase = 'body';
      return;
    }
    this.fail(
      `invalid patch at line ${lineNumber}: ${quoteLine(trimmed)}. The first line of the patch must be '*** Begin Patch'.`,
    );
  }

  private readAfterEnd(trimmed: string, lineNumber: number): void {
    if (trimmed === '') return;
    if (this.heredoc && this.phase === 'ended' && trimmed.endsWith('EOF')) {
      this.phase = 'closed';
      return;
    }
    this.fail(
      `invalid patch at line ${lineNumber}: ${quoteLine(trimmed)} comes after '*** End Patch'; the patch must end with '*** End Patch'.`,
    );
  }

  private get current(): MutableHunk | undefined {
    return this.hunks[this.hunks.length - 1];
  }

  private readBody(line: string, trimmed: string, lineNumber: number): void {
    const hunk = this.current;
    if (hunk?.type === 'add' && line.startsWith('+')) {
      hunk.addLines.push(line.slice(1));
      return;
    }
    if (hunk?.type === 'update' && this.readUpdateLine(hunk, line, trimmed, lineNumber)) return;
    this.readHunkHeader(hunk, line, trimmed, lineNumber);
  }

  /** Returns false when the line is not part of the update hunk (it must start the next hunk). */
  private readUpdateLine(hunk: MutableHunk, line: string, trimmed: string, lineNumber: number): boolean {
    const chunk = hunk.chunks[hunk.chunks.length - 1];
    if (this.updateState === 'inChunk' && chunk) {
      if (trimmed === END_OF_FILE) {
        if (chunk.lines.length === 0) {
          this.fail(`invalid hunk at line ${lineNumber}: '*** End of File' closes a chunk that has no lines.`);
          return true;
        }
        chunk.isEndOfFile = true;
        chunk.rawLines.push(trimmed);
        this.updateState = 'betweenChunks';
        return true;
      }
      if (trimmed === END_PATCH) return false;
      if (line === '' || line[0] === ' ' || line[0] === '+' || line[0] === '-') {
        addChunkLine(chunk, line);
        return true;
      }
      if (isChunkHeader(trimmed)) {
        if (chunk.lines.length === 0) {
          // `@@ class A` then `@@ def f():` — nested scopes narrowing down one chunk.
          const text = headerText(trimmed);
          if (text !== undefined) chunk.headers.push(text);
          chunk.rawLines.push(trimmed);
          return true;
        }
        this.startChunk(hunk, trimmed, lineNumber);
        return true;
      }
      if (line.startsWith('*')) {
        if (chunk.lines.length === 0) {
          this.fail(`invalid hunk at line ${chunk.lineNumber}: the chunk '${chunk.rawLines[0] ?? '@@'}' has no lines.`);
          return true;
        }
        return false;
      }
      this.fail(unexpectedUpdateLine(line, lineNumber));
      return true;
    }

    // Between chunks: right after the header (and Move to), or after `*** End of File`.
    if (trimmed === '') {
      // ' ' is an empty context line, as in Codex, when the first chunk follows without '@@';
      // dropping it would let the chunk match where the file has no blank line there.
      if (hunk.chunks.length === 0 && line.startsWith(' ')) this.pendingBlankContext.push({ line, lineNumber });
      return true;
    }
    const pending = this.pendingBlankContext;
    this.pendingBlankContext = [];
    if (this.updateState === 'afterHeader' && hunk.chunks.length === 0 && hunk.movePath === undefined) {
      if (trimmed.startsWith(MOVE_TO_PREFIX)) {
        const destination = trimmed.slice(MOVE_TO_PREFIX.length).trim();
        if (destination === '') {
          this.fail(`invalid hunk at line ${lineNumber}: '*** Move to:' needs a destination path.`);
        } else {
          hunk.movePath = destination;
        }
        return true;
      }
    }
    if (isChunkHeader(trimmed)) {
      this.startChunk(hunk, trimmed, lineNumber);
      return true;
    }
    if (hunk.chunks.length === 0 && (line[0] === ' ' || line[0] === '+' || line[0] === '-')) {
      this.startChunk(hunk, undefined, pending[0]?.lineNumber ?? lineNumber);
      const started = hunk.chunks[hunk.chunks.length - 1];
      if (started) for (const chunkLine of [...pending.map((blank) => blank.line), line]) addChunkLine(started, chunkLine);
      return true;
    }
    if (line.startsWith('*')) return false;
    this.fail(
      hunk.chunks.length === 0
        ? unexpectedUpdateLine(line, lineNumber)
        : `invalid hunk at line ${lineNumber}: expected a chunk to start with '@@' or '@@ <context line>', got ${quoteLine(line)}.`,
    );
    return true;
  }

  private startChunk(hunk: MutableHunk, trimmedHeaderLine: string | undefined, lineNumber: number): void {
    const header = trimmedHeaderLine === undefined ? undefined : headerText(trimmedHeaderLine);
    hunk.chunks.push({
      headers: header === undefined ? [] : [header],
      lines: [],
      rawLines: trimmedHeaderLine === undefined ? [] : [trimmedHeaderLine],
      isEndOfFile: false,
      lineNumber,
      added: 0,
      removed: 0,
    });
    this.updateState = 'inChunk';
  }

  private readHunkHeader(previous: MutableHunk | undefined, line: string, trimmed: string, lineNumber: number): void {
    if (trimmed === '') return;
    if (previous && !this.closeHunk(previous)) return;
    if (trimmed === END_PATCH) {
      this.phase = 'ended';
      return;
    }
    const header = FILE_HEADER.exec(trimmed);
    if (!header) {
      const hint =
        previous?.type === 'add'
          ? " Every line of an added file must start with '+' (an empty line is written as '+')."
          : '';
      this.fail(`invalid hunk at line ${lineNumber}: ${quoteLine(line)} is not a valid hunk header. ${VALID_HEADERS}.${hint}`);
      return;
    }
    const kind = header[1];
    const path = (header[2] ?? '').trim();
    if (path === '') {
      this.fail(`invalid hunk at line ${lineNumber}: ${quoteLine(trimmed)} needs a path after the colon.`);
      return;
    }
    const type = kind === 'Add' ? 'add' : kind === 'Delete' ? 'delete' : 'update';
    this.hunks.push({ type, path, movePath: undefined, addLines: [], chunks: [], lineNumber });
    this.updateState = 'afterHeader';
  }

  /** Checks that the hunk being left is complete; returns false (after failing) when it is not. */
  private closeHunk(hunk: MutableHunk): boolean {
    if (hunk.type !== 'update') return true;
    if (hunk.chunks.length === 0) {
      this.fail(`invalid hunk at line ${hunk.lineNumber}: Update file hunk for path '${hunk.path}' is empty.`);
      return false;
    }
    const last = hunk.chunks[hunk.chunks.length - 1];
    if (last && last.lines.length === 0) {
      this.fail(`invalid hunk at line ${last.lineNumber}: the chunk '${last.rawLines[0] ?? '@@'}' has no lines.`);
      return false;
    }
    return true;
  }
}

function isChunkHeader(trimmed: string): boolean {
  return trimmed === '@@' || trimmed.startsWith('@@ ');
}

/** The line to find named by an `@@` line, or undefined for a bare `@@`. */
function headerText(trimmedHeaderLine: string): string | undefined {
  const text = trimmedHeaderLine.slice(2).trim();
  return text === '' ? undefined : text;
}

function unexpectedUpdateLine(line: string, lineNumber: number): string {
  return `invalid hunk at line ${lineNumber}: Unexpected line found in update hunk: ${quoteLine(line)}. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line); a new chunk starts with '@@'.`;
}

function addChunkLine(chunk: MutableChunk, line: string): void {
  chunk.rawLines.push(line);
  const prefix = line[0];
  const text = line.slice(1);
  if (prefix === '+') {
    chunk.lines.push({ kind: 'add', text });
    chunk.added++;
  } else if (prefix === '-') {
    chunk.lines.push({ kind: 'remove', text });
    chunk.removed++;
  } else {
    chunk.lines.push({ kind: 'context', text });
  }
}

function freezeChunk(chunk: MutableChunk): UpdateChunk {
  return { headers: [...chunk.headers], lines: [...chunk.lines], isEndOfFile: chunk.isEndOfFile, lineNumber: chunk.lineNumber };
}

function freezeHunk(hunk: MutableHunk): PatchHunk {
  switch (hunk.type) {
    case 'add':
      return { type: 'add', path: hunk.path, lines: [...hunk.addLines], lineNumber: hunk.lineNumber };
    case 'delete':
      return { type: 'delete', path: hunk.path, lineNumber: hunk.lineNumber };
    case 'update':
      return {
        type: 'update',
        path: hunk.path,
        movePath: hunk.movePath,
        chunks: hunk.chunks.map(freezeChunk),
        lineNumber: hunk.lineNumber,
      };
  }
}

/** `parsePatch` as steps, a pause point every thousand lines (see `runSteps`). */
export function* parsePatchSteps(text: string): Generator<void, ParseResult> {
  if (text.length > MAX_PATCH_INPUT_CHARS) return patchTooLarge();
  const parser = new PatchLineParser();
  const lines = text.split('\n');
  // The whole input is trimmed: a final line made only of whitespace is not a line.
  if (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  for (let index = 0; index < lines.length; index++) {
    if (index % 1_000 === 999) yield;
    parser.feedLine(lines[index] ?? '', index + 1);
  }
  return parser.finish();
}

/** Parses a complete patch. Errors name the patch line and say what was expected. */
export function parsePatch(text: string): ParseResult {
  return runSteps(parsePatchSteps(text));
}
