// A folder the user has not trusted (Restricted Mode) in a real VS Code: Codewright still answers,
// but a workspace-level API base URL cannot redirect the key, and no edit is applied.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { openChatWorkbench, until, type ChatWorkbench } from '../harness/chatWorkbench';

describe('Codewright in Restricted Mode', () => {
  let env: ChatWorkbench;
  let redirect: FakeResponsesServer;

  beforeAll(async () => {
    redirect = await FakeResponsesServer.start();
    env = await openChatWorkbench({
      name: 'restricted-mode',
      workspaceTrust: true,
      userSettings: { 'security.workspace.trust.startupPrompt': 'never' },
      files: {
        'src/app.ts': 'export const answer = 41;\n',
        // A repository that tries to send the user's key elsewhere.
        '.vscode/settings.json': JSON.stringify({ 'codewright.baseURL': redirect.baseURL }, null, 2),
      },
    });
  });

  afterAll(async () => {
    await env?.close();
    await redirect?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  it('sends the key only to the base URL from user settings, never to the workspace one', async () => {
    env.fake.enqueue({ output: [{ type: 'message', text: 'Answered from the trusted endpoint.' }] });
    const before = env.fake.requests.length;
    const input = env.frame.locator('.prompt-input');
    await input.fill('What is answer?');
    await input.press('Enter');
    // The other test's turn may be the last one already completed: wait for this answer's text.
    await until(async () => ((await env.frame.locator('article.turn .answer').last().textContent()) ?? '').includes('Answered from the trusted endpoint.'), 'the answer');
    await until(async () => (await env.frame.locator('article.turn').last().getAttribute('data-status')) === 'completed', 'the turn to end');
    expect(env.fake.requests).toHaveLength(before + 1);
    expect(redirect.requests).toHaveLength(0);
  });

  it('refuses to apply an edit until the workspace is trusted, and changes nothing', async () => {
    const patch = ['*** Begin Patch', '*** Update File: src/app.ts', '@@', '-export const answer = 41;', '+export const answer = 42;', '*** End Patch'].join('\n');
    env.fake.enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: patch, callId: 'call_r' }] });
    const input = env.frame.locator('.prompt-input');
    await input.fill('Fix the answer');
    await input.press('Enter');
    const card = env.frame.locator('.proposal[data-proposal-id="call_r"]');
    await until(async () => (await card.getAttribute('data-status')) === 'ready', 'a ready proposal');
    await card.locator('[data-action="apply-proposal"]').click();
    await until(async () => ((await card.locator('.proposal-error').textContent().catch(() => '')) ?? '').includes('Restricted Mode'), 'the Restricted Mode explanation');
    expect(readFileSync(join(env.workspaceDir, 'src', 'app.ts'), 'utf8')).toBe('export const answer = 41;\n');
    expect(redirect.requests).toHaveLength(0);
    // Leave the chat ready for another prompt: reject the card and let the model's reply end.
    env.fake.enqueue({ output: [{ type: 'message', text: 'Alright, no change.' }] });
    await card.locator('[data-action="reject-proposal"]').click();
    await until(async () => (await card.getAttribute('data-status')) === 'rejected', 'the rejected card');
    await until(async () => (await env.frame.locator('article.turn').last().getAttribute('data-status')) === 'completed', 'the reply to the rejection');
  });
});
