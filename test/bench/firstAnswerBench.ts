// Activation and the first Explain of a window, measured in a real VS Code: the packaged extension in
// code-server, driven in Chromium, answered by the fake Responses server. Each window is a fresh page
// load (a new extension host, no chat panel open yet): the extension's own log gives the time of
// activate() and the milestones of the first question; the page gives when the panel and the first
// answer text appeared, counted from the moment the command palette ran the command.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { installExtension, makeTempDir, readExtensionLog, removeTempDir, resultsDir, startCodeServer, type RunningCodeServer } from '../harness/codeServer';
import { openFile, openWorkbench, runCommand, scaledTimeout, selectLines, type Workbench } from '../harness/workbench';

const SAMPLE_PATH = 'src/geometry.ts';
const SAMPLE = [
  'export interface Point {',
  '  x: number;',
  '  y: number;',
  '}',
  'export function distance(a: Point, b: Point): number {',
  '  const dx = a.x - b.x;',
  '  const dy = a.y - b.y;',
  '  return Math.sqrt(dx * dx + dy * dy);',
  '}',
  '',
].join('\n');
const ANSWER_CHUNKS = ['`distance` returns ', 'the straight-line distance ', 'between two points.'];

export interface FirstAnswerWindow {
  /** activate() of this window's extension host (wall clock and CPU), from the extension's log. */
  activateMs: number;
  activateCpuMs: number;
  /** From the command to the webview saying 'ready' (the extension's milestones). */
  panelMs: number;
  /** From the command to the first answer text being in a ready panel. */
  firstTextMs: number;
  /** The extension's own milestones, e.g. "turn started +2 ms, panel resolved +310 ms, …". */
  milestones: string;
}

async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + scaledTimeout(timeoutMs);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

async function findChatFrame(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    if (await frame.$('#codewright-app').catch(() => null)) return frame;
  }
  return undefined;
}

/** The answer text of turn number `turnIndex` (0-based) in the panel, '' while it has none. */
async function answerText(frame: Frame, turnIndex: number): Promise<string> {
  return frame
    .evaluate((index) => (document.querySelectorAll('article.turn').item(index)?.querySelector('.answer')?.textContent ?? '').trim(), turnIndex)
    .catch(() => '');
}

function logMatches(server: RunningCodeServer, pattern: RegExp): RegExpMatchArray[] {
  return [...readExtensionLog(server.userDataDir).matchAll(pattern)];
}

function milestone(line: string, name: string): number {
  const match = new RegExp(`${name} \\+(\\d+) ms`).exec(line);
  if (!match) throw new Error(`The extension logged no "${name}" milestone: ${line}`);
  return Number(match[1]);
}

/**
 * Opens `folder` as a new window (a new extension host, no panel shown: its workspace state is new),
 * runs Explain Selection there, and reads what the extension logged about activation and the answer.
 */
async function explainInNewWindow(page: Page, server: RunningCodeServer, fake: FakeResponsesServer, folder: string, index: number): Promise<FirstAnswerWindow> {
  const address = new URL(server.url);
  address.searchParams.set('folder', folder);
  await page.goto(address.toString(), { waitUntil: 'domcontentloaded', timeout: scaledTimeout(120_000) });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: scaledTimeout(120_000) });
  await page.locator('.part.activitybar, .part.sidebar').first().waitFor({ state: 'visible', timeout: scaledTimeout(60_000) });
  // Opening the TypeScript file activates the extension (onLanguage:typescript).
  await openFile(page, folder, SAMPLE_PATH);
  const activation = await until(() => logMatches(server, /activated in ([\d.]+) ms \(CPU ([\d.]+) ms\)/g)[index], `activation of window ${index + 1}`);
  await selectLines(page, 5, 9);
  fake.enqueue({ output: [{ type: 'message', text: ANSWER_CHUNKS.join(''), chunks: ANSWER_CHUNKS }], chunkDelayMs: 20 });
  await runCommand(page, 'Codewright: Explain Selection');
  // The answer must really show in the panel, not only be logged.
  const frame = await until(() => findChatFrame(page), 'the chat panel');
  await until(async () => (await answerText(frame, 0)) !== '', `the answer in window ${index + 1}`);
  await frame.locator('article.turn .status-generating').waitFor({ state: 'detached', timeout: scaledTimeout(60_000) });
  const milestones = await until(() => logMatches(server, /first answer text: (.*)/g)[index]?.[1], 'the extension to log the first answer milestones', 60_000).catch(async (error: unknown) => {
    await page.screenshot({ path: join(resultsDir(), `bench-activation-window-${index + 1}.png`) }).catch(() => undefined);
    console.log(readExtensionLog(server.userDataDir));
    throw error;
  });
  return {
    activateMs: Number(activation[1]),
    activateCpuMs: Number(activation[2]),
    panelMs: milestone(milestones, 'webview ready'),
    firstTextMs: milestone(milestones, 'first text shown'),
    milestones,
  };
}

/** Starts code-server with `vsixPath` installed and measures `windows` new windows, one after another. */
export async function measureFirstAnswers(vsixPath: string, windows: number, logsDir?: string): Promise<FirstAnswerWindow[]> {
  const workDir = makeTempDir('codewright-bench-activation-');
  const folders = Array.from({ length: windows }, (_, index) => join(workDir, `workspace${index + 1}`));
  for (const folder of folders) {
    mkdirSync(join(folder, 'src'), { recursive: true });
    writeFileSync(join(folder, SAMPLE_PATH), SAMPLE);
  }
  const apiKey = 'sk-bench-activation-key-0000';
  let fake: FakeResponsesServer | undefined;
  let server: RunningCodeServer | undefined;
  let workbench: Workbench | undefined;
  try {
    installExtension(vsixPath, join(workDir, 'extensions'));
    fake = await FakeResponsesServer.start({ expectedApiKey: apiKey });
    server = await startCodeServer({
      workspaceDir: folders[0],
      extensionsDir: join(workDir, 'extensions'),
      userSettings: { 'codewright.baseURL': fake.baseURL },
      env: { OPENAI_API_KEY: apiKey, CODEWRIGHT_DEMO_BASE_URL: undefined },
      saveLogsTo: logsDir,
    });
    workbench = await openWorkbench(server.url, folders[0]);
    const results: FirstAnswerWindow[] = [];
    for (const [index, folder] of folders.entries()) results.push(await explainInNewWindow(workbench.page, server, fake, folder, index));
    return results;
  } finally {
    await workbench?.close().catch(() => undefined);
    await server?.stop();
    await fake?.close();
    removeTempDir(workDir);
  }
}
