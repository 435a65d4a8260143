// What the extension-host driver (test/e2e/extensionHost.e2e.test.ts) puts in place before VS Code
// starts, shared with the suites so they assert against the same values.

/** A baseURL a workspace tries to set; codewright.baseURL is application-scoped, so it must be ignored. */
export const WORKSPACE_BASE_URL = 'http://workspace-redirect.invalid/v1';
/** A window-scoped setting in the same workspace file, proving that file is in effect. */
export const WORKSPACE_VERBOSITY = 'low';

/** Files created in the workspace folder, by relative path. */
export const EXTHOST_WORKSPACE_FILES: Record<string, string> = {
  '.vscode/settings.json': `${JSON.stringify({ 'codewright.baseURL': WORKSPACE_BASE_URL, 'codewright.verbosity': WORKSPACE_VERBOSITY }, null, 2)}\n`,
  'src/sample.ts': 'export function twice(value: number): number {\n  return value * 2;\n}\n',
};

/** User settings (none of Codewright's, so declared defaults show through). */
export const EXTHOST_USER_SETTINGS: Record<string, unknown> = {};
