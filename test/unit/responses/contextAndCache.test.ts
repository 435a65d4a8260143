// A context overflow is explained with the way on, wherever the API reports it; the usage's
// cache-write tokens are read; compaction items stay in a stateless chat's history.
import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { normalizeUsage, streamFailureError, toCodewrightError, toHistoryItems } from '../../../src/common/responses';
import type { ResponseOutputItem } from 'openai/resources/responses/responses';

const OVERFLOW = { message: 'Your input exceeds the context window of this model. Please adjust your input and try again.', type: 'invalid_request_error', param: 'input', code: 'context_length_exceeded' };

describe('a context_length_exceeded error', () => {
  it('as the API\'s 400 becomes an explanation with New Chat with Summary, not a raw rejection', () => {
    const error = toCodewrightError(APIError.generate(400, { error: OVERFLOW }, undefined, new Headers()), { model: 'gpt-5' });
    expect(error.kind).toBe('context-length');
    expect(error.action).toBe('new-chat-with-summary');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "This conversation no longer fits in gpt-5's context window (context_length_exceeded): Your input exceeds the context window of this model. Please adjust your input and try again. Start a new chat with a summary of this one to go on where you left off, or start a new chat.",
    );
  });

  it('in a failed response is explained the same way', () => {
    const error = streamFailureError('response-failed', { code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.' }, { model: 'gpt-5.1' });
    expect(error).toMatchObject({ kind: 'context-length', action: 'new-chat-with-summary', code: 'context_length_exceeded' });
    expect(error.message).toContain("gpt-5.1's context window");
  });

  it('leaves other 400s as they were', () => {
    const error = toCodewrightError(APIError.generate(400, { error: { ...OVERFLOW, code: 'invalid_value', message: 'Bad.' } }, undefined, new Headers()));
    expect(error.kind).toBe('bad-request');
  });
});

describe('the usage', () => {
  it('reads the tokens written to the prompt cache when the API reports some', () => {
    const usage = normalizeUsage({ input_tokens: 1000, input_tokens_details: { cached_tokens: 200, cache_write_tokens: 800 }, output_tokens: 10, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1010 });
    expect(usage).toEqual({ inputTokens: 1000, cachedInputTokens: 200, cacheWriteTokens: 800, outputTokens: 10, reasoningTokens: 0, totalTokens: 1010 });
    expect(normalizeUsage({ input_tokens: 5, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: 1 })?.cacheWriteTokens).toBeUndefined();
    expect(normalizeUsage({ input_tokens: 5, output_tokens: 1 })?.cacheWriteTokens).toBeUndefined();
  });
});

describe('the history a stateless chat resends', () => {
  it('keeps a compaction item, which stands for everything before it', () => {
    const output = [
      { id: 'cmp_1', type: 'compaction', encrypted_content: 'opaque' },
      { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [] },
      { id: 'ws_1', type: 'web_search_call', status: 'completed' },
    ] as unknown as ResponseOutputItem[];
    expect(toHistoryItems(output).map((item) => (item as { type: string }).type)).toEqual(['compaction', 'message']);
  });
});
