// The vitest setup of the panel's browser tests. Kept apart from webviewPage.ts, which benchmarks
// (run by tsx, outside vitest) import too: vitest refuses to load outside its runner.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildWebviewBundle, launchChromium, startWebviewPageServer, type WebviewPageServer } from './webviewPage';

/** What a browser test file of the panel shares: the webview bundle built once, one Chromium and
 *  one page server for the file. Call at the top level of the file. */
export function useWebviewPages(): { browser(): Browser; pages(): WebviewPageServer } {
  let browser: Browser | undefined;
  let pages: WebviewPageServer | undefined;
  beforeAll(async () => {
    await buildWebviewBundle();
    [browser, pages] = await Promise.all([launchChromium(), startWebviewPageServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useWebviewPages: Chromium starts in beforeAll; use it inside a test');
    return value;
  };
  return { browser: () => started(browser), pages: () => started(pages) };
}
