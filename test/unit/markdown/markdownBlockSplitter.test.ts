import fc from 'fast-check';
import { Lexer, Parser, getDefaults, type Links } from 'marked';
import { describe, expect, it } from 'vitest';
import {
  MarkdownBlockSplitter,
  normalizeLinkLabel,
  referenceLabelCandidates,
} from '../../../src/common/markdown/markdownBlockSplitter';
import { MARKDOWN_CORPUS, MARKDOWN_PIECES } from './markdownCorpus';

const MARKED_OPTIONS = { ...getDefaults(), gfm: true };

function markedHtml(markdown: string, links: Links): string {
  const lexer = new Lexer(MARKED_OPTIONS);
  lexer.tokens.links = links;
  return new Parser(MARKED_OPTIONS).parse(lexer.lex(markdown));
}

/** Feeds `text` in one piece; returns the finished chunks and the unfinished tail. */
function split(text: string): { chunks: string[]; tail: string; splitter: MarkdownBlockSplitter } {
  const splitter = new MarkdownBlockSplitter();
  const chunks = splitter.append(text);
  return { chunks, tail: splitter.tailText(), splitter };
}

describe('MarkdownBlockSplitter', () => {
  it('finishes a paragraph once a blank line and the next block have begun', () => {
    expect(split('First para.\n').chunks).toEqual([]);
    expect(split('First para.\n\n').chunks).toEqual([]);
    const { chunks, tail } = split('First para.\n\nSecond');
    // The second block's first line is still incomplete: nothing proves the first is over yet.
    expect(chunks).toEqual([]);
    expect(tail).toBe('First para.\n\nSecond');
    expect(split('First para.\n\nSecond\n').chunks).toEqual(['First para.\n\n']);
  });

  it('keeps a paragraph open while a setext underline could still turn it into a heading', () => {
    expect(split('Heading text\n').chunks).toEqual([]);
    expect(split('Heading text\n---\n').chunks).toEqual([]);
    expect(split('Heading text\n---\n\nnext\n').chunks).toEqual(['Heading text\n---\n\n']);
  });

  it('never finishes inside an open code fence, blank lines included', () => {
    const { chunks, splitter } = split('```ts\nconst a = 1;\n\n\nconst b = 2;\n\nnot markdown\n');
    expect(chunks).toEqual([]);
    expect(splitter.openFenceTail()).toMatchObject({ language: 'ts', info: 'ts', codeLineCount: 6 });
    expect(splitter.openFenceCodeLinesFrom(4)).toEqual(['\n', 'not markdown\n']);
  });

  it('finishes a fenced block with the line after its closing fence, even without a blank line', () => {
    const closed = split('```js\nx\n```\nafter');
    expect(closed.chunks).toEqual([]);
    expect(closed.splitter.openFenceTail()).toBeUndefined();
    const { chunks, splitter } = split('```js\nx\n```\nafter\n');
    expect(chunks).toEqual(['```js\nx\n```\n']);
    expect(splitter.tailText()).toBe('after\n');
  });

  it('only closes a fence with the same character and at least the same length', () => {
    expect(split('````md\n```js\ninner\n```\n\nstill inside\n').chunks).toEqual([]);
    expect(split('~~~\n```\n\ntext\n').chunks).toEqual([]);
    expect(split('````md\n```\n````\n\n').chunks).toEqual(['````md\n```\n````\n']);
    // An info string on the would-be closing line makes it content.
    expect(split('```\n``` not a close\n\ntext\n').chunks).toEqual([]);
  });

  it('finishes the paragraph before a fence that interrupts it, so the fence streams on its own', () => {
    const { chunks, splitter } = split('Here is the code:\n```python\nprint(1)\n');
    expect(chunks).toEqual(['Here is the code:\n']);
    expect(splitter.openFenceTail()).toMatchObject({ language: 'python', codeLineCount: 1, partialLine: '' });
  });

  it('reports a partial last line that could still become the closing fence', () => {
    const splitter = new MarkdownBlockSplitter();
    splitter.append('```\ncode\n``');
    expect(splitter.openFenceTail()).toMatchObject({ partialLine: '``', partialLineMayClose: true });
    splitter.append('x');
    expect(splitter.openFenceTail()).toMatchObject({ partialLine: '``x', partialLineMayClose: false });
  });

  it('keeps a list open across blank lines while its items or indented continuations follow', () => {
    expect(split('- a\n\n- b\n\n  more of b\n').chunks).toEqual([]);
    expect(split('1. one\n\n2. two\n').chunks).toEqual([]);
    expect(split('- a\n\n  continued\n\nafter\n').chunks).toEqual(['- a\n\n  continued\n\n']);
  });

  it('keeps a fenced block inside a list item open across blank lines', () => {
    expect(split('1. Step:\n\n   ```bash\n   npm test\n\nnot yet\n').chunks).toEqual(['1. Step:\n\n   ```bash\n   npm test\n\n']);
    expect(split('- item\n\n  ```\n  code\n\n  more\n').chunks).toEqual([]);
  });

  it('keeps a block quote open while quoted lines follow a blank line', () => {
    expect(split('> a\n\n> b\n').chunks).toEqual([]);
    expect(split('> a\n\nplain\n').chunks).toEqual(['> a\n\n']);
  });

  it('keeps indented code open while indented lines follow a blank line', () => {
    expect(split('    code\n\n    more\n').chunks).toEqual([]);
    expect(split('    code\n\nplain\n').chunks).toEqual(['    code\n\n']);
  });

  it('keeps an HTML comment that spans blank lines in one piece', () => {
    expect(split('<!-- start\n\nmiddle\n').chunks).toEqual([]);
    expect(split('<!-- start\n\nmiddle\n-->\n\nafter\n').chunks).toEqual(['<!-- start\n\nmiddle\n-->\n\n']);
  });

  it('keeps raw HTML containers open until they are closed', () => {
    expect(split('<details>\n<summary>More</summary>\n\nhidden\n\n').chunks).toEqual([]);
    expect(split('<details>\n\nhidden\n\n</details>\n\nafter\n').chunks).toEqual(['<details>\n\nhidden\n\n</details>\n\n']);
    expect(split('Some <b>bold\n\nstill bold\n\n').chunks).toEqual([]);
  });

  it('ignores HTML-looking text in code spans and generic type parameters', () => {
    expect(split('Use `<div>` here.\n\nA List<String> too.\n\nnext\n').chunks).toEqual(['Use `<div>` here.\n\n', 'A List<String> too.\n\n']);
  });

  it('handles CRLF line endings like LF', () => {
    expect(split('one\r\n\r\ntwo\r\n').chunks).toEqual(['one\r\n\r\n']);
  });

  it('returns chunks that always concatenate back to the input, however it is streamed', () => {
    const corpus = Object.values(MARKDOWN_CORPUS);
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(fc.nat(), { maxLength: 30 }), (text, cuts) => {
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const splitter = new MarkdownBlockSplitter();
        const chunks: string[] = [];
        let previous = 0;
        for (const point of [...points, text.length]) {
          chunks.push(...splitter.append(text.slice(previous, point)));
          previous = point;
          expect(chunks.join('') + splitter.tailText()).toBe(text.slice(0, point));
        }
        chunks.push(...splitter.finish());
        expect(chunks.join('')).toBe(text);
        expect(chunks.every((chunk) => chunk !== '')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('splits the same way whether text arrives at once or character by character', () => {
    for (const text of Object.values(MARKDOWN_CORPUS)) {
      const whole = new MarkdownBlockSplitter();
      const wholeChunks = [...whole.append(text), ...whole.finish()];
      const streamed = new MarkdownBlockSplitter();
      const streamedChunks: string[] = [];
      for (const ch of text) streamedChunks.push(...streamed.append(ch));
      streamedChunks.push(...streamed.finish());
      expect(streamedChunks).toEqual(wholeChunks);
    }
  });

  it('only finishes chunks that marked renders exactly as it renders them inside the whole text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...MARKDOWN_PIECES), { maxLength: 20 }), (pieces) => {
        const text = pieces.join('');
        const splitter = new MarkdownBlockSplitter();
        const chunks = [...splitter.append(text), ...splitter.finish()];
        // Link definitions are global; the view shares them between chunks the same way.
        const links: Links = Object.create(null);
        for (const chunk of chunks) markedHtml(chunk, links);
        expect(chunks.map((chunk) => markedHtml(chunk, links)).join('')).toBe(markedHtml(text, Object.create(null)));
      }),
      { numRuns: Number(process.env.MARKDOWN_FUZZ_RUNS ?? 3000) },
    );
  });

  it('refuses text after finish with an explanation', () => {
    const splitter = new MarkdownBlockSplitter();
    splitter.finish();
    expect(() => splitter.append('x')).toThrow(/after finish\(\)/);
  });
});

describe('reference labels', () => {
  it('finds every label a later definition could resolve, normalized like marked', () => {
    const labels = referenceLabelCandidates('See [the  Docs][DOCS] and [Example] and ![logo][img] and `a[i]`.');
    expect([...labels].sort()).toEqual(['docs', 'example', 'i', 'img', 'logo', 'the docs'].sort());
  });

  it('finds labels that wrap across quoted lines', () => {
    expect(referenceLabelCandidates('> see [multi\n> line]\n').has('multi line')).toBe(true);
  });

  it('ignores empty brackets such as unchecked task boxes', () => {
    expect(referenceLabelCandidates('- [ ] todo\n').size).toBe(0);
  });

  it('normalizes labels to the keys marked stores definitions under', () => {
    for (const label of ['Foo  Bar', ' ẞ straße ', 'ΑΓΩ', 'tab\there']) {
      const tokens = new Lexer().lex(`[${label}]: https://example.com\n`);
      expect(Object.keys(tokens.links)).toEqual([normalizeLinkLabel(label)]);
    }
  });
});
