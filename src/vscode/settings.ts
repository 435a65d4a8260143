// Every Codewright setting is declared in package.json and in src/common/settings/settingsTable.ts
// (a test keeps them equal); here they are read through configuration.inspect(), so the rules about
// which values a workspace may set (src/common/settings/resolveSettings.ts) see every layer.

import * as vscode from 'vscode';
import { ignoredWorkspaceValues, resolveSettings, type CodewrightSettings, type InspectSetting } from '../common/settings/resolveSettings';
import { SETTINGS_SECTION } from '../common/settings/settingsTable';
import { logger } from './log';

export { readPrices, type CodewrightSettings } from '../common/settings/resolveSettings';

export const SECTION = SETTINGS_SECTION;

const log = logger('settings');
let lastIgnoredReport = '';

function inspector(): InspectSetting {
  const config = vscode.workspace.getConfiguration(SECTION);
  return (key) => config.inspect<unknown>(key);
}

export function readSettings(): CodewrightSettings {
  const inspect = inspector();
  const trusted = vscode.workspace.isTrusted;
  // Say once (per change) which workspace values were not applied, so a user wondering why can find out.
  const ignored = ignoredWorkspaceValues(inspect, trusted).join('; ');
  if (ignored !== lastIgnoredReport) {
    lastIgnoredReport = ignored;
    if (ignored !== '') log.info(`workspace settings not applied: ${ignored}`);
  }
  return resolveSettings(inspect, trusted);
}

export type PersistedControl = 'model' | 'reasoningEffort' | 'verbosity';

/** Model controls changed in the panel persist to user settings. */
export async function updateControl(control: PersistedControl, value: string): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(control, value, vscode.ConfigurationTarget.Global);
}

/** Fires when a Codewright setting changes, or when the workspace becomes trusted (workspace values then apply). */
export function onSettingsChanged(listener: () => void): vscode.Disposable {
  const configuration = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) listener();
  });
  const trust = vscode.workspace.onDidGrantWorkspaceTrust(listener);
  return vscode.Disposable.from(configuration, trust);
}
