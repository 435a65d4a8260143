import { describe, expect, it } from 'vitest';
import { buildResponseRequest, parameterNotes, type RequestSettings, type TurnRequest } from '../../../src/common/responses';

const base: RequestSettings = { model: 'gpt-5', reasoningEffort: 'medium', reasoningSummary: 'auto', verbosity: 'medium', maxOutputTokens: null, store: true };

function request(settings: Partial<RequestSettings>, overrides: Partial<TurnRequest> = {}) {
  return buildResponseRequest({ instructions: 'You are Codewright.', prompt: 'Hi', openFiles: [], settings: { ...base, ...settings }, ...overrides });
}

describe('requests fit the chosen model', () => {
  it('pins the gpt-5 family: minimal effort and any verbosity go out as set', () => {
    const params = request({ model: 'gpt-5-mini', reasoningEffort: 'minimal', verbosity: 'low' });
    expect(params.reasoning).toEqual({ effort: 'minimal', summary: 'auto' });
    expect(params.text).toEqual({ verbosity: 'low' });
    expect(parameterNotes({ ...base, model: 'gpt-5-mini', reasoningEffort: 'minimal', verbosity: 'low' })).toEqual([]);
  });

  it('pins gpt-5.1: minimal becomes none, and the turn is told so', () => {
    const settings = { ...base, model: 'gpt-5.1', reasoningEffort: 'minimal' as const };
    expect(request(settings).reasoning).toEqual({ effort: 'none', summary: 'auto' });
    expect(parameterNotes(settings)).toEqual(["gpt-5.1 does not accept reasoning effort 'minimal'; used 'none'."]);
  });

  it('pins gpt-5.1-codex-max: xhigh goes out, and no verbosity is sent', () => {
    const params = request({ model: 'gpt-5.1-codex-max', reasoningEffort: 'xhigh', verbosity: 'high' });
    expect(params.reasoning?.effort).toBe('xhigh');
    expect(params).not.toHaveProperty('text');
    expect(parameterNotes({ ...base, model: 'gpt-5.1-codex-max', verbosity: 'high' })[0]).toContain('fixed verbosity');
  });

  it('sends xhigh to gpt-5 as high, the nearest it accepts', () => {
    expect(request({ reasoningEffort: 'xhigh' }).reasoning?.effort).toBe('high');
  });

  it('sends an unknown model only low, medium or high effort', () => {
    expect(request({ model: 'acme-coder', reasoningEffort: 'minimal' }).reasoning?.effort).toBe('low');
    expect(request({ model: 'acme-coder', reasoningEffort: 'high' }).reasoning?.effort).toBe('high');
  });

  it('leaves the summary out when it is off, and reasoning out when nothing is left to send', () => {
    expect(request({ reasoningSummary: 'off' }).reasoning).toEqual({ effort: 'medium' });
  });
});

describe('prompt caching', () => {
  it('sends the conversation key as prompt_cache_key', () => {
    expect(request({}, { promptCacheKey: 'conv-123' }).prompt_cache_key).toBe('conv-123');
    expect(request({})).not.toHaveProperty('prompt_cache_key');
  });

  it('sends a chosen cache retention only to models that offer it, and says when it did not', () => {
    expect(request({ model: 'gpt-5.1', promptCacheRetention: '24h' }).prompt_cache_retention).toBe('24h');
    expect(request({ model: 'gpt-5-nano', promptCacheRetention: '24h' })).not.toHaveProperty('prompt_cache_retention');
    expect(parameterNotes({ ...base, model: 'gpt-5-nano', promptCacheRetention: '24h' })[0]).toContain('prompt cache retention');
    expect(request({ model: 'gpt-5.1', promptCacheRetention: 'default' })).not.toHaveProperty('prompt_cache_retention');
  });

  it('keeps the request prefix of two consecutive turns identical, so the second hits the cache', () => {
    const files = [{ path: 'src/a.ts', content: 'export const a = 1;\n' }, { path: 'src/b.ts', content: 'export const b = 2;\n' }];
    const first = request({ store: false }, { openFiles: files, promptCacheKey: 'c1' });
    const firstInput = first.input as unknown[];
    const answer = { role: 'assistant', content: 'a is 1.' };
    const second = request({ store: false }, { prompt: 'And b?', openFiles: files, promptCacheKey: 'c1', history: [...(firstInput as never[]), answer as never] });
    const prefix = (params: typeof first) => JSON.stringify({ model: params.model, instructions: params.instructions, tools: params.tools, reasoning: params.reasoning, text: params.text, key: params.prompt_cache_key });
    expect(prefix(second)).toBe(prefix(first));
    expect(JSON.stringify((second.input as unknown[]).slice(0, firstInput.length))).toBe(JSON.stringify(firstInput));
  });
});
