// Runs the Restricted Mode suites (test/exthost/untrusted/*.untrusted.ts) inside the extension host of a
// code-server whose folder is NOT trusted. A separate run from extensionHost.e2e.test.ts, because a
// window's trust cannot be revoked from inside it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir, repoRoot } from '../harness/codeServer';
import { describeFailures, runExtensionHostSuites } from '../harness/extensionHostTests';
import type { ExtensionHostReport } from '../harness/extensionHostReport';
import { RESTRICTED_USER_SETTINGS, RESTRICTED_WORKSPACE_FILES } from '../exthost/untrusted/restrictedFixture';

const suiteDir = join(repoRoot(), 'test', 'exthost', 'untrusted');
const suiteFiles = readdirSync(suiteDir)
  .filter((name) => name.endsWith('.untrusted.ts'))
  .sort()
  .map((name) => join(suiteDir, name));

describe('Codewright inside the extension host of an untrusted folder', () => {
  const workDir = makeTempDir('codewright-exthost-restricted-');
  let report: ExtensionHostReport;

  beforeAll(async () => {
    report = await runExtensionHostSuites({
      workDir,
      suiteFiles,
      workspaceTrust: true,
      workspaceFiles: RESTRICTED_WORKSPACE_FILES,
      userSettings: RESTRICTED_USER_SETTINGS,
      env: { OPENAI_API_KEY: undefined, CODEWRIGHT_DEMO_BASE_URL: undefined },
    });
  });

  afterAll(() => {
    removeTempDir(workDir);
  });

  it('passes every mocha test of the Restricted Mode suites', () => {
    for (const test of report.tests) console.log(`${test.state === 'passed' ? '✓' : test.state === 'failed' ? '✗' : '-'} ${test.fullTitle}`);
    expect(describeFailures(report), 'failed extension-host tests').toBe('');
    expect(report.tests.filter((test) => test.state === 'passed').length).toBeGreaterThan(0);
    expect(suiteFiles.length).toBeGreaterThan(0);
  });
});
