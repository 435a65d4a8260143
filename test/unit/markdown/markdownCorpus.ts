// Markdown documents that exercise every rule of the block splitter; shared by the streaming
// tests and the benchmark.

export const MARKDOWN_CORPUS: Record<string, string> = {
  paragraphsAndHeadings: '# Title\n\nFirst paragraph with *emphasis* and `code`.\nSecond line.\n\n## Section\n\nLast paragraph.\n',
  setextHeadings: 'A paragraph that becomes a heading\n---\n\nAnother one\n===\n\nplain\n\n---\n\nafter rule\n',
  tightAndLooseLists: '- one\n- two\n- three\n\ntext\n\n- a\n\n- b\n\n  continued in b\n- c\n\n1. first\n2. second\n\n3) other\n\nend\n',
  nestedLists: '- level 1\n  - level 2\n    - level 3\n\n      deep paragraph\n  - back to 2\n- back to 1\n\n* star\n+ plus\n\nafter\n',
  taskList: '- [ ] todo\n- [x] done\n- [X] also done\n\n',
  table: '| Name | Value |\n|:-----|------:|\n| a | 1 |\n| b | 2 |\n\nText after table.\n\n| only | header |\n| --- | --- |\n',
  fences:
    'Intro:\n```ts\nconst a: number = 1;\n\n\nfunction f() { return a; }\n```\nAfter fence.\n\n~~~python title="x.py"\nprint("hi")\n```\nstill code\n~~~\n\n````md\n```js\ninner\n```\n````\n\n```\nno language\n```\n',
  indentedFenceInList: '1. Step one:\n\n   ```bash\n   npm install\n\n   npm test\n   ```\n\n2. Step two\n\ndone\n',
  unclosedFence: 'Here is code:\n\n```js\nlet x = 1;\n\nlet y = 2;\n',
  lateReferenceDefinitions:
    'See [the docs][docs] and [Example] and ![logo][img].\n\n- item with [docs]\n\n> quoted [Docs]\n\n[docs]: https://example.com/docs "Docs"\n[example]: https://example.com\n[img]: https://example.com/logo.png\n',
  duplicateDefinitions: '[a][x]\n\n[x]: https://first.example\n\n[b][x]\n\n[x]: https://second.example\n',
  blockQuotes: '> quote line\nlazy continuation\n\n> second quote\n>\n> > nested\n\n> ```\n> code in quote\n>\n> more\n> ```\n\nafter quotes\n',
  htmlBlocks: '<div>\n*not emphasis*\n</div>\n\n<!-- a comment\n\nspanning blank lines\n-->\n\ntext\n\n<details>\n<summary>More</summary>\n\nhidden *markdown*\n\n</details>\n',
  indentedCode: 'para\n\n    indented code\n\n    more indented code\nback\n\nend\n',
  linksAndImages:
    'A [link](https://example.com "title"), <https://auto.example>, www.example.org, and ![alt text](https://example.com/a.png).\n\n[cmd](command:workbench.action.quit) [file](file:///etc/passwd) [js](javascript:alert(1))\n',
  crlf: 'line one\r\nline two\r\n\r\n```\r\ncode\r\n```\r\n',
  mixedEnd: '# Heading\n\nSome text\n\n```diff\n- a\n+ b\n```\n\n| x |\n|---|\n| 1 |\n\n- list\n- end',
};

/**
 * Building blocks for random documents: every corpus document cut at its blank lines, plus lines
 * that start, continue or interrupt containers, fences, tables and HTML. (Unclosed `<!--` only
 * inside whole pieces: happy-dom's parser turns an unclosed comment into text, browsers do not.)
 */
export const MARKDOWN_PIECES: readonly string[] = [
  ...Object.values(MARKDOWN_CORPUS)
    .flatMap((doc) => doc.split(/(?<=\n)(?=\n)/))
    .filter((piece) => !piece.includes('<!--')),
  '- a\n', '  b\n', '\n', '```\n', '~~~~\n', '> x\n', '    code\n', '---\n', '===\n', '| a |\n', '|---|\n',
  '[x]: https://x.example\n', '[x]\n', '<div>\n', '</div>\n', '<!--\n\ncomment\n\n-->\n', 'a <b>bold\n', '</b>\n',
  '1. one\n', '   ```js\n', 'text\n', '* * *\n', '> - q\n', '>\n', '> > n\n', '  - nested\n', '    - deep\n', '\t- tab\n',
  ' text1\n', '  text2\n', '   text3\n', '# h\n', '> ```\n', '- ```\n', '  ```\n', '1) x\n', '10. y\n', '<pre>\n', '</pre>\n',
  '<details>\n', '</details>\n', '<span>\n', '- [ ] t\n', '| b | c |\n', '|:-|-:|\n', '***\n', '___\n', '  > q\n',
  '<script>\n', '</script>\n', '\\<div>\n', '`<div>`\n', '<?php\n', '?>\n', '<![CDATA[\n', ']]>\n', '<!DOCTYPE x>\n',
  '\t```\n', '>\t> t\n', '> 1. a\n', '>    code\n', '- > q\n', '-\n', '- \n', '1.\n', '2. two\n', '    ```\n', '     x\n',
  ' - a\n', '   - b\n', '<em>x\n', '</em>\n', '<a href="x">\n', '</a>\n', '<div\n', 'class="x">\n', '| x | y |\n',
  '- | a |\n  |---|\n', '[y]: /u\n', '[y]\n', 'lazy\n', '```md\n', '````\n', '~~~ ~\n', '``` `x`\n', '<T>\n', '</T>\n',
  '<!-- a -->\n', '<textarea>\n', '</textarea>\n', '<style>\n', '</style>\n', '#\n', '#hash\n', '  # h\n', '    # h\n',
  '- # h\n', '> # h\n', '+ p\n', '* s\n', '1. a\n   b\n', '>> deep\n',
  // Deeper than the indentation cap (src/common/markdown/indentationCap.ts), in and out of fences.
  `${' '.repeat(36)}- deep\n`, `${' '.repeat(34)}text\n`, `\t\t\t\t\t\t\t\t\t- tabs\n`, `\`\`\`\n${' '.repeat(40)}deep code\n\`\`\`\n`,
];

/** A long answer of mixed markdown, `lines` lines long (deterministic). */
export function longAnswer(lines: number): string {
  const blocks = [
    '## Step {n}\n\nThis paragraph explains step {n} with **bold**, `inline code` and a [link](https://example.com/{n}).\nIt continues on a second line.\n\n',
    '```ts\nexport function step{n}(input: string): number {\n  const parts = input.split(",");\n  // keep only the numbers\n  return parts.map(Number).filter((n) => !Number.isNaN(n)).length;\n}\n```\n\n',
    '- first point about {n}\n- second point\n  - nested detail\n- third point\n\n',
    '| key | value |\n|-----|-------|\n| a{n} | 1 |\n| b{n} | 2 |\n\n',
    '> Note {n}: quoted advice\n> on two lines.\n\n',
    '```python\ndef step_{n}(values):\n    total = 0\n    for v in values:\n        total += v\n    return total\n```\n\n',
  ];
  const out: string[] = [];
  let count = 0;
  for (let n = 0; count < lines; n += 1) {
    const block = blocks[n % blocks.length].replace(/\{n\}/g, String(n));
    out.push(block);
    count += block.split('\n').length - 1;
  }
  return out.join('');
}

/** About `chars` characters of TypeScript with a block comment and a template string spanning many lines in the middle. */
export function longTypeScript(chars: number): string {
  const lines: string[] = [];
  for (let index = 0; lines.join('\n').length < chars; index += 1) {
    if (index === 60) lines.push('/* a comment that spans', ...Array.from({ length: 40 }, (_, line) => `   line ${line} of the comment, const x = 1;`), '*/');
    else if (index === 120) lines.push('const template = `start', ...Array.from({ length: 30 }, (_, line) => `  ${line}: if (x) return y;`), '`;');
    else lines.push(`export function step${index}(input: string): number { return input.length + ${index}; } // step ${index}`);
  }
  return lines.join('\n');
}
