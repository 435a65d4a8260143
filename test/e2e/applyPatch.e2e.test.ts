// Edits proposed by the model through apply_patch, applied in a real VS Code (code-server): the
// proposal card, Apply changing the editor buffer and the disk in one undoable edit, the result
// going back to the model, Reject with a reason, and sensitive files needing confirmation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';

const FILE = 'src/greeting.ts';
// CRLF on purpose: the edit must keep the file's line endings.
const ORIGINAL = ['export function greet(name: string): string {', "  return 'Hello ' + name;", '}', ''].join('\r\n');
const PATCH = [
  '*** Begin Patch',
  `*** Update File: ${FILE}`,
  '@@',
  ' export function greet(name: string): string {',
  "-  return 'Hello ' + name;",
  '+  return `Hello, ${name}!`;',
  ' }',
  '*** End Patch',
].join('\n');
const PATCHED = ['export function greet(name: string): string {', '  return `Hello, ${name}!`;', '}', ''].join('\r\n');
// The reject test edits its own file: the greet file may still be settling after the previous test's Undo.
const FAREWELL_FILE = 'src/farewell.ts';
const FAREWELL = "export const farewell = (name: string): string => 'Bye ' + name;\n";
const FAREWELL_PATCH = [
  '*** Begin Patch',
  `*** Update File: ${FAREWELL_FILE}`,
  '@@',
  "-export const farewell = (name: string): string => 'Bye ' + name;",
  '+export const farewell = (name: string): string => `Bye ${name}`;',
  '*** End Patch',
].join('\n');

describe('edits proposed by the model, in a real VS Code', () => {
  let env: ChatWorkbench;
  let fake: FakeResponsesServer;
  let page: Page;
  let frame: Frame;
  let workspaceDir: string;

  /** The editor's visible text (Monaco renders spaces as no-break spaces). */
  async function editorText(): Promise<string> {
    return ((await page.locator('.monaco-editor .view-lines').first().textContent()) ?? '').replace(/\u00a0/g, ' ');
  }

  function proposal() {
    return frame.locator('article.turn').last().locator('.proposal').last();
  }

  beforeAll(async () => {
    env = await openChatWorkbench({
      name: 'apply-patch',
      files: { [FILE]: ORIGINAL, [FAREWELL_FILE]: FAREWELL, '.vscode/settings.json': '{}\n' },
      openFile: FILE,
    });
    ({ fake, page, frame, workspaceDir } = env);
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  it('applies a proposed edit to the file in one undoable step, keeps CRLF, and tells the model', async () => {
    fake.enqueue(
      {
        output: [
          { type: 'message', text: 'I will use a template literal.' },
          { type: 'custom_tool_call', name: 'apply_patch', input: PATCH, chunks: 10, callId: 'call_greet' },
        ],
        chunkDelayMs: 40,
      },
      { output: [{ type: 'message', text: 'Done. `greet` now uses a template literal.' }] },
    );
    await sendFromPanel(frame, 'Use a template literal in greet');
    await until(async () => (await proposal().getAttribute('data-status')) === 'ready', 'a ready proposal');
    expect(await proposal().locator('.proposal-files li').first().textContent()).toContain(`${FILE}+1−1`);
    // Nothing is written before the user applies.
    expect(readFileSync(join(workspaceDir, FILE), 'utf8')).toBe(ORIGINAL);

    const requestsBefore = fake.requests.length;
    await proposal().locator('[data-action="apply-proposal"]').click();
    await until(async () => readFileSync(join(workspaceDir, FILE), 'utf8') === PATCHED, 'the file on disk to be patched');
    await until(async () => (await proposal().getAttribute('data-status')) === 'applied', 'the applied state');
    await until(async () => fake.requests.length > requestsBefore, 'the tool result request');
    const body = fake.requests[requestsBefore].body as { input: { type?: string; call_id?: string; output?: string }[] };
    const result = body.input.find((item) => item.type === 'custom_tool_call_output');
    expect(result?.call_id).toBe('call_greet');
    // When the TypeScript server checked the edit in time, the output says it found nothing new.
    expect(result?.output?.replace(/\n\nNo new errors reported in the edited files\.$/, '')).toBe(`Success. Updated the following files:\nM ${FILE}`);
    await until(async () => ((await frame.locator('article.turn').last().locator('.answer').textContent()) ?? '').includes('now uses a template literal'), 'the follow-up answer');
    expect(await editorText()).toContain('Hello, ${name}!');

    // One undo in the editor restores the buffer.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Z');
    await until(async () => (await editorText()).includes("'Hello ' + name"), 'the undo');
    // The edit had been saved, so its undo is saved too: the disk is back to the original bytes.
    await until(async () => readFileSync(join(workspaceDir, FILE), 'utf8') === ORIGINAL, 'the undo saved to disk');
  });

  it('rejects an edit with a reason, changes nothing, and tells the model', async () => {
    fake.enqueue(
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: FAREWELL_PATCH, callId: 'call_no' }] },
      { output: [{ type: 'message', text: 'Alright, no change.' }] },
    );
    await sendFromPanel(frame, 'Use a template literal in farewell');
    await until(async () => (await proposal().getAttribute('data-status')) === 'ready', 'a ready proposal');
    const requestsBefore = fake.requests.length;
    await proposal().locator('.proposal-reason').fill('keep the punctuation');
    await proposal().locator('[data-action="reject-proposal"]').click();
    await until(async () => fake.requests.length > requestsBefore, 'the tool result request');
    const body = fake.requests[requestsBefore].body as { input: { type?: string; output?: string }[] };
    expect(body.input.find((item) => item.type === 'custom_tool_call_output')?.output).toContain('Their reason: keep the punctuation');
    // The card turns 'rejected' when the panel gets the update, which can come after the server got the request.
    await until(async () => (await proposal().getAttribute('data-status')) === 'rejected', 'the rejected card');
    expect(readFileSync(join(workspaceDir, FAREWELL_FILE), 'utf8')).toBe(FAREWELL);
    // The model's reply to the rejection ends before the next test sends (a send while it streams is refused).
    await until(async () => (await frame.locator('article.turn').last().getAttribute('data-status')) === 'completed', 'the reply to the rejection');
  });

  it('asks before changing .vscode/settings.json and changes nothing when the user cancels', async () => {
    const patch = ['*** Begin Patch', '*** Update File: .vscode/settings.json', '@@', '-{}', '+{ "task.allowAutomaticTasks": "on" }', '*** End Patch'].join('\n');
    fake.enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: patch, callId: 'call_sensitive' }] });
    await sendFromPanel(frame, 'Turn on automatic tasks');
    await until(async () => (await proposal().getAttribute('data-status')) === 'ready', 'a ready proposal');
    expect(await proposal().locator('.proposal-badge.sensitive').count()).toBe(1);
    await proposal().locator('[data-action="apply-proposal"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    // Each file is named with what it configures or runs, not only its path.
    expect(await dialog.textContent()).toContain('.vscode/settings.json — configures the editor');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForTimeout(500);
    expect(readFileSync(join(workspaceDir, '.vscode', 'settings.json'), 'utf8')).toBe('{}\n');
    expect(await proposal().getAttribute('data-status')).toBe('ready');
  });
});
