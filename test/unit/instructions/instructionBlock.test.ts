import { describe, expect, it } from 'vitest';
import { composeInstructions, cutToBytes, instructionChipId, instructionChips, withoutRemoved } from '../../../src/common/instructions/instructionBlock';
import type { FoundInstructions, InstructionFile } from '../../../src/common/instructions/instructionSources';

function file(path: string, text: string, extra: Partial<InstructionFile> = {}): InstructionFile {
  return { path, kind: 'agents', text, bytes: new TextEncoder().encode(text).byteLength, ...extra };
}

const found = (...files: InstructionFile[]): FoundInstructions => ({ files, refused: [] });

describe('the project instructions block', () => {
  it('puts each file in its own element, in the given order, after a preamble that ranks them below the user', () => {
    const { block, files } = composeInstructions(found(file('AGENTS.md', 'Run npm test.\n'), file('.github/instructions/ts.instructions.md', 'No any.', { kind: 'scoped', applyTo: ['**/*.ts'] })));
    expect(block).toContain("the user's request in this chat takes precedence");
    expect(block.indexOf('<project_instructions source="AGENTS.md">\nRun npm test.\n</project_instructions>')).toBeGreaterThan(0);
    expect(block).toContain('<project_instructions source=".github/instructions/ts.instructions.md" applies_to="**/*.ts">\nNo any.\n</project_instructions>');
    expect(block.indexOf('AGENTS.md')).toBeLessThan(block.indexOf('ts.instructions.md'));
    expect(files.map((f) => [f.path, f.truncated, f.omitted])).toEqual([
      ['AGENTS.md', false, false],
      ['.github/instructions/ts.instructions.md', false, false],
    ]);
  });

  it('is empty when there are no files', () => {
    expect(composeInstructions(found())).toEqual({ block: '', files: [] });
  });

  it('gives the same bytes for the same files (the cached prompt prefix holds)', () => {
    const make = () => composeInstructions(found(file('AGENTS.md', 'Rules\r\nmore'), file('b/AGENTS.md', 'B')));
    expect(make().block).toBe(make().block);
    expect(make().block).not.toContain('\r');
  });

  it('cuts a file over the per-file cap at a line end and says so in the block', () => {
    const text = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const result = composeInstructions(found(file('AGENTS.md', text)), { maxFileBytes: 100, maxTotalBytes: 1000 });
    expect(result.files[0]).toMatchObject({ truncated: true, omitted: false });
    expect(result.files[0]?.sentBytes).toBeLessThanOrEqual(100);
    expect(result.block).toContain('line 0\n');
    expect(result.block).not.toContain('line 39');
    expect(result.block).toMatch(/\[Truncated: AGENTS\.md is \d+ B; Codewright sends at most 100 B of each instruction file and 1000 B of all of them\.\]/);
  });

  it('stops at the total cap: a later file is cut, one after that left out, and the chips say so', () => {
    const limits = { maxFileBytes: 100, maxTotalBytes: 150 };
    const result = composeInstructions(found(file('a/AGENTS.md', 'a'.repeat(100)), file('b/AGENTS.md', 'b'.repeat(100)), file('c/AGENTS.md', 'c'.repeat(10))), limits);
    expect(result.files.map((f) => [f.path, f.sentBytes, f.truncated, f.omitted])).toEqual([
      ['a/AGENTS.md', 100, false, false],
      ['b/AGENTS.md', 50, true, false],
      ['c/AGENTS.md', 0, true, true],
    ]);
    expect(result.block).not.toContain('c/AGENTS.md');
    const chips = instructionChips(result, [], limits);
    expect(chips.map((chip) => [chip.label, chip.detail])).toEqual([
      ['a/AGENTS.md', 'agent instructions · 100 B'],
      ['b/AGENTS.md', 'agent instructions · first 50 B of 100 B'],
      ['c/AGENTS.md', 'not sent — instructions over the total limit'],
    ]);
    expect(chips[2]?.overBudget).toMatch(/Remove one of them/);
  });

  it('marks a file larger than what was read as truncated', () => {
    const result = composeInstructions(found(file('AGENTS.md', 'short', { bytes: 900_000 })));
    expect(result.files[0]?.truncated).toBe(true);
    expect(result.block).toContain('[Truncated: AGENTS.md is 878.9 KB;');
  });

  it('escapes quotes and brackets of workspace names in the element', () => {
    const { block } = composeInstructions(found(file('x"><evil/AGENTS.md', 'hi')));
    expect(block).toContain('source="x&quot;&gt;&lt;evil/AGENTS.md"');
  });
});

describe('instruction chips', () => {
  it('show each sent file as a removable chip and each refused one with why it was not read', () => {
    const chips = instructionChips(composeInstructions(found(file('AGENTS.md', 'hi'))), [{ path: 'pkg/AGENTS.md', reason: 'it looks like a secret' }]);
    expect(chips).toEqual([
      { id: 'instructions:AGENTS.md', kind: 'instructions', label: 'AGENTS.md', detail: 'agent instructions · 2 B', bytes: 2 },
      { id: 'instructions:pkg/AGENTS.md', kind: 'instructions', label: 'pkg/AGENTS.md', detail: 'not read', overBudget: 'Not read: it looks like a secret.' },
    ]);
  });

  it('drop the files whose chips the user removed', () => {
    const all = found(file('AGENTS.md', 'a'), file('b/AGENTS.md', 'b'));
    expect(withoutRemoved(all, new Set([instructionChipId('AGENTS.md')])).files.map((f) => f.path)).toEqual(['b/AGENTS.md']);
  });
});

describe('cutting text to a byte count', () => {
  it('never splits a character', () => {
    expect(cutToBytes('€€€', 4)).toBe('€');
    expect(cutToBytes('abc', 10)).toBe('abc');
  });
});
