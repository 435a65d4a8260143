// Command-palette actions. Each command is declared in package.json with category "Codewright".

import * as vscode from 'vscode';
import { EXPLAIN_SELECTION_PROMPT } from '../common/chat/instructions';
import type { ApiKeyService } from './apiKey';
import type { ChatViewProvider } from './chatViewProvider';
import { selectionOf } from './editorContext';
import { showLog } from './log';
import { selectModel, selectReasoningEffort, selectVerbosity, showControls } from './modelCommands';

export function registerCommands(
  context: vscode.ExtensionContext,
  chat: ChatViewProvider,
  apiKeys: ApiKeyService,
): void {
  const register = (id: string, run: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, run));

  register('codewright.setApiKey', async () => {
    if (await apiKeys.promptAndStore()) {
      void vscode.window.showInformationMessage('Codewright: API key saved in secret storage.');
    }
  });
  register('codewright.clearApiKey', async () => {
    await apiKeys.clear();
    void vscode.window.showInformationMessage('Codewright: API key removed from secret storage.');
  });
  register('codewright.explainSelection', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Codewright: open a file and select the code to explain.');
      return;
    }
    const selection = selectionOf(editor);
    if (!selection) {
      void vscode.window.showInformationMessage('Codewright: select the code to explain first.');
      return;
    }
    // Passed explicitly: asking about a selection sends it even from a file that is otherwise held back.
    await chat.ask(EXPLAIN_SELECTION_PROMPT, 'Explain selection', selection, 'explain');
  });
  register('codewright.askAboutSelection', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !selectionOf(editor)) {
      void vscode.window.showInformationMessage('Codewright: select the code to ask about first.');
      return;
    }
    const question = await vscode.window.showInputBox({
      title: 'Codewright: Ask About Selection',
      prompt: 'Your question about the selected code',
      placeHolder: 'e.g. Why does this loop skip the last item?',
      validateInput: (text) => (text.trim() === '' ? 'Type a question, or press Escape to cancel.' : undefined),
    });
    if (question === undefined || question.trim() === '') return;
    await chat.ask(question.trim(), question.trim());
  });
  register('codewright.addCurrentFile', () => chat.addCurrentFile());
  register('codewright.selectModel', () => selectModel(apiKeys));
  register('codewright.selectReasoningEffort', () => selectReasoningEffort());
  register('codewright.selectVerbosity', () => selectVerbosity());
  register('codewright.showControls', () => showControls());
  register('codewright.openChat', () => chat.focusPrompt());
  register('codewright.newChat', () => chat.newChat());
  register('codewright.stop', () => chat.stop());
  register('codewright.showLog', () => showLog());
}
