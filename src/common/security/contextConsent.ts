// Which open documents may go to the model as context without the user asking for them. Visible
// editors are attached automatically, except files that look secret (secretFiles.ts) and files
// outside the workspace folders (a user's ~/.aws/credentials open in a tab is not part of the
// project); those get a chip that says why and adds them with one click.

import type { SecretFileMatcher } from './secretFiles';

export interface ContextDocumentInfo {
  /** The document URI's scheme: `file`, `untitled`, `vscode-remote`, … */
  readonly scheme: string;
  /** Path relative to the workspace folder that contains it; undefined when no folder does. */
  readonly workspaceRelativePath: string | undefined;
  /** The document's full path (for a file outside the workspace, what the secret rules see). */
  readonly path: string;
}

export type ContextDecision =
  | { readonly attach: true }
  | {
      readonly attach: false;
      readonly why: 'secret' | 'outside-workspace';
      /** Short, shown on the chip: "not sent — looks secret". */
      readonly label: string;
      /** The full sentence, for the tooltip and screen readers. */
      readonly reason: string;
    };

/** Whether `document` is attached automatically, or held back until the user adds it. */
export function automaticContextDecision(document: ContextDocumentInfo, secrets: SecretFileMatcher): ContextDecision {
  // Untitled documents are text the user typed in this window; they are never a file on disk.
  if (document.scheme === 'untitled') return { attach: true };
  const secret = secrets.match(document.workspaceRelativePath ?? document.path);
  if (secret) {
    return {
      attach: false,
      why: 'secret',
      label: 'not sent — looks secret',
      reason: `Not sent automatically: it looks like ${secret.reason}. Add it if the model should see it.`,
    };
  }
  if (document.workspaceRelativePath === undefined) {
    return {
      attach: false,
      why: 'outside-workspace',
      label: 'not sent — outside the workspace',
      reason: 'Not sent automatically: it is outside the workspace folders. Add it if the model should see it.',
    };
  }
  return { attach: true };
}
