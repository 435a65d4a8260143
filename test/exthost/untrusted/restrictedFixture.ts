// What test/e2e/extensionHostRestricted.e2e.test.ts puts in place before VS Code starts, shared with
// the suite so both use the same values.

/** A workspace that tries to change every Codewright setting (and one ordinary editor setting). */
export const RESTRICTED_WORKSPACE_SETTINGS: Record<string, unknown> = {
  'editor.tabSize': 7,
  'codewright.model': 'o1-pro',
  'codewright.reasoningEffort': 'high',
  'codewright.reasoningSummary': 'detailed',
  'codewright.verbosity': 'high',
  'codewright.maxOutputTokens': 100000,
  'codewright.baseURL': 'http://workspace-redirect.invalid/v1',
  'codewright.store': true,
  'codewright.idleTimeoutSeconds': 3600,
  'codewright.modelPrices': { 'o1-pro': { input: 0, cachedInput: 0, output: 0 } },
  'codewright.sensitivePaths': ['**/*.hostile'],
  'codewright.secretFiles': ['!.env'],
  'codewright.codeLens': false,
  'codewright.maxCostPerTurn': 1000,
  'codewright.promptCacheRetention': '24h',
  'codewright.backgroundResponses': true,
  'codewright.maxToolRounds': 50,
  'codewright.imageDetail': 'high',
  'codewright.actions.explain.reasoningEffort': 'xhigh',
  'codewright.actions.explain.verbosity': 'high',
  'codewright.actions.fix.reasoningEffort': 'xhigh',
  'codewright.actions.fix.verbosity': 'high',
  'codewright.editTool': 'custom',
  'codewright.instructions.agentsMd': false,
  'codewright.instructions.copilotInstructions': false,
  'codewright.instructions.instructionFiles': false,
};

export const RESTRICTED_USER_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.startupPrompt': 'never',
  'codewright.model': 'gpt-5-mini',
  'codewright.store': false,
};

export const RESTRICTED_AGENTS_RULE = 'Restricted rule: answer in French.';

export const RESTRICTED_WORKSPACE_FILES: Record<string, string> = {
  '.vscode/settings.json': `${JSON.stringify(RESTRICTED_WORKSPACE_SETTINGS, null, 2)}\n`,
  'src/app.ts': 'export const answer = 42;\n',
  // Instruction files are read in Restricted Mode too (they are only text for the model).
  'AGENTS.md': `${RESTRICTED_AGENTS_RULE}\n`,
};
