// One call that sets up what the chat end-to-end tests share: a workspace with the given files,
// the packaged extension, a fake Responses server holding the test's key, code-server pointed at
// it through user settings, the workbench in Chromium, and the Codewright panel open.

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { installExtension, repoRoot, resultsDir, startCodeServer, type RunningCodeServer } from './codeServer';
import { chatFrame, openFile, openWorkbench, runCommand, saveScreenshot, scaledTimeout, type Workbench } from './workbench';

/** Polls `probe` until it returns a value other than undefined/false; fails naming `what`. */
export async function until<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + scaledTimeout(timeoutMs);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Types a prompt into the panel, presses Enter, and waits until its turn is in the transcript. */
export async function sendFromPanel(frame: Frame, text: string): Promise<void> {
  const before = await frame.locator('article.turn').count();
  const input = frame.locator('.prompt-input');
  await input.click();
  await input.fill(text);
  await input.press('Enter');
  await until(async () => (await frame.locator('article.turn').count()) > before, `the turn for "${text}"`);
}

export interface ChatWorkbenchOptions {
  /** Used for temp folder, log and screenshot names. */
  name: string;
  /** Workspace-relative path → content. */
  files: Record<string, string>;
  /** Extra user settings (the fake server's base URL is always set). */
  userSettings?: Record<string, unknown>;
  /** Open the folder in Restricted Mode. */
  workspaceTrust?: boolean;
  /** A file to open in an editor before the panel opens. */
  openFile?: string;
  /**
   * Open a multi-root workspace of these sub-folders of the workspace folder (a `.code-workspace`
   * file next to them) instead of the folder itself. `files` paths then start with a folder name.
   */
  multiRootFolders?: string[];
  /** Extra Chromium flags, e.g. `--host-resolver-rules=MAP attacker.test 127.0.0.1`. */
  chromiumArgs?: string[];
}

export interface ChatWorkbench {
  apiKey: string;
  fake: FakeResponsesServer;
  server: RunningCodeServer;
  workbench: Workbench;
  page: Page;
  frame: Frame;
  workspaceDir: string;
  /** Finds the panel again (after a reload the webview is a new frame). */
  refreshFrame(): Promise<Frame>;
  screenshot(testName: string): Promise<void>;
  close(): Promise<void>;
}

export async function openChatWorkbench(options: ChatWorkbenchOptions): Promise<ChatWorkbench> {
  const workDir = mkdtempSync(join(tmpdir(), `codewright-e2e-${options.name}-`));
  const workspaceDir = join(workDir, 'workspace');
  for (const [path, content] of Object.entries(options.files)) {
    mkdirSync(dirname(join(workspaceDir, path)), { recursive: true });
    writeFileSync(join(workspaceDir, path), content);
  }
  mkdirSync(workspaceDir, { recursive: true });
  let opened = workspaceDir;
  if (options.multiRootFolders) {
    for (const folder of options.multiRootFolders) mkdirSync(join(workspaceDir, folder), { recursive: true });
    opened = join(workspaceDir, 'multi-root.code-workspace');
    writeFileSync(opened, JSON.stringify({ folders: options.multiRootFolders.map((folder) => ({ path: folder })) }, null, 2));
  }
  const apiKey = `sk-e2e-${randomBytes(12).toString('hex')}`;
  const extensionsDir = join(workDir, 'extensions');
  installExtension(join(repoRoot(), 'codewright.vsix'), extensionsDir);
  const fake = await FakeResponsesServer.start({ expectedApiKey: apiKey });
  const server = await startCodeServer({
    workspaceDir: opened,
    extensionsDir,
    workspaceTrust: options.workspaceTrust,
    userSettings: { 'codewright.baseURL': fake.baseURL, ...options.userSettings },
    env: { OPENAI_API_KEY: apiKey, CODEWRIGHT_DEMO_BASE_URL: undefined },
    saveLogsTo: join(resultsDir(), `${options.name}-vscode-logs`),
  });
  const workbench = await openWorkbench(server.url, opened, {
    consoleLogFile: join(resultsDir(), `${options.name}-browser-console.log`),
    chromiumArgs: options.chromiumArgs,
  });
  const page = workbench.page;
  const refreshFrame = async () => {
    // Contributed commands exist once the extension's container shows in the activity bar.
    await page.locator('.activitybar [aria-label^="Codewright"]').first().waitFor({ timeout: scaledTimeout(60_000) });
    await runCommand(page, 'Codewright: Open Chat');
    return chatFrame(page);
  };
  if (options.openFile) {
    await page.locator('.activitybar [aria-label^="Codewright"]').first().waitFor({ timeout: scaledTimeout(60_000) });
    await openFile(page, workspaceDir, options.openFile);
  }
  const frame = await refreshFrame();
  return {
    apiKey,
    fake,
    server,
    workbench,
    page,
    frame,
    workspaceDir,
    refreshFrame,
    screenshot: async (testName) => {
      await saveScreenshot(page, `${options.name}-${testName}`).catch(() => undefined);
    },
    close: async () => {
      await workbench.close().catch(() => undefined);
      await server.stop();
      await fake.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
