// Runs inside VS Code's extension host in a folder that is NOT trusted (Restricted Mode), driven by
// test/e2e/extensionHostRestricted.e2e.test.ts — not by the trusted run, which only picks up
// *.exthost.ts files. The workspace's settings file (RESTRICTED_WORKSPACE_SETTINGS) sets every
// Codewright setting to something hostile; none of it may apply.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { resolveSettings } from '../../../src/common/settings/resolveSettings';
import { SETTINGS_TABLE, SETTING_KEYS } from '../../../src/common/settings/settingsTable';
import { readSettings } from '../../../src/vscode/settings';
import { EditorContextTracker } from '../../../src/vscode/editorContext';
import { RESTRICTED_AGENTS_RULE, RESTRICTED_USER_SETTINGS, RESTRICTED_WORKSPACE_SETTINGS } from './restrictedFixture';

describe('Codewright in Restricted Mode', () => {
  it('runs in a folder that is not trusted, whose settings file is in effect for other settings', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    // A setting no extension restricts still takes the workspace value: the file was read.
    assert.equal(vscode.workspace.getConfiguration('editor').get('tabSize'), RESTRICTED_WORKSPACE_SETTINGS['editor.tabSize']);
  });

  it('sets every Codewright setting in the hostile workspace file', () => {
    const missing = SETTING_KEYS.filter((key) => !(`codewright.${key}` in RESTRICTED_WORKSPACE_SETTINGS));
    assert.deepEqual(missing, []);
  });

  it('ignores every workspace value of codewright.* and keeps user values and defaults', () => {
    const settings = readSettings();
    assert.equal(settings.model, RESTRICTED_USER_SETTINGS['codewright.model']);
    assert.equal(settings.reasoningEffort, SETTINGS_TABLE.reasoningEffort.default);
    assert.equal(settings.reasoningSummary, SETTINGS_TABLE.reasoningSummary.default);
    assert.equal(settings.verbosity, SETTINGS_TABLE.verbosity.default);
    assert.equal(settings.maxOutputTokens, null);
    assert.equal(settings.baseURL, '');
    assert.equal(settings.store, RESTRICTED_USER_SETTINGS['codewright.store']);
    assert.equal(settings.idleTimeoutSeconds, SETTINGS_TABLE.idleTimeoutSeconds.default);
    assert.deepEqual(settings.prices, {});
    assert.deepEqual(settings.sensitivePaths, []);
    assert.deepEqual(settings.secretFiles, { extraPatterns: [], exemptPatterns: [] });
    assert.equal(settings.codeLens, true);
    assert.equal(settings.maxCostPerTurn, null);
    assert.equal(settings.promptCacheRetention, SETTINGS_TABLE.promptCacheRetention.default);
    assert.equal(settings.maxToolRounds, SETTINGS_TABLE.maxToolRounds.default);
    assert.equal(settings.imageDetail, SETTINGS_TABLE.imageDetail.default);
    assert.deepEqual(settings.instructions, { agentsMd: true, copilotInstructions: true, instructionFiles: true });
    assert.deepEqual(settings.actions, {
      explain: { reasoningEffort: SETTINGS_TABLE['actions.explain.reasoningEffort'].default, verbosity: SETTINGS_TABLE['actions.explain.verbosity'].default },
      fix: { reasoningEffort: SETTINGS_TABLE['actions.fix.reasoningEffort'].default, verbosity: SETTINGS_TABLE['actions.fix.verbosity'].default },
    });
  });

  it('resolves to exactly what user settings and defaults alone give', () => {
    // Catches a setting added later without a Restricted Mode check above.
    const userOnly = resolveSettings((key) => {
      const inspected = vscode.workspace.getConfiguration('codewright').inspect<unknown>(key);
      return { defaultValue: inspected?.defaultValue, globalValue: inspected?.globalValue };
    }, true);
    assert.deepEqual(readSettings(), userOnly);
  });

  it('still sends the project\'s AGENTS.md (text for the model; the workspace cannot turn the setting off here either)', async () => {
    const tracker = new EditorContextTracker();
    try {
      tracker.gather();
      await tracker.instructions.settled();
      const gathered = tracker.gather();
      assert.ok(gathered.chips.some((chip) => chip.kind === 'instructions' && chip.label === 'AGENTS.md'), JSON.stringify(gathered.chips));
      assert.ok(gathered.projectInstructions.includes(RESTRICTED_AGENTS_RULE));
    } finally {
      tracker.dispose();
    }
  });
});
