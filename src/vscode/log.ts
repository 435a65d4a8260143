// One LogOutputChannel for the whole extension, with a component tag per line. Secrets are
// registered here so that nothing logged can ever contain them.

import * as vscode from 'vscode';

const secrets = new Set<string>();
let channel: vscode.LogOutputChannel | undefined;

export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 4) secrets.add(secret);
}

export function redact(text: string): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join('[redacted]');
  return result.replace(/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-[redacted]');
}

export function initLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('Codewright', { log: true });
  context.subscriptions.push(channel);
  return channel;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export function logger(component: string): Logger {
  const line = (message: string) => `[${component}] ${redact(message)}`;
  return {
    info: (message) => channel?.info(line(message)),
    warn: (message) => channel?.warn(line(message)),
    error: (message) => channel?.error(line(message)),
    debug: (message) => channel?.debug(line(message)),
  };
}

export function showLog(): void {
  channel?.show(true);
}
