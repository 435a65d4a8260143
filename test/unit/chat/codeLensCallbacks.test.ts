// CodeLens targets for a real 30-line TypeScript file: the symbols come from TypeScript's own
// navigation tree (what VS Code's TypeScript extension turns into document symbols), so the
// anonymous callbacks it lists (`filter() callback`, …) are the ones a user would get lenses for.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { codeLensTargets, isAnonymousSymbol, type SymbolLike } from '../../../src/common/chat/codeActions';

const ORDERS_TS = `import { readFileSync } from 'node:fs';
export interface Order { id: string; total: number; items: string[] }

export function loadOrders(path: string): Order[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Order[];
  return raw.filter((order) => order.total > 0).sort((a, b) => a.total - b.total);
}

export class OrderBook {
  private readonly orders: Order[] = [];

  add(order: Order): void {
    this.orders.push(order);
    this.orders.sort(function (a, b) { return a.id.localeCompare(b.id); });
  }

  totals(): number[] {
    return this.orders.map((order) => order.total).filter((total) => total > 0);
  }
}

export const biggest = (orders: Order[]): Order | undefined =>
  orders.reduce<Order | undefined>((best, order) => (best && best.total >= order.total ? best : order), undefined);
export const count = async function (book: OrderBook) { return book.totals().length; };
export const LIMIT = (2 + 3) * 10;
[1, 2, 3].forEach((n) => console.log(n));
setTimeout(() => undefined, 0);
export default function () {
  return [3, 1, 2].sort((a, b) => a - b);
}
`;

/** vscode.SymbolKind for TypeScript's element kinds, as VS Code's TypeScript extension maps them. */
const SYMBOL_KIND: Record<string, number> = {
  module: 1, class: 4, method: 5, property: 6, constructor: 8, enum: 9, interface: 10, function: 11, 'local function': 11, var: 12, let: 12, const: 12, 'local var': 12,
};

function documentSymbols(text: string): SymbolLike[] {
  const fileName = 'orders.ts';
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [fileName],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => (name === fileName ? ts.ScriptSnapshot.fromString(text) : undefined),
    getCurrentDirectory: () => '/',
    getCompilationSettings: () => ({ noLib: true }),
    getDefaultLibFileName: () => 'lib.d.ts',
    fileExists: (name) => name === fileName,
    readFile: (name) => (name === fileName ? text : undefined),
  };
  const service = ts.createLanguageService(host);
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest);
  const position = (offset: number) => {
    const { line, character } = source.getLineAndCharacterOfPosition(offset);
    return { line, character };
  };
  const convert = (item: ts.NavigationTree): SymbolLike => {
    const span = item.spans[0] ?? { start: 0, length: 0 };
    const name = item.nameSpan ?? span;
    return {
      name: item.text,
      kind: SYMBOL_KIND[item.kind] ?? 12,
      range: { start: position(span.start), end: position(span.start + span.length) },
      selectionRange: { start: position(name.start), end: position(name.start + name.length) },
      children: (item.childItems ?? []).filter((child) => child.kind !== 'alias').map(convert),
    };
  };
  return (service.getNavigationTree(fileName).childItems ?? []).filter((item) => item.kind !== 'alias').map(convert);
}

describe('CodeLens in a file full of callbacks', () => {
  const lines = ORDERS_TS.split('\n');
  const symbols = documentSymbols(ORDERS_TS);

  it('is a 30-line file in which TypeScript lists nine anonymous callbacks', () => {
    expect(lines.length - 1).toBe(30);
    const callbacks: string[] = [];
    const walk = (list: readonly SymbolLike[]) => list.forEach((s) => (s.name.endsWith(') callback') && callbacks.push(s.name), walk(s.children)));
    walk(symbols);
    expect(callbacks).toHaveLength(9);
  });

  it('puts lenses above named functions, methods, classes and functions held in constants only', () => {
    const targets = codeLensTargets(symbols, undefined, (line) => lines[line] ?? '').sort((a, b) => a.anchorLine - b.anchorLine);
    expect(targets.map((target) => `${target.anchorLine + 1}: ${target.kindName} ${target.name}`)).toEqual([
      '4: function loadOrders',
      '9: class OrderBook',
      '12: method add',
      '17: method totals',
      '22: function biggest',
      '24: function count',
    ]);
  });

  it('without the text of the lines, still never stands above a callback', () => {
    expect(codeLensTargets(symbols).map((target) => target.name).sort()).toEqual(['OrderBook', 'add', 'loadOrders', 'totals']);
  });

  it('knows anonymous names from named ones', () => {
    for (const name of ['filter() callback', 'orders.sort() callback', 'describe(\'cart\') callback', 'default', '<function>', '<class>', ' ']) {
      expect(isAnonymousSymbol({ name }), name).toBe(true);
    }
    for (const name of ['callback', 'onCallback', 'render', 'constructor', 'Cart', 'defaultOptions', 'area(double)']) {
      expect(isAnonymousSymbol({ name }), name).toBe(false);
    }
  });
});
