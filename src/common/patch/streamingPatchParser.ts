// Streaming parse of the apply_patch tool input, fed delta by delta while the model writes it.
// `snapshot()` reports the files and chunks read so far so the chat can show the patch growing
// before `*** End Patch` arrives; `finish()` returns exactly what `parsePatch` returns for the
// whole text, because both drive the same line parser.
//
// The chat takes a snapshot after every delta, on the extension host, so a snapshot costs only the
// lines read since the last one: the text of the file or chunk still growing is extended, never
// re-joined, and files and chunks that can no longer change are summarised once. Input over
// MAX_PATCH_INPUT_CHARS is not parsed: the snapshot and `finish()` report it as too large.

import type { MutableChunk, MutableHunk } from './patchParser';
import { END_PATCH, PatchLineParser } from './patchParser';
import type { ParseResult, PatchError } from './patchTypes';
import { MAX_PATCH_INPUT_CHARS, patchTooLarge } from './patchTypes';

export type PatchFileOperation = 'add' | 'delete' | 'update' | 'move';

export interface PatchProgressChunk {
  /** Texts after `@@ ` (lines to find before the change); empty for a bare `@@`. */
  readonly headers: readonly string[];
  /** The chunk's lines as the patch spells them (for Add File: the `+` lines). */
  readonly text: string;
  readonly added: number;
  readonly removed: number;
}

export interface PatchProgressFile {
  readonly path: string;
  readonly operation: PatchFileOperation;
  readonly movePath: string | undefined;
  readonly added: number;
  readonly removed: number;
  readonly chunks: readonly PatchProgressChunk[];
}

export interface PatchProgress {
  readonly files: readonly PatchProgressFile[];
  /** `*** End Patch` has been read (possibly still without its line break). */
  readonly complete: boolean;
  /** The first parse error so far, if any (the stream may still be cut short). */
  readonly error: string | undefined;
  /** The last, still incomplete line of input (shown as typing in progress). */
  readonly pendingLine: string;
}

/** The `\n`-joined text of a growing list of lines, extended by the lines added since last time. */
class GrowingText {
  private text = '';
  private joined = 0;

  constructor(private readonly prefix: string) {}

  extend(lines: readonly string[]): string {
    for (; this.joined < lines.length; this.joined++) {
      this.text += `${this.joined === 0 ? '' : '\n'}${this.prefix}${lines[this.joined] ?? ''}`;
    }
    return this.text;
  }
}

/** Progress of the one hunk that can still grow: its finished chunks are summarised once. */
class LastHunkProgress {
  private readonly finishedChunks: PatchProgressChunk[] = [];
  private finishedAdded = 0;
  private finishedRemoved = 0;
  private lastChunk: MutableChunk | undefined;
  private lastText = new GrowingText('');
  private headers: { count: number; copy: readonly string[] } = { count: 0, copy: [] };
  private readonly addText = new GrowingText('+');

  constructor(readonly hunk: MutableHunk) {}

  progress(): PatchProgressFile {
    const hunk = this.hunk;
    if (hunk.type === 'add') {
      const count = hunk.addLines.length;
      const chunks = count === 0 ? [] : [{ headers: [], text: this.addText.extend(hunk.addLines), added: count, removed: 0 }];
      return { path: hunk.path, operation: 'add', movePath: undefined, added: count, removed: 0, chunks };
    }
    if (hunk.type === 'delete') {
      return { path: hunk.path, operation: 'delete', movePath: undefined, added: 0, removed: 0, chunks: [] };
    }
    const chunks = hunk.chunks;
    while (this.finishedChunks.length < chunks.length - 1) {
      const chunk = chunks[this.finishedChunks.length] as MutableChunk;
      this.finishedChunks.push(this.chunkProgress(chunk));
      this.finishedAdded += chunk.added;
      this.finishedRemoved += chunk.removed;
    }
    const last = chunks[chunks.length - 1];
    const lastProgress = last ? [this.chunkProgress(last)] : [];
    return {
      path: hunk.path,
      operation: hunk.movePath === undefined ? 'update' : 'move',
      movePath: hunk.movePath,
      added: this.finishedAdded + (last?.added ?? 0),
      removed: this.finishedRemoved + (last?.removed ?? 0),
      chunks: [...this.finishedChunks, ...lastProgress],
    };
  }

  private chunkProgress(chunk: MutableChunk): PatchProgressChunk {
    if (chunk !== this.lastChunk) {
      this.lastChunk = chunk;
      this.lastText = new GrowingText('');
      this.headers = { count: 0, copy: [] };
    }
    // `@@` lines may repeat (nested scopes): copy the list only when it grew.
    if (this.headers.count !== chunk.headers.length) this.headers = { count: chunk.headers.length, copy: [...chunk.headers] };
    return { headers: this.headers.copy, text: this.lastText.extend(chunk.rawLines), added: chunk.added, removed: chunk.removed };
  }
}

export class StreamingPatchParser {
  private readonly parser = new PatchLineParser();
  private pending = '';
  private lineNumber = 0;
  /** Progress of the hunks before the last one, which can no longer change. */
  private readonly finished: PatchProgressFile[] = [];
  private last: LastHunkProgress | undefined;
  private received = 0;
  private tooLarge: PatchError | undefined;

  /** Feeds the next piece of tool input (any split, even inside a line or a `\r\n`). */
  push(delta: string): void {
    if (this.tooLarge) return;
    this.received += delta.length;
    if (this.received > MAX_PATCH_INPUT_CHARS) {
      // Stop here: the rest is not parsed, and what was pending is dropped.
      this.tooLarge = patchTooLarge();
      this.pending = '';
      return;
    }
    let start = 0;
    let newline = delta.indexOf('\n');
    if (newline === -1) {
      this.pending += delta;
      return;
    }
    // The first complete line joins what was pending; the rest are sliced straight from the delta.
    this.feed(this.pending + delta.slice(0, newline));
    start = newline + 1;
    while ((newline = delta.indexOf('\n', start)) !== -1) {
      this.feed(delta.slice(start, newline));
      start = newline + 1;
    }
    this.pending = delta.slice(start);
  }

  /** The files and chunks read so far. */
  snapshot(): PatchProgress {
    const hunks = this.parser.hunks;
    // Only the last hunk can still grow, so earlier ones are summarised once: a snapshot per
    // delta stays proportional to the last hunk, not to the whole patch.
    while (this.finished.length < hunks.length - 1) {
      const hunk = hunks[this.finished.length] as MutableHunk;
      this.finished.push(this.last?.hunk === hunk ? this.last.progress() : new LastHunkProgress(hunk).progress());
    }
    const last = hunks[hunks.length - 1];
    if (last && this.last?.hunk !== last) this.last = new LastHunkProgress(last);
    const error = this.tooLarge ?? this.parser.error;
    return {
      files: this.last && last ? [...this.finished, this.last.progress()] : [],
      complete: !this.tooLarge && (this.parser.ended || (this.parser.error === undefined && this.pending.trim() === END_PATCH)),
      error: error?.message,
      pendingLine: this.pending,
    };
  }

  /** Ends the input and returns the same result as a one-shot `parsePatch` of everything pushed. */
  finish(): ParseResult {
    if (this.tooLarge) return this.tooLarge;
    // The whole input is trimmed, so a final line of only whitespace is not a line.
    if (this.pending.trim() !== '') this.feed(this.pending);
    this.pending = '';
    return this.parser.finish();
  }

  private feed(line: string): void {
    this.lineNumber++;
    this.parser.feedLine(line, this.lineNumber);
  }
}
