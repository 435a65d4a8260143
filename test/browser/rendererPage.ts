// One headless Chromium page running the markdown renderer harness (fixtures/rendererHarness.ts)
// under the webview CSP with media/markdown.css, for the browser tests of the renderer.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { bundleForBrowser, launchBrowser, serveCspPage, type CspPageServer } from './browserHarness';

export interface RendererPage {
  page: Page;
  close(): Promise<void>;
}

export async function openRendererPage(): Promise<RendererPage> {
  const script = await bundleForBrowser(fileURLToPath(new URL('./fixtures/rendererHarness.ts', import.meta.url)));
  const css = readFileSync(fileURLToPath(new URL('../../media/markdown.css', import.meta.url)), 'utf8');
  const [browser, site]: [Browser, CspPageServer] = await Promise.all([launchBrowser(), serveCspPage({ script, styles: { '/markdown.css': css } })]);
  const page = await browser.newPage();
  await page.goto(site.url);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  return {
    page,
    async close() {
      await browser.close();
      await site.close();
    },
  };
}

/** Opens the page before the file's tests and closes it after them; read `page` inside the tests. */
export function useRendererPage(): { readonly page: Page } {
  let opened: RendererPage | undefined;
  beforeAll(async () => {
    opened = await openRendererPage();
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get page(): Page {
      if (!opened) throw new Error('The renderer page is opened in beforeAll; read it inside a test.');
      return opened.page;
    },
  };
}
