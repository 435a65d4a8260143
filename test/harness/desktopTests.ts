// `npm run test:desktop`: the extension-host suites (test/exthost/**/*.exthost.ts) in desktop VS Code
// through @vscode/test-electron, with the same suite bundle the code-server path installs as a test
// extension (bundleSuites in extensionHostTests.ts). The product runs from this checkout as the
// extension under development, built by esbuild.mjs first.
//
// VS Code comes from @vscode/test-electron's download (cached in .vscode-test/), or from
// $CODEWRIGHT_VSCODE_EXECUTABLE when a VS Code is already installed. Where neither works (no
// internet, as on the CI machines) it stops with one sentence; `npm test` runs the same suites in
// code-server instead. On Linux without a display, run it under `xvfb-run -a`.
// With --build-only it only builds the bundle and workspace into out/exthost/ (for F5 "Extension Tests").
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { describeError } from '../../src/common/describeError';
import { EXTHOST_USER_SETTINGS, EXTHOST_WORKSPACE_FILES } from '../exthost/workspaceFixture';
import { makeTempDir, QUIET_WORKBENCH_SETTINGS, removeTempDir, repoRoot } from './codeServer';
import { bundleSuites, findExtensionHostSuites } from './extensionHostTests';

const EXECUTABLE_ENV = 'CODEWRIGHT_VSCODE_EXECUTABLE';

async function vscodeExecutable(): Promise<string> {
  const given = process.env[EXECUTABLE_ENV];
  if (given) {
    if (!existsSync(given)) throw new Error(`${EXECUTABLE_ENV} points at ${given}, which does not exist.`);
    return given;
  }
  try {
    return await downloadAndUnzipVSCode({ version: 'stable', timeout: 30_000 });
  } catch (error) {
    throw new Error(
      `npm run test:desktop needs desktop VS Code, which could not be downloaded here (${describeError(error).split('\n')[0]}); ` +
        `set ${EXECUTABLE_ENV} to an installed VS Code, or run the same suites in code-server with ` +
        '`npm run test:e2e -- test/e2e/extensionHost.e2e.test.ts`.',
    );
  }
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [relPath, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, relPath)), { recursive: true });
    writeFileSync(join(root, relPath), text);
  }
}

/** Builds the product, the suite bundle (dir/suite.js) and the test workspace (dir/workspace). */
async function prepare(dir: string): Promise<{ suites: string; workspaceDir: string }> {
  const root = repoRoot();
  execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  const suites = await bundleSuites(findExtensionHostSuites(), join(dir, 'suite.js'));
  const workspaceDir = join(dir, 'workspace');
  mkdirSync(workspaceDir, { recursive: true });
  writeFiles(workspaceDir, EXTHOST_WORKSPACE_FILES);
  return { suites, workspaceDir };
}

async function main(): Promise<number> {
  if (process.argv.includes('--build-only')) {
    // For the "Extension Tests" launch configuration in .vscode/launch.json.
    const { suites, workspaceDir } = await prepare(join(repoRoot(), 'out', 'exthost'));
    console.log(`Suite bundle: ${suites}\nTest workspace: ${workspaceDir}`);
    return 0;
  }
  const executable = await vscodeExecutable();
  const workDir = makeTempDir('codewright-desktop-');
  try {
    const { suites, workspaceDir } = await prepare(join(workDir, 'build'));
    const userDataDir = join(workDir, 'user-data');
    writeFiles(userDataDir, { 'User/settings.json': JSON.stringify({ ...QUIET_WORKBENCH_SETTINGS, ...EXTHOST_USER_SETTINGS }, null, 2) });
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot(),
      extensionTestsPath: suites,
      // Neither a real key nor demo mode: the suites check what Codewright does without a key.
      extensionTestsEnv: { OPENAI_API_KEY: undefined, CODEWRIGHT_DEMO_BASE_URL: undefined },
      launchArgs: [
        workspaceDir,
        `--user-data-dir=${userDataDir}`,
        `--extensions-dir=${join(workDir, 'extensions')}`,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
    return 0;
  } finally {
    removeTempDir(workDir);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\n${describeError(error)}\n`);
    process.exit(1);
  },
);
