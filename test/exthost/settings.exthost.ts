// Runs inside VS Code's extension host: which settings a (trusted) workspace may change. The
// workspace's .vscode/settings.json (workspaceFixture.ts) tries to turn storage on and to zero the
// prices; settings.ts must read user values for those, through VS Code's real configuration layers.
import * as assert from 'node:assert/strict';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { readSettings } from '../../src/vscode/settings';
import { WORKSPACE_ZERO_PRICES } from './workspaceFixture';

const USER_PRICES = { 'gpt-5': { input: 2, cachedInput: 0.5, output: 20 } };

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('codewright');
}

/** Updates a setting and waits until VS Code reports the new value (updates land asynchronously). */
async function update(key: string, value: unknown, target: vscode.ConfigurationTarget): Promise<void> {
  await config().update(key, value, target);
  const layer = target === vscode.ConfigurationTarget.Global ? 'globalValue' : 'workspaceValue';
  for (let attempt = 0; attempt < 100; attempt++) {
    if (JSON.stringify(config().inspect(key)?.[layer]) === JSON.stringify(value)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`VS Code did not report ${key} = ${JSON.stringify(value)} in ${layer}`);
}

describe('Settings a workspace cannot change', () => {
  after(async () => {
    await update('store', undefined, vscode.ConfigurationTarget.Global);
    await update('modelPrices', undefined, vscode.ConfigurationTarget.Global);
    await update('store', true, vscode.ConfigurationTarget.Workspace);
  });

  it('runs in a trusted workspace whose settings file asks for store on and $0 prices', () => {
    assert.equal(vscode.workspace.isTrusted, true);
    assert.equal(config().inspect('store')?.workspaceValue, true);
  });

  it('keeps store off when the user turned it off, although the workspace turns it on', async () => {
    await update('store', false, vscode.ConfigurationTarget.Global);
    // VS Code's own answer is the workspace's: this is exactly what Codewright must not use.
    assert.equal(config().get('store'), true);
    assert.equal(readSettings().store, false);
  });

  it('lets the workspace turn store off', async () => {
    await update('store', true, vscode.ConfigurationTarget.Global);
    await update('store', false, vscode.ConfigurationTarget.Workspace);
    assert.equal(readSettings().store, false);
    await update('store', true, vscode.ConfigurationTarget.Workspace);
    assert.equal(readSettings().store, true);
  });

  it('takes model prices from user settings only, so a workspace cannot make costs read $0', async () => {
    assert.equal(readSettings().prices['gpt-5'], undefined, `prices came from the workspace: ${JSON.stringify(readSettings().prices)}`);
    await update('modelPrices', USER_PRICES, vscode.ConfigurationTarget.Global);
    assert.deepEqual(readSettings().prices, USER_PRICES);
    assert.notDeepEqual(readSettings().prices, WORKSPACE_ZERO_PRICES);
  });

  it('still applies ordinary workspace settings in a trusted workspace', () => {
    assert.equal(readSettings().verbosity, config().inspect('verbosity')?.workspaceValue);
  });
});
