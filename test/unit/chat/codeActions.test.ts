import { describe, expect, it } from 'vitest';
import { codeLensTargets, explainSymbolPrompt, fixPrompt, type SymbolLike } from '../../../src/common/chat/codeActions';

function symbol(name: string, kind: number, start: number, end: number, children: SymbolLike[] = []): SymbolLike {
  return { name, kind, range: { start: { line: start }, end: { line: end } }, selectionRange: { start: { line: start } }, children };
}

describe('CodeLens targets', () => {
  it('puts lenses above functions, classes and their methods, not above variables or interfaces', () => {
    const symbols = [
      symbol('VERSION', 12, 0, 0),
      symbol('Shape', 10, 2, 5),
      symbol('Circle', 4, 7, 20, [symbol('constructor', 8, 8, 10), symbol('radius', 6, 11, 11), symbol('area', 5, 12, 14)]),
      symbol('distance', 11, 22, 26),
    ];
    expect(codeLensTargets(symbols).map((t) => [t.kindName, t.name, t.startLine, t.endLine])).toEqual([
      ['class', 'Circle', 7, 20],
      ['constructor', 'constructor', 8, 10],
      ['method', 'area', 12, 14],
      ['function', 'distance', 22, 26],
    ]);
  });

  it('gives one lens pair per line and stops at a limit', () => {
    const sameLine = [symbol('a', 11, 3, 4), symbol('b', 11, 3, 5)];
    expect(codeLensTargets(sameLine).map((t) => t.name)).toEqual(['a']);
    const many = Array.from({ length: 20 }, (_, i) => symbol(`f${i}`, 11, i, i));
    expect(codeLensTargets(many, 5)).toHaveLength(5);
  });
});

describe('prompts of the editor actions', () => {
  it('asks to explain a symbol by kind and name', () => {
    expect(explainSymbolPrompt({ name: 'area', kindName: 'method' })).toContain('the method `area`');
  });

  it('lists the diagnostics to fix with line, severity and source, and asks for apply_patch', () => {
    const prompt = fixPrompt('the function `total`', [
      { message: "Property 'cnt' does not exist on type 'Item'.", line: 7, severity: 'error', source: 'ts', code: '2339' },
    ]);
    expect(prompt).toContain('Fix the function `total` (the selected code).');
    expect(prompt).toContain("- line 7, error: Property 'cnt' does not exist on type 'Item'. (ts 2339)");
    expect(prompt).toContain('apply_patch');
  });

  it('asks to look for bugs when there are no diagnostics', () => {
    expect(fixPrompt('the class `Cart`', [])).toContain('Look for bugs');
  });
});
