// @-mentions in the prompt box, in headless Chromium under the real CSP, with the real webview
// bundle: `@` asks the extension for suggestions, the list is an ARIA listbox the prompt box
// controls as a combobox, and everything — moving, choosing, closing — works from the keyboard
// with focus staying in the prompt box.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChatSnapshot, MentionItem } from '../../src/common/protocol';
import { useWebviewPages } from '../harness/webviewPageSetup';
import { openPanel, panelSnapshot, postedByPanel, postToPanel } from './panelFixtures';

const panel = useWebviewPages();

function snapshot(generating = false): ChatSnapshot {
  return panelSnapshot({
    chips: [{ id: 'file:src/a.ts', kind: 'file', label: 'src/a.ts', detail: '1 KB', bytes: 1000 }],
    controls: { model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', modelSuggestions: ['gpt-5'], efforts: ['low', 'medium'], verbosities: ['medium'] },
    generating,
  });
}

const FILES: MentionItem[] = [
  { kind: 'file', path: 'src/webview/composer.ts', positions: [12, 13, 14, 15] },
  { kind: 'file', path: 'src/common/chat/conversationStore.ts', positions: [16, 17, 18, 22] },
];

async function openApp(generating = false): Promise<Page> {
  const page = await openPanel(panel, { type: 'snapshot', snapshot: snapshot(generating) });
  await page.locator('.prompt-input').focus();
  return page;
}

const send = postToPanel;

const posted = postedByPanel;

/** Waits until the panel asked for suggestions for `query`, and returns that request's id. */
async function queryFor(page: Page, query: string): Promise<number> {
  const handle = await page.waitForFunction(
    (wanted) => (window as unknown as { __posted: { type: string; query?: string; requestId?: number }[] }).__posted.filter((m) => m.type === 'mentionQuery' && m.query === wanted).pop()?.requestId,
    query,
  );
  return (await handle.jsonValue()) as number;
}

/** Types `text` and answers the query it ends with, as the extension would. */
async function typeAndAnswer(page: Page, text: string, query: string, items: MentionItem[], note?: string): Promise<void> {
  await page.locator('.prompt-input').pressSequentially(text);
  const requestId = await queryFor(page, query);
  await send(page, { type: 'mentionResults', requestId, items, ...(note ? { note } : {}) });
}

async function activeId(page: Page): Promise<string | null> {
  return page.locator('.prompt-input').getAttribute('aria-activedescendant');
}

async function focusIsInPrompt(page: Page): Promise<boolean> {
  return page.evaluate(() => document.activeElement?.classList.contains('prompt-input') ?? false);
}

describe('@-mentions in the prompt box', () => {
  it('asks the extension for suggestions after @ and shows them as a listbox the prompt box controls', async () => {
    const page = await openApp();
    const input = page.locator('.prompt-input');
    expect(await input.getAttribute('role')).toBe('combobox');
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    await typeAndAnswer(page, 'Explain @comp', 'comp', FILES);
    const list = page.locator('[role="listbox"]');
    await list.waitFor();
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    expect(await input.getAttribute('aria-controls')).toBe(await list.getAttribute('id'));
    const options = list.locator('[role="option"]');
    expect(await options.count()).toBe(2);
    expect(await activeId(page)).toBe(await options.nth(0).getAttribute('id'));
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('true');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('false');
    // The file name first, its folder beside it; matched letters are marked.
    expect(await options.nth(0).locator('.mention-name').textContent()).toBe('composer.ts');
    expect(await options.nth(0).locator('.mention-detail').textContent()).toBe('src/webview');
    expect(await options.nth(0).locator('.mention-match').allTextContents()).toEqual(['comp']);
    expect(await page.locator('.mention-status').textContent()).toBe('2 suggestions');
    await page.close();
  });

  it('moves with the arrows and chooses with Enter: the text becomes @path, the choice goes to the extension, nothing is sent', async () => {
    const page = await openApp();
    await typeAndAnswer(page, 'Explain @co', 'co', FILES);
    const input = page.locator('.prompt-input');
    await input.press('ArrowDown');
    const second = page.locator('[role="option"]').nth(1);
    expect(await activeId(page)).toBe(await second.getAttribute('id'));
    expect(await second.getAttribute('aria-selected')).toBe('true');
    await input.press('ArrowDown'); // wraps to the first
    await input.press('ArrowUp'); // and back to the last
    expect(await activeId(page)).toBe(await second.getAttribute('id'));
    await input.press('Enter');
    expect(await input.inputValue()).toBe('Explain @src/common/chat/conversationStore.ts ');
    expect(await focusIsInPrompt(page)).toBe(true);
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    expect(await page.locator('.mention-popup').isHidden()).toBe(true);
    const messages = await posted(page);
    expect(messages.some((message) => message.type === 'send')).toBe(false);
    expect(messages.filter((message) => message.type === 'addMention')).toEqual([
      { type: 'addMention', requestId: expect.any(Number), mention: { kind: 'file', path: 'src/common/chat/conversationStore.ts' } },
    ]);
    // With the list closed, Enter sends the prompt as usual.
    await input.press('Enter');
    expect((await posted(page)).filter((message) => message.type === 'send').map((message) => (message as { prompt: string }).prompt)).toEqual([
      'Explain @src/common/chat/conversationStore.ts ',
    ]);
    await page.close();
  });

  it('chooses a special mention with Tab', async () => {
    const page = await openApp();
    await typeAndAnswer(page, '@pro', 'pro', [{ kind: 'special', name: 'problems', description: 'Errors and warnings in the workspace', positions: [0, 1, 2] }]);
    expect(await page.locator('[role="option"] .mention-name').textContent()).toBe('@problems');
    await page.locator('.prompt-input').press('Tab');
    expect(await page.locator('.prompt-input').inputValue()).toBe('@problems ');
    expect(await focusIsInPrompt(page)).toBe(true);
    expect((await posted(page)).filter((message) => message.type === 'addMention').map((message) => (message as { mention: unknown }).mention)).toEqual([{ kind: 'problems' }]);
    await page.close();
  });

  it('closes the list with Escape without stopping the answer being generated; the next Escape stops it', async () => {
    const page = await openApp(true);
    await typeAndAnswer(page, 'then @', '', FILES);
    await page.locator('[role="listbox"]').waitFor();
    await page.locator('.prompt-input').press('Escape');
    expect(await page.locator('.mention-popup').isHidden()).toBe(true);
    expect(await page.locator('.prompt-input').inputValue()).toBe('then @');
    expect((await posted(page)).some((message) => message.type === 'stop')).toBe(false);
    await page.locator('.prompt-input').press('Escape');
    expect((await posted(page)).some((message) => message.type === 'stop')).toBe(true);
    await page.close();
  });

  it('keeps focus in the prompt box and the active option when the chips re-render', async () => {
    const page = await openApp();
    await typeAndAnswer(page, '@co', 'co', FILES);
    await page.locator('.prompt-input').press('ArrowDown');
    const before = await activeId(page);
    await send(page, { type: 'chips', chips: [{ id: 'mention:problems', kind: 'problems', label: '@problems', detail: '1 error', bytes: 80 }] });
    expect(await page.locator('.chip-problems .chip-label').textContent()).toBe('@problems');
    expect(await focusIsInPrompt(page)).toBe(true);
    expect(await activeId(page)).toBe(before);
    expect(await page.locator('.mention-popup').isVisible()).toBe(true);
    await page.close();
  });

  it('shows only the answer to the latest query, and says when nothing matches', async () => {
    const page = await openApp();
    const input = page.locator('.prompt-input');
    await input.pressSequentially('@zz');
    const first = await queryFor(page, 'zz');
    await input.pressSequentially('q');
    const second = await queryFor(page, 'zzq');
    await send(page, { type: 'mentionResults', requestId: second, items: [] }, { type: 'mentionResults', requestId: first, items: FILES });
    expect(await page.locator('[role="option"]').count()).toBe(0);
    expect(await page.locator('.mention-status').textContent()).toBe('Nothing matches “zzq”.');
    expect(await input.getAttribute('aria-activedescendant')).toBeNull();
    await page.close();
  });

  it('replaces the special mentions shown while the file list is built with the full answer to the same query', async () => {
    const page = await openApp();
    const special: MentionItem = { kind: 'special', name: 'open-editors', description: 'Every file open in an editor tab', positions: [0] };
    await page.locator('.prompt-input').pressSequentially('@o');
    const requestId = await queryFor(page, 'o');
    await send(page, { type: 'mentionResults', requestId, items: [special], note: 'Listing the workspace files…' });
    expect(await page.locator('.mention-status').textContent()).toBe('1 suggestion Listing the workspace files…');
    await send(page, { type: 'mentionResults', requestId, items: [special, ...FILES] });
    expect(await page.locator('[role="option"]').count()).toBe(3);
    expect(await page.locator('.mention-status').textContent()).toBe('3 suggestions');
    await page.close();
  });

  it('shows the reason when the extension refuses a chosen mention', async () => {
    const page = await openApp();
    await typeAndAnswer(page, '@sel', 'sel', [{ kind: 'special', name: 'selection', description: 'The code selected in the editor', positions: [0, 1, 2] }]);
    await page.locator('.prompt-input').press('Enter');
    const choice = (await posted(page)).find((message) => message.type === 'addMention') as { requestId: number };
    await send(page, { type: 'reply', requestId: choice.requestId, ok: false, error: 'Nothing is selected. Select code in an editor, then mention @selection.' });
    expect(await page.locator('.composer-note').textContent()).toBe('Nothing is selected. Select code in an editor, then mention @selection.');
    await page.close();
  });

  it('does not open for an @ inside a word (an e-mail address), and chooses with a click without losing focus', async () => {
    const page = await openApp();
    const input = page.locator('.prompt-input');
    await input.pressSequentially('mail me@exa');
    await typeAndAnswer(page, ' @co', 'co', FILES);
    expect((await posted(page)).filter((message) => message.type === 'mentionQuery').map((message) => (message as { query: string }).query)).not.toContain('exa');
    await page.locator('[role="option"]').nth(0).click();
    expect(await input.inputValue()).toBe('mail me@exa @src/webview/composer.ts ');
    expect(await focusIsInPrompt(page)).toBe(true);
    await page.close();
  });
});
