// Edits through the Responses API's built-in apply_patch tool, in a real VS Code (code-server):
// a model that has the tool (gpt-5.1, codewright.editTool on auto) is offered {type: "apply_patch"};
// its two apply_patch_call items become one proposal card; Apply writes both files in one step,
// keeping CRLF, and each call gets its own apply_patch_call_output.
// The tests share one workbench but each edits files of its own, so each passes alone and in any order.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';

const FILE = 'src/greeting.ts';
const NEW_FILE = 'src/farewell.ts';
/** The file the reject test proposes to delete: its own, so it exists whatever ran before. */
const LEGACY_FILE = 'src/legacy.ts';
const LEGACY = 'export const legacy = true;\n';
const ORIGINAL = ['export function greet(name: string): string {', "  return 'Hello ' + name;", '}', ''].join('\r\n');
const PATCHED = ['export function greet(name: string): string {', '  return `Hello, ${name}!`;', '}', ''].join('\r\n');
const UPDATE_DIFF = ['@@', ' export function greet(name: string): string {', "-  return 'Hello ' + name;", '+  return `Hello, ${name}!`;', ' }', ''].join('\n');

interface WireItem {
  type?: string;
  call_id?: string;
  status?: string;
  output?: string;
}

describe('edits through the built-in apply_patch tool, in a real VS Code', () => {
  let env: ChatWorkbench;
  let fake: FakeResponsesServer;
  let frame: Frame;
  let page: Page;
  let workspaceDir: string;

  function proposal() {
    return frame.locator('article.turn').last().locator('.proposal').last();
  }

  beforeAll(async () => {
    env = await openChatWorkbench({
      name: 'builtin-apply-patch',
      files: { [FILE]: ORIGINAL, [LEGACY_FILE]: LEGACY, '.vscode/settings.json': '{}\n' },
      userSettings: { 'codewright.model': 'gpt-5.1' },
      openFile: FILE,
    });
    ({ fake, frame, page, workspaceDir } = env);
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  it('shows two calls as one card, applies both files on Apply, and answers each call', async () => {
    fake.enqueue(
      {
        output: [
          { type: 'message', text: 'Updating greet and adding farewell.' },
          { type: 'apply_patch_call', callId: 'call_greet', operation: { type: 'update_file', path: FILE, diff: UPDATE_DIFF } },
          { type: 'apply_patch_call', callId: 'call_farewell', operation: { type: 'create_file', path: NEW_FILE, diff: '+export const farewell = (name: string): string => `Bye ${name}`;\n' } },
        ],
        chunkDelayMs: 40,
      },
      { output: [{ type: 'message', text: 'Both files are done.' }] },
    );
    await sendFromPanel(frame, 'Use a template literal and add farewell');
    await until(async () => (await proposal().getAttribute('data-status')) === 'ready', 'a ready proposal');
    expect((fake.requests[fake.requests.length - 1].body as { tools?: unknown[] }).tools).toContainEqual({ type: 'apply_patch' });
    expect(await frame.locator('article.turn').last().locator('.proposal').count()).toBe(1);
    const files = await proposal().locator('.proposal-files li').allTextContents();
    expect(files).toHaveLength(2);
    expect(files[0]).toContain(`${FILE}+1−1`);
    expect(files[1]).toContain(NEW_FILE);
    expect(readFileSync(join(workspaceDir, FILE), 'utf8')).toBe(ORIGINAL);
    expect(existsSync(join(workspaceDir, NEW_FILE))).toBe(false);

    const requestsBefore = fake.requests.length;
    await proposal().locator('[data-action="apply-proposal"]').click();
    await until(async () => readFileSync(join(workspaceDir, FILE), 'utf8') === PATCHED, 'the updated file on disk');
    await until(async () => existsSync(join(workspaceDir, NEW_FILE)), 'the created file on disk');
    expect(readFileSync(join(workspaceDir, NEW_FILE), 'utf8')).toBe('export const farewell = (name: string): string => `Bye ${name}`;\n');
    await until(async () => fake.requests.length > requestsBefore, 'the tool result request');
    const body = fake.requests[requestsBefore].body as { input: WireItem[] };
    const outputs = body.input.filter((item) => item.type === 'apply_patch_call_output');
    expect(outputs.map((item) => [item.call_id, item.status])).toEqual([
      ['call_greet', 'completed'],
      ['call_farewell', 'completed'],
    ]);
    // When the TypeScript server checked the edit in time, the output says it found nothing new.
    expect(outputs[0].output?.replace(/\n\nNo new errors reported in the edited files\.$/, '')).toBe(`Success. Updated the following files:\nM ${FILE}\nA ${NEW_FILE}`);
    await until(async () => ((await frame.locator('article.turn').last().locator('.answer').textContent()) ?? '').includes('Both files are done.'), 'the follow-up answer');
    expect(await proposal().getAttribute('data-status')).toBe('applied');
  });

  it('answers every call as failed with the reason when the user rejects the card, and writes nothing', async () => {
    const other = 'src/other.ts';
    fake.enqueue(
      {
        output: [
          { type: 'apply_patch_call', callId: 'call_a', operation: { type: 'create_file', path: other, diff: '+export const other = 1;\n' } },
          { type: 'apply_patch_call', callId: 'call_b', operation: { type: 'delete_file', path: LEGACY_FILE } },
        ],
      },
      { output: [{ type: 'message', text: 'Alright, no change.' }] },
    );
    await sendFromPanel(frame, 'Replace legacy with other');
    await until(async () => (await proposal().getAttribute('data-status')) === 'ready', 'a ready proposal');
    const requestsBefore = fake.requests.length;
    await proposal().locator('.proposal-reason').fill('keep legacy');
    await proposal().locator('[data-action="reject-proposal"]').click();
    await until(async () => fake.requests.length > requestsBefore, 'the tool result request');
    const body = fake.requests[requestsBefore].body as { input: WireItem[] };
    const outputs = body.input.filter((item) => item.type === 'apply_patch_call_output');
    expect(outputs.map((item) => [item.call_id, item.status])).toEqual([
      ['call_a', 'failed'],
      ['call_b', 'failed'],
    ]);
    expect(outputs[1].output).toContain('Their reason: keep legacy');
    // The panel hears of the rejection in its own message, which may arrive after the request does.
    await until(async () => (await proposal().getAttribute('data-status')) === 'rejected', 'the rejected card');
    expect(existsSync(join(workspaceDir, other))).toBe(false);
    expect(readFileSync(join(workspaceDir, LEGACY_FILE), 'utf8')).toBe(LEGACY);
  });

  it('asks before changing .vscode/settings.json and leaves the card ready when the user cancels', async () => {
    const diff = '@@\n-{}\n+{ "task.allowAutomaticTasks": "on" }\n';
    fake.enqueue({ output: [{ type: 'apply_patch_call', callId: 'call_sensitive', operation: { type: 'update_file', path: '.vscode/settings.json', diff } }] });
    await sendFromPanel(frame, 'Turn on automatic tasks');
    await until(async () => (await proposal().getAttribute('data-status')) === 'ready', 'a ready proposal');
    expect(await proposal().locator('.proposal-badge.sensitive').count()).toBe(1);
    await proposal().locator('[data-action="apply-proposal"]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toContain('.vscode/settings.json');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await proposal().getAttribute('data-status')).toBe('ready');
    expect(readFileSync(join(workspaceDir, '.vscode', 'settings.json'), 'utf8')).toBe('{}\n');
  });
});
