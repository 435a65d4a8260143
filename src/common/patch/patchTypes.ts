// The data model shared by the parser, the planner and their callers.
// Everything here is plain data so it can cross the extension/webview boundary as-is.

/** One line of an Update File chunk, without its one-character prefix. */
export interface ChunkLine {
  readonly kind: 'context' | 'remove' | 'add';
  readonly text: string;
}

/** One `@@` section of an Update File hunk. */
export interface UpdateChunk {
  /**
   * The texts after `@@ `, in order: each is a line to find (after the previous one); the chunk's
   * old lines are searched after the last. Several `@@` lines in a row narrow down nested scopes
   * (`@@ class A` then `@@ def f():`). Empty for a bare `@@`.
   */
  readonly headers: readonly string[];
  readonly lines: readonly ChunkLine[];
  /** `*** End of File` closed the chunk: its old lines must be the last lines of the file. */
  readonly isEndOfFile: boolean;
  /** 1-based line of the patch where the chunk starts (its `@@` line, or its first line). */
  readonly lineNumber: number;
}

export interface AddFileHunk {
  readonly type: 'add';
  readonly path: string;
  /** The new file's lines, `+` removed; the file is written with `\n` after each. */
  readonly lines: readonly string[];
  readonly lineNumber: number;
}

export interface DeleteFileHunk {
  readonly type: 'delete';
  readonly path: string;
  readonly lineNumber: number;
}

export interface UpdateFileHunk {
  readonly type: 'update';
  readonly path: string;
  readonly movePath: string | undefined;
  readonly chunks: readonly UpdateChunk[];
  readonly lineNumber: number;
}

export type PatchHunk = AddFileHunk | DeleteFileHunk | UpdateFileHunk;

export interface ParsedPatch {
  readonly hunks: readonly PatchHunk[];
}

/** Why a patch cannot be applied. Every code comes with a message written for the model. */
export type PatchErrorCode =
  | 'parse' // the text is not a well-formed patch
  | 'path' // a path is not allowed (absolute, escaping, reserved name…)
  | 'missing' // a file to update or delete does not exist
  | 'not-a-file' // the target is a directory or something else that is not a regular file
  | 'binary' // the file contains NUL bytes
  | 'encoding' // the file is not valid UTF-8
  | 'context-not-found' // an `@@` header or a chunk's old lines were not found
  | 'ambiguous' // a chunk's old lines match at more than one place
  | 'sensitive' // a caller refused a sensitive target without confirmation
  | 'conflict' // the file changed between planning and writing
  | 'too-large' // the tool input is longer than one call may carry
  | 'io' // reading or writing failed (and nothing was changed)
  | 'partial'; // writing failed and so did restoring: the message lists the files left changed

export interface PatchError {
  readonly ok: false;
  readonly code: PatchErrorCode;
  readonly message: string;
  /** The workspace-relative path concerned, when there is one. */
  readonly path?: string;
}

export type ParseResult = { readonly ok: true; readonly patch: ParsedPatch } | PatchError;

export function patchError(code: PatchErrorCode, message: string, path?: string): PatchError {
  return path === undefined ? { ok: false, code, message } : { ok: false, code, message, path };
}

export function isPatchError(value: unknown): value is PatchError {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

/**
 * The longest apply_patch input accepted, in characters. A model writes far less in one answer
 * (128k output tokens are about 500k characters); the cap keeps a hostile or runaway stream from
 * costing the extension host memory and time without bound.
 */
export const MAX_PATCH_INPUT_CHARS = 2 * 1024 * 1024;

/** The error for an input over the cap; it says how to get the change through. */
export function patchTooLarge(): PatchError {
  return patchError(
    'too-large',
    `The patch is longer than ${MAX_PATCH_INPUT_CHARS.toLocaleString('en-US')} characters, the most one apply_patch call may carry, so nothing was applied. ` +
      "Split the change into several apply_patch calls: for example one call per file, or a large new file written in parts (an '*** Add File:' with the first part, then '*** Update File:' calls whose chunk has only '+' lines, which append at the end of the file).",
  );
}

/**
 * Runs a step generator to its end without pausing. Long work (parsing, locating chunks) is
 * written as a generator that yields between steps, so the planner can pause there instead.
 */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
