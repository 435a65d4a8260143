// The language servers' verdict on an applied patch: the errors of the edited files are noted before
// the edit, the diagnostics are watched from then on (vscode.languages.onDidChangeDiagnostics), and
// once they settle (src/common/problems/diagnosticsSettle.ts) the errors that are new go into the
// apply_patch output (src/common/problems/problemFeedback.ts).

import * as vscode from 'vscode';
import type { PatchPlan } from '../common/patch';
import { DEFAULT_SETTLE_LIMITS, watchDiagnostics, type SettleLimits } from '../common/problems/diagnosticsSettle';
import { describeNewProblems, type FileProblem } from '../common/problems/problemFeedback';

interface EditedFile {
  path: string;
  uri: vscode.Uri;
  /** Errors before the edit (of the file it was moved from, for a move); undefined when nobody had it open. */
  before: FileProblem[] | undefined;
}

/** `TS2345` for TypeScript's numeric codes (as the Problems panel shows them), the code as given otherwise. */
function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const raw = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  if (raw === undefined || raw === '') return undefined;
  return diagnostic.source === 'ts' && typeof raw === 'number' ? `TS${raw}` : String(raw);
}

function errorsOf(uri: vscode.Uri, path: string): FileProblem[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error)
    .map((diagnostic) => ({
      path,
      line: diagnostic.range.start.line + 1,
      column: diagnostic.range.start.character + 1,
      code: codeOf(diagnostic),
      source: diagnostic.source,
      message: diagnostic.message,
    }));
}

function isOpen(uri: vscode.Uri): boolean {
  return vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
}

/** Watches the files a plan writes; start it BEFORE the edit. */
export class ProblemWatch implements vscode.Disposable {
  private readonly watch: ReturnType<typeof watchDiagnostics>;

  private constructor(
    private readonly files: readonly EditedFile[],
    private readonly limits: SettleLimits,
  ) {
    const watched = new Set(files.map((file) => file.uri.toString()));
    this.watch = watchDiagnostics((listener) => {
      const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((uri) => watched.has(uri.toString()))) listener();
      });
      return () => subscription.dispose();
    });
  }

  static start(plan: PatchPlan, uriOf: (path: string) => vscode.Uri, limits: SettleLimits = DEFAULT_SETTLE_LIMITS): ProblemWatch {
    const files = plan.changes
      .filter((change) => change.newText !== undefined)
      .map((change) => {
        const uri = uriOf(change.path);
        const beforeUri = change.movedFrom !== undefined ? uriOf(change.movedFrom) : uri;
        // A file nobody had open was checked by no language server: its earlier errors are unknown.
        return { path: change.path, uri, before: isOpen(beforeUri) ? errorsOf(beforeUri, change.path) : undefined };
      });
    return new ProblemWatch(files, limits);
  }

  /** After the edit: waits for the diagnostics to settle and describes the new errors (undefined: no server said anything). */
  async report(): Promise<string | undefined> {
    if (this.files.length === 0) {
      this.dispose();
      return undefined;
    }
    // The edit opened closed files as documents; opening any it did not makes sure the servers check them.
    for (const file of this.files) {
      if (!isOpen(file.uri)) await vscode.workspace.openTextDocument(file.uri).then(undefined, () => undefined);
    }
    const outcome = await this.watch.settled(this.limits);
    const edited = this.files.map((file) => ({ path: file.path, before: file.before, after: errorsOf(file.uri, file.path) }));
    return describeNewProblems(edited, outcome !== 'unchanged');
  }

  dispose(): void {
    this.watch.dispose();
  }
}
