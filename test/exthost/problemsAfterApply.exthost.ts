// Runs inside VS Code's extension host: after Apply, the errors the language servers report for the
// edited files that were not there before end the apply_patch output. Once with a scripted language
// server (a diagnostic collection that reacts to the document's text, deterministic), once with the
// TypeScript server VS Code ships (when it runs here).
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { formatPatchSuccess, isPatchError, planPatch, type PatchPlan } from '../../src/common/patch';
import { withProblemReport } from '../../src/common/problems/problemFeedback';
import { VsCodePatchHost } from '../../src/vscode/patchHost';

function folderPath(...segments: string[]): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the test workspace has no folder');
  return join(folder.fsPath, ...segments);
}

function write(relative: string, text: string): vscode.Uri {
  const path = folderPath(relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return vscode.Uri.file(path);
}

async function plan(host: VsCodePatchHost, patch: string): Promise<PatchPlan> {
  const workspace = await host.workspace();
  assert.ok(workspace);
  const planned = await planPatch(patch, workspace);
  assert.ok(!isPatchError(planned), JSON.stringify(planned));
  return planned;
}

/** What the model receives for an applied patch. */
async function applyAndReport(host: VsCodePatchHost, patch: string): Promise<string> {
  const planned = await plan(host, patch);
  const result = await host.apply(planned);
  assert.ok(result.ok, JSON.stringify(result));
  return withProblemReport(formatPatchSuccess(planned.summary), await result.problems);
}

/** Waits for a diagnostic of `source` on `uri` (a language server at work), or gives up at the deadline. */
async function diagnosticsFrom(uri: vscode.Uri, source: string, timeoutMs: number): Promise<boolean> {
  const has = () => vscode.languages.getDiagnostics(uri).some((diagnostic) => diagnostic.source === source);
  if (has()) return true;
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve(has());
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics(() => {
      if (!has()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(true);
    });
  });
}

describe('Problems fed back after Apply', () => {
  let host: VsCodePatchHost;

  before(() => {
    host = new VsCodePatchHost();
  });

  after(async () => {
    host.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(folderPath('problems'), { recursive: true, force: true });
  });

  it('reports the new error of a scripted language server, not the one that was there before', async () => {
    const uri = write('problems/scripted.txt', 'KNOWN_ISSUE here\nfine line\n');
    const collection = vscode.languages.createDiagnosticCollection('codewright-scripted-server');
    // The "server": every change to the document republishes one error per marker it contains.
    const publish = (document: vscode.TextDocument) => {
      const diagnostics: vscode.Diagnostic[] = [];
      document.getText().split('\n').forEach((line, index) => {
        for (const marker of ['KNOWN_ISSUE', 'BROKEN']) {
          const column = line.indexOf(marker);
          if (column < 0) continue;
          const diagnostic = new vscode.Diagnostic(new vscode.Range(index, column, index, column + marker.length), `${marker} is not defined.`, vscode.DiagnosticSeverity.Error);
          diagnostic.source = 'scripted';
          diagnostic.code = `S-${marker}`;
          diagnostics.push(diagnostic);
        }
      });
      collection.set(document.uri, diagnostics);
    };
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.toString() === uri.toString()) publish(event.document);
    });
    try {
      publish(await vscode.workspace.openTextDocument(uri));
      const output = await applyAndReport(host, '*** Begin Patch\n*** Update File: problems/scripted.txt\n@@\n-KNOWN_ISSUE here\n+new first line\n+KNOWN_ISSUE here\n fine line\n+BROKEN call\n*** End Patch');
      assert.equal(
        output,
        'Success. Updated the following files:\nM problems/scripted.txt\n\nNew problems (errors the language servers report after this edit): 1\nproblems/scripted.txt:4:1 S-BROKEN BROKEN is not defined.',
      );
    } finally {
      subscription.dispose();
      collection.dispose();
    }
  });

  it('says nothing about problems when no language server reports on the edited file', async () => {
    write('problems/plain.unknownext', 'one\n');
    const output = await applyAndReport(host, '*** Begin Patch\n*** Update File: problems/plain.unknownext\n@@\n-one\n+two\n*** End Patch');
    assert.equal(output, 'Success. Updated the following files:\nM problems/plain.unknownext');
  });

  it('reports the type error a patch introduces in a TypeScript file (the TypeScript server VS Code ships)', async function () {
    const uri = write('problems/typed.ts', 'export function double(value: number): number {\n  return value * 2;\n}\nexport const four = double(2);\n');
    const warmUp = write('problems/warmUp.ts', "export const wrong: number = 'not a number';\n");
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(warmUp), { preview: false });
    // The server starts on demand; a first error in the warm-up file says it is running.
    if (!(await diagnosticsFrom(warmUp, 'ts', 90_000))) this.skip();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const output = await applyAndReport(host, "*** Begin Patch\n*** Update File: problems/typed.ts\n@@\n-export const four = double(2);\n+export const four = double('2');\n*** End Patch");
    assert.match(output, /^Success\. Updated the following files:\nM problems\/typed\.ts\n\nNew problems \(errors the language servers report after this edit\): 1\nproblems\/typed\.ts:4:\d+ TS2345 Argument of type 'string' is not assignable to parameter of type 'number'\.$/);
  });
});
