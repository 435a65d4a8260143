import { describe, expect, it } from 'vitest';
import { chatWebviewOptions } from '../../../src/common/webviewOptions';

describe('the chat webview options', () => {
  it('turn command URIs and forms off and allow only the extension\'s dist and media folders', () => {
    const options = chatWebviewOptions((folder) => `/ext/${folder}`);
    expect(options).toEqual({
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: ['/ext/dist', '/ext/media'],
    });
  });
});
