// Background responses through the real SDK: a dropped stream is resumed from its last event and
// the answer arrives exactly once; Stop cancels the response on the server; without background
// a cut stream still ends as a clear error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildResponseRequest, createResponsesClient, runResponse, type TurnRequest } from '../../../src/common/responses';
import { FakeResponsesServer } from '../../fake-server/fakeResponsesServer';
import { testRequestSettings } from '../../harness/requestSettings';

const API_KEY = 'sk-test-background-0123456789abcdef';
const ANSWER = 'First part of the answer, then the middle part, and finally the very end of it.';

let server: FakeResponsesServer;
beforeEach(async () => {
  server = await FakeResponsesServer.start({ expectedApiKey: API_KEY });
});
afterEach(async () => {
  await server.close();
});

function request(background: boolean, store = true): TurnRequest {
  return { instructions: 'You are Codewright.', prompt: 'Tell me', openFiles: [], settings: testRequestSettings({ background, store }) };
}

const client = () => createResponsesClient({ apiKey: API_KEY, baseURL: server.baseURL, maxRetries: 0 });

describe('background responses', () => {
  it('sends background: true only while store is on', () => {
    expect(buildResponseRequest(request(true)).background).toBe(true);
    expect(buildResponseRequest(request(true, false))).not.toHaveProperty('background');
    expect(buildResponseRequest(request(false))).not.toHaveProperty('background');
  });

  it('resumes a stream cut mid-answer from its last event, and the full answer arrives exactly once', async () => {
    server.enqueue({ output: [{ type: 'message', text: ANSWER, chunks: 12 }], cutAfterBytes: 2_500 });
    const deltas: string[] = [];
    const outcome = await runResponse(client(), buildResponseRequest(request(true)), {
      idleTimeoutMs: 10_000,
      onEvent: (event) => {
        if (event.type === 'text-delta') deltas.push(event.delta);
      },
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.text).toBe(ANSWER);
    expect(deltas.join('')).toBe(ANSWER);
    expect(outcome.resumed).toBe(1);
    const resume = server.requests[1];
    expect(resume.method).toBe('GET');
    expect(resume.path).toMatch(new RegExp(`^/v1/responses/${outcome.responseId}\\?`));
    expect(resume.path).toMatch(/stream=true/);
    expect(resume.path).toMatch(/starting_after=\d+/);
  });

  it('cancels the background response when the user stops it', async () => {
    server.enqueue({ output: [{ type: 'message', text: ANSWER, chunks: 12 }], chunkDelayMs: 150 });
    const stop = new AbortController();
    const outcome = await runResponse(client(), buildResponseRequest(request(true)), {
      idleTimeoutMs: 10_000,
      signal: stop.signal,
      onEvent: (event) => {
        if (event.type === 'text-delta') stop.abort();
      },
    });
    expect(outcome.status).toBe('aborted');
    const deadline = Date.now() + 10_000;
    while (!server.requests.some((r) => r.path.endsWith('/cancel')) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
    const cancel = server.requests.find((r) => r.path.endsWith('/cancel'));
    expect(cancel?.method).toBe('POST');
    expect(cancel?.path).toBe(`/v1/responses/${outcome.responseId}/cancel`);
    expect(server.background.isCancelled(String(outcome.responseId))).toBe(true);
  });

  it('without background, a cut stream keeps the partial answer and ends in a clear error', async () => {
    server.enqueue({ output: [{ type: 'message', text: ANSWER, chunks: 12 }], cutAfterBytes: 2_500 });
    const outcome = await runResponse(client(), buildResponseRequest(request(false)), { idleTimeoutMs: 10_000 });
    expect(outcome.status).toBe('error');
    expect(outcome.resumed).toBeUndefined();
    // The same cut falls mid-answer: part of the text arrived before it.
    expect(outcome.text.length).toBeGreaterThan(0);
    expect(outcome.text.length).toBeLessThan(ANSWER.length);
    expect(ANSWER.startsWith(outcome.text)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('resumes after a cut at an event boundary too (however large the events before it)', async () => {
    server.enqueue({ output: [{ type: 'message', text: ANSWER, chunks: 12 }], cutAfterEvents: 8 });
    const outcome = await runResponse(client(), buildResponseRequest(request(true)), { idleTimeoutMs: 10_000 });
    expect(outcome.text).toBe(ANSWER);
    expect(outcome.resumed).toBe(1);
    expect(server.requests[1].path).toMatch(/starting_after=7(&|$)/);
  });

  it('gives up after a bounded number of resumes when every resumed stream drops too', async () => {
    server = await (async () => {
      await server.close();
      return FakeResponsesServer.start({ expectedApiKey: API_KEY, resumeDelivery: { cutAfterBytes: 10 } });
    })();
    server.enqueue({ output: [{ type: 'message', text: ANSWER, chunks: 12 }], cutAfterBytes: 2_500 });
    const outcome = await runResponse(client(), buildResponseRequest(request(true)), { idleTimeoutMs: 10_000 });
    expect(outcome.status).toBe('error');
    expect(outcome.resumed).toBe(3);
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });
});
