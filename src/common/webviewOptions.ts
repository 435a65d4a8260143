// The chat webview's options, kept pure so the security guarantees are unit-tested:
// scripts on (the app needs them), command: URIs off, and only the extension's own dist/ and
// media/ folders loadable.

export interface ChatWebviewOptions<U> {
  enableScripts: true;
  enableCommandUris: false;
  enableForms: false;
  localResourceRoots: U[];
}

export const WEBVIEW_RESOURCE_FOLDERS = ['dist', 'media'] as const;

export function chatWebviewOptions<U>(extensionFolder: (name: string) => U): ChatWebviewOptions<U> {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: WEBVIEW_RESOURCE_FOLDERS.map((folder) => extensionFolder(folder)),
  };
}
