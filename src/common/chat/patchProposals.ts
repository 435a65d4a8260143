// Edits the model proposes through the apply_patch tool: what the panel shows while the patch
// streams, after it was checked against the workspace, and after the user applied or rejected it.
// The VS Code layer provides the PatchHost (editor buffers, diff preview, one undoable edit).

import type { ProposalFileView, ProposalView } from '../protocol';
import type { PatchError, PatchPlan, PatchProgress, PatchWorkspace } from '../patch';

export const APPLY_PATCH_TOOL_NAME = 'apply_patch';

export type ApplyResult = { ok: true } | { ok: false; error: string };

export interface PatchHost {
  /** The workspace the patch edits, or undefined when no folder is open. */
  workspace(): Promise<PatchWorkspace | undefined>;
  /** The workspace folders' names; with more than one, every path starts with its folder's name. */
  folderNames(): readonly string[];
  /** Extra sensitive-path globs from settings. */
  sensitivePatterns(): readonly string[];
  /** Edits need a trusted workspace; the reason is shown when they are not allowed. */
  editsAllowed(): { ok: true } | { ok: false; reason: string };
  /** Asks the user to confirm changes to sensitive files; resolves false when they decline. */
  confirmSensitive(paths: readonly string[]): Promise<boolean>;
  /** Shows the plan as a diff. */
  preview(proposalId: string, plan: PatchPlan): Promise<void>;
  /** Applies every change in one undoable edit, or nothing. */
  apply(plan: PatchPlan): Promise<ApplyResult>;
}

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

/** What the model is told about paths when the workspace has several folders (nothing for one). */
export function multiRootNote(folderNames: readonly string[]): string | undefined {
  if (folderNames.length < 2) return undefined;
  const [first] = folderNames;
  return `This workspace has several folders (${folderNames.join(', ')}). Every file path, in apply_patch too, starts with its folder's name, e.g. ${first}/src/index.ts.`;
}
