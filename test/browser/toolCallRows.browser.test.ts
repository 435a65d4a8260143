// Read-tool calls in the chat panel (headless Chromium, real CSP): one compact row per call that
// appears while the call streams, opens by keyboard to the exact output the model received, and
// the consent card whose Allow once / Deny post the typed answer.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChatSnapshot, ExtensionMessage, WebviewMessage } from '../../src/common/protocol';
import { useWebviewPages } from '../harness/webviewPageSetup';

const panel = useWebviewPages();

const snapshot: ChatSnapshot = {
  conversationId: 'c1',
  turns: [{ id: 't1', prompt: 'Fix the discount', contextLabels: [], answer: '', reasoning: '', refusal: '', status: 'streaming' }],
  chips: [],
  controls: { model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', modelSuggestions: ['gpt-5'], efforts: ['low', 'medium', 'high'], verbosities: ['low', 'medium', 'high'] },
  history: [],
  generating: true,
  demo: false,
  hasApiKey: true,
};

async function openApp(): Promise<Page> {
  const page = await panel.browser().newPage();
  await page.goto(panel.pages().pageUrl());
  await page.waitForSelector('#codewright-app .transcript');
  await send(page, { type: 'snapshot', snapshot });
  return page;
}

async function send(page: Page, ...messages: ExtensionMessage[]): Promise<void> {
  await page.evaluate(`(${JSON.stringify(messages)}).forEach((m) => window.postMessage(m, '*'))`);
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

describe('tool-call rows', () => {
  it('shows a row while the call streams and opens it by keyboard to the exact output', async () => {
    const page = await openApp();
    await send(page, { type: 'toolCall', turnId: 't1', call: { id: 'call_read', name: 'read_file', label: 'Read `src/order.ts`', status: 'streaming' } });
    const row = page.locator('.tool-call[data-call-id="call_read"]');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('streaming');
    const output = '<img src=x onerror=alert(1)>\n1: export const total = 1;';
    await send(page, { type: 'toolCall', turnId: 't1', call: { id: 'call_read', name: 'read_file', label: 'Read `src/order.ts` 1–1', status: 'done', output } });
    expect(await row.locator('summary').textContent()).toContain('Read src/order.ts 1–1');
    expect(await row.locator('summary code').textContent()).toBe('src/order.ts');
    await row.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await row.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);
    // The output is text, never markup.
    expect(await row.locator('.tool-call-output').textContent()).toBe(output);
    expect(await page.locator('.tool-call-output img').count()).toBe(0);
    await page.close();
  });

  it('asks for consent with Allow once / Deny and posts the answer', async () => {
    const page = await openApp();
    const call = { id: 'call_env', name: 'read_file', label: 'Read `.env`', status: 'awaiting-consent' as const, consent: { path: '.env', reason: 'it looks like a secret (environment file)' } };
    await send(page, { type: 'toolCall', turnId: 't1', call });
    const card = page.locator('.tool-call-row[data-call-id="call_env"] .tool-consent');
    await card.waitFor();
    expect(await card.textContent()).toContain('The model wants to read .env');
    await card.getByRole('button', { name: 'Deny' }).focus();
    await page.keyboard.press('Enter');
    const posted = (await page.evaluate('window.__posted')) as WebviewMessage[];
    expect(posted.filter((message) => message.type === 'toolConsent')).toEqual([{ type: 'toolConsent', callId: 'call_env', allow: false }]);
    await send(page, { type: 'toolCall', turnId: 't1', call: { ...call, status: 'denied', label: 'Read `.env` — denied', consent: undefined, output: 'The user denied reading .env.' } });
    expect(await page.locator('.tool-consent').count()).toBe(0);
    await page.close();
  });

  it('counts tool rounds in the turn footer', async () => {
    const page = await openApp();
    await send(page, {
      type: 'turnEnded',
      turn: { ...snapshot.turns[0], status: 'completed', answer: 'Fixed.', footer: { model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', elapsedMs: 1200, toolRounds: 3 } },
    });
    expect(await page.locator('.turn-footer').textContent()).toContain('3 tool rounds');
    await page.close();
  });
});
