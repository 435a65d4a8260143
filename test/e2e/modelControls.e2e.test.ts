// The palette's model controls and the status bar, in a real VS Code: the status item shows
// model · effort and spins while an answer streams; Select Reasoning Effort offers only what the
// chosen model accepts; Ask About Selection sends the typed question with the selection.
// The tests share one workbench; the one that changes the model and effort puts them back, so each
// test passes alone and in any order.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';
import { answerInputBox, runCommand, selectLines } from '../harness/workbench';

const FILE = 'src/total.ts';
const SOURCE = ['export function total(prices: number[]): number {', '  let sum = 0;', '  for (const price of prices) sum += price;', '  return sum;', '}', ''].join('\n');

const QUICK_ROWS = '.quick-input-widget .monaco-list-row';

function statusItem(page: Page) {
  return page.locator('.statusbar-item', { hasText: '·' }).filter({ hasText: /gpt-5/ });
}

/** The labels a quick pick shows (check marks and icons stripped). */
async function quickPickLabels(page: Page): Promise<string[]> {
  // Only this command's rows: wait until the palette's own rows are gone.
  await page.locator('.quick-input-widget .monaco-list-row .label-name', { hasText: /^Codewright:/ }).first().waitFor({ state: 'detached' });
  await page.locator(QUICK_ROWS).first().waitFor({ state: 'visible' });
  const labels = await page.locator(`${QUICK_ROWS} .label-name`).allTextContents();
  return labels.map((label) => label.replace(/\s+/g, ' ').trim());
}

async function choose(page: Page, label: string): Promise<void> {
  await page.locator(QUICK_ROWS).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) }).first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

describe('model controls in the palette and the status bar', () => {
  let chat: ChatWorkbench;

  beforeAll(async () => {
    chat = await openChatWorkbench({ name: 'model-controls', files: { [FILE]: SOURCE }, openFile: FILE, userSettings: { 'codewright.model': 'gpt-5', 'codewright.backgroundResponses': true } });
  });

  afterAll(async () => {
    await chat?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => chat?.screenshot(task.name));
    // Replies a failed test left queued would answer the next test's requests.
    chat.fake.discardPendingReplies();
  });

  it('shows the model and reasoning effort in the status bar', async () => {
    await statusItem(chat.page).first().waitFor({ state: 'visible' });
    expect((await statusItem(chat.page).first().textContent())?.trim()).toContain('gpt-5 · medium');
  });

  it('offers only the efforts the chosen model accepts, and the status bar follows the choice', async ({ onTestFinished }) => {
    const { page } = chat;
    await until(async () => ((await statusItem(page).first().textContent().catch(() => null)) ?? '').includes('gpt-5 · medium'), 'the status bar to show the configured gpt-5 · medium');
    // Put the model and effort back (also after a failure): the other tests expect gpt-5 · medium.
    onTestFinished(async () => {
      await runCommand(page, 'Codewright: Select Model');
      await choose(page, 'gpt-5');
      await runCommand(page, 'Codewright: Select Reasoning Effort');
      await choose(page, 'medium');
      await until(async () => ((await statusItem(page).first().textContent()) ?? '').includes('gpt-5 · medium'), 'the status bar to show gpt-5 · medium again');
    });
    await runCommand(page, 'Codewright: Select Reasoning Effort');
    expect(await quickPickLabels(page)).toEqual(['minimal', 'low', 'medium', 'high']);
    await choose(page, 'low');
    await until(async () => ((await statusItem(page).first().textContent()) ?? '').includes('gpt-5 · low'), 'the status bar to show low effort');

    await runCommand(page, 'Codewright: Select Model');
    const models = await until(async () => {
      const labels = await quickPickLabels(page);
      return labels.includes('o3') ? labels : undefined;
    }, 'the endpoint\'s models in the picker');
    // The endpoint's Responses models, table models first; no embeddings or audio models.
    expect(models.slice(0, 2)).toEqual(['gpt-5', 'gpt-5-mini']);
    expect(models).toContain('gpt-4.1');
    expect(models).not.toContain('whisper-1');
    expect(models).not.toContain('text-embedding-3-small');
    await choose(page, 'gpt-5.1');
    await until(async () => ((await statusItem(page).first().textContent()) ?? '').includes('gpt-5.1 ·'), 'the status bar to show gpt-5.1');
    await runCommand(page, 'Codewright: Select Reasoning Effort');
    const offered = await quickPickLabels(page);
    expect(offered).not.toContain('minimal');
    expect(offered).toContain('low');
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  });

  it('asks a typed question about the selection, and the status bar spins until the answer is done', async () => {
    const { page, fake, frame } = chat;
    const before = fake.requests.length;
    fake.enqueue({ output: [{ type: 'message', text: 'It adds every price, starting from zero, and returns the sum.', chunks: 8 }], chunkDelayMs: 300 });
    await page.locator('.monaco-editor .view-lines').first().click();
    await selectLines(page, 1, 5);
    await runCommand(page, 'Codewright: Ask About Selection…');
    const box = await answerInputBox(page, 'Does this handle an empty list?');
    expect(box.prompt).toContain('question');

    await page.locator('.statusbar-item .codicon-loading').first().waitFor({ state: 'visible', timeout: 30_000 });
    await until(async () => ((await frame.locator('article.turn .answer').last().textContent()) ?? '').includes('returns the sum.'), 'the streamed answer', 60_000);
    await page.locator('.statusbar-item .codicon-loading').first().waitFor({ state: 'detached', timeout: 30_000 });

    const body = fake.requests[before].body as { input: { content: { type: string; text?: string }[] }[] };
    const texts = JSON.stringify(body.input);
    expect(texts).toContain('Does this handle an empty list?');
    expect(texts).toContain('for (const price of prices) sum += price;');
  });

  it('resumes an answer whose connection dropped mid-stream, showing it once and in full', async () => {
    const { frame, fake } = chat;
    const answer = 'Background responses keep going on the server, so a dropped stream is picked up again where it stopped, and nothing is shown twice.';
    const before = fake.requests.length;
    fake.enqueue({ output: [{ type: 'message', text: answer, chunks: 20 }], cutAfterEvents: 12, chunkDelayMs: 50 });
    await sendFromPanel(frame, 'Tell me about background responses');
    const turn = frame.locator('article.turn').last();
    await until(async () => ((await turn.getAttribute('class')) ?? '').length > 0 && ((await turn.locator('.answer').textContent()) ?? '').includes('nothing is shown twice.'), 'the full answer', 60_000);
    const shown = ((await turn.locator('.answer').textContent()) ?? '').replace(/\s+/g, ' ').trim();
    expect(shown).toBe(answer);
    expect(await turn.textContent()).toContain('The connection dropped once');
    const resumed = fake.requests.slice(before).filter((r) => r.method === 'GET');
    expect(resumed).toHaveLength(1);
    expect(resumed[0].path).toMatch(/starting_after=\d+/);
  });
});
