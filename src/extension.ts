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
  const started = performance.now();
  const cpu = process.cpuUsage();
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
  const used = process.cpuUsage(cpu);
  // `npm run bench -- activation` reads this line from the log (activation.activate_ms). The CPU
  // time shows how much of the wall time was ours when the machine is busy.
  logger('main').info(`activated in ${(performance.now() - started).toFixed(1)} ms (CPU ${((used.user + used.system) / 1000).toFixed(1)} ms) (VS Code ${vscode.version})`);
}

export function deactivate(): void {}
