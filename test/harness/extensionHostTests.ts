// Extension-host tests: mocha suites that use the real `vscode` API, run inside a real VS Code:
// code-server (`npm run test:e2e`, part of `npm test`) or desktop VS Code through @vscode/test-electron
// (`npm run test:desktop`, test/harness/desktopTests.ts, wherever VS Code can be downloaded). Both
// load the same bundle (bundleSuites below), so a suite written once runs in both.
//
// How it works:
//   1. buildTestExtension() bundles test/harness/extensionHostRunner.ts plus every suite file into one
//      CommonJS file (esbuild, `vscode` external) inside a throwaway *test extension*
//      (`codewright.codewright-exthost-tests`, activation `onStartupFinished`) and packages it as a .vsix.
//   2. runExtensionHostSuites() installs that .vsix next to the product's codewright.vsix, starts
//      code-server with $CODEWRIGHT_EXTHOST_REPORT pointing at a report file, and opens the workbench in
//      Chromium (the extension host only starts once a browser is connected).
//   3. When the test extension activates it runs mocha over the suites and writes the JSON report
//      (extensionHostReport.ts); the driver waits for it and hands it to the vitest test
//      (test/e2e/extensionHost.e2e.test.ts), which fails listing every failed mocha test.
//
// The test extension deliberately does NOT declare `extensionDependencies` on codewright.codewright:
// VS Code activates dependencies before the dependent, which would make "Codewright activates lazily"
// untestable. Suites get the product with vscode.extensions.getExtension('codewright.codewright').
//
// Adding a suite: create test/exthost/<topic>.exthost.ts that imports `describe`/`it`/hooks from
// 'mocha' and `* as vscode from 'vscode'`, and uses node:assert. Every such file is picked up
// automatically, in file-name order, all in ONE extension host: suites share VS Code's state (active
// extensions, settings, open editors), so restore what you change or keep order-independent. Files the
// suites need in the workspace go in EXTHOST_WORKSPACE_FILES (test/exthost/workspaceFixture.ts); user
// settings in EXTHOST_USER_SETTINGS there. Run: npm run test:e2e -- test/e2e/extensionHost.e2e.test.ts,
// or npm run test:desktop.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';
import { installExtension, readLogs, repoRoot, startCodeServer, type RunningCodeServer } from './codeServer';
import type { ExtensionHostReport } from './extensionHostReport';
import { openWorkbench, saveScreenshot, type Workbench } from './workbench';

export const REPORT_ENV = 'CODEWRIGHT_EXTHOST_REPORT';
export const TEST_EXTENSION_ID = 'codewright.codewright-exthost-tests';

/** Every `*.exthost.ts` under `dir` (default test/exthost), sorted by path. */
export function findExtensionHostSuites(dir = join(repoRoot(), 'test', 'exthost')): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.exthost.ts')) found.push(path);
    }
  };
  if (existsSync(dir)) walk(dir);
  return found.sort();
}

/**
 * Bundles the shared suite entry (extensionHostRunner.ts plus `suiteFiles`) into `outfile`: a CommonJS
 * module with `activate` (code-server, as a test extension) and `run` (@vscode/test-electron's
 * extensionTestsPath). A suite written once runs in both.
 */
export async function bundleSuites(suiteFiles: string[], outfile: string): Promise<string> {
  if (suiteFiles.length === 0) throw new Error('No extension-host suites given (expected test/exthost/**/*.exthost.ts)');
  const runner = join(repoRoot(), 'test', 'harness', 'extensionHostRunner.ts');
  // require() inside the functions, not import: the suites must load after mocha has bound describe/it.
  const entry = [
    `const runner = require(${JSON.stringify(runner)});`,
    'function loadSuites() {',
    ...suiteFiles.map((file) => `  require(${JSON.stringify(file)});`),
    '}',
    'exports.activate = function activate() {',
    '  void runner.runAndWriteReport(loadSuites);',
    '};',
    'exports.deactivate = function deactivate() {};',
    'exports.run = function run() {',
    '  return runner.runForTestElectron(loadSuites);',
    '};',
    '',
  ].join('\n');
  const entryFile = join(dirname(outfile), 'suite-entry.js');
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(entryFile, entry);
  await esbuild.build({
    entryPoints: [entryFile],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode'],
    nodePaths: [join(repoRoot(), 'node_modules')],
    logLevel: 'error',
  });
  return outfile;
}

/** Builds the test extension for `suiteFiles` in `workDir` and packages it; returns the .vsix path. */
export async function buildTestExtension(suiteFiles: string[], workDir: string): Promise<string> {
  const extensionDir = join(workDir, 'test-extension');
  await bundleSuites(suiteFiles, join(extensionDir, 'suite.js'));
  const manifest = {
    name: 'codewright-exthost-tests',
    displayName: 'Codewright extension-host tests',
    description: 'Runs the Codewright mocha suites inside the extension host (test-only, never shipped).',
    version: '0.0.1',
    publisher: 'codewright',
    license: 'MIT',
    engines: { vscode: '^1.100.0' },
    main: './suite.js',
    activationEvents: ['onStartupFinished'],
    // Runs in Restricted Mode too, for the suites that check what an untrusted folder may not do.
    capabilities: { untrustedWorkspaces: { supported: true } },
    files: ['suite.js'],
  };
  writeFileSync(join(extensionDir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(extensionDir, 'README.md'), '# Codewright extension-host tests\n\nTest-only extension built by test/harness/extensionHostTests.ts.\n');
  const vsixPath = join(workDir, 'codewright-exthost-tests.vsix');
  // vsce's CLI in a child process: its file listing stays out of the test output unless it fails.
  const vsce = join(repoRoot(), 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsixPath], {
    cwd: extensionDir,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vsce could not package the test extension:\n${result.stdout}${result.stderr}`);
  return vsixPath;
}

/** Waits for the report file; fails early when `failure()` names a reason (e.g. code-server died). */
export async function waitForReport(reportPath: string, timeoutMs: number, failure: () => string | undefined = () => undefined): Promise<ExtensionHostReport> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(reportPath)) return JSON.parse(readFileSync(reportPath, 'utf8')) as ExtensionHostReport;
    const reason = failure();
    if (reason) throw new Error(reason);
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`The extension-host tests wrote no report to ${reportPath} within ${timeoutMs} ms`);
}

/** One line per failed test (and the fatal error, if any); empty when everything passed. */
export function describeFailures(report: ExtensionHostReport): string {
  const lines = report.tests.filter((test) => test.state === 'failed').map((test) => `✗ ${test.fullTitle}\n    ${(test.error ?? '').split('\n').join('\n    ')}`);
  if (report.fatal) lines.unshift(`The suites could not run: ${report.fatal}`);
  return lines.join('\n');
}

export interface ExtensionHostRunOptions {
  /** The product's packaged extension (default <repo>/codewright.vsix; null: install none). */
  productVsix?: string | null;
  suiteFiles?: string[];
  /** Temp folder for the build, extensions, workspace and report (the caller removes it). */
  workDir: string;
  /** Files to create in the workspace before start, by relative path. */
  workspaceFiles?: Record<string, string>;
  userSettings?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Keep workspace trust on, so the folder opens in Restricted Mode (default false: trusted). */
  workspaceTrust?: boolean;
}

/** Builds, installs and runs the suites in a fresh code-server; always stops code-server and Chromium. */
export async function runExtensionHostSuites(options: ExtensionHostRunOptions): Promise<ExtensionHostReport> {
  const productVsix = options.productVsix === undefined ? join(repoRoot(), 'codewright.vsix') : options.productVsix;
  const suiteFiles = options.suiteFiles ?? findExtensionHostSuites();
  const testVsix = await buildTestExtension(suiteFiles, join(options.workDir, 'build'));
  const extensionsDir = join(options.workDir, 'extensions');
  if (productVsix !== null) installExtension(productVsix, extensionsDir);
  installExtension(testVsix, extensionsDir);
  const workspaceDir = join(options.workDir, 'workspace');
  mkdirSync(workspaceDir, { recursive: true });
  for (const [relPath, text] of Object.entries(options.workspaceFiles ?? {})) {
    mkdirSync(dirname(join(workspaceDir, relPath)), { recursive: true });
    writeFileSync(join(workspaceDir, relPath), text);
  }
  const reportPath = join(options.workDir, 'exthost-report.json');
  let server: RunningCodeServer | undefined;
  let workbench: Workbench | undefined;
  try {
    server = await startCodeServer({
      workspaceDir,
      extensionsDir,
      userSettings: options.userSettings ?? {},
      env: { ...options.env, [REPORT_ENV]: reportPath },
      workspaceTrust: options.workspaceTrust ?? false,
    });
    workbench = await openWorkbench(server.url, workspaceDir);
    const page = workbench.page;
    let pageClosed = false;
    page.once('close', () => (pageClosed = true));
    const userDataDir = server.userDataDir;
    let lastLogCheck = 0;
    const failure = (): string | undefined => {
      if (pageClosed) return 'The workbench page closed before the suites finished';
      if (Date.now() - lastLogCheck < 2_000) return undefined;
      lastLogCheck = Date.now();
      // A test extension that throws while loading never writes a report; VS Code logs why.
      const activationError = readLogs(userDataDir)
        .filter((log) => log.path.endsWith('remoteexthost.log'))
        .flatMap((log) => log.text.split('\n'))
        .find((line) => line.includes(TEST_EXTENSION_ID) && /fail|error/i.test(line));
      return activationError ? `The test extension did not activate: ${activationError}` : undefined;
    };
    try {
      return await waitForReport(reportPath, options.timeoutMs ?? 180_000, failure);
    } catch (error) {
      await saveScreenshot(page, 'extension-host-tests-no-report').catch(() => undefined);
      throw error;
    }
  } finally {
    await workbench?.close().catch(() => undefined);
    await server?.stop();
  }
}
