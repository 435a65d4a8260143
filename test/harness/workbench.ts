// Drives VS Code's web workbench (served by code-server) in Debian's Chromium with playwright-core.
// Helpers go through the UI a user would use: the command palette, Quick Open, Go to Line, input boxes.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { resultsDir } from './codeServer';

export const CHROMIUM_PATH = process.env.CODEWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
/** Flags for Chromium on these machines: no sandbox as root, and no background traffic to Google. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A time limit for the UI, scaled for busy machines: `CODEWRIGHT_E2E_TIME_SCALE=3` triples every limit
 * that goes through here. Limits only bound how long a test waits for a state; none is a sleep.
 */
export function scaledTimeout(ms: number): number {
  const scale = Number(process.env.CODEWRIGHT_E2E_TIME_SCALE);
  return Number.isFinite(scale) && scale > 0 ? Math.round(ms * scale) : ms;
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

export interface Workbench {
  browser: Browser;
  page: Page;
  /** Closes the browser (Chromium and its children). */
  close(): Promise<void>;
}

/** `extraArgs` add to CHROMIUM_ARGS, e.g. `--host-resolver-rules` to send a test host name to 127.0.0.1. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}

/** Opens `folder` in the workbench served at `url` and waits until the workbench is rendered. */
/** Opens the workbench on `folder`, or on a multi-root workspace when `folder` is a `.code-workspace` file. */
export async function openWorkbench(url: string, folder: string, options: { consoleLogFile?: string; chromiumArgs?: readonly string[] } = {}): Promise<Workbench> {
  const browser = await launchChromium(options.chromiumArgs);
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    // The browser side of VS Code (workbench, webviews) logs to the console: keep it for failures.
    const consoleLog = createWriteStream(options.consoleLogFile ?? join(resultsDir(), `workbench-console-${new URL(url).port}.log`));
    page.on('console', (message) => consoleLog.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => consoleLog.write(`[pageerror] ${error.stack ?? error.message}\n`));
    page.on('close', () => consoleLog.end());
    page.setDefaultTimeout(scaledTimeout(30_000));
    const address = new URL(url);
    address.searchParams.set(folder.endsWith('.code-workspace') ? 'workspace' : 'folder', folder);
    // Only the HTML must arrive here (the default limit, 20 s for the whole `load`, failed on a busy
    // machine); the state the tests need is the rendered workbench, waited for next.
    await page.goto(address.toString(), { waitUntil: 'domcontentloaded', timeout: scaledTimeout(120_000) });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: scaledTimeout(120_000) });
    // The activity bar shows once the workbench has laid out its parts; commands work from then on.
    await page.locator('.part.activitybar, .part.sidebar').first().waitFor({ state: 'visible', timeout: scaledTimeout(60_000) });
    return { browser, page, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function openQuickInput(page: Page, key: string): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
  // Close a leftover quick input first (Escape only then: in an editor it would clear the selection).
  if (await page.locator(QUICK_INPUT).isVisible()) {
    await page.keyboard.press('Escape');
    await waitForQuickInputClosed(page);
  }
  await page.keyboard.press(key);
  await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible' });
}

async function waitForQuickInputClosed(page: Page): Promise<void> {
  await page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
}

/**
 * Runs a command from the command palette by its exact title as shown there, e.g.
 * "Codewright: Explain Selection". Right after the workbench opens, extension commands appear only once
 * the extension host has registered its extensions, and the palette does not refresh while open, so it
 * reopens the palette until the command shows (up to `timeoutMs`), then fails listing what it shows.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const row = page.locator(QUICK_INPUT_ROWS).filter({
    has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await openQuickInput(page, 'F1');
    await page.locator(QUICK_INPUT_BOX).fill(`>${title}`);
    try {
      await row.first().waitFor({ state: 'visible', timeout: 3_000 });
      break;
    } catch {
      const shown = await page.locator(`${QUICK_INPUT_ROWS} .label-name`).allTextContents();
      await page.keyboard.press('Escape');
      await waitForQuickInputClosed(page);
      if (Date.now() > deadline) throw new Error(`The command palette has no command titled "${title}"; it shows: ${JSON.stringify(shown)}`);
      await page.waitForTimeout(1_000);
    }
  }
  await row.first().click();
  // The palette closes, or (when the command opens an input box or quick pick) is reused with other content.
  await page.waitForFunction(
    ([widgetSelector, boxSelector, typed]) => {
      const widget = document.querySelector<HTMLElement>(widgetSelector);
      const box = document.querySelector<HTMLInputElement>(boxSelector);
      const hidden = !widget || widget.style.display === 'none' || widget.offsetParent === null;
      return hidden || (box !== null && box.value !== typed);
    },
    [QUICK_INPUT, QUICK_INPUT_BOX, `>${title}`] as const,
  );
}

/**
 * Answers the input box a command opened (e.g. the password box of "Set API Key"). Returns the box's
 * prompt text and whether it masked the input, so tests can assert both.
 */
export async function answerInputBox(page: Page, text: string): Promise<{ prompt: string; password: boolean }> {
  const box = page.locator(QUICK_INPUT_BOX);
  await box.waitFor({ state: 'visible' });
  const password = (await box.getAttribute('type')) === 'password';
  const prompt = (await page.locator(`${QUICK_INPUT} .quick-input-message`).textContent().catch(() => null)) ?? '';
  await box.fill(text);
  await box.press('Enter');
  await waitForQuickInputClosed(page);
  return { prompt: prompt.trim(), password };
}

/** Opens a workspace file through Quick Open (Ctrl+P) by its path, and waits for its editor tab. */
export async function openFile(page: Page, workspaceDir: string, relPath: string): Promise<void> {
  await openQuickInput(page, 'Control+P');
  // An absolute path resolves without the file search index, so this works before indexing finishes.
  await page.locator(QUICK_INPUT_BOX).fill(join(workspaceDir, relPath));
  const fileName = relPath.split('/').pop() ?? relPath;
  const row = page.locator(QUICK_INPUT_ROWS).filter({ has: page.locator('.label-name', { hasText: fileName }) });
  await row.first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await waitForQuickInputClosed(page);
  await page.locator(`.tabs-container .tab.active[aria-label*="${fileName}"]`).waitFor({ state: 'visible' });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/**
 * Selects whole lines `from`..`to` (1-based, inclusive) in the active editor: Go to Line (`:from:1`)
 * puts the cursor at column 1 of `from`, Shift+Down/Shift+End extend to the end of `to`. Waits until
 * the status bar confirms the selection, so the next command sees it (the range must not be all empty lines).
 */
export async function selectLines(page: Page, from: number, to: number): Promise<void> {
  if (from < 1 || to < from) throw new Error(`selectLines needs 1 <= from <= to, got ${from}..${to}`);
  await placeCursor(page, from, 1);
  for (let line = from; line < to; line++) await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
  await waitForStableStatus(page, new RegExp(`^Ln ${to}, Col \\d+ \\(\\d+ selected\\)`));
}

/** Puts the cursor of the active editor at `line`:`column` (1-based) with Go to Line, and waits until the status bar shows it. */
export async function placeCursor(page: Page, line: number, column: number): Promise<void> {
  await openQuickInput(page, 'Control+G');
  await page.locator(QUICK_INPUT_BOX).fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await waitForQuickInputClosed(page);
  // Go to Line hands focus back to the editor asynchronously; wait for the cursor to be there.
  await waitForStableStatus(page, new RegExp(`^Ln ${line}, Col ${column}\\b`));
}

/** Waits until the status bar's cursor item matches `pattern` and stays unchanged for 300 ms (it updates late). */
async function waitForStableStatus(page: Page, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let since = Date.now();
  while (Date.now() < deadline) {
    const text = await selectionStatus(page);
    if (text !== last) {
      last = text;
      since = Date.now();
    } else if (pattern.test(text) && Date.now() - since >= 300) {
      return text;
    }
    await page.waitForTimeout(50);
  }
  throw new Error(`The status bar shows "${last}", expected ${String(pattern)}`);
}

/** The status bar's cursor/selection text, e.g. "Ln 7, Col 2 (120 selected)". */
export async function selectionStatus(page: Page): Promise<string> {
  return ((await page.locator('.statusbar-item[id="status.editor.selection"]').textContent()) ?? '').trim();
}

/**
 * The frame rendering the chat panel. Webviews are nested iframes (an outer host frame and an inner
 * content frame); the content frame is the one containing `appSelector`. Waits up to `timeoutMs`.
 */
export async function chatFrame(page: Page, appSelector = '#codewright-app', timeoutMs = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const found = await frame.$(appSelector).catch(() => null);
      if (found) return frame;
    }
    await page.waitForTimeout(200);
  }
  const urls = page.frames().map((frame) => frame.url());
  throw new Error(`No webview frame contains ${appSelector} after ${timeoutMs} ms; frames: ${JSON.stringify(urls)}`);
}

/** Visible notification toasts: their message text and button labels. */
export async function notifications(page: Page): Promise<{ message: string; buttons: string[] }[]> {
  const toasts = page.locator('.notifications-toasts .notification-toast');
  const result: { message: string; buttons: string[] }[] = [];
  for (let index = 0; index < (await toasts.count()); index++) {
    const toast = toasts.nth(index);
    const message = ((await toast.locator('.notification-list-item-message').textContent()) ?? '').trim();
    const buttons = (await toast.locator('.notification-list-item-buttons-container .monaco-button').allTextContents()).map((label) => label.trim());
    result.push({ message, buttons });
  }
  return result;
}

/** Saves a full-page screenshot to test-results/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 120)}.png`);
  await page.screenshot({ path, fullPage: true, timeout: 10_000 });
  return path;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
