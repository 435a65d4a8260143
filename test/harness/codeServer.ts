// Runs a real VS Code (code-server 1.139, installed by test/harness/setup.sh) for end-to-end tests and
// `npm start`. Every code-server runs in its own process group, because it leaves children behind
// (file watcher, agent host, copilot runtime) that only a group kill reaches; groups still running
// when this process exits or is interrupted are killed too.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';

export interface ToolPaths {
  /** Cache folder that setup.sh installs into. */
  cacheDir: string;
  /** Folder holding Node 24's `node` binary (put first on PATH for code-server). */
  node24BinDir: string;
  /** code-server's JavaScript entry point, run with Node 24. */
  codeServerEntry: string;
}

export function toolPaths(): ToolPaths {
  const cacheDir = process.env.CODEWRIGHT_TOOLS ?? join(homedir(), '.cache', 'codewright-tools');
  return {
    cacheDir,
    node24BinDir: join(cacheDir, 'node24', 'node_modules', 'node', 'bin'),
    codeServerEntry: join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

function requireInstalledTools(): ToolPaths {
  const paths = toolPaths();
  const marker = join(paths.cacheDir, 'code-server', `.installed-code-server-${CODE_SERVER_VERSION}`);
  if (!existsSync(marker) || !existsSync(paths.codeServerEntry)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${paths.cacheDir}. Run: bash test/harness/setup.sh`);
  }
  return paths;
}

/**
 * The environment code-server (and so the extension host) runs with: this process's environment
 * minus test-runner variables, plus `overrides` (an `undefined` value removes a variable, e.g.
 * `OPENAI_API_KEY: undefined` for a run without a key), with Node 24 first on PATH.
 */
export function codeServerEnvironment(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    // NODE_OPTIONS may carry a TypeScript loader for Node 20; VITEST* would make code under test think it runs in vitest.
    if (name === 'NODE_OPTIONS' || name.startsWith('VITEST') || name === 'TEST' || name === 'NODE_ENV') continue;
    env[name] = value;
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  env.PATH = `${toolPaths().node24BinDir}:${env.PATH ?? ''}`;
  return env;
}

/** Installs a .vsix into `extensionsDir` with code-server's own CLI (the same path a user takes). */
export function installExtension(vsixPath: string, extensionsDir: string): void {
  const tools = requireInstalledTools();
  if (!existsSync(vsixPath)) throw new Error(`No extension package at ${vsixPath}. Run: npm run package`);
  mkdirSync(extensionsDir, { recursive: true });
  // A throwaway user-data-dir keeps the install from touching any real profile.
  const userDataDir = makeTempDir('codewright-install-');
  try {
    const result = spawnSync(
      join(tools.node24BinDir, 'node'),
      [tools.codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', resolve(vsixPath), '--force'],
      { env: codeServerEnvironment(), encoding: 'utf8', timeout: 120_000 },
    );
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
    if (result.status !== 0 || !/successfully installed/i.test(output)) {
      throw new Error(`code-server could not install ${vsixPath} (exit ${result.status ?? result.signal}):\n${output}`);
    }
  } finally {
    removeTempDir(userDataDir);
  }
}

export interface CodeServerOptions {
  /** Folder (or `.code-workspace` file) opened as the workspace. */
  workspaceDir: string;
  /** Written to `<user-data-dir>/User/settings.json` before start. */
  userSettings?: Record<string, unknown>;
  /** Environment overrides for code-server and its extension host (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Extensions folder; default: a new empty temp folder removed by stop(). */
  extensionsDir?: string;
  /** Keep workspace trust on, so the folder opens in Restricted Mode until trusted. Default false. */
  workspaceTrust?: boolean;
  /** Port to listen on; default: a free random port. */
  port?: number;
  /** Address to bind; default 127.0.0.1. */
  host?: string;
  /** Where code-server's stdout/stderr go; default `test-results/code-server-<port>.log`. */
  outputFile?: string;
  /**
   * A persistent user-data-dir (kept by stop(); its settings.json is merged with userSettings, not
   * replaced). Default: a new temp folder, removed by stop() unless keepUserDataDir.
   */
  userDataDir?: string;
  /** Keep the temp user-data-dir after stop() (for debugging). */
  keepUserDataDir?: boolean;
  /** On stop(), copy VS Code's logs (`<user-data-dir>/logs`) here first, e.g. test-results/<test>-logs. */
  saveLogsTo?: string;
}

export interface RunningCodeServer {
  /** Base URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  workspaceDir: string;
  userDataDir: string;
  /** `<user-data-dir>/logs`: VS Code's server, extension host and output-channel logs. */
  logsDir: string;
  extensionsDir: string;
  /** code-server's stdout and stderr. */
  outputFile: string;
  /** Process id of code-server, also the id of its process group. */
  pid: number;
  /** Kills the whole process group (TERM, then KILL) and removes the temp folders it created. */
  stop(): Promise<void>;
}

/**
 * User settings every run starts with (callers' settings win): no welcome page, no built-in AI chat
 * panel, no telemetry, so screenshots show the extension under test and nothing competes for focus.
 */
export const QUIET_WORKBENCH_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  // Files reach the disk only when a test (or the extension) saves them, never on a timer that could
  // land in the middle of the next test's "the file did not change" check.
  'files.autoSave': 'off',
};

const liveGroups = new Set<number>();
let exitHooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const tempDirs = new Set<string>();

/**
 * A new temp folder, removed by removeTempDir() or, at the latest, when this process exits or is
 * interrupted (Ctrl+C), so an aborted run leaves nothing in /tmp.
 */
export function makeTempDir(prefix: string): string {
  installExitHooks();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Kills every process group this module started and removes its temp folders; safe in exit and signal handlers. */
export function killAllStartedGroups(): void {
  for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  liveGroups.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killAllStartedGroups);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllStartedGroups();
      process.kill(process.pid, signal);
    });
  }
}

/** Starts `child` tracking: its group is killed on exit/interrupt of this process. */
export function trackProcessGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  installExitHooks();
  const pid = child.pid;
  liveGroups.add(pid);
  child.once('exit', () => {
    if (!groupAlive(pid)) liveGroups.delete(pid);
  });
}

/** Stops a process group: TERM, wait up to `graceMs`, then KILL; resolves when the group is gone. */
export async function stopProcessGroup(pid: number, graceMs = 5_000): Promise<void> {
  killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pid)) {
    killGroup(pid, 'SIGKILL');
    const killDeadline = Date.now() + 5_000;
    while (groupAlive(pid) && Date.now() < killDeadline) await sleep(50);
  }
  liveGroups.delete(pid);
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export function repoRoot(): string {
  return resolve(__dirname, '..', '..');
}

export function resultsDir(): string {
  const dir = join(repoRoot(), 'test-results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const tools = requireInstalledTools();
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const ownDirs: string[] = [];
  let userDataDir = options.userDataDir;
  if (userDataDir === undefined) {
    userDataDir = options.keepUserDataDir ? mkdtempSync(join(tmpdir(), 'codewright-user-data-')) : makeTempDir('codewright-user-data-');
    if (!options.keepUserDataDir) ownDirs.push(userDataDir);
  }
  let extensionsDir = options.extensionsDir;
  if (extensionsDir === undefined) {
    extensionsDir = makeTempDir('codewright-extensions-');
    ownDirs.push(extensionsDir);
  }
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  const settings = { ...QUIET_WORKBENCH_SETTINGS, ...readExistingSettings(settingsFile), ...(options.userSettings ?? {}) };
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));

  const args = [
    tools.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    resolve(options.workspaceDir),
  ];
  const outputFile = options.outputFile ?? join(resultsDir(), `code-server-${port}.log`);
  const output = createWriteStream(outputFile);
  const child = spawn(join(tools.node24BinDir, 'node'), args, {
    env: codeServerEnvironment(options.env),
    detached: true, // own process group, killed as a whole by stop()
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackProcessGroup(child);
  child.stdout?.pipe(output, { end: false });
  child.stderr?.pipe(output, { end: false });
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `code-server exited (${code ?? signal}) before it answered; see ${outputFile}`;
  });

  const url = `http://${host}:${port}/`;
  const pid = child.pid ?? -1;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (pid > 0) await stopProcessGroup(pid);
    output.end();
    if (options.saveLogsTo && existsSync(join(userDataDir, 'logs'))) {
      rmSync(options.saveLogsTo, { recursive: true, force: true });
      cpSync(join(userDataDir, 'logs'), options.saveLogsTo, { recursive: true });
    }
    for (const dir of ownDirs) removeTempDir(dir);
  };

  try {
    await waitForHttp(`${url}healthz`, 60_000, () => exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, workspaceDir: resolve(options.workspaceDir), userDataDir, logsDir: join(userDataDir, 'logs'), extensionsDir, outputFile, pid, stop };
}

/** The settings a persistent user-data-dir already has (a user's own edits survive restarts). */
function readExistingSettings(settingsFile: string): Record<string, unknown> {
  if (!existsSync(settingsFile)) return {};
  const text = readFileSync(settingsFile, 'utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // VS Code allows comments in settings.json; such a file is not plain JSON.
  }
  throw new Error(`${settingsFile} is not a plain JSON object (comments or trailing commas?); fix or delete it and start again.`);
}

async function waitForHttp(url: string, timeoutMs: number, failure: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    const reason = failure();
    if (reason) throw new Error(reason);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms (last: ${lastError})`);
}

/** Every file under `dir`, recursively (absolute paths). */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** All log files VS Code wrote under `<user-data-dir>/logs`, with their text. */
export function readLogs(userDataDir: string): { path: string; text: string }[] {
  return listFiles(join(userDataDir, 'logs')).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/**
 * The text of an extension's own log (its LogOutputChannel, written to
 * `logs/<session>/exthost<N>/<extension id>/*.log`), all sessions concatenated; '' when it wrote none.
 */
export function readExtensionLog(userDataDir: string, extensionId = 'codewright.codewright'): string {
  return readLogs(userDataDir)
    .filter((log) => log.path.split(sep).includes(extensionId))
    .map((log) => log.text)
    .join('');
}
