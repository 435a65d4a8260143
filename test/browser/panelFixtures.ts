// What the panel's browser tests share: a snapshot as the host posts it, opening the panel with
// messages already delivered, posting more, and reading what the panel posted back.
import type { Page } from 'playwright-core';
import type { ChatSnapshot, ExtensionMessage, WebviewMessage } from '../../src/common/protocol';
import type { useWebviewPages } from '../harness/webviewPageSetup';

type Panel = ReturnType<typeof useWebviewPages>;

/** A ready chat with no turns, no chips and gpt-5 at medium effort; `overrides` replaces fields. */
export function panelSnapshot(overrides: Partial<ChatSnapshot> = {}): ChatSnapshot {
  return {
    conversationId: 'c1',
    turns: [],
    chips: [],
    controls: { model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', modelSuggestions: ['gpt-5'], efforts: ['minimal', 'low', 'medium', 'high'], verbosities: ['low', 'medium', 'high'] },
    history: [],
    generating: false,
    demo: false,
    hasApiKey: true,
    ...overrides,
  };
}

/** Posts host messages to the panel; messages land as tasks, so two frames let them and the render run. */
export async function postToPanel(page: Page, ...messages: ExtensionMessage[]): Promise<void> {
  await page.evaluate(`(${JSON.stringify(messages)}).forEach((m) => window.postMessage(m, '*'))`);
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

/** A new page with the panel loaded and `messages` delivered. */
export async function openPanel(panel: Panel, ...messages: ExtensionMessage[]): Promise<Page> {
  const page = await panel.browser().newPage();
  await page.goto(panel.pages().pageUrl());
  await page.waitForSelector('#codewright-app .transcript');
  await postToPanel(page, ...messages);
  return page;
}

/** Every message the panel posted to the host so far. */
export async function postedByPanel(page: Page): Promise<WebviewMessage[]> {
  return (await page.evaluate('window.__posted')) as WebviewMessage[];
}
