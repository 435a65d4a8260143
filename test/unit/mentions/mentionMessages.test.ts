import { describe, expect, it } from 'vitest';
import { parseWebviewMessage } from '../../../src/common/webviewMessages';

describe('@-mention messages from the webview are validated like the others', () => {
  it('accepts a query with its request id', () => {
    expect(parseWebviewMessage({ type: 'mentionQuery', requestId: 3, query: 'src/comp' })).toEqual({ type: 'mentionQuery', requestId: 3, query: 'src/comp' });
  });

  it('drops a query that is too long, not text, or without a request id', () => {
    expect(parseWebviewMessage({ type: 'mentionQuery', requestId: 3, query: 'x'.repeat(201) })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'mentionQuery', requestId: 3, query: 42 })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'mentionQuery', query: 'a' })).toBeUndefined();
  });

  it('accepts a chosen file or special mention and nothing else', () => {
    expect(parseWebviewMessage({ type: 'addMention', requestId: 1, mention: { kind: 'file', path: 'src/a.ts' } })).toEqual({ type: 'addMention', requestId: 1, mention: { kind: 'file', path: 'src/a.ts' } });
    expect(parseWebviewMessage({ type: 'addMention', requestId: 2, mention: { kind: 'problems', extra: 'ignored' } })).toEqual({ type: 'addMention', requestId: 2, mention: { kind: 'problems' } });
    expect(parseWebviewMessage({ type: 'addMention', requestId: 2, mention: { kind: 'terminal' } })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'addMention', requestId: 2, mention: { kind: 'file', path: '' } })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'addMention', requestId: 2, mention: { kind: 'file', path: 'a\u0000b' } })).toBeUndefined();
    expect(parseWebviewMessage({ type: 'addMention', requestId: 2, mention: 'src/a.ts' })).toBeUndefined();
  });
});
