// Entry point of the chat webview bundle (dist/webview.js).

import { ChatApp } from './chatApp';
import { connectToHost } from './vscodeApi';

function appRoot(): HTMLElement {
  const existing = document.getElementById('codewright-app');
  if (existing) return existing;
  const root = document.createElement('div');
  root.id = 'codewright-app';
  document.body.append(root);
  return root;
}

new ChatApp(appRoot(), connectToHost());
