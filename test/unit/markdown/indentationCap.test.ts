import { describe, expect, it } from 'vitest';
import { MAX_INDENT_COLUMNS, capIndentation } from '../../../src/common/markdown/indentationCap';

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
