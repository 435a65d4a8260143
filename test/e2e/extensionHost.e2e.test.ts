// Runs the mocha suites in test/exthost/ inside a real VS Code extension host, next to the packaged
// Codewright (mechanism: test/harness/extensionHostTests.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../harness/codeServer';
import { describeFailures, findExtensionHostSuites, runExtensionHostSuites } from '../harness/extensionHostTests';
import type { ExtensionHostReport } from '../harness/extensionHostReport';
import { EXTHOST_USER_SETTINGS, EXTHOST_WORKSPACE_FILES } from '../exthost/workspaceFixture';

describe('Codewright inside the extension host of code-server', () => {
  const workDir = makeTempDir('codewright-exthost-');
  let report: ExtensionHostReport;

  beforeAll(async () => {
    report = await runExtensionHostSuites({
      workDir,
      workspaceFiles: EXTHOST_WORKSPACE_FILES,
      userSettings: EXTHOST_USER_SETTINGS,
      env: { OPENAI_API_KEY: undefined, CODEWRIGHT_DEMO_BASE_URL: undefined },
    });
  });

  afterAll(() => {
    removeTempDir(workDir);
  });

  it('passes every mocha test of the extension-host suites', () => {
    for (const test of report.tests) console.log(`${test.state === 'passed' ? '✓' : test.state === 'failed' ? '✗' : '-'} ${test.fullTitle}`);
    expect(describeFailures(report), 'failed extension-host tests').toBe('');
    expect(report.tests.filter((test) => test.state === 'passed').length).toBeGreaterThan(0);
    expect(findExtensionHostSuites().length).toBeGreaterThan(0);
  });
});
