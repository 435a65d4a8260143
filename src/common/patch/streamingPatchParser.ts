// Streaming parse of the apply_patch tool input, fed delta by delta while the model writes it.
// `snapshot()` reports the files and chunks read so far so the chat can show the patch growing
// before `*** End Patch` arrives; `finish()` returns exactly what `parsePatch` returns for the
// whole text, because both drive the same line parser.

import type { MutableHunk } from './patchParser';
import { END_PATCH, PatchLineParser } from './patchParser';
import type { ParseResult } from './patchTypes';

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

export class StreamingPatchParser {
  private readonly parser = new PatchLineParser();
  private pending = '';
  private lineNumber = 0;
  /** Progress of the hunks before the last one, which can no longer change. */
  private readonly finished: PatchProgressFile[] = [];

  /** Feeds the next piece of tool input (any split, even inside a line or a `\r\n`). */
  push(delta: string): void {
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
      const hunk = hunks[this.finished.length];
      if (hunk) this.finished.push(progressOf(hunk));
    }
    const last = hunks[hunks.length - 1];
    return {
      files: last ? [...this.finished, progressOf(last)] : [],
      complete: this.parser.ended || (this.parser.error === undefined && this.pending.trim() === END_PATCH),
      error: this.parser.error?.message,
      pendingLine: this.pending,
    };
  }

  /** Ends the input and returns the same result as a one-shot `parsePatch` of everything pushed. */
  finish(): ParseResult {
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

function progressOf(hunk: MutableHunk): PatchProgressFile {
  if (hunk.type === 'add') {
    return {
      path: hunk.path,
      operation: 'add',
      movePath: undefined,
      added: hunk.addLines.length,
      removed: 0,
      chunks:
        hunk.addLines.length === 0
          ? []
          : [{ headers: [], text: hunk.addLines.map((line) => `+${line}`).join('\n'), added: hunk.addLines.length, removed: 0 }],
    };
  }
  if (hunk.type === 'delete') {
    return { path: hunk.path, operation: 'delete', movePath: undefined, added: 0, removed: 0, chunks: [] };
  }
  let added = 0;
  let removed = 0;
  const chunks = hunk.chunks.map((chunk): PatchProgressChunk => {
    added += chunk.added;
    removed += chunk.removed;
    return { headers: [...chunk.headers], text: chunk.rawLines.join('\n'), added: chunk.added, removed: chunk.removed };
  });
  return {
    path: hunk.path,
    operation: hunk.movePath === undefined ? 'update' : 'move',
    movePath: hunk.movePath,
    added,
    removed,
    chunks,
  };
}
