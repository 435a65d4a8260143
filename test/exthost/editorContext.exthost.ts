// Runs inside VS Code's extension host: what goes with a request from the visible editors. A .env
// file and a file outside the workspace folders are visible but held back until the user adds them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { EditorContextTracker } from '../../src/vscode/editorContext';
import { SECRET_ENV_LINE } from './workspaceFixture';

function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the test workspace has no folder');
  return vscode.Uri.joinPath(folder, ...segments);
}

async function showBeside(uri: vscode.Uri, column: vscode.ViewColumn): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { viewColumn: column, preview: false });
}

describe('Context from visible editors', () => {
  let tracker: EditorContextTracker;
  let outsideDir: string;

  before(async () => {
    tracker = new EditorContextTracker();
    outsideDir = mkdtempSync(join(tmpdir(), 'codewright-outside-'));
  });

  after(async () => {
    tracker.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(outsideDir, { recursive: true, force: true });
  });

  it('sends an ordinary workspace file but holds back a visible .env, saying why', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await showBeside(workspaceFile('src', 'sample.ts'), vscode.ViewColumn.One);
    await showBeside(workspaceFile('.env'), vscode.ViewColumn.Two);
    const gathered = tracker.gather();
    assert.deepEqual(gathered.files.included.map((file) => file.path), ['src/sample.ts']);
    assert.ok(!JSON.stringify(gathered.files).includes(SECRET_ENV_LINE), 'the .env content is in the request');
    const chip = gathered.chips.find((candidate) => candidate.label === '.env');
    assert.ok(chip, `no chip for .env: ${JSON.stringify(gathered.chips)}`);
    assert.equal(chip.detail, 'not sent — looks secret');
    assert.match(chip.heldBack ?? '', /environment file/);
  });

  it('sends the .env once the user adds it with its chip', async () => {
    const chip = tracker.gather().chips.find((candidate) => candidate.label === '.env');
    assert.ok(chip);
    assert.equal(tracker.addChip(chip.id), true);
    const gathered = tracker.gather();
    assert.deepEqual(gathered.files.included.map((file) => file.path).sort(), ['.env', 'src/sample.ts']);
    assert.equal(gathered.files.included.find((file) => file.path === '.env')?.content, `${SECRET_ENV_LINE}\n`);
    assert.equal(gathered.chips.find((candidate) => candidate.label === '.env')?.heldBack, undefined);
  });

  it('refuses to "add" a chip that is not held back', () => {
    assert.equal(tracker.addChip('file:file:///nowhere/x.ts'), false);
  });

  it('holds back a file outside the workspace folders, and sends an untitled document', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const outside = join(outsideDir, 'notes.md');
    writeFileSync(outside, '# private notes\n');
    await showBeside(vscode.Uri.file(outside), vscode.ViewColumn.One);
    const untitled = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'scratch text' });
    await vscode.window.showTextDocument(untitled, { viewColumn: vscode.ViewColumn.Two, preview: false });
    // A fresh tracker: the one above was told to send .env, which stays open (and so sent) in the background.
    const fresh = new EditorContextTracker();
    try {
      const gathered = fresh.gather();
      assert.deepEqual(gathered.files.included.map((file) => file.content), ['scratch text']);
      const chip = gathered.chips.find((candidate) => candidate.heldBack !== undefined);
      assert.ok(chip, `no held-back chip: ${JSON.stringify(gathered.chips)}`);
      assert.equal(chip.detail, 'not sent — outside the workspace');
    } finally {
      fresh.dispose();
      // The untitled document is dirty: close it without the "save changes?" dialog.
      await vscode.window.showTextDocument(untitled);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('holds back a workspace file that is a symlink to a file outside the workspace', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const credentials = join(outsideDir, 'aws-credentials');
    writeFileSync(credentials, '[default]\naws_secret_access_key = outside-secret\n');
    const link = workspaceFile('src', 'settings-link.ts');
    symlinkSync(credentials, link.fsPath);
    const fresh = new EditorContextTracker();
    try {
      await showBeside(link, vscode.ViewColumn.One);
      const gathered = fresh.gather();
      assert.ok(!JSON.stringify(gathered.files).includes('outside-secret'), 'the link target went with the request');
      const chip = gathered.chips.find((candidate) => candidate.heldBack !== undefined);
      assert.equal(chip?.detail, 'not sent — outside the workspace', JSON.stringify(gathered.chips));
    } finally {
      fresh.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(link.fsPath, { force: true });
    }
  });

  it('holds back a selection made in a held-back file until the user adds it', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await showBeside(workspaceFile('.env'), vscode.ViewColumn.One);
    // The tracker above already allowed .env as a file; a fresh one has no consent yet.
    const fresh = new EditorContextTracker();
    try {
      editor.selection = new vscode.Selection(0, 0, 0, 14);
      const gathered = fresh.gather();
      assert.equal(gathered.selection, undefined);
      const chip = gathered.chips.find((candidate) => candidate.kind === 'selection');
      assert.equal(chip?.heldBack !== undefined, true, JSON.stringify(gathered.chips));
      assert.equal(fresh.addChip('selection'), true);
      assert.equal(fresh.gather().selection?.text, 'OPENAI_API_KEY');
    } finally {
      fresh.dispose();
    }
  });

  it('shows a visible file over the context budget as a chip that says it is not sent and why', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const big = workspaceFile('big-output.log');
    writeFileSync(big.fsPath, `${'x'.repeat(127)}\n`.repeat(3 * 1024));
    const fresh = new EditorContextTracker();
    try {
      await showBeside(workspaceFile('src', 'sample.ts'), vscode.ViewColumn.One);
      await showBeside(big, vscode.ViewColumn.Two);
      const gathered = fresh.gather();
      assert.deepEqual(gathered.files.included.map((file) => file.path), ['src/sample.ts']);
      const chip = gathered.chips.find((candidate) => candidate.label === 'big-output.log');
      assert.ok(chip, `no chip for the skipped file: ${JSON.stringify(gathered.chips)}`);
      assert.equal(chip.detail, 'not sent — larger than 256.0 KB');
      assert.match(chip.overBudget ?? '', /384\.0 KB.*Select the part you need/);
    } finally {
      fresh.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(big.fsPath, { force: true });
    }
  });
});
