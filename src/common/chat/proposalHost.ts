// What the proposal lifecycle needs from the editor (PatchHost, implemented by src/vscode/patchHost.ts
// and by the test harness), and the words of the sensitive-file confirmation it asks for.

import type { PatchPlan, PatchWorkspace } from '../patch';

/** `problems`: what the language servers will report about the edited files once they settle
 *  (problemFeedback.ts), for the model; undefined when there is nothing to say. */
export type ApplyResult = { ok: true; problems?: Promise<string | undefined> } | { ok: false; error: string };

/** A file whose change needs the user's explicit confirmation, and why. */
export interface SensitiveFileChange {
  readonly path: string;
  /** What the file does ("runs on git commit and push (.husky)"). */
  readonly reason: string;
}

export interface PatchHost {
  /** The workspace the patch edits, or undefined when no folder is open. */
  workspace(): Promise<PatchWorkspace | undefined>;
  /** The workspace folders' names; with more than one, every path starts with its folder's name. */
  folderNames(): readonly string[];
  /** Extra sensitive-path globs from settings. */
  sensitivePatterns(): readonly string[];
  /** Edits need a trusted workspace; the reason is shown when they are not allowed. */
  editsAllowed(): { ok: true } | { ok: false; reason: string };
  /** Asks the user to confirm changes to sensitive files (see sensitiveConfirmation); resolves false when they decline. */
  confirmSensitive(files: readonly SensitiveFileChange[]): Promise<boolean>;
  /** Shows the plan as a diff. */
  preview(proposalId: string, plan: PatchPlan): Promise<void>;
  /** Applies every change in one undoable edit, or nothing. */
  apply(plan: PatchPlan): Promise<ApplyResult>;
}

/** The plan's sensitive changes with their reasons (a moved file is named by where it lands). */
export function sensitiveChangesOf(plan: PatchPlan): SensitiveFileChange[] {
  return plan.sensitive.map((change) => ({
    path: change.path,
    reason: change.sensitiveReason ?? `it matches the sensitive-path rule ${change.sensitivePattern ?? ''}`.trim(),
  }));
}

/** The confirmation dialog's question and, one line per file, what each file does. */
export function sensitiveConfirmation(files: readonly SensitiveFileChange[]): { message: string; detail: string } {
  const count = files.length === 1 ? 'a file that' : `${files.length} files that`;
  return {
    message: `Codewright's edit changes ${count} can run code, configure what runs, or hold secrets. Apply it anyway?`,
    detail: files.map((file) => `${file.path} — ${file.reason}`).join('\n'),
  };
}
