// Activation stays short and lazy: one register call per feature, every disposable registered.

import * as vscode from 'vscode';
import { ApiKeyService } from './vscode/apiKey';
import { CHAT_VIEW_ID, ChatViewProvider } from './vscode/chatViewProvider';
import { registerCodeActions } from './vscode/codeActions';
import { registerCommands } from './vscode/commands';
import { EditorContextTracker } from './vscode/editorContext';
import { initLog, logger } from './vscode/log';
import { registerStatusBar } from './vscode/modelCommands';

export function activate(context: vscode.ExtensionContext): void {
  initLog(context);
  const apiKeys = new ApiKeyService(context.secrets);
  const editorContext = new EditorContextTracker();
  const chat = new ChatViewProvider(context.extensionUri, apiKeys, editorContext, context.workspaceState);
  context.subscriptions.push(
    apiKeys,
    editorContext,
    chat,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, chat),
  );
  registerCommands(context, chat, apiKeys);
  registerCodeActions(context, chat);
  registerStatusBar(context, chat.onDidChangeGenerating);
  logger('main').info(`activated (VS Code ${vscode.version})`);
}

export function deactivate(): void {}
