// How full the context window is, as the panel shows it: the footer's meter, its warning and the
// New Chat with Summary button once the chat is nearly full, the same button on a turn that failed
// for lack of room, and the tokens the prompt cache served and took in.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChatSnapshot, ExtensionMessage, TurnFooter, TurnView } from '../../src/common/protocol';
import { useWebviewPages } from '../harness/webviewPageSetup';
import { openPanel, panelSnapshot, postedByPanel } from './panelFixtures';

const panel = useWebviewPages();

function turn(overrides: Partial<TurnView> = {}): TurnView {
  return { id: 't1', prompt: 'Explain this', contextLabels: [], answer: 'An answer.', reasoning: '', refusal: '', status: 'completed', ...overrides };
}

function snapshot(turns: TurnView[]): ChatSnapshot {
  return panelSnapshot({ turns });
}

async function openWith(...messages: ExtensionMessage[]): Promise<Page> {
  return openPanel(panel, ...messages);
}

const posted = postedByPanel;

const footer = (overrides: Partial<TurnFooter> = {}): TurnFooter => ({ model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', elapsedMs: 1200, ...overrides });
const summaryButton = '[data-action="new-chat-with-summary"]';

describe('the context meter in a turn footer', () => {
  it('shows how full the window is, without a warning while there is room', async () => {
    const page = await openWith({ type: 'snapshot', snapshot: snapshot([turn({ footer: footer({ context: { usedTokens: 120_000, windowTokens: 400_000 } }) })]) });
    const meter = page.locator('article[data-turn-id="t1"] .context-meter');
    expect(await meter.textContent()).toBe(' · context 30% of 400k');
    expect(await meter.getAttribute('class')).not.toContain('context-meter-full');
    expect(await meter.getAttribute('title')).toBe("120,000 of 400,000 tokens of gpt-5's context window");
    expect(await page.locator(summaryButton).count()).toBe(0);
    await page.close();
  });

  it('warns past 80% and offers New Chat with Summary, which asks the host for it', async () => {
    const page = await openWith({ type: 'snapshot', snapshot: snapshot([turn({ footer: footer({ context: { usedTokens: 350_000, windowTokens: 400_000 } }) })]) });
    const meter = page.locator('article[data-turn-id="t1"] .context-meter');
    expect(await meter.textContent()).toBe(' · context 88% of 400k');
    expect(await meter.getAttribute('class')).toContain('context-meter-full');
    const before = (await posted(page)).length;
    await page.locator(`article[data-turn-id="t1"] .turn-footer ${summaryButton}`).click();
    expect((await posted(page)).slice(before)).toEqual([{ type: 'newChatWithSummary' }]);
    await page.close();
  });
});

describe('a turn that failed because the chat outgrew the window', () => {
  it('explains it and offers New Chat with Summary next to Retry', async () => {
    const message = "This conversation no longer fits in gpt-5's context window (context_length_exceeded). Start a new chat with a summary of this one to go on where you left off, or start a new chat.";
    const page = await openWith({ type: 'snapshot', snapshot: snapshot([turn({ status: 'failed', answer: '', error: { message, action: 'new-chat-with-summary' } })]) });
    const status = page.locator('article[data-turn-id="t1"] .status-error');
    expect(await status.textContent()).toContain(message);
    const buttons = await page.locator('article[data-turn-id="t1"] button').allTextContents();
    expect(buttons.map((text) => text.trim())).toEqual(expect.arrayContaining(['New Chat with Summary', 'Retry']));
    const before = (await posted(page)).length;
    await page.locator(`article[data-turn-id="t1"] ${summaryButton}`).click();
    expect((await posted(page)).slice(before)).toEqual([{ type: 'newChatWithSummary' }]);
    await page.close();
  });
});

describe('the prompt cache in a turn footer', () => {
  it('shows the input tokens served from the cache and those written to it', async () => {
    const usage = { inputTokens: 12_000, cachedInputTokens: 9_000, cacheWriteTokens: 3_000, outputTokens: 400, reasoningTokens: 100 };
    const page = await openWith({ type: 'snapshot', snapshot: snapshot([turn({ footer: footer({ usage, cacheSavingsUsd: 0.01 }) })]) });
    const text = await page.locator('article[data-turn-id="t1"] .turn-footer').textContent();
    expect(text).toContain('12,000 in (9,000 cached, 3,000 written to cache)');
    expect(text).toContain('cache saved $0.01');
    await page.close();
  });
});
