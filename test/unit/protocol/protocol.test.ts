import { describe, expect, it } from 'vitest';
import { isOpenableExternalLink } from '../../../src/common/protocol';
import { parseWebviewMessage } from '../../../src/common/webviewMessages';

describe('messages from the webview', () => {
  it('accepts every well-formed message type', () => {
    const valid = [
      { type: 'ready' },
      { type: 'send', requestId: 1, prompt: 'hi' },
      { type: 'stop' },
      { type: 'retry', turnId: 't1' },
      { type: 'continue', turnId: 't1' },
      { type: 'newChat' },
      { type: 'openConversation', conversationId: 'c1' },
      { type: 'deleteConversation', conversationId: 'c1' },
      { type: 'setControl', control: 'model', value: 'gpt-5-mini' },
      { type: 'setControl', control: 'reasoningEffort', value: 'high' },
      { type: 'setControl', control: 'verbosity', value: 'low' },
      { type: 'removeChip', chipId: 'selection' },
      { type: 'addChip', chipId: 'file:file:///w/.env' },
      { type: 'addCurrentFile' },
      { type: 'openLink', href: 'https://example.com' },
      { type: 'copyCode', code: 'x' },
      { type: 'insertCode', code: 'x' },
      { type: 'newFileWithCode', code: 'x', language: 'ts' },
      { type: 'setApiKey' },
      { type: 'openSettings' },
    ];
    for (const message of valid) expect(parseWebviewMessage(message)).toEqual(message);
  });

  it('ignores unknown types and malformed fields', () => {
    const invalid: unknown[] = [
      null,
      'send',
      42,
      [],
      {},
      { type: 'launchMissiles' },
      { type: 'send', prompt: 'no request id' },
      { type: 'send', requestId: -1, prompt: 'x' },
      { type: 'send', requestId: 1, prompt: 7 },
      { type: 'retry' },
      { type: 'retry', turnId: '' },
      { type: 'retry', turnId: 'x'.repeat(201) },
      { type: 'setControl', control: 'model', value: '   ' },
      { type: 'setControl', control: 'reasoningEffort', value: 'extreme' },
      { type: 'setControl', control: 'verbosity', value: 3 },
      { type: 'setControl', control: 'baseURL', value: 'https://evil.example' },
      { type: 'openLink', href: 5 },
      { type: 'newFileWithCode', code: 'x' },
    ];
    for (const message of invalid) expect(parseWebviewMessage(message)).toBeUndefined();
  });

  it('drops extra fields so nothing unexpected reaches the handlers', () => {
    expect(parseWebviewMessage({ type: 'stop', extra: 'x' })).toEqual({ type: 'stop' });
    expect(parseWebviewMessage({ type: 'retry', turnId: 't', __proto__: { polluted: true } })).toEqual({ type: 'retry', turnId: 't' });
  });

  it('opens only http and https links', () => {
    expect(isOpenableExternalLink('https://platform.openai.com/docs')).toBe(true);
    expect(isOpenableExternalLink('http://localhost:3000')).toBe(true);
    for (const href of ['command:workbench.action.terminal.new', 'file:///etc/passwd', 'vscode://settings', 'javascript:alert(1)', 'data:text/html,x', 'not a url', '']) {
      expect(isOpenableExternalLink(href)).toBe(false);
    }
  });
});
