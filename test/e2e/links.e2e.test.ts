// Links in model output, clicked in a real VS Code (code-server): nothing is fetched before the
// user agrees. Each click shows a modal with the full URL — for a named host, for this computer
// and for the placeholders of remote images alike — Cancel opens nothing, Open opens it once.
// All traffic stays on this machine: Chromium resolves the test host name to 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';

const TEST_HOST = 'attacker.test';

describe('links in a chat answer', () => {
  let env: ChatWorkbench;
  let page: Page;
  let frame: Frame;
  let target: http.Server;
  let port = 0;
  /** Every path the link target server was asked for, in order. */
  const requested: string[] = [];

  beforeAll(async () => {
    target = http.createServer((req, res) => {
      // The opened tab's icon request is the browser's, not a second opening of the link.
      if (req.url !== '/favicon.ico') requested.push(req.url ?? '');
      res.setHeader('content-type', 'text/html');
      res.end('<title>link target</title>opened');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    port = (target.address() as AddressInfo).port;
    env = await openChatWorkbench({
      name: 'links',
      files: { 'README.md': '# links\n' },
      chromiumArgs: [`--host-resolver-rules=MAP ${TEST_HOST} 127.0.0.1`],
    });
    ({ page, frame } = env);
    const named = `http://${TEST_HOST}:${port}`;
    const local = `http://127.0.0.1:${port}`;
    env.fake.enqueue({
      output: [
        {
          type: 'message',
          text: [
            `Read [the named page](${named}/named-cancel) or [this one](${named}/named-open).`,
            `Local: [the admin page](${local}/local-cancel).`,
            `Chart: ![chart](${local}/image-cancel.png) and <img src="${local}/raw-cancel.png" alt="raw">`,
          ].join('\n\n'),
          chunks: 4,
        },
      ],
    });
    await sendFromPanel(frame, 'Where can I read more?');
    await until(async () => (await frame.locator('article.turn').last().getAttribute('data-status')) === 'completed', 'the answer with links');
  });

  afterAll(async () => {
    await env?.close();
    await new Promise<void>((resolve) => (target ? target.close(() => resolve()) : resolve()));
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  const answer = () => frame.locator('article.turn').last().locator('.answer');
  const dialog = () => page.locator('.monaco-dialog-box');
  /** Codewright's own confirmation (VS Code may show its own dialog right after it). */
  const confirmation = () => page.locator('.monaco-dialog-box', { hasText: 'Open this link from the chat' });

  /** Clicks `link` and waits for the confirmation that names `url` in full. */
  async function clickAndExpectConfirmation(link: Locator, url: string): Promise<void> {
    await link.click();
    await confirmation().waitFor({ state: 'visible', timeout: 20_000 });
    expect(await confirmation().textContent()).toContain(url);
  }

  /** Presses `button` in the dialog `box` and waits until that dialog is gone (another may follow). */
  async function answerDialog(box: Locator, button: string): Promise<void> {
    await box.locator('.monaco-button', { hasText: new RegExp(`^${button}$`) }).click();
    await box.waitFor({ state: 'hidden' });
  }

  it('renders every link and image placeholder without an href', async () => {
    expect(await answer().locator('a').count()).toBe(5);
    expect(await answer().locator('[href]').count()).toBe(0);
    expect(await answer().locator('a[data-cw-href]').count()).toBe(5);
  });

  it('asks with the full URL before opening any link, and Cancel fetches nothing — named host, this computer, image placeholders', async () => {
    const links: Array<[string, string]> = [
      ['the named page', `http://${TEST_HOST}:${port}/named-cancel`],
      ['the admin page', `http://127.0.0.1:${port}/local-cancel`],
      ['chart', `http://127.0.0.1:${port}/image-cancel.png`],
      ['raw', `http://127.0.0.1:${port}/raw-cancel.png`],
    ];
    for (const [text, url] of links) {
      await clickAndExpectConfirmation(answer().locator('a', { hasText: text }), url);
      await answerDialog(confirmation(), 'Cancel');
    }
    // Opening the last link proves the clicks before it were all handled: the server's log then
    // shows that link alone.
    await clickAndExpectConfirmation(answer().locator('a', { hasText: 'this one' }), `http://${TEST_HOST}:${port}/named-open`);
    await answerDialog(confirmation(), 'Open Link');
    // VS Code may ask once more for a host outside its trusted domains; the user agrees again.
    await until(async () => {
      if (requested.length > 0) return true;
      const vscodeAsks = dialog().filter({ hasText: 'open the external website' });
      if (await vscodeAsks.isVisible()) await answerDialog(vscodeAsks, 'Open');
      return false;
    }, 'the opened link to reach the server', 30_000);
    expect(requested).toEqual(['/named-open']);
    for (const opened of page.context().pages()) if (opened !== page) await opened.close();
    expect(requested).toEqual(['/named-open']);
  });
});
