// The text the apply_patch tool call returns to the model.

import type { PatchSummaryEntry } from './patchPlanner';
import type { PatchError } from './patchTypes';

export const NO_FILES_CHANGED = 'No files were changed.';

/** `Success. Updated the following files:` then `A|M|D path` lines (a path listed once per letter). */
export function formatPatchSuccess(summary: readonly PatchSummaryEntry[]): string {
  const seen = new Set<string>();
  const lines = ['Success. Updated the following files:'];
  for (const entry of summary) {
    const line = `${entry.letter} ${entry.path}`;
    if (seen.has(line)) continue;
    seen.add(line);
    lines.push(line);
  }
  return lines.join('\n');
}

export const SOME_FILES_CHANGED = 'Some files WERE changed (listed above); check them before trying again.';

/**
 * The error, then the statement that nothing was changed, so the model can fix its patch and retry —
 * except after a failed write whose restore failed too, when that statement would be false.
 */
export function formatPatchFailure(error: PatchError | string): string {
  const message = (typeof error === 'string' ? error : error.message).trimEnd();
  const partial = typeof error !== 'string' && error.code === 'partial';
  return `${message}\n${partial ? SOME_FILES_CHANGED : NO_FILES_CHANGED}`;
}

/** The user declined the patch in the preview. */
export function formatPatchRejected(reason?: string): string {
  const trimmed = reason?.trim();
  const base = 'The user rejected this patch. No files were changed.';
  return trimmed ? `${base} Their reason: ${trimmed}` : `${base} Ask them how to proceed, or propose a different change.`;
}
