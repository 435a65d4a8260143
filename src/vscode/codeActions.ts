// Editor entry points: CodeLens "Explain" and "Fix" above functions and classes, "Fix with
// Codewright" as a quick fix on diagnostics, and "Fix Selection" in the command palette.

import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { codeLensTargets, explainSymbolPrompt, fixPrompt, type DiagnosticLike, type SymbolLike } from '../common/chat/codeActions';
import type { ChatViewProvider } from './chatViewProvider';
import { lineRangeLabel, rangeSelection, selectionOf } from './editorContext';
import { logger } from './log';
import { onSettingsChanged, readSettings } from './settings';

const log = logger('code-actions');
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

/** Arguments the lens and quick-fix commands carry; checked, since anyone can run a command. */
interface RangeTarget {
  uri: vscode.Uri;
  startLine: number;
  endLine: number;
  label: string;
}

/** What codewright.explainRange and codewright.fixRange return. */
export type RangeCommandResult = { asked: true } | { asked: false; message: string };

function parseTarget(args: unknown[]): RangeTarget | undefined {
  const [uri, startLine, endLine, label] = args;
  if (!(uri instanceof vscode.Uri)) return undefined;
  if (!Number.isInteger(startLine) || !Number.isInteger(endLine) || (startLine as number) < 0 || (endLine as number) < (startLine as number)) return undefined;
  return { uri, startLine: startLine as number, endLine: endLine as number, label: typeof label === 'string' && label !== '' ? label : 'the selected code' };
}

function severityName(severity: vscode.DiagnosticSeverity): DiagnosticLike['severity'] {
  switch (severity) {
    case vscode.DiagnosticSeverity.Error:
      return 'error';
    case vscode.DiagnosticSeverity.Warning:
      return 'warning';
    case vscode.DiagnosticSeverity.Information:
      return 'information';
    default:
      return 'hint';
  }
}

function diagnosticsIn(uri: vscode.Uri, range: vscode.Range): DiagnosticLike[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.range.intersection(range) !== undefined)
    .slice(0, 20)
    .map((d) => ({
      message: d.message,
      line: d.range.start.line + 1,
      severity: severityName(d.severity),
      source: d.source,
      code: typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
    }));
}

function toSymbolLike(symbol: vscode.DocumentSymbol | vscode.SymbolInformation): SymbolLike {
  if ('children' in symbol) {
    return { name: symbol.name, kind: symbol.kind, range: symbol.range, selectionRange: symbol.selectionRange, children: symbol.children.map(toSymbolLike) };
  }
  return { name: symbol.name, kind: symbol.kind, range: symbol.location.range, selectionRange: symbol.location.range, children: [] };
}

class CodewrightLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!readSettings().codeLens) return [];
    const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    if (!symbols || token.isCancellationRequested) return [];
    const lineText = (line: number) => (line < document.lineCount ? document.lineAt(line).text : '');
    return codeLensTargets(symbols.map(toSymbolLike), undefined, lineText).flatMap((target) => {
      const anchor = new vscode.Range(target.anchorLine, 0, target.anchorLine, 0);
      const label = `the ${target.kindName} \`${target.name}\``;
      const args = [document.uri, target.startLine, target.endLine, label, target.name, target.kindName];
      return [
        new vscode.CodeLens(anchor, { title: 'Explain', tooltip: `Codewright: explain ${target.name}`, command: 'codewright.explainRange', arguments: args }),
        new vscode.CodeLens(anchor, { title: 'Fix', tooltip: `Codewright: fix ${target.name}`, command: 'codewright.fixRange', arguments: args }),
      ];
    });
  }
}

class CodewrightQuickFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.diagnostics.length === 0) return [];
    const start = Math.min(range.start.line, ...context.diagnostics.map((d) => d.range.start.line));
    const end = Math.max(range.end.line, ...context.diagnostics.map((d) => d.range.end.line));
    const action = new vscode.CodeAction('Fix with Codewright', vscode.CodeActionKind.QuickFix);
    action.diagnostics = [...context.diagnostics];
    action.command = { title: 'Fix with Codewright', command: 'codewright.fixRange', arguments: [document.uri, start, end, 'the code with these problems'] };
    return [action];
  }
}

export function registerCodeActions(context: vscode.ExtensionContext, chat: ChatViewProvider): void {
  const lenses = new CodewrightLensProvider();
  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new CodewrightQuickFixProvider(), {
      providedCodeActionKinds: CodewrightQuickFixProvider.kinds,
    }),
    onSettingsChanged(() => lenses.refresh()),
  );

  // The result tells the caller (and the extension-host tests) whether a question went to the chat
  // and, when not, the message the user was shown instead.
  const withTarget = (run: (target: RangeTarget, document: vscode.TextDocument, extra: unknown[]) => Promise<void>) => async (...args: unknown[]): Promise<RangeCommandResult> => {
    const declined = (message: string, show: (text: string) => Thenable<unknown>): RangeCommandResult => {
      void show(message);
      return { asked: false, message };
    };
    const target = parseTarget(args);
    if (!target) {
      log.warn('a range command ran without a valid file and line range');
      return declined(
        'Codewright: this action runs from a CodeLens or a quick fix. To ask about any code, select it and use Explain Selection.',
        (text) => vscode.window.showInformationMessage(text),
      );
    }
    let document: vscode.TextDocument;
    try {
      document = await vscode.workspace.openTextDocument(target.uri);
    } catch {
      return declined('Codewright: that file cannot be opened any more.', (text) => vscode.window.showWarningMessage(text));
    }
    if (target.startLine >= document.lineCount) {
      return declined('Codewright: that code is no longer there; the file changed.', (text) => vscode.window.showWarningMessage(text));
    }
    await run({ ...target, endLine: Math.min(target.endLine, document.lineCount - 1) }, document, args.slice(4));
    return { asked: true };
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(
      'codewright.explainRange',
      withTarget(async (target, document, [name, kindName]) => {
        const selection = rangeSelection(document, new vscode.Range(target.startLine, 0, target.endLine, 0));
        const prompt =
          typeof name === 'string' && typeof kindName === 'string'
            ? explainSymbolPrompt({ name, kindName })
            : `Explain ${target.label} (the selected code), step by step.`;
        await chat.ask(prompt, `Explain ${target.label}`, selection, 'explain');
      }),
    ),
    vscode.commands.registerCommand(
      'codewright.fixRange',
      withTarget(async (target, document) => {
        const range = new vscode.Range(target.startLine, 0, target.endLine, document.lineAt(target.endLine).text.length);
        const selection = rangeSelection(document, range);
        await chat.ask(fixPrompt(target.label, diagnosticsIn(document.uri, range)), `Fix ${target.label} (${lineRangeLabel(selection)})`, selection, 'fix');
      }),
    ),
    vscode.commands.registerCommand('codewright.fixSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      const selection = selectionOf(editor);
      if (!editor || !selection) {
        void vscode.window.showInformationMessage('Codewright: select the code to fix first.');
        return;
      }
      await chat.ask(fixPrompt('the selected code', diagnosticsIn(editor.document.uri, editor.selection)), 'Fix selection', selection, 'fix');
    }),
  );
}
