import { describe, expect, it } from 'vitest';
import { APIConnectionError, APIError, APIUserAbortError, AuthenticationError, BadRequestError, RateLimitError } from 'openai';
import { redactSecrets, retryAfterSecondsFromHeaders, toCodewrightError } from '../../../src/common/responses';

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123456789';

describe('toCodewrightError', () => {
  it('turns a 401 into an auth error that offers to set the key', () => {
    const err = toCodewrightError(new AuthenticationError(401, { code: 'invalid_api_key', message: 'bad key' }, undefined, new Headers()));
    expect(err).toMatchObject({ kind: 'auth', action: 'set-api-key', status: 401, code: 'invalid_api_key' });
    expect(err.message).toMatch(/Set API Key/);
  });

  it('keeps the API message and parameter of a 400', () => {
    const err = toCodewrightError(
      new BadRequestError(400, { message: "Unsupported parameter: 'temperature' is not supported with this model.", param: 'temperature' }, undefined, new Headers()),
    );
    expect(err.kind).toBe('bad-request');
    expect(err.param).toBe('temperature');
    expect(err.message).toContain("Unsupported parameter: 'temperature' is not supported with this model.");
  });

  it('tells quota exhaustion from a rate limit, and carries the wait time of a rate limit', () => {
    const quota = toCodewrightError(new RateLimitError(429, { code: 'insufficient_quota', message: 'quota' }, undefined, new Headers()));
    expect(quota.kind).toBe('quota');
    const limited = toCodewrightError(
      new RateLimitError(429, { code: 'rate_limit_exceeded', message: 'slow down' }, undefined, new Headers({ 'retry-after': '7' })),
      { model: 'gpt-5' },
    );
    expect(limited).toMatchObject({ kind: 'rate-limit', retryAfterSeconds: 7, action: 'retry' });
    expect(limited.message).toMatch(/Try again in 7 s/);
  });

  it('reads a status-less APIError carrying a payload as a mid-stream error event', () => {
    const err = toCodewrightError(new APIError(undefined, { type: 'server_error', code: null, message: 'Sorry, something went wrong.' }, undefined, undefined));
    expect(err.kind).toBe('stream-error');
    expect(err.message).toContain('Sorry, something went wrong.');
  });

  it('maps connection failures, user aborts and broken streams', () => {
    expect(toCodewrightError(new APIConnectionError({ message: 'Connection error.', cause: new Error('connect ECONNREFUSED') }), { baseURL: 'http://127.0.0.1:9/v1' }))
      .toMatchObject({ kind: 'network' });
    expect(toCodewrightError(new APIUserAbortError()).kind).toBe('aborted');
    expect(toCodewrightError(new TypeError('terminated'), { phase: 'stream' }).kind).toBe('stream-cut');
  });

  it('never repeats the API key in a message', () => {
    const err = toCodewrightError(new BadRequestError(400, { message: `Key ${KEY} and sk-otherSecretValue123 are wrong` }, undefined, new Headers()), {
      apiKey: KEY,
    });
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain('sk-otherSecretValue123');
    const cut = toCodewrightError(new Error(`socket to host with ${KEY} closed`), { apiKey: KEY, phase: 'stream' });
    expect(cut.message).not.toContain(KEY);
  });
});

describe('redactSecrets', () => {
  it('removes the configured key even when it does not look like an OpenAI key', () => {
    expect(redactSecrets('token=custom-proxy-key-1 end', 'custom-proxy-key-1')).toBe('token=[redacted key] end');
  });
});

describe('retryAfterSecondsFromHeaders', () => {
  it('prefers retry-after-ms, then retry-after seconds or date', () => {
    expect(retryAfterSecondsFromHeaders(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(2);
    expect(retryAfterSecondsFromHeaders(new Headers({ 'retry-after': '3' }))).toBe(3);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterSecondsFromHeaders(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now)).toBe(30);
    expect(retryAfterSecondsFromHeaders(new Headers())).toBeUndefined();
  });
});
