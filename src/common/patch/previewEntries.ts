// What the diff preview of a plan shows: one entry per file the user would see change. A move is
// one entry from its old path to its new one (not a deletion plus an addition); every other entry
// has the same path on both sides, so the diff is labelled like the file and shows no rename.

import type { PatchPlan } from './patchPlanner';

export interface PreviewEntry {
  /** The file's path after the patch (for a deletion, the deleted file's path). */
  readonly path: string;
  /** The path on the left side: the old path of a moved file, otherwise `path`. */
  readonly beforePath: string;
  readonly beforeText: string;
  readonly afterText: string;
}

export function previewEntries(plan: PatchPlan): PreviewEntry[] {
  const byPath = new Map(plan.changes.map((change) => [change.path, change]));
  const entries: PreviewEntry[] = [];
  for (const change of plan.changes) {
    // The source of a move is shown with its destination.
    if (change.kind === 'delete' && change.movedTo !== undefined && byPath.has(change.movedTo)) continue;
    const source = change.movedFrom !== undefined ? byPath.get(change.movedFrom) : undefined;
    entries.push({
      path: change.path,
      beforePath: source ? source.path : change.path,
      beforeText: (source ? source.originalText : change.originalText) ?? '',
      afterText: change.newText ?? '',
    });
  }
  return entries;
}
