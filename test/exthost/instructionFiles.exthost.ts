// Runs inside VS Code's extension host: the project's instruction files go with a request as chips
// and as one block of instructions — AGENTS.md, and the .instructions.md files whose applyTo matches
// the open files — re-read when they change, removable per turn, off by setting, and never read
// through a link that leads out of the workspace or at a secret file.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { instructionChipId } from '../../src/common/instructions/instructionBlock';
import { EditorContextTracker, type GatheredContext } from '../../src/vscode/editorContext';
import { SECRET_ENV_LINE } from './workspaceFixture';

const OUTSIDE_TEXT = 'OUTSIDE-THE-WORKSPACE instructions';

function folderPath(...segments: string[]): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the test workspace has no folder');
  return join(folder.fsPath, ...segments);
}

function write(relative: string, text: string): void {
  const path = folderPath(relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Polls what the tracker gathers until `condition` holds (the look-up and the watcher are asynchronous). */
async function gatheredWhen(tracker: EditorContextTracker, condition: (gathered: GatheredContext) => boolean, what: string): Promise<GatheredContext> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    tracker.gather();
    await tracker.instructions.settled();
    const gathered = tracker.gather();
    if (condition(gathered)) return gathered;
    if (Date.now() > deadline) throw new Error(`${what}; last chips: ${JSON.stringify(gathered.chips)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const labels = (gathered: GatheredContext) => gathered.chips.filter((chip) => chip.kind === 'instructions').map((chip) => chip.label);

describe('Instruction files the project already has', () => {
  let tracker: EditorContextTracker;
  let outsideDir: string;

  before(async () => {
    outsideDir = mkdtempSync(join(tmpdir(), 'codewright-instructions-'));
    writeFileSync(join(outsideDir, 'AGENTS.md'), `${OUTSIDE_TEXT}\n`);
    write('AGENTS.md', 'Root rule: run npm test.\n');
    write('.github/instructions/ts.instructions.md', "---\napplyTo: '**/*.ts'\n---\nTypeScript rule: no any.\n");
    write('.github/instructions/py.instructions.md', "---\napplyTo: '**/*.py'\n---\nPython rule: use black.\n");
    // Links named like instruction files: one leads out of the workspace, one at the .env.
    symlinkSync(join(outsideDir, 'AGENTS.md'), folderPath('src', 'AGENTS.md'));
    write('lib/util.ts', 'export const one = 1;\n');
    symlinkSync(folderPath('.env'), folderPath('lib', 'AGENTS.md'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    tracker = new EditorContextTracker();
  });

  after(async () => {
    tracker.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const path of ['AGENTS.md', '.github', 'src/AGENTS.md', 'lib']) rmSync(folderPath(path), { recursive: true, force: true });
    rmSync(outsideDir, { recursive: true, force: true });
  });

  it('sends AGENTS.md and the matching .instructions.md as chips and instructions, and reads no link that leads out or at a secret', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(folderPath('src', 'sample.ts'))), { viewColumn: vscode.ViewColumn.One });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(folderPath('lib', 'util.ts'))), { viewColumn: vscode.ViewColumn.Two });
    const gathered = await gatheredWhen(tracker, (g) => labels(g).includes('lib/AGENTS.md') && labels(g).includes('src/AGENTS.md'), 'the instruction chips did not appear');
    assert.deepEqual(labels(gathered), ['AGENTS.md', '.github/instructions/ts.instructions.md', 'lib/AGENTS.md', 'src/AGENTS.md']);
    assert.match(gathered.projectInstructions, /Root rule: run npm test\./);
    assert.match(gathered.projectInstructions, /TypeScript rule: no any\./);
    assert.doesNotMatch(gathered.projectInstructions, /Python rule/);
    assert.ok(!gathered.projectInstructions.includes(OUTSIDE_TEXT), 'a link out of the workspace was read');
    assert.ok(!gathered.projectInstructions.includes(SECRET_ENV_LINE), 'a link to .env was read');
    const outside = gathered.chips.find((chip) => chip.label === 'src/AGENTS.md');
    assert.equal(outside?.detail, 'not read');
    assert.match(outside?.overBudget ?? '', /outside the workspace/);
    assert.match(gathered.chips.find((chip) => chip.label === 'lib/AGENTS.md')?.overBudget ?? '', /secret/);
  });

  it('leaves a file out for one request when its chip is removed', async () => {
    assert.equal(tracker.removeChip(instructionChipId('AGENTS.md')), true);
    assert.doesNotMatch(tracker.gather().projectInstructions, /Root rule/);
    tracker.resetRemovals();
    assert.match(tracker.gather().projectInstructions, /Root rule/);
  });

  it('reads a changed file again', async () => {
    write('AGENTS.md', 'Root rule, changed: run npm run lint.\n');
    const gathered = await gatheredWhen(tracker, (g) => g.projectInstructions.includes('changed: run npm run lint'), 'the changed AGENTS.md was not read again');
    assert.doesNotMatch(gathered.projectInstructions, /Root rule: run npm test/);
  });

  it('sends no AGENTS.md while codewright.instructions.agentsMd is off', async () => {
    const config = vscode.workspace.getConfiguration('codewright');
    await config.update('instructions.agentsMd', false, vscode.ConfigurationTarget.Global);
    try {
      const gathered = await gatheredWhen(tracker, (g) => !labels(g).includes('AGENTS.md'), 'AGENTS.md is still sent');
      assert.doesNotMatch(gathered.projectInstructions, /Root rule/);
      assert.match(gathered.projectInstructions, /TypeScript rule/);
    } finally {
      await config.update('instructions.agentsMd', undefined, vscode.ConfigurationTarget.Global);
    }
    await gatheredWhen(tracker, (g) => labels(g).includes('AGENTS.md'), 'AGENTS.md did not come back');
  });
});
