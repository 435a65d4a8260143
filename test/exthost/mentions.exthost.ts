// Runs inside VS Code's extension host: @-mentions end to end on the host side. The prompt box's
// query is ranked from the workspace's file list (findFiles with the user's excludes), a chosen
// file becomes a chip and reaches the request as an input_file, @problems as an input_text; a
// mentioned .env is held back like an open one, and a path out of the workspace is refused.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { ExtensionMessage, MentionItem } from '../../src/common/protocol';
import { buildResponseRequest } from '../../src/common/responses/requestBuilder';
import { EditorContextTracker } from '../../src/vscode/editorContext';
import { MentionHost } from '../../src/vscode/mentionHost';
import { VsCodeReadToolHost } from '../../src/vscode/tools/vscodeReadToolHost';
import { testRequestSettings } from '../harness/requestSettings';
import { SECRET_ENV_LINE } from './workspaceFixture';

const MENTIONED_PATH = 'src/mentioned/discountRate.ts';
const MENTIONED_TEXT = 'export const discountRate = 0.15;\n';

function folderPath(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the test workspace has no folder');
  return folder.fsPath;
}

interface UserPart {
  type: string;
  filename?: string;
  file_data?: string;
  text?: string;
}

function userParts(files: Parameters<typeof buildResponseRequest>[0]['openFiles']): UserPart[] {
  const params = buildResponseRequest({ instructions: 'test', prompt: 'Explain', openFiles: files, settings: testRequestSettings() });
  const input = params.input as { role?: string; content?: UserPart[] }[];
  return input.flatMap((item) => (item.role === 'user' ? (item.content ?? []) : []));
}

describe('@-mentions on the extension side', () => {
  let tracker: EditorContextTracker;
  let host: MentionHost;
  let diagnostics: vscode.DiagnosticCollection;
  const posted: ExtensionMessage[] = [];

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    mkdirSync(join(folderPath(), 'src', 'mentioned'), { recursive: true });
    writeFileSync(join(folderPath(), MENTIONED_PATH), MENTIONED_TEXT);
    tracker = new EditorContextTracker();
    const readTools = new VsCodeReadToolHost(async () => undefined, extensionUri());
    host = new MentionHost((glob, max, signal) => readTools.findFiles(glob, max, signal), tracker, (message) => posted.push(message));
    diagnostics = vscode.languages.createDiagnosticCollection('codewright-mentions-test');
  });

  after(() => {
    host.dispose();
    tracker.dispose();
    diagnostics.dispose();
    rmSync(join(folderPath(), 'src', 'mentioned'), { recursive: true, force: true });
  });

  it('ranks a workspace file that is not open for a fuzzy query, after the special mentions that match', async () => {
    await host.query(7, 'discrate');
    const results = posted.filter((message) => message.type === 'mentionResults').pop();
    assert.ok(results && results.type === 'mentionResults', 'no mentionResults posted');
    assert.equal(results.requestId, 7);
    const files = results.items.filter((item): item is Extract<MentionItem, { kind: 'file' }> => item.kind === 'file');
    assert.equal(files[0]?.path, MENTIONED_PATH, JSON.stringify(results.items));
    await host.query(8, '');
    const all = posted.filter((message) => message.type === 'mentionResults').pop();
    assert.ok(all && all.type === 'mentionResults');
    assert.deepEqual(all.items.slice(0, 3).map((item) => (item.kind === 'special' ? item.name : item.path)), ['selection', 'problems', 'open-editors']);
  });

  it('turns a chosen file into a chip and sends it as an input_file with its content', async () => {
    assert.deepEqual(await host.add({ kind: 'file', path: MENTIONED_PATH }), { ok: true });
    const gathered = tracker.gather();
    const chip = gathered.chips.find((candidate) => candidate.label === MENTIONED_PATH);
    assert.ok(chip, JSON.stringify(gathered.chips));
    assert.equal(chip.heldBack, undefined);
    const parts = userParts(gathered.files.included);
    const file = parts.find((part) => part.type === 'input_file' && part.filename === MENTIONED_PATH);
    assert.ok(file, JSON.stringify(parts.map((part) => part.filename ?? part.type)));
    assert.equal(file.file_data, `data:text/plain;base64,${Buffer.from(MENTIONED_TEXT).toString('base64')}`);
  });

  it('reads a mentioned file again before sending, so a change made after choosing it is what goes', async () => {
    writeFileSync(join(folderPath(), MENTIONED_PATH), 'export const discountRate = 0.2;\n');
    await tracker.mentions.refresh();
    const file = tracker.gather().files.included.find((candidate) => candidate.path === MENTIONED_PATH);
    assert.equal(file?.content, 'export const discountRate = 0.2;\n');
  });

  it('holds back a mentioned .env like an open one, and sends it only after the chip is clicked', async () => {
    assert.deepEqual(await host.add({ kind: 'file', path: '.env' }), { ok: true });
    let gathered = tracker.gather();
    const chip = gathered.chips.find((candidate) => candidate.label === '.env');
    assert.ok(chip, JSON.stringify(gathered.chips));
    assert.equal(chip.detail, 'not sent — looks secret');
    assert.match(chip.heldBack ?? '', /environment file/);
    assert.ok(!JSON.stringify(gathered.files).includes(SECRET_ENV_LINE), 'the .env content is in the request');
    assert.equal(tracker.addChip(chip.id), true);
    gathered = tracker.gather();
    assert.equal(gathered.files.included.find((file) => file.path === '.env')?.content, `${SECRET_ENV_LINE}\n`);
  });

  it('shows a mentioned binary file as not sent, saying why, and sends none of it', async () => {
    writeFileSync(join(folderPath(), 'src', 'mentioned', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a]));
    assert.deepEqual(await host.add({ kind: 'file', path: 'src/mentioned/logo.png' }), { ok: true });
    const gathered = tracker.gather();
    const chip = gathered.chips.find((candidate) => candidate.label === 'src/mentioned/logo.png');
    assert.equal(chip?.detail, 'not sent — binary file', JSON.stringify(gathered.chips));
    assert.ok(chip?.overBudget);
    assert.equal(gathered.files.included.some((file) => file.path === 'src/mentioned/logo.png'), false);
  });

  it('refuses a path out of the workspace, a folder and a missing file, saying why', async () => {
    const escape = await host.add({ kind: 'file', path: '../outside.txt' });
    assert.equal(escape.ok, false);
    assert.match(escape.ok ? '' : escape.error, /outside the workspace/);
    const folder = await host.add({ kind: 'file', path: 'src' });
    assert.match(folder.ok ? '' : folder.error, /is a folder/);
    const missing = await host.add({ kind: 'file', path: 'src/nothing-here.ts' });
    assert.match(missing.ok ? '' : missing.error, /does not exist/);
  });

  it('sends @problems as an input_text of the diagnostics, leaving out those of a secret-looking file', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root);
    diagnostics.set(vscode.Uri.joinPath(root, 'src', 'sample.ts'), [new vscode.Diagnostic(new vscode.Range(1, 2, 1, 8), "Cannot find name 'valeu'.", vscode.DiagnosticSeverity.Error)]);
    diagnostics.set(vscode.Uri.joinPath(root, '.env.production'), [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 5), 'TOKEN=hunter2 is malformed', vscode.DiagnosticSeverity.Warning)]);
    assert.deepEqual(await host.add({ kind: 'problems' }), { ok: true });
    const gathered = tracker.gather();
    const chip = gathered.chips.find((candidate) => candidate.kind === 'problems');
    assert.ok(chip, JSON.stringify(gathered.chips));
    const text = userParts(gathered.files.included).find((part) => part.type === 'input_text' && part.text?.startsWith('Problems reported'))?.text ?? '';
    assert.match(text, /src\/sample\.ts:2:3 error: Cannot find name 'valeu'\./);
    assert.ok(!text.includes('hunter2'), text);
    assert.match(text, /problems in \d+ files? that look secret/);
  });

  it('pins the selection with @selection, so selecting elsewhere afterwards does not change what is sent', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, 'src', 'sample.ts')), { preview: false });
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const nothing = await host.add({ kind: 'selection' });
    assert.match(nothing.ok ? '' : nothing.error, /Nothing is selected/);
    editor.selection = new vscode.Selection(1, 0, 1, 19);
    assert.deepEqual(await host.add({ kind: 'selection' }), { ok: true });
    editor.selection = new vscode.Selection(0, 0, 0, 6);
    const selection = tracker.gather().selection;
    assert.equal(selection?.text, '  return value * 2;');
    assert.equal(selection?.startLine, 2);
  });

  it('mentions every file open in a tab with @open-editors, holding back a secret-looking one', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    tracker.resetRemovals();
    for (const path of ['src/sample.ts', '.env', MENTIONED_PATH]) {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(root, ...path.split('/'))), { preview: false, preserveFocus: true });
    }
    // Only the last editor is visible; the other two are tabs in the background.
    assert.deepEqual(await host.add({ kind: 'open-editors' }), { ok: true });
    const gathered = tracker.gather();
    assert.ok(gathered.files.included.some((file) => file.path === 'src/sample.ts'), JSON.stringify(gathered.chips));
    assert.ok(gathered.files.included.some((file) => file.path === MENTIONED_PATH));
    // This tracker was told to send .env earlier (a click on its chip); a fresh one holds it back.
    const fresh = new EditorContextTracker();
    const freshHost = new MentionHost(async () => ({ paths: [], more: false }), fresh, () => undefined);
    try {
      assert.deepEqual(await freshHost.add({ kind: 'open-editors' }), { ok: true });
      const chip = fresh.gather().chips.find((candidate) => candidate.label === '.env');
      assert.equal(chip?.detail, 'not sent — looks secret');
      assert.ok(!JSON.stringify(fresh.gather().files).includes(SECRET_ENV_LINE));
    } finally {
      freshHost.dispose();
      fresh.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('forgets the mentions once the prompt is sent (they belonged to it)', () => {
    tracker.resetRemovals();
    const gathered = tracker.gather();
    assert.equal(gathered.chips.some((chip) => chip.label === MENTIONED_PATH || chip.kind === 'problems'), false);
  });
});

/** The extension under test (its dist/ holds the read tools' worker). */
function extensionUri(): vscode.Uri {
  const extension = vscode.extensions.getExtension('codewright.codewright');
  assert.ok(extension, 'codewright.codewright is not installed in this VS Code');
  return extension.extensionUri;
}
