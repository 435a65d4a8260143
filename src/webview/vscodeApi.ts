// The webview's only channel to the extension. `acquireVsCodeApi()` may be called once; the
// handle stays inside this module instead of being exposed as a global.

import type { ChatSnapshot, ExtensionMessage, WebviewMessage } from '../common/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface PersistedViewState {
  snapshot?: ChatSnapshot;
  draft?: string;
}

export interface HostChannel {
  post(message: WebviewMessage): void;
  onMessage(listener: (message: ExtensionMessage) => void): void;
  loadState(): PersistedViewState;
  saveState(state: PersistedViewState): void;
}

export function connectToHost(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    onMessage: (listener) => {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const data = event.data;
        if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') {
          listener(data as ExtensionMessage);
        }
      });
    },
    loadState: () => {
      const state = api.getState();
      return typeof state === 'object' && state !== null ? (state as PersistedViewState) : {};
    },
    saveState: (state) => api.setState(state),
  };
}
