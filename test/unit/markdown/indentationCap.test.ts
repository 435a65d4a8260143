import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IndentationCapper, MAX_INDENT_COLUMNS, MAX_LINE_CHARS, capIndentation } from '../../../src/common/markdown/indentationCap';

const deepList = (depth: number) => Array.from({ length: depth }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n') + '\n';

describe('capIndentation', () => {
  it('leaves markdown without deep indentation untouched', () => {
    const text = '- a\n  - b\n    - c\n\n        code\n';
    expect(capIndentation(text)).toBe(text);
  });

  it('brings every line of a thousand-level list to at most the cap, keeping every word', () => {
    const capped = capIndentation(deepList(1000));
    const lines = capped.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1000);
    lines.forEach((line, level) => {
      expect(line.trimStart()).toBe(`- level ${level}`);
      expect(line.length - line.trimStart().length).toBe(Math.min(2 * level, MAX_INDENT_COLUMNS));
    });
  });

  it('counts a tab as reaching the next multiple of four columns', () => {
    expect(capIndentation('\t'.repeat(9) + 'x\n')).toBe(' '.repeat(MAX_INDENT_COLUMNS) + 'x\n');
    expect(capIndentation('\t'.repeat(8) + 'x\n')).toBe('\t'.repeat(8) + 'x\n');
  });

  it('keeps the indentation of code inside fenced blocks, however deep', () => {
    const deep = ' '.repeat(60);
    const text = `\`\`\`python\n${deep}return x\n\`\`\`\n${deep}- after\n~~~~\n${deep}a\n~~~\n${deep}b\n~~~~\n`;
    expect(capIndentation(text)).toBe(
      `\`\`\`python\n${deep}return x\n\`\`\`\n${' '.repeat(MAX_INDENT_COLUMNS)}- after\n~~~~\n${deep}a\n~~~\n${deep}b\n~~~~\n`,
    );
  });

  it('keeps blank lines blank', () => {
    expect(capIndentation(`x\n${' '.repeat(80)}\ny\n`)).toBe(`x\n${' '.repeat(80)}\ny\n`);
  });
});

describe('long lines', () => {
  const words = (count: number) => Array.from({ length: count }, (_, index) => (index % 7 === 3 ? `${index}` : `word${index}`)).join(' ');

  it('breaks a line outside fences into paragraphs after every MAX_LINE_CHARS, before a letter, keeping every word', () => {
    const line = words(9000);
    const capped = capIndentation(line + '\n');
    const paragraphs = capped.split('\n\n');
    expect(paragraphs.length).toBeGreaterThan(3);
    for (const paragraph of paragraphs.slice(0, -1)) {
      expect(paragraph.length).toBeGreaterThanOrEqual(MAX_LINE_CHARS);
      expect(paragraph.length).toBeLessThan(MAX_LINE_CHARS + 20);
    }
    for (const paragraph of paragraphs.slice(1)) expect(paragraph).toMatch(/^[A-Za-z]/);
    expect(paragraphs.join(' ')).toBe(line + '\n');
  });

  it('never breaks a long line inside a fenced code block', () => {
    const text = '```\n' + words(9000) + '\n```\n';
    expect(capIndentation(text)).toBe(text);
  });

  it('caps streamed text exactly as the whole text, wherever the pieces are cut', () => {
    const deep = ' '.repeat(40);
    const text = `${words(5000)}\n${deep}- deep ${words(4000)}\n\`\`\`\n${deep}${words(4000)}\n\`\`\`\n${words(300)}  ${words(5000)}\n   \n\t\t\t\t\t\t\t\t\tx`;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 60 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const capper = new IndentationCapper();
        let out = '';
        let previous = 0;
        for (const point of [...points, text.length]) {
          out += capper.push(text.slice(previous, point));
          previous = point;
        }
        out += capper.end();
        expect(out).toBe(capIndentation(text));
      }),
      { numRuns: 300 },
    );
  });
});
