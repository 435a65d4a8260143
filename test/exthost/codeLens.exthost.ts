// Runs inside VS Code's extension host after activation.exthost.ts: the editor entry points.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';

async function lensesFor(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  // The TypeScript server needs a moment before it answers symbol requests (long on a busy machine:
  // the whole mocha timeout, see extensionHostRunner.ts, minus a margin to fail with a clear assertion).
  const deadline = Date.now() + 100_000;
  while (Date.now() < deadline) {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    const ours = lenses.filter((lens) => lens.command?.command.startsWith('codewright.'));
    if (ours.length > 0) return ours;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return [];
}

describe('Codewright in the editor', () => {
  it('shows Explain and Fix above a function', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test workspace has no folder');
    const uri = vscode.Uri.joinPath(folder, 'src', 'sample.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await lensesFor(uri);
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.command]),
      [
        [0, 'Explain', 'codewright.explainRange'],
        [0, 'Fix', 'codewright.fixRange'],
      ],
    );
    const args = lenses[0].command?.arguments ?? [];
    assert.equal(String(args[0]), String(uri));
    assert.deepEqual(args.slice(1, 3), [0, 2], 'the lens covers the whole function (lines 1-3)');
  });

  it('offers "Fix with Codewright" as a quick fix on a diagnostic', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder, 'src', 'sample.ts');
    const collection = vscode.languages.createDiagnosticCollection('codewright-test');
    try {
      const range = new vscode.Range(1, 2, 1, 8);
      collection.set(uri, [new vscode.Diagnostic(range, 'Something is wrong here', vscode.DiagnosticSeverity.Error)]);
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
      const fix = actions.find((action) => action.title === 'Fix with Codewright');
      assert.ok(fix, `quick fixes offered: ${actions.map((action) => action.title).join(', ')}`);
      assert.equal(fix.command?.command, 'codewright.fixRange');
    } finally {
      collection.dispose();
    }
  });

  it('explains nothing and says how to use it when a range command runs without a range', async () => {
    // Commands can be run by anyone with any arguments; invalid ones must ask nothing and say why.
    const howToUse = /runs from a CodeLens or a quick fix\. To ask about any code, select it and use Explain Selection\./;
    for (const [command, args] of [
      ['codewright.fixRange', ['not a uri', -1, 'x']],
      ['codewright.explainRange', []],
      ['codewright.explainRange', [vscode.Uri.file('/tmp/anything.ts'), 3, 1]],
    ] as const) {
      const result = await vscode.commands.executeCommand<{ asked: boolean; message?: string }>(command, ...args);
      assert.equal(result?.asked, false, `${command} asked the chat for arguments ${JSON.stringify(args)}`);
      assert.match(result.message ?? '', howToUse, `${command} with arguments ${JSON.stringify(args)}`);
    }
  });

  it('explains nothing and says the code is gone when the range lies past the end of the file', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder, 'src', 'sample.ts');
    const result = await vscode.commands.executeCommand<{ asked: boolean; message?: string }>('codewright.explainRange', uri, 500, 510, 'the vanished function');
    assert.equal(result?.asked, false);
    assert.match(result.message ?? '', /that code is no longer there; the file changed/);
  });
});
