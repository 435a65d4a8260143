// What the editor entry points ask: CodeLens "Explain" and "Fix" above functions and classes,
// and "Fix with Codewright" on diagnostics. Pure, so the choice of symbols and the prompts are
// unit-tested without VS Code.

/** The parts of vscode.DocumentSymbol this module reads (0-based lines). */
export interface SymbolLike {
  name: string;
  kind: number;
  range: { start: { line: number }; end: { line: number } };
  selectionRange: { start: { line: number } };
  children: readonly SymbolLike[];
}

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

/** Functions, methods and classes, outermost first, one lens pair per line at most. */
export function codeLensTargets(symbols: readonly SymbolLike[], maxTargets = 500): LensTarget[] {
  const targets: LensTarget[] = [];
  const usedLines = new Set<number>();
  const visit = (list: readonly SymbolLike[]) => {
    for (const symbol of list) {
      if (targets.length >= maxTargets) return;
      const kindName = LENS_SYMBOL_KINDS[symbol.kind];
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
