// Runs inside VS Code's extension host, as the `activate` of the test extension that
// extensionHostTests.ts builds: runs the bundled mocha suites and writes a JSON report to the path in
// $CODEWRIGHT_EXTHOST_REPORT, where the vitest driver reads it. Not imported by anything else.
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

/** Loads the suites (`loadSuites` requires each suite module) into mocha, runs them, writes the report. */
export async function runSuites(loadSuites: () => void): Promise<void> {
  const reportPath = process.env[REPORT_ENV];
  if (!reportPath) {
    console.error(`[codewright exthost tests] ${REPORT_ENV} is not set; not running the suites.`);
    return;
  }
  const startedAt = new Date().toISOString();
  const tests: ExtensionHostTestResult[] = [];
  try {
    const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: Mocha.reporters.Base });
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
    writeReport(reportPath, { startedAt, finishedAt: new Date().toISOString(), tests });
  } catch (error) {
    writeReport(reportPath, { startedAt, finishedAt: new Date().toISOString(), tests, fatal: describeError(error) });
  }
}
