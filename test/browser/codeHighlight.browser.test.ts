// Long code blocks in headless Chromium on real animation frames: a 20 KB fence is shown as plain
// text when it closes and highlighted over the following frames (never in the frame that renders
// it), streamed or in one shot, and both end with the same DOM.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { longTypeScript } from '../unit/markdown/markdownCorpus';
import { useRendererPage } from './rendererPage';

const renderer = useRendererPage();
let page: Page;
beforeAll(() => {
  page = renderer.page;
});

const HIGHLIGHTED = 'pre > code.hljs.language-ts';
const MAX_FRAMES = 5_000;

describe('long code blocks in Chromium', () => {
  const code = longTypeScript(20_000);
  const markdown = `Before the code.\n\n\`\`\`ts\n${code}\n\`\`\`\n\nAfter the code.\n`;

  it('shows a finished 20 KB fence as plain text first and highlights it on the frames after, ending as when streamed', async () => {
    // Read in the same task as the render: no frame (and so no highlighting) can run in between.
    const atFirst = (await page.evaluate(`(() => ({ html: window.__markdown.oneShot(${JSON.stringify(markdown)}), codeClass: window.__markdown.firstCodeClass() }))()`)) as { html: string; codeClass: string | null };
    expect(atFirst.codeClass).toBe('language-ts');
    expect(atFirst.html).not.toContain('hljs-keyword');
    const oneShot = (await page.evaluate(`window.__markdown.framesUntil(${JSON.stringify(HIGHLIGHTED)}, ${MAX_FRAMES})`)) as { frames: number; html: string };
    expect(oneShot.frames).toBeGreaterThan(0);
    expect(oneShot.html).toContain('<span class="hljs-keyword">export</span>');

    await page.evaluate(`window.__markdown.stream(${JSON.stringify(markdown)}, 200, 2)`);
    const streamed = (await page.evaluate(`window.__markdown.framesUntil(${JSON.stringify(HIGHLIGHTED)}, ${MAX_FRAMES})`)) as { frames: number; html: string };
    expect(streamed.frames).toBeGreaterThanOrEqual(0);
    expect(streamed.html).toBe(oneShot.html);
    const shownText = (await page.evaluate(`document.querySelector('#out pre > code').textContent`)) as string;
    expect(shownText).toBe(code + '\n');
  });
});
