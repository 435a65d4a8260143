// Between checking a patch and writing it the user may take their time (a confirmation dialog);
// files can change meanwhile — a save, a formatter, a branch switch, a folder swapped for a
// symbolic link. Just before writing, each planned change is compared with the workspace again.

import type { PlannedFileChange } from './patchPlanner';
import type { PatchWorkspace } from './patchWorkspace';
import { sameBytes } from './textModel';

/** Why `change` no longer matches the workspace (a sentence naming the file), or undefined when it still does. */
export async function staleReason(workspace: PatchWorkspace, change: PlannedFileChange): Promise<string | undefined> {
  const real = await workspace.realPath(change.path);
  if (real.kind !== 'resolved' || real.realPath !== change.realPath) {
    return `${change.path} now resolves to a different location than when the patch was checked.`;
  }
  const now = await workspace.readFile(change.path);
  const before = change.original;
  const changed = !before
    ? now.kind !== 'missing' && !change.replacesExisting
    : before.kind === 'text'
      ? now.kind !== 'text' || now.text !== before.text
      : now.kind !== 'bytes' || !sameBytes(now.bytes, before.bytes);
  return changed ? `${change.path} changed after the patch was checked.` : undefined;
}
