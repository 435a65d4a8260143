// Runs inside VS Code's extension host. It is the one suite entry both paths share: the bundle that
// extensionHostTests.ts builds (this module plus every suite) exports
//   activate()  for code-server, where the bundle is a test extension: runs the suites and writes a
//               JSON report to $CODEWRIGHT_EXTHOST_REPORT, which the vitest driver reads;
//   run()       for @vscode/test-electron (`npm run test:desktop`), which loads the bundle as
//               extensionTestsPath: runs the suites, prints one line per test and rejects on failure.
// Not imported by anything else.
import { renameSync, writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import type { ExtensionHostReport, ExtensionHostTestResult } from './extensionHostReport';

export const REPORT_ENV = 'CODEWRIGHT_EXTHOST_REPORT';

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

function writeReport(path: string, report: ExtensionHostReport): void {
  // Write then rename, so the driver never reads a half-written file.
  writeFileSync(`${path}.partial`, JSON.stringify(report, null, 2));
  renameSync(`${path}.partial`, path);
}

/** Loads the suites (`loadSuites` requires each suite module) into mocha and runs them. */
export async function runSuites(loadSuites: () => void): Promise<ExtensionHostReport> {
  const startedAt = new Date().toISOString();
  const tests: ExtensionHostTestResult[] = [];
  try {
    // Generous: a test waits for states (a language server, a settings write), and the machine may be busy.
    const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: Mocha.reporters.Base });
    // Binds describe/it (also the ones imported from 'mocha') to this instance before suites load.
    mocha.suite.emit('pre-require', globalThis, '', mocha);
    loadSuites();
    await new Promise<void>((done) => {
      const runner = mocha.run(() => done());
      runner.on('pass', (test) => tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
      runner.on('pending', (test) => tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'pending', durationMs: 0 }));
      // Hook failures arrive here too, with the hook as the runnable, so they are reported as well.
      runner.on('fail', (test, error) =>
        tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: describeError(error) }),
      );
    });
    return { startedAt, finishedAt: new Date().toISOString(), tests };
  } catch (error) {
    return { startedAt, finishedAt: new Date().toISOString(), tests, fatal: describeError(error) };
  }
}

/** The code-server path: run the suites when the test extension activates and write the report. */
export async function runAndWriteReport(loadSuites: () => void): Promise<void> {
  const reportPath = process.env[REPORT_ENV];
  if (!reportPath) {
    console.error(`[codewright exthost tests] ${REPORT_ENV} is not set; not running the suites.`);
    return;
  }
  writeReport(reportPath, await runSuites(loadSuites));
}

/** The @vscode/test-electron path: run the suites, print them, reject when any failed. */
export async function runForTestElectron(loadSuites: () => void): Promise<void> {
  const report = await runSuites(loadSuites);
  const reportPath = process.env[REPORT_ENV];
  if (reportPath) writeReport(reportPath, report);
  for (const test of report.tests) {
    const mark = test.state === 'passed' ? '✓' : test.state === 'failed' ? '✗' : '-';
    console.log(`${mark} ${test.fullTitle}${test.error ? `\n    ${test.error.split('\n').join('\n    ')}` : ''}`);
  }
  const failed = report.tests.filter((test) => test.state === 'failed').length;
  if (report.fatal) throw new Error(`The extension-host suites could not run: ${report.fatal}`);
  if (failed > 0) throw new Error(`${failed} extension-host test(s) failed.`);
  if (report.tests.length === 0) throw new Error('The extension-host suites ran no tests.');
}
