// @vitest-environment happy-dom
import hljs from 'highlight.js/lib/core';
import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_SLICE_CHARS, highlightCode, highlightSlices } from '../../../src/webview/markdown/codeHighlight';
import { MarkdownRenderer, type MarkdownWindow } from '../../../src/webview/markdown/markdownRenderer';
import { StreamingMarkdownView, type StreamingMarkdownViewOptions } from '../../../src/webview/markdown/streamingMarkdownView';
import { createManualView, withoutPages } from './manualView';
import { installHappyDomCompat } from './happyDomCompat';
import { longTypeScript } from './markdownCorpus';

installHappyDomCompat(window);
const win = window as unknown as MarkdownWindow;
const renderer = new MarkdownRenderer(win);

/** A view driven by hand whose clock moves 5 ms per reading (one highlight step per frame). */
function createView(options: StreamingMarkdownViewOptions = {}) {
  let clock = 0;
  return createManualView(renderer, { now: () => (clock += 5), ...options });
}

function oneShot(markdown: string): string {
  const host = document.createElement('div');
  host.append(StreamingMarkdownView.renderAll(markdown, win, renderer));
  return host.innerHTML;
}

describe('highlighting long code in slices', () => {
  it('highlights code up to one slice exactly as one highlight.js pass does', () => {
    const code = longTypeScript(HIGHLIGHT_SLICE_CHARS - 200);
    expect(highlightCode(code, 'ts').html).toBe(hljs.highlight(code, { language: 'ts', ignoreIllegals: true }).value);
  });

  it('ends slices only outside comments and strings that span lines, so each stays one highlighted span', () => {
    const code = longTypeScript(20_000);
    const slices = [...highlightSlices(code, 'ts')].filter((slice) => slice !== undefined);
    expect(slices.length).toBeGreaterThan(4);
    expect(slices.reduce((sum, slice) => sum + slice.chars, 0)).toBe(code.length);
    const holder = document.createElement('div');
    holder.innerHTML = highlightCode(code, 'ts').html;
    expect(holder.textContent).toBe(code);
    const comments = Array.from(holder.querySelectorAll('.hljs-comment')).map((span) => span.textContent ?? '');
    expect(comments.filter((text) => text.includes('a comment that spans'))).toEqual([expect.stringMatching(/line 39 of the comment[\s\S]*\*\/$/)]);
    const strings = Array.from(holder.querySelectorAll('.hljs-string')).map((span) => span.textContent ?? '');
    expect(strings.filter((text) => text.startsWith('`start'))).toEqual([expect.stringMatching(/29: if \(x\) return y;\n`$/)]);
  });

  for (const shift of ['', 'x']) {
    it(`cuts a 100 KB line of minified code into slices too, never inside a character${shift ? ' (shifted by one)' : ''}`, () => {
      const code = Array.from({ length: 4_000 }, (_, index) => `var a${index}=function(b){return b+${index}};`).join('') + shift + '😀'.repeat(4_000) + '\n';
      const slices = [...highlightSlices(code, 'javascript')].filter((slice) => slice !== undefined);
      expect(slices.length).toBeGreaterThan(20);
      const holder = document.createElement('div');
      for (const slice of slices) {
        holder.innerHTML = slice.html;
        expect(holder.textContent).not.toMatch(/[\uD800-\uDBFF]$/);
        expect(holder.textContent).not.toMatch(/^[\uDC00-\uDFFF]/);
      }
      holder.innerHTML = highlightCode(code, 'javascript').html;
      expect(holder.textContent).toBe(code);
      expect(holder.querySelectorAll('.hljs-keyword').length).toBeGreaterThan(4_000);
    });
  }

  it('shows a closed 20 KB fence as plain text at once and highlights it over the next frames, ending as a one-shot render', () => {
    const markdown = `Intro.\n\n\`\`\`ts\n${longTypeScript(20_000)}\n\`\`\`\n\nAfter the code.\n`;
    const { host, view, runFrame, runAllFrames } = createView();
    for (let index = 0; index < markdown.length; index += 500) {
      view.append(markdown.slice(index, index + 500));
      runFrame();
    }
    view.finish();
    const code = host.querySelector('pre > code')!;
    expect(code.textContent).toBe(longTypeScript(20_000) + '\n');
    expect(code.className).toBe('language-ts');
    runFrame();
    // Part of it is highlighted after a frame, not all of it: the rest waits for later frames.
    const keywordsAfterOneFrame = code.querySelectorAll('.hljs-keyword').length;
    expect(keywordsAfterOneFrame).toBeGreaterThan(0);
    expect(code.textContent).toBe(longTypeScript(20_000) + '\n');
    expect(runAllFrames()).toBeGreaterThan(2);
    expect(code.querySelectorAll('.hljs-keyword').length).toBeGreaterThan(keywordsAfterOneFrame);
    expect(code.className).toBe('hljs language-ts');
    expect(withoutPages(host)).toBe(oneShot(markdown));
  });

  it('highlights a finished snapshot the same way: plain at first, then the same DOM as the streamed answer', () => {
    const markdown = `# Title\n\n\`\`\`ts\n${longTypeScript(9_000)}\n\`\`\`\n`;
    const { host, view, runAllFrames } = createView();
    view.setText(markdown, { finished: true });
    expect(host.querySelector('pre > code')?.className).toBe('language-ts');
    runAllFrames();
    expect(host.querySelector('pre > code')?.className).toBe('hljs language-ts');
    expect(host.innerHTML).toBe(oneShot(markdown));
  });

  it('highlights short code and code in unknown languages when it is rendered, as before', () => {
    const markdown = `\`\`\`ts\nconst x = 1;\n\`\`\`\n\n\`\`\`brainfuck\n${'+'.repeat(9_000)}\n\`\`\`\n`;
    const { host, view, runAllFrames } = createView();
    view.setText(markdown, { finished: true });
    expect(host.innerHTML).toBe(oneShot(markdown));
    runAllFrames();
    expect(host.innerHTML).toBe(oneShot(markdown));
  });

  it('drops the highlighting of a block that was replaced before it finished', () => {
    const { host, view, runFrame, runAllFrames } = createView();
    view.setText(`\`\`\`ts\n${longTypeScript(20_000)}\n\`\`\`\n`, { finished: true });
    runFrame();
    const old = host.querySelector('pre > code')!;
    const partly = old.innerHTML;
    view.setText('Something else.', { finished: true });
    runAllFrames();
    expect(old.innerHTML).toBe(partly);
    expect(host.innerHTML).toBe(oneShot('Something else.'));
  });
});
