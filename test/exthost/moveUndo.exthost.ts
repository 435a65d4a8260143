// Runs inside VS Code's extension host: "Update File" + "Move to" applied in the editor is a rename
// plus a text edit in one WorkspaceEdit. The moved file keeps its mode (an executable script stays
// executable) and its exact bytes (CRLF, BOM, no final newline), open or closed; one Undo gives the
// old path its old bytes and mode back and leaves nothing at the new path, and Redo moves it again.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { isPatchError, planPatch } from '../../src/common/patch';
import { VsCodePatchHost } from '../../src/vscode/patchHost';

const FOLDER = 'moveundo';
const BOM = '\ufeff';

function absolute(relative: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the test workspace has no folder');
  return join(folder.fsPath, ...relative.split('/'));
}

function write(relative: string, text: string, mode = 0o644): void {
  const path = absolute(relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, mode);
}

/** A file's bytes (as latin1, to compare byte for byte) and permission bits, or null when missing. */
function onDisk(relative: string): { bytes: string; mode: number } | null {
  const path = absolute(relative);
  if (!existsSync(path)) return null;
  return { bytes: readFileSync(path).toString('latin1'), mode: statSync(path).mode & 0o777 };
}

function file(text: string, mode: number): { bytes: string; mode: number } {
  return { bytes: Buffer.from(text, 'utf8').toString('latin1'), mode };
}

/** Waits until `probe` holds (VS Code saves and renames asynchronously); on timeout the last state is in the message. */
async function until(probe: () => boolean, describeState: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) assert.fail(`timed out; last state: ${describeState()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until both paths hold what they should on disk, and no editor of them has unsaved changes. */
async function expectState(expected: Record<string, { bytes: string; mode: number } | null>): Promise<void> {
  const state = () => Object.fromEntries(Object.keys(expected).map((path) => [path, onDisk(path)]));
  const dirty = () => vscode.workspace.textDocuments.filter((document) => document.isDirty && Object.keys(expected).some((path) => document.uri.fsPath === absolute(path)));
  await until(
    () => JSON.stringify(state()) === JSON.stringify(expected) && dirty().length === 0,
    () => JSON.stringify({ disk: state(), dirty: dirty().map((document) => document.uri.fsPath) }),
  );
  assert.deepEqual(state(), expected);
}

function movePatch(from: string, to: string, removed: string, added: string): string {
  return ['*** Begin Patch', `*** Update File: ${from}`, `*** Move to: ${to}`, '@@', `-${removed}`, `+${added}`, '*** End Patch'].join('\n');
}

/** Focuses an editor of `relative` and runs Undo or Redo there, as Ctrl+Z / Ctrl+Shift+Z would. */
async function undoRedoIn(relative: string, command: 'undo' | 'redo'): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.file(absolute(relative)), { preview: false, preserveFocus: false });
  await vscode.commands.executeCommand(command);
}

describe('Moves and deletes applied in VS Code, undone and redone', () => {
  let host: VsCodePatchHost;

  before(() => {
    host = new VsCodePatchHost();
  });

  afterEach(async () => {
    // A failed test may leave an editor with unsaved changes: revert it, so closing asks nothing.
    for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty && candidate.uri.fsPath.startsWith(absolute(FOLDER)))) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => {
    host.dispose();
    rmSync(absolute(FOLDER), { recursive: true, force: true });
  });

  async function apply(patch: string): Promise<void> {
    const workspace = await host.workspace();
    assert.ok(workspace);
    const plan = await planPatch(patch, workspace);
    assert.ok(!isPatchError(plan), JSON.stringify(plan));
    const result = await host.apply(plan);
    assert.ok(result.ok, JSON.stringify(result));
  }

  it('keeps an executable script executable when moved with an edit, after Undo and Redo', async () => {
    const from = `${FOLDER}/build.sh`;
    const to = `${FOLDER}/deploy.sh`;
    const before = '#!/bin/sh\necho build\n';
    const afterText = '#!/bin/sh\necho deploy\n';
    write(from, before, 0o755);
    await apply(movePatch(from, to, 'echo build', 'echo deploy'));
    await expectState({ [from]: null, [to]: file(afterText, 0o755) });
    await undoRedoIn(to, 'undo');
    await expectState({ [from]: file(before, 0o755), [to]: null });
    await undoRedoIn(from, 'redo');
    await expectState({ [from]: null, [to]: file(afterText, 0o755) });
  });

  it('moves a closed CRLF file with a BOM and no final newline byte for byte, and Undo and Redo restore each side exactly', async () => {
    const from = `${FOLDER}/closed.ts`;
    const to = `${FOLDER}/closedMoved.ts`;
    const before = `${BOM}const a = 1;\r\nconst b = 2;`;
    const afterText = `${BOM}const a = 1;\r\nconst b = 3;`;
    write(from, before, 0o640);
    await apply(movePatch(from, to, 'const b = 2;', 'const b = 3;'));
    await expectState({ [from]: null, [to]: file(afterText, 0o640) });
    await undoRedoIn(to, 'undo');
    await expectState({ [from]: file(before, 0o640), [to]: null });
    await undoRedoIn(from, 'redo');
    await expectState({ [from]: null, [to]: file(afterText, 0o640) });
  });

  it('moves a file open in an editor with its edit, and Undo and Redo move the editor and the bytes back and forth', async () => {
    const from = `${FOLDER}/open.sh`;
    const to = `${FOLDER}/opened.sh`;
    const before = `${BOM}#!/bin/sh\r\necho open\r\n`;
    const afterText = `${BOM}#!/bin/sh\r\necho opened\r\n`;
    write(from, before, 0o755);
    await vscode.window.showTextDocument(vscode.Uri.file(absolute(from)), { preview: false });
    await apply(movePatch(from, to, 'echo open', 'echo opened'));
    await expectState({ [from]: null, [to]: file(afterText, 0o755) });
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri.fsPath : ''));
    assert.ok(tabs().includes(absolute(to)), `the editor follows the move: ${JSON.stringify(tabs())}`);
    await undoRedoIn(to, 'undo');
    await expectState({ [from]: file(before, 0o755), [to]: null });
    await undoRedoIn(from, 'redo');
    await expectState({ [from]: null, [to]: file(afterText, 0o755) });
  });

  it('keeps the mode of a script moved twice in one patch (a → b → c), and Undo brings it back to a', async () => {
    const from = `${FOLDER}/twice.sh`;
    const via = `${FOLDER}/twiceVia.sh`;
    const to = `${FOLDER}/twiceDone.sh`;
    write(from, 'echo one\n', 0o755);
    const patch = ['*** Begin Patch', `*** Update File: ${from}`, `*** Move to: ${via}`, '@@', '-echo one', '+echo two', `*** Update File: ${via}`, `*** Move to: ${to}`, '@@', '-echo two', '+echo three', '*** End Patch'];
    await apply(patch.join('\n'));
    await expectState({ [from]: null, [via]: null, [to]: file('echo three\n', 0o755) });
    await undoRedoIn(to, 'undo');
    await expectState({ [from]: file('echo one\n', 0o755), [via]: null, [to]: null });
  });

  it('gives a deleted executable script its bytes and mode back on Undo', async () => {
    const path = `${FOLDER}/deleted.sh`;
    const entry = `${FOLDER}/entry.txt`;
    write(path, '#!/bin/sh\necho gone\n', 0o750);
    write(entry, 'one\n');
    await apply(['*** Begin Patch', `*** Delete File: ${path}`, `*** Update File: ${entry}`, '@@', '-one', '+two', '*** End Patch'].join('\n'));
    await expectState({ [path]: null, [entry]: file('two\n', 0o644) });
    await undoRedoIn(entry, 'undo');
    await expectState({ [path]: file('#!/bin/sh\necho gone\n', 0o750), [entry]: file('one\n', 0o644) });
  });

  it('refuses to move a file with unsaved changes, changing nothing on disk or in the editor', async () => {
    const from = `${FOLDER}/unsaved.sh`;
    const to = `${FOLDER}/unsavedMoved.sh`;
    write(from, 'echo saved\n', 0o755);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(absolute(from)), { preview: false });
    await editor.edit((builder) => builder.insert(new vscode.Position(1, 0), 'echo unsaved\n'));
    const workspace = await host.workspace();
    assert.ok(workspace);
    const plan = await planPatch(movePatch(from, to, 'echo unsaved', 'echo moved'), workspace);
    assert.ok(!isPatchError(plan), JSON.stringify(plan));
    const result = await host.apply(plan);
    assert.ok(!result.ok && /unsaved changes/.test(result.error), JSON.stringify(result));
    assert.deepEqual({ [from]: onDisk(from), [to]: onDisk(to) }, { [from]: file('echo saved\n', 0o755), [to]: null });
    assert.equal(editor.document.getText(), 'echo saved\necho unsaved\n');
    assert.ok(editor.document.isDirty);
  });

  it('moves a file with an edit onto an existing file by giving that file the new text, and Undo gives both their bytes and modes back', async () => {
    const from = `${FOLDER}/source.sh`;
    const to = `${FOLDER}/existing.sh`;
    write(from, 'echo source\n', 0o755);
    write(to, 'echo existing\n', 0o600);
    await apply(movePatch(from, to, 'echo source', 'echo replaced'));
    await expectState({ [from]: null, [to]: file('echo replaced\n', 0o600) });
    await undoRedoIn(to, 'undo');
    await expectState({ [from]: file('echo source\n', 0o755), [to]: file('echo existing\n', 0o600) });
    await undoRedoIn(to, 'redo');
    await expectState({ [from]: null, [to]: file('echo replaced\n', 0o600) });
  });

  it('moves a symbolic link with an edit as a new file, leaving the file it points to unchanged', async () => {
    const target = `${FOLDER}/target.sh`;
    const link = `${FOLDER}/link.sh`;
    const to = `${FOLDER}/linkMoved.sh`;
    write(target, 'echo target\n', 0o755);
    symlinkSync('target.sh', absolute(link));
    await apply(movePatch(link, to, 'echo target', 'echo moved'));
    await expectState({ [target]: file('echo target\n', 0o755), [to]: file('echo moved\n', statSync(absolute(to)).mode & 0o777) });
    assert.equal(lstatExists(absolute(link)), false, 'the link is gone');
    assert.ok(!lstatSync(absolute(to)).isSymbolicLink(), 'the moved file is a regular file');
  });

  it('moves a symbolic link without changes as a new file too, since renaming it would move the link', async () => {
    const target = `${FOLDER}/kept.sh`;
    const link = `${FOLDER}/keptLink.sh`;
    const to = `${FOLDER}/sub/keptMoved.sh`;
    write(target, 'echo kept\n', 0o755);
    symlinkSync('kept.sh', absolute(link));
    await apply(movePatch(link, to, 'echo kept', 'echo kept'));
    await expectState({ [target]: file('echo kept\n', 0o755), [to]: file('echo kept\n', statSync(absolute(to)).mode & 0o777) });
    assert.equal(lstatExists(absolute(link)), false, 'the link is gone');
    assert.ok(!lstatSync(absolute(to)).isSymbolicLink(), 'the moved file is a regular file');
  });
});

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
