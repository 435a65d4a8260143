// The walking skeleton, end to end: the packaged extension in a real VS Code (code-server), driven
// through the UI in Chromium, talking to the fake Responses API server. The test that stores a key
// removes it again, so the no-key test passes before or after it.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import {
  installExtension,
  listFiles,
  makeTempDir,
  readExtensionLog,
  readLogs,
  removeTempDir,
  repoRoot,
  resultsDir,
  startCodeServer,
  type RunningCodeServer,
} from '../harness/codeServer';
import {
  answerInputBox,
  chatFrame,
  notifications,
  openFile,
  openWorkbench,
  runCommand,
  saveScreenshot,
  selectionStatus,
  selectLines,
  type Workbench,
} from '../harness/workbench';

const SAMPLE_PATH = 'src/geometry.ts';
const SAMPLE_LINES = [
  '// Small shapes for the end-to-end test.',
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
  'export class Circle {',
  '  constructor(readonly center: Point, readonly radius: number) {}',
  '  area(): number {',
  '    return Math.PI * this.radius ** 2;',
  '  }',
  '}',
  '',
];
// Lines 6-10: the whole `distance` function.
const SELECTED_FROM = 6;
const SELECTED_TO = 10;
const SELECTED_TEXT = SAMPLE_LINES.slice(SELECTED_FROM - 1, SELECTED_TO).join('\n');

const ANSWER_CHUNKS = [
  '`distance` returns the ',
  'straight-line (Euclidean) distance ',
  'between two points: it takes the ',
  'differences of their coordinates, ',
  'squares and adds them, and returns ',
  'the **square root** of the sum.',
];
const ANSWER_MARKDOWN = ANSWER_CHUNKS.join('');
/** The answer as the panel renders it: markdown syntax gone, text kept. */
const ANSWER_RENDERED = ANSWER_MARKDOWN.replace(/`/g, '').replace(/\*\*/g, '');
// Slow enough that a busy 2-core machine still paints several partial answers.
const CHUNK_DELAY_MS = 500;

/** The text of the newest answer in the panel, or '' when there is none yet. */
async function latestAnswerText(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const answers = document.querySelectorAll('article.turn .answer');
    const last = answers.item(answers.length - 1);
    return last ? (last.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
  });
}

/** Polls the panel while the answer streams in; returns the distinct texts seen, in order. */
async function watchAnswerUntil(frame: Frame, expected: string, timeoutMs: number): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await latestAnswerText(frame);
    if (text !== '' && text !== seen[seen.length - 1]) seen.push(text);
    if (text === expected) return seen;
    await new Promise((done) => setTimeout(done, 40));
  }
  throw new Error(`The panel never showed the full answer; texts seen: ${JSON.stringify(seen)}`);
}

describe('Explain Selection in a real VS Code (code-server)', () => {
  const workDir = makeTempDir('codewright-e2e-explain-');
  const workspaceDir = join(workDir, 'workspace');
  const apiKey = `sk-e2e-${randomBytes(16).toString('hex')}`;
  let fake: FakeResponsesServer;
  let server: RunningCodeServer;
  let workbench: Workbench;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(join(workspaceDir, 'src'), { recursive: true });
    writeFileSync(join(workspaceDir, SAMPLE_PATH), SAMPLE_LINES.join('\n'));
    const extensionsDir = join(workDir, 'extensions');
    installExtension(join(repoRoot(), 'codewright.vsix'), extensionsDir);
    fake = await FakeResponsesServer.start();
    server = await startCodeServer({
      workspaceDir,
      extensionsDir,
      userSettings: { 'codewright.baseURL': fake.baseURL },
      // No key anywhere: not from this machine's environment, not demo mode.
      env: { OPENAI_API_KEY: undefined, CODEWRIGHT_DEMO_BASE_URL: undefined },
      saveLogsTo: join(resultsDir(), 'explain-selection-vscode-logs'),
    });
    workbench = await openWorkbench(server.url, workspaceDir, { consoleLogFile: join(resultsDir(), 'explain-selection-browser-console.log') });
    page = workbench.page;
  });

  afterAll(async () => {
    await workbench?.close().catch(() => undefined);
    await server?.stop();
    await fake?.close();
    removeTempDir(workDir);
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      if (page) await saveScreenshot(page, `explain-${task.name}`).catch(() => undefined);
    });
  });

  it('says a key is needed and offers "Set API Key" when no key is stored or in the environment', async () => {
    await openFile(page, workspaceDir, SAMPLE_PATH);
    await selectLines(page, SELECTED_FROM, SELECTED_TO);
    const before = fake.requests.length;
    await runCommand(page, 'Codewright: Explain Selection');

    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'needs an OpenAI API key' });
    await toast.waitFor({ state: 'visible' });
    const shown = (await notifications(page)).find((entry) => entry.message.includes('needs an OpenAI API key'));
    expect(shown?.buttons).toContain('Set API Key');
    expect(fake.requests).toHaveLength(before);

    // The offered button opens the same masked key prompt as the command; cancelling it stores nothing.
    await toast.locator('.monaco-button', { hasText: 'Set API Key' }).click();
    const keyBox = page.locator('.quick-input-widget .quick-input-box input');
    await keyBox.waitFor({ state: 'visible' });
    expect(await keyBox.getAttribute('type')).toBe('password');
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  });

  it('streams the answer to a selection into the Codewright panel, sending the key only in the Authorization header', async ({ onTestFinished }) => {
    // Remove the stored key afterwards (also after a failure): the other test needs a machine without one.
    onTestFinished(async () => {
      await runCommand(page, 'Codewright: Clear API Key');
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'API key removed' }).first().waitFor({ state: 'visible' });
    });
    await runCommand(page, 'Codewright: Set API Key');
    const prompt = await answerInputBox(page, apiKey);
    expect(prompt.password).toBe(true);

    fake.enqueue({
      output: [{ type: 'message', text: ANSWER_MARKDOWN, chunks: ANSWER_CHUNKS }],
      chunkDelayMs: CHUNK_DELAY_MS,
      usage: { inputTokens: 420, outputTokens: 64, reasoningTokens: 16 },
    });
    // Open the panel first, so watching starts the moment the answer starts.
    await runCommand(page, 'Codewright: Open Chat');
    const frame = await chatFrame(page);
    await openFile(page, workspaceDir, SAMPLE_PATH);
    await selectLines(page, SELECTED_FROM, SELECTED_TO);
    expect(await selectionStatus(page)).toContain(`(${SELECTED_TEXT.length} selected)`);
    const before = fake.requests.length;
    await runCommand(page, 'Codewright: Explain Selection');

    const seen = await watchAnswerUntil(frame, ANSWER_RENDERED, 30_000);
    // Streaming, not one final paint: at least two different partial answers came before the full one.
    const partials = seen.filter((text) => text !== ANSWER_RENDERED);
    console.log(`partial answers painted before the full one: ${partials.map((text) => text.length).join(', ')}`);
    expect(new Set(partials.map((text) => text.length)).size, `texts seen: ${JSON.stringify(seen)}`).toBeGreaterThanOrEqual(2);
    // Each partial is the beginning of the final answer (chunks split no markdown construct).
    for (const partial of partials) expect(ANSWER_RENDERED.startsWith(partial), `partial: ${partial}`).toBe(true);
    expect(await frame.locator('article.turn .answer strong').last().textContent()).toBe('square root');
    // The turn finishes (no spinner) with the full answer still in place.
    await frame.locator('article.turn').last().locator('.status-generating').waitFor({ state: 'detached' });
    expect(await latestAnswerText(frame)).toBe(ANSWER_RENDERED);
    await saveScreenshot(page, 'explain-selection-answer');

    // Exactly one request, carrying the selection with its path and line range.
    expect(fake.requests).toHaveLength(before + 1);
    const request = fake.requests[before];
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/responses');
    expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
    const body = request.body as { stream?: boolean; input?: { role?: string; content?: { type: string; text?: string }[] }[] };
    expect(body.stream).toBe(true);
    const texts = (body.input ?? []).flatMap((item) => item.content ?? []).filter((part) => part.type === 'input_text').map((part) => part.text ?? '');
    const selectionText = texts.find((text) => text.includes(SELECTED_TEXT));
    expect(selectionText, `input_text parts: ${JSON.stringify(texts)}`).toBeDefined();
    expect(selectionText).toContain(`\`${SAMPLE_PATH}\` (typescript), lines ${SELECTED_FROM}-${SELECTED_TO}`);

    // The key went nowhere else: not in the body, not in any log, not in user settings.
    expect(request.rawBody).not.toContain(apiKey);
    const headersWithKey = Object.entries(request.headers).filter(([, value]) => value.includes(apiKey)).map(([name]) => name);
    expect(headersWithKey).toEqual(['authorization']);
    const logsWithKey = readLogs(server.userDataDir).filter((log) => log.text.includes(apiKey)).map((log) => log.path);
    expect(logsWithKey).toEqual([]);
    // The extension's own log exists and records the request, without the key.
    expect(readExtensionLog(server.userDataDir)).toMatch(/request: model=gpt-5/);
    expect(readFileSync(join(server.userDataDir, 'User', 'settings.json'), 'utf8')).not.toContain(apiKey);
    const userDataFilesWithKey = listFiles(server.userDataDir).filter((path) => readFileSync(path).includes(apiKey));
    expect(userDataFilesWithKey).toEqual([]);
    const workspaceFilesWithKey = listFiles(workspaceDir).filter((path) => readFileSync(path, 'utf8').includes(apiKey));
    expect(workspaceFilesWithKey).toEqual([]);
  });
});
