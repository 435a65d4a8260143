// What the editor entry points ask: CodeLens "Explain" and "Fix" above functions and classes,
// and "Fix with Codewright" on diagnostics. Pure, so the choice of symbols and the prompts are
// unit-tested without VS Code.

/** The parts of vscode.DocumentSymbol this module reads (0-based lines and characters). */
export interface SymbolLike {
  name: string;
  kind: number;
  range: { start: { line: number; character?: number }; end: { line: number; character?: number } };
  selectionRange: { start: { line: number; character?: number }; end?: { line: number; character?: number } };
  children: readonly SymbolLike[];
}

/** vscode.SymbolKind values of variables and constants (a `const f = () => …` is one of these). */
const VARIABLE_KINDS = new Set([12, 13]);

/** vscode.SymbolKind values that get lenses. */
export const LENS_SYMBOL_KINDS: Readonly<Record<number, string>> = {
  4: 'class',
  5: 'method',
  8: 'constructor',
  11: 'function',
  22: 'struct',
};

export interface LensTarget {
  name: string;
  kindName: string;
  /** 0-based, inclusive. */
  startLine: number;
  endLine: number;
  /** Where the lens stands: the line with the symbol's name. */
  anchorLine: number;
}

/**
 * Whether a function symbol has no name of its own. Language servers list anonymous functions too:
 * TypeScript names a callback after the call it is passed to (`filter() callback`,
 * `orders.sort() callback`), an anonymous default export `default`, other expressions `<function>` or
 * `<class>`. A lens above `.filter(…)` would explain a one-line arrow, not the code around it.
 */
export function isAnonymousSymbol(symbol: Pick<SymbolLike, 'name'>): boolean {
  const name = symbol.name.trim();
  return name === '' || name === 'default' || /\) callback$/.test(name) || /^<[^>]*>$/.test(name);
}

/** `name = (…) =>`, `name = async x =>`, `name = function`, with an optional type annotation: a named function. */
function isFunctionVariable(symbol: SymbolLike, lineText: ((line: number) => string) | undefined): boolean {
  if (!lineText || !VARIABLE_KINDS.has(symbol.kind)) return false;
  const line = lineText(symbol.selectionRange.start.line);
  const at = line.indexOf(symbol.name, symbol.selectionRange.start.character ?? 0);
  if (at < 0) return false;
  const rest = line.slice(at + symbol.name.length);
  const initializer = /^\s*(?::[^=]*(?:=>[^=]*)*)?=\s*(?:async\b\s*)?(.*)$/.exec(rest)?.[1];
  if (initializer === undefined) return false;
  return /^function\b/.test(initializer) || /^(?:<[^>]*>)?\([^)]*\)?.*=>/.test(initializer) || /^[A-Za-z_$][\w$]*\s*=>/.test(initializer);
}

/**
 * Named functions, methods and classes, outermost first, one lens pair per line at most. With
 * `lineText` (the document's text of a 0-based line), variables initialised with a function
 * (`export const total = (cart: Cart) => …`) count as named functions too.
 */
export function codeLensTargets(symbols: readonly SymbolLike[], maxTargets = 500, lineText?: (line: number) => string): LensTarget[] {
  const targets: LensTarget[] = [];
  const usedLines = new Set<number>();
  const visit = (list: readonly SymbolLike[]) => {
    for (const symbol of list) {
      if (targets.length >= maxTargets) return;
      const kindName = isFunctionVariable(symbol, lineText) ? 'function' : isAnonymousSymbol(symbol) ? undefined : LENS_SYMBOL_KINDS[symbol.kind];
      const anchorLine = symbol.selectionRange.start.line;
      if (kindName && !usedLines.has(anchorLine)) {
        usedLines.add(anchorLine);
        targets.push({ name: symbol.name, kindName, startLine: symbol.range.start.line, endLine: symbol.range.end.line, anchorLine });
      }
      visit(symbol.children);
    }
  };
  visit(symbols);
  return targets;
}

export function explainSymbolPrompt(target: Pick<LensTarget, 'name' | 'kindName'>): string {
  return `Explain what the ${target.kindName} \`${target.name}\` (the selected code) does, step by step, and point out anything surprising or risky.`;
}

export interface DiagnosticLike {
  message: string;
  /** 1-based. */
  line: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  source?: string;
  code?: string;
}

export function fixPrompt(subject: string, diagnostics: readonly DiagnosticLike[]): string {
  const lines = [`Fix ${subject} (the selected code).`];
  if (diagnostics.length > 0) {
    lines.push('', 'VS Code reports:');
    for (const d of diagnostics) {
      const origin = [d.source, d.code].filter(Boolean).join(' ');
      lines.push(`- line ${d.line}, ${d.severity}: ${d.message}${origin ? ` (${origin})` : ''}`);
    }
  } else {
    lines.push('', 'Look for bugs, unhandled cases and mistakes.');
  }
  lines.push('', 'Make the change with the apply_patch tool, then say briefly what you changed and why.');
  return lines.join('\n');
}
