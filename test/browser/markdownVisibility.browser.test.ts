// No model output can make later text disappear: whatever raw HTML an answer contains, every word
// of its plain text still shows in the rendered panel (Chromium's innerText: what is rendered).
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useRendererPage } from './rendererPage';

const renderer = useRendererPage();
let page: Page;
beforeAll(() => {
  page = renderer.page;
});

/**
 * Raw HTML a model might write; none contains a word of the text, so none may hide one. (A closed
 * comment hides what is inside it by design, so `-->` is left out: every `<!--` here is unclosed.)
 */
const FRAGMENTS = [
  '<style>',
  '<style type="text/css">',
  '</style>',
  '<script>',
  '<textarea>',
  '<title>',
  '<xmp>',
  '<plaintext>',
  '<noscript>',
  '<noembed>',
  '<noframes>',
  '<iframe>',
  '<template>',
  '<select>',
  '<option>',
  '<svg>',
  '<math>',
  '<math><mtext><table><mglyph><style>',
  '<svg><style>',
  '<!--',
  '<![CDATA[',
  '<?php',
  '<!DOCTYPE html>',
  '<p title="',
  "<div class='",
  '<a href="https://example.com/x">',
  '<details>',
  '<details><summary>more</summary>',
  '<table>',
  '<tr>',
  '<code>',
  '<pre>',
  '<em>',
  '</div>',
  '<div>',
  '</p>',
  '<img src="https://example.com/i.png" alt="">',
  '<br>',
  '<span aria-hidden="true">',
  '<object>',
  '<form>',
  '<head>',
  '<body>',
  '<html>',
];

interface Block {
  kind: 'paragraph' | 'item' | 'heading' | 'quote' | 'fragmentLine';
  words: number;
  fragments: Array<[number, number]>;
}

function toMarkdown(blocks: Block[]): { markdown: string; words: string[] } {
  const words: string[] = [];
  const lines = blocks.map((block) => {
    const parts: string[] = [];
    for (let index = 0; index < block.words; index += 1) {
      const word = `w${words.length}x`;
      words.push(word);
      parts.push(word);
    }
    // Fragments go between words (or before the first), so no fragment splits a word.
    for (const [position, fragment] of block.fragments) parts.splice(position % (parts.length + 1), 0, FRAGMENTS[fragment % FRAGMENTS.length]);
    const text = parts.join(' ');
    switch (block.kind) {
      case 'item':
        return `- ${text}`;
      case 'heading':
        return `## ${text}`;
      case 'quote':
        return `> ${text}`;
      case 'fragmentLine':
        return parts.join('\n');
      default:
        return text;
    }
  });
  return { markdown: lines.join('\n\n'), words };
}

const blockArbitrary = fc.record({
  kind: fc.constantFrom<Block['kind']>('paragraph', 'item', 'heading', 'quote', 'fragmentLine'),
  words: fc.integer({ min: 1, max: 5 }),
  fragments: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
});

async function missingWords(markdown: string, words: string[]): Promise<string[]> {
  return (await page.evaluate(
    ([text, expected]) => {
      window.__markdown.oneShot(text);
      const shown = document.getElementById('out')?.innerText ?? '';
      // Words are "w<number>x", so none is part of another.
      return expected.filter((word) => !shown.includes(word));
    },
    [markdown, words] as const,
  )) as string[];
}

describe('text after hostile raw HTML in an answer', () => {
  it('keeps a paragraph and every later block visible after a bare <style>', async () => {
    const markdown = 'A paragraph with an unclosed <style> tag inside it.\n\nA second paragraph.\n\n- a list item\n\nThe end.';
    expect(await missingWords(markdown, ['inside', 'second', 'item', 'end'])).toEqual([]);
    expect(await page.locator('#out style').count()).toBe(0);
  });

  it('keeps later text visible after <math><mtext><table><mglyph><style>', async () => {
    const markdown = 'Before <math><mtext><table><mglyph><style> after.\n\nNext paragraph.';
    expect(await missingWords(markdown, ['Before', 'after', 'Next', 'paragraph'])).toEqual([]);
  });

  it('hides a closed comment but shows an unclosed one as text, with everything after it', async () => {
    expect(await missingWords('Before <!-- hidden --> after.\n\n<!-- hidden too -->\n\nLast.', ['Before', 'after', 'Last'])).toEqual([]);
    expect(await page.locator('#out').innerText()).not.toContain('hidden');
    expect(await missingWords('Before <!-- never closed\n\nNext paragraph.\n\n<!--\n\nThe end.', ['Before', 'closed', 'Next', 'end'])).toEqual([]);
  });

  it('keeps an unclosed <details> open, so nothing after it is folded away', async () => {
    expect(await missingWords('<details><summary>More</summary>\n\nInside the fold.\n\nAfter it.', ['More', 'Inside', 'After'])).toEqual([]);
  });

  it('shows every word of the plain text for random markdown with raw HTML fragments inserted', async () => {
    const samples = fc.sample(fc.array(blockArbitrary, { minLength: 1, maxLength: 8 }), {
      numRuns: Number(process.env.MARKDOWN_VISIBILITY_RUNS ?? 300),
      seed: Number(process.env.MARKDOWN_VISIBILITY_SEED ?? 808),
    });
    const failures: string[] = [];
    for (const blocks of samples) {
      const { markdown, words } = toMarkdown(blocks);
      const missing = await missingWords(markdown, words);
      if (missing.length > 0) failures.push(`${JSON.stringify(markdown)} lost ${missing.join(', ')}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  }, 300_000);
});
