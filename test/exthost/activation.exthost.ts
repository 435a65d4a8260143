// Runs inside VS Code's extension host (see test/harness/extensionHostTests.ts). The tests run in
// order: the first one must see Codewright before anything has activated it.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { WORKSPACE_BASE_URL, WORKSPACE_VERBOSITY } from './workspaceFixture';

const EXTENSION_ID = 'codewright.codewright';

interface ContributedCommand {
  command: string;
}

function codewright(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  return extension;
}

describe('Codewright in a real VS Code extension host', () => {
  it('is installed but stays inactive until its first command, its view, or a code file opens', () => {
    assert.equal(codewright().isActive, false, 'Codewright activated before any of its commands or views was used');
  });

  it('activates when "Codewright: Open Chat" runs', async () => {
    await vscode.commands.executeCommand('codewright.openChat');
    assert.equal(codewright().isActive, true);
  });

  it('registers every command its manifest contributes', async () => {
    const contributed = (codewright().packageJSON.contributes.commands as ContributedCommand[]).map((entry) => entry.command);
    assert.ok(contributed.includes('codewright.explainSelection') && contributed.includes('codewright.setApiKey'));
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('declares the documented configuration defaults', () => {
    const config = vscode.workspace.getConfiguration('codewright');
    assert.equal(config.inspect('model')?.defaultValue, 'gpt-5');
    assert.equal(config.inspect('reasoningEffort')?.defaultValue, 'medium');
    assert.equal(config.inspect('store')?.defaultValue, true);
    assert.equal(config.inspect('baseURL')?.defaultValue, '');
    assert.equal(config.get('model'), 'gpt-5');
    assert.equal(config.get('reasoningEffort'), 'medium');
    assert.equal(config.get('store'), true);
  });

  it('ignores codewright.baseURL from workspace settings, because it is application-scoped', () => {
    const config = vscode.workspace.getConfiguration('codewright');
    // The same workspace file sets verbosity, which does apply: the file is read, baseURL alone is dropped.
    assert.equal(config.get('verbosity'), WORKSPACE_VERBOSITY, 'the workspace settings file is not in effect');
    assert.equal(config.get('baseURL'), '', `a workspace redirected codewright.baseURL to ${String(config.get('baseURL'))}`);
    assert.notEqual(config.inspect('baseURL')?.workspaceValue, WORKSPACE_BASE_URL, 'VS Code reports the workspace value of an application setting');
  });
});
