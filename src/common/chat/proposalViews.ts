// The proposal card's view of a patch: per-file counts while it streams, and the flags a checked
// plan adds (sensitive, replaces an existing file).

import type { ProposalFileView, ProposalView } from '../protocol';
import type { PatchError, PatchPlan, PatchProgress } from '../patch';

export function progressFiles(progress: PatchProgress): ProposalFileView[] {
  return progress.files.map((file) => ({
    path: file.path,
    operation: file.operation,
    ...(file.movePath ? { movePath: file.movePath } : {}),
    added: file.added,
    removed: file.removed,
  }));
}

/** Per-file view of a checked plan: the +/− counts from the streamed patch, flags from the plan. */
export function planFiles(plan: PatchPlan, streamed: readonly ProposalFileView[]): ProposalFileView[] {
  const sensitive = new Set(plan.sensitive.map((change) => change.path));
  const replacing = new Set(plan.changes.filter((change) => change.replacesExisting).map((change) => change.path));
  return streamed.map((file) => {
    const target = file.movePath ?? file.path;
    const view: ProposalFileView = { ...file };
    if (sensitive.has(file.path) || sensitive.has(target)) view.sensitive = true;
    if (replacing.has(target)) view.replacesExisting = true;
    return view;
  });
}

export function patchErrorText(error: PatchError | string): string {
  return typeof error === 'string' ? error : error.message;
}

export function proposalView(id: string, files: ProposalFileView[]): ProposalView {
  return { id, status: 'streaming', files };
}
