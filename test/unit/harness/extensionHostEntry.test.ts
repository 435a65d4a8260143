// The one suite entry both extension-host paths load (bundleSuites): `run()` is what
// @vscode/test-electron calls in desktop VS Code, `activate()` is what code-server calls through the
// test extension. Checked here with small suites that need no VS Code.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../harness/codeServer';
import type { ExtensionHostReport } from '../../harness/extensionHostReport';
import { bundleSuites } from '../../harness/extensionHostTests';
import { REPORT_ENV } from '../../harness/extensionHostRunner';

interface SuiteEntry {
  run(): Promise<void>;
  activate(): void;
}

const workDir = makeTempDir('codewright-suite-entry-');
afterAll(() => removeTempDir(workDir));

async function entryFor(name: string, suite: string): Promise<SuiteEntry> {
  const suiteFile = join(workDir, `${name}.exthost.ts`);
  writeFileSync(suiteFile, `import * as assert from 'node:assert/strict';\nimport { describe, it } from 'mocha';\n${suite}`);
  const bundle = await bundleSuites([suiteFile], join(workDir, name, 'suite.js'));
  return createRequire(import.meta.url)(bundle) as SuiteEntry;
}

async function waitForFile(path: string): Promise<void> {
  await expect.poll(() => existsSync(path), { timeout: 20_000 }).toBe(true);
}

describe('the shared extension-host suite entry', () => {
  it('resolves run() when every suite passes, as @vscode/test-electron expects', async () => {
    const entry = await entryFor('passing', "describe('arithmetic', () => { it('adds', () => assert.equal(1 + 1, 2)); });\n");
    await expect(entry.run()).resolves.toBeUndefined();
  });

  it('rejects run() naming how many tests failed, so the desktop run exits non-zero', async () => {
    const entry = await entryFor(
      'failing',
      "describe('arithmetic', () => { it('adds', () => assert.equal(1 + 1, 2)); it('is wrong on purpose', () => assert.equal(1 + 1, 3)); });\n",
    );
    await expect(entry.run()).rejects.toThrow('1 extension-host test(s) failed.');
  });

  it('writes the JSON report from activate(), as the code-server driver reads it', async () => {
    const entry = await entryFor('reporting', "describe('strings', () => { it('joins', () => assert.equal(['a', 'b'].join(''), 'ab')); });\n");
    const reportPath = join(workDir, 'report.json');
    process.env[REPORT_ENV] = reportPath;
    try {
      entry.activate();
      await waitForFile(reportPath);
    } finally {
      delete process.env[REPORT_ENV];
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as ExtensionHostReport;
    expect(report.tests.map((test) => [test.fullTitle, test.state])).toEqual([['strings joins', 'passed']]);
  });
});
