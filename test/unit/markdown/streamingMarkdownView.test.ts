// @vitest-environment happy-dom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarkdownRenderer, type MarkdownWindow } from '../../../src/webview/markdown/markdownRenderer';
import { StreamingMarkdownView } from '../../../src/webview/markdown/streamingMarkdownView';
import { installHappyDomCompat } from './happyDomCompat';
import { MARKDOWN_CORPUS, MARKDOWN_PIECES } from './markdownCorpus';

installHappyDomCompat(window);
const win = window as unknown as MarkdownWindow;
const renderer = new MarkdownRenderer(win);

/** A frame scheduler the test drives by hand. */
function manualFrames() {
  const pending: Array<() => void> = [];
  return {
    requestFrame: (callback: () => void) => {
      pending.push(callback);
    },
    runFrame: () => {
      for (const callback of pending.splice(0)) callback();
    },
    get pendingCount() {
      return pending.length;
    },
  };
}

function oneShotHtml(markdown: string): string {
  const host = document.createElement('div');
  host.append(StreamingMarkdownView.renderAll(markdown, win, renderer));
  return host.innerHTML;
}

function splitAt(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let previous = 0;
  for (const point of points) {
    parts.push(text.slice(previous, point));
    previous = point;
  }
  parts.push(text.slice(previous));
  return parts;
}

/** Frames in which streamedHtml's views showed a table or list row by row (the fuzz below must reach that path). */
let segmentedUpdates = 0;

function streamedHtml(parts: string[], frameEvery: number, segmentTailAfterChars?: number): string {
  const host = document.createElement('div');
  const frames = manualFrames();
  // A clock that stands still: no tail render counts as slow, so every frame renders.
  const now = segmentTailAfterChars === undefined ? undefined : () => 0;
  const view = new StreamingMarkdownView(host, { requestFrame: frames.requestFrame, renderer, segmentTailAfterChars, now });
  parts.forEach((part, index) => {
    view.append(part);
    if (index % frameEvery === 0) frames.runFrame();
  });
  view.finish();
  frames.runFrame();
  segmentedUpdates += view.stats.segmentedTailUpdates;
  return host.innerHTML;
}

// happy-dom parses `<![CDATA[…]]>` and `<?…?>` in HTML content like XML; browsers make them bogus
// comments up to the next `>`. The splitter follows browsers (fuzzed against marked with these
// pieces in markdownBlockSplitter.test.ts and against Chromium's parser in test/browser), so they
// stay out of this happy-dom comparison. So do end tags: after text and a stray end tag
// (`q</b>&lt;x&gt;`) happy-dom stops decoding character references, and raw HTML the renderer
// shows as text is made of them; Chromium's comparison in test/browser keeps these pieces.
const DOM_PIECES = MARKDOWN_PIECES.filter((piece) => !/CDATA|\]\]>|<\?|\?>/.test(piece) && !/<\/\w+>/.test(piece));

describe('StreamingMarkdownView', () => {
  for (const [name, markdown] of Object.entries(MARKDOWN_CORPUS)) {
    it(`ends with the same DOM as a one-shot render for "${name}", however the text is split`, () => {
      const expected = oneShotHtml(markdown);
      expect(streamedHtml([...markdown], 1)).toBe(expected);
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (cuts, frameEvery) => {
          expect(streamedHtml(splitAt(markdown, cuts), frameEvery)).toBe(expected);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('keeps an inline element opened right after a quoted heading open over the blocks that follow, as a one-shot render does', () => {
    // Found by the fuzz below: a heading in a quote leaves no paragraph for `<span>` to continue lazily.
    const markdown = '> # h\n<span>\n\n- item with [docs]\n';
    expect(streamedHtml(splitAt(markdown, []), 1)).toBe(oneShotHtml(markdown));
    expect(streamedHtml([...markdown], 1)).toBe(oneShotHtml(markdown));
  });

  it('ends with the same DOM as a one-shot render for random sequences of blocks', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...DOM_PIECES), { maxLength: 14 }), fc.array(fc.nat(), { maxLength: 30 }), (chosen, cuts) => {
        const markdown = chosen.join('');
        expect(streamedHtml(splitAt(markdown, cuts), 2)).toBe(oneShotHtml(markdown));
      }),
      { numRuns: Number(process.env.MARKDOWN_FUZZ_RUNS ?? 500) },
    );
    // 500 runs take a few seconds alone, far longer on a loaded 2-core machine.
  }, 180_000);

  it('ends with the same DOM as a one-shot render when every open table and list streams row by row', () => {
    segmentedUpdates = 0;
    const fixed = ['| a | b |\n|---|---|\n', ...Array.from({ length: 6 }, (_, index) => `| ${index} | x |\n`), '\n', ...Array.from({ length: 6 }, (_, index) => `- ${index}\n`)].join('');
    expect(streamedHtml([...fixed], 1, 0)).toBe(oneShotHtml(fixed));
    expect(segmentedUpdates).toBeGreaterThan(5);
    const rows = ['| a | b |\n', '| 1 | 2 |\n', '| x | `y` |\n', '|z\n', '- a\n', '- b\n  more\n', '* c\n', '1. one\n', '2) two\n', '- [ ] task\n', '  - nested\n', '\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...DOM_PIECES, ...rows, ...rows), { maxLength: 18 }), fc.array(fc.nat(), { maxLength: 30 }), fc.integer({ min: 1, max: 3 }), (chosen, cuts, frameEvery) => {
        const markdown = chosen.join('');
        expect(streamedHtml(splitAt(markdown, cuts), frameEvery, 0)).toBe(oneShotHtml(markdown));
      }),
      { numRuns: Number(process.env.MARKDOWN_FUZZ_RUNS ?? 500) },
    );
  }, 180_000);
});
