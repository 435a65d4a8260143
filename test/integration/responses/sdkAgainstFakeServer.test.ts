// The Responses API layer through the real `openai` SDK against the fake server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildResponseRequest,
  createResponsesClient,
  runResponse,
  toHistoryItems,
  type ResponseOutcome,
  type ResponseStreamEvent,
  type TurnRequest,
} from '../../../src/common/responses';
import { FakeResponsesServer, httpErrorReply, type FakeReply } from '../../fake-server/fakeResponsesServer';
import { testRequestSettings } from '../../harness/requestSettings';

const API_KEY = 'sk-test-KEYf00dfeed1234567890abcdef';

const settings = testRequestSettings();

function turn(overrides: Partial<TurnRequest> = {}): TurnRequest {
  return { instructions: 'You are Codewright.', prompt: 'Explain the selection.', openFiles: [], settings, ...overrides };
}

let server: FakeResponsesServer;

beforeEach(async () => {
  server = await FakeResponsesServer.start({ expectedApiKey: API_KEY });
});

afterEach(async () => {
  await server.close();
});

async function run(
  request: TurnRequest,
  options: { maxRetries?: number; idleTimeoutMs?: number; signal?: AbortSignal; apiKey?: string; onEvent?: (event: ResponseStreamEvent) => void } = {},
): Promise<{ outcome: ResponseOutcome; events: ResponseStreamEvent[] }> {
  const apiKey = options.apiKey ?? API_KEY;
  const client = createResponsesClient({ apiKey, baseURL: server.baseURL, maxRetries: options.maxRetries ?? 0 });
  const events: ResponseStreamEvent[] = [];
  const outcome = await runResponse(client, buildResponseRequest(request), {
    idleTimeoutMs: options.idleTimeoutMs ?? 5_000,
    signal: options.signal,
    apiKey,
    onEvent: (event) => {
      events.push(event);
      options.onEvent?.(event);
    },
  });
  return { outcome, events };
}

function answer(text: string, extra: Partial<Extract<FakeReply, { output: unknown }>> = {}): FakeReply {
  return { output: [{ type: 'message', text }], ...extra };
}

describe('requests through the SDK', () => {
  it('sends the selection and two open files exactly as built, with the key only in the Authorization header', async () => {
    server.enqueue(answer('Fine.'));
    const request = turn({
      selection: { path: 'src/app.ts', languageId: 'typescript', startLine: 10, endLine: 12, text: 'a();\nb();\nc();' },
      openFiles: [
        { path: 'src/app.ts', languageId: 'typescript', content: 'a();\nb();\nc();\n' },
        { path: 'src/util.ts', languageId: 'typescript', content: 'export const util = 1;\n' },
      ],
    });
    const { outcome } = await run(request);
    expect(outcome.status).toBe('completed');
    expect(server.requests).toHaveLength(1);
    const received = server.requests[0]!;
    expect(received.method).toBe('POST');
    expect(received.path).toBe('/v1/responses');
    expect(received.body).toEqual(JSON.parse(JSON.stringify(buildResponseRequest(request))));
    expect(received.headers.authorization).toBe(`Bearer ${API_KEY}`);
    for (const [name, value] of Object.entries(received.headers)) {
      if (name !== 'authorization') expect(value).not.toContain(API_KEY);
    }
    expect(received.rawBody).not.toContain(API_KEY);
  });

  it('streams a multi-chunk answer with its reasoning summary and usage', async () => {
    const text = 'The function adds two numbers and returns the sum to its caller.';
    server.enqueue({
      output: [
        { type: 'reasoning', summary: ['**Reading**\n\nLooking at the code.', '**Answering**'] },
        { type: 'message', text },
      ],
      usage: { inputTokens: 120, cachedTokens: 20, outputTokens: 80, reasoningTokens: 64 },
    });
    const { outcome, events } = await run(turn());
    expect(outcome).toMatchObject({
      status: 'completed',
      text,
      reasoning: '**Reading**\n\nLooking at the code.\n\n**Answering**',
      usage: { inputTokens: 120, cachedInputTokens: 20, outputTokens: 80, reasoningTokens: 64, totalTokens: 200 },
    });
    const textDeltas = events.filter((event) => event.type === 'text-delta');
    expect(textDeltas.length).toBeGreaterThan(5);
    expect(events[0]).toEqual({ type: 'created', responseId: outcome.responseId });
    expect(events.at(-1)?.type).toBe('completed');
  });

  it('streams a custom tool call input and reports it once when done', async () => {
    const patch = '*** Begin Patch\n*** Update File: a.ts\n@@\n+// note\n a();\n*** End Patch\n';
    server.enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: patch, chunks: 6, callId: 'call_abc' }] });
    const { outcome, events } = await run(turn({ prompt: 'Fix it.' }));
    expect(outcome.toolCalls).toEqual([expect.objectContaining({ callId: 'call_abc', name: 'apply_patch', kind: 'custom', input: patch, done: true })]);
    expect(events.filter((event) => event.type === 'tool-input-delta')).toHaveLength(6);
    expect(events.filter((event) => event.type === 'tool-call-done')).toHaveLength(1);
  });

  it('reports an answer cut by max_output_tokens as incomplete, with its text', async () => {
    server.enqueue(answer('Half an answ', { status: 'incomplete', incompleteReason: 'max_output_tokens' }));
    const { outcome } = await run(turn({ settings: { ...settings, maxOutputTokens: 64 } }));
    expect(outcome).toMatchObject({ status: 'incomplete', incompleteReason: 'max_output_tokens', text: 'Half an answ' });
    expect((server.requests[0]!.body as { max_output_tokens: number }).max_output_tokens).toBe(64);
  });

  it('keeps a refusal apart from the answer', async () => {
    server.enqueue({ output: [{ type: 'refusal', refusal: "I can't help with that." }] });
    const { outcome } = await run(turn());
    expect(outcome).toMatchObject({ status: 'completed', refusal: "I can't help with that.", text: '' });
  });
});

describe('HTTP errors through the SDK', () => {
  it('asks for a valid key on 401, without retrying', async () => {
    const { outcome } = await run(turn(), { apiKey: 'sk-wrong-key-0000000000000000', maxRetries: 2 });
    expect(outcome.status).toBe('error');
    expect(outcome.error).toMatchObject({ kind: 'auth', action: 'set-api-key', status: 401, code: 'invalid_api_key' });
    expect(outcome.error?.message).not.toContain('sk-wrong-key-0000000000000000');
    expect(server.requests).toHaveLength(1);
  });

  it('explains a 403', async () => {
    server.enqueue(httpErrorReply(403));
    const { outcome } = await run(turn());
    expect(outcome.error).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(outcome.error?.message).toContain('Project does not have access to this model');
  });

  it('names the missing model on 404', async () => {
    server.enqueue(httpErrorReply(404, { message: "The model 'gpt-5-typo' does not exist or you do not have access to it." }));
    const { outcome } = await run(turn({ settings: { ...settings, model: 'gpt-5-typo' } }));
    expect(outcome.error).toMatchObject({ kind: 'model-not-found', status: 404, action: 'open-settings' });
    expect(outcome.error?.message).toContain("'gpt-5-typo'");
  });

  it("passes on a 400's message and parameter", async () => {
    server.enqueue(httpErrorReply(400, { message: "Invalid value: 'huge'. Supported values are: 'low', 'medium', and 'high'.", param: 'text.verbosity' }));
    const { outcome } = await run(turn());
    expect(outcome.error).toMatchObject({ kind: 'bad-request', status: 400, param: 'text.verbosity' });
    expect(outcome.error?.message).toContain("Invalid value: 'huge'.");
  });

  it('waits as retry-after says, retries a bounded number of times, then surfaces the wait time', async () => {
    const rateLimited = httpErrorReply(429, { headers: { 'retry-after': '0.3' } });
    server.enqueue(rateLimited, rateLimited, rateLimited, rateLimited);
    const started = Date.now();
    const { outcome } = await run(turn(), { maxRetries: 2 });
    const elapsed = Date.now() - started;
    expect(server.requests).toHaveLength(3);
    expect(server.pendingReplies).toBe(1);
    expect(server.requests.map((request) => request.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(outcome.error).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterSeconds: 1, action: 'retry' });
    expect(outcome.error?.message).toMatch(/Try again in 1 s/);
  });

  it('recovers when a retry after 429 succeeds', async () => {
    server.enqueue(httpErrorReply(429, { headers: { 'retry-after-ms': '20' } }), answer('Second time lucky.'));
    const { outcome } = await run(turn(), { maxRetries: 2 });
    expect(outcome).toMatchObject({ status: 'completed', text: 'Second time lucky.' });
    expect(server.requests).toHaveLength(2);
  });

  it('tells an exhausted quota from a rate limit', async () => {
    server.enqueue(httpErrorReply(429, { code: 'insufficient_quota', type: 'insufficient_quota', message: 'You exceeded your current quota.' }));
    const { outcome } = await run(turn());
    expect(outcome.error).toMatchObject({ kind: 'quota', status: 429 });
  });

  it('retries 500 and 503, then reports a server error', async () => {
    server.enqueue(httpErrorReply(500, { headers: { 'retry-after-ms': '10' } }), httpErrorReply(503));
    const { outcome } = await run(turn(), { maxRetries: 1 });
    expect(server.requests).toHaveLength(2);
    expect(outcome.error).toMatchObject({ kind: 'server', status: 503, action: 'retry' });
    expect(outcome.error?.message).toContain('overloaded');
  });

  it("redacts the client's key from an error message that echoes it", async () => {
    const proxyKey = 'proxy-token-7f3a9c1e5b';
    const proxy = await FakeResponsesServer.start();
    try {
      proxy.enqueue(httpErrorReply(400, { message: `Token ${proxyKey} is not valid for this deployment.` }));
      const client = createResponsesClient({ apiKey: proxyKey, baseURL: proxy.baseURL, maxRetries: 0 });
      const outcome = await runResponse(client, buildResponseRequest(turn()), { idleTimeoutMs: 1_000 });
      expect(outcome.error?.kind).toBe('bad-request');
      expect(outcome.error?.message).toContain('Token [redacted key] is not valid');
      expect(outcome.error?.message).not.toContain(proxyKey);
    } finally {
      await proxy.close();
    }
  });

  it('reports a network failure when nothing listens on the port', async () => {
    const closed = await FakeResponsesServer.start();
    const deadURL = closed.baseURL;
    await closed.close();
    const client = createResponsesClient({ apiKey: API_KEY, baseURL: deadURL, maxRetries: 0 });
    const outcome = await runResponse(client, buildResponseRequest(turn()), { idleTimeoutMs: 1_000, apiKey: API_KEY });
    expect(outcome.error).toMatchObject({ kind: 'network', action: 'retry' });
    expect(outcome.error?.message).toContain(new URL(deadURL).host);
  });
});

describe('stream failures through the SDK', () => {
  it('stops at a mid-stream error event, keeping the text so far and the nested error message', async () => {
    server.enqueue({
      output: [{ type: 'message', text: 'one two three four five six' }],
      midStreamError: { afterEvents: 6, error: { type: 'server_error', code: 'server_error', message: 'The model crashed.' } },
    });
    const { outcome, events } = await run(turn());
    expect(outcome.status).toBe('error');
    expect(outcome.error).toMatchObject({ kind: 'stream-error', code: 'server_error' });
    expect(outcome.error?.message).toContain('The model crashed.');
    expect(outcome.text).toBe('one two');
    expect(events.filter((event) => event.type === 'error')).toEqual([
      { type: 'error', error: { message: 'The model crashed.', code: 'server_error', type: 'server_error' } },
    ]);
  });

  it('shows the message of a flat error event (the SDK\'s ResponseErrorEvent shape) instead of calling it a broken connection', async () => {
    const response = { id: 'resp_flat', object: 'response', status: 'in_progress', output: [], usage: null };
    server.enqueue({
      kind: 'events',
      events: [
        { type: 'response.created', response },
        { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
        { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Partial ' },
        { type: 'error', code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.', param: 'input' },
      ],
    });
    const { outcome, events } = await run(turn());
    expect(outcome.status).toBe('error');
    // A context overflow is explained with the way on (a new chat with a summary), not as a generic stream error.
    expect(outcome.error).toMatchObject({ kind: 'context-length', code: 'context_length_exceeded', action: 'new-chat-with-summary' });
    expect(outcome.error?.message).toContain('Your input exceeds the context window of this model.');
    expect(outcome.error?.message).not.toMatch(/connection/i);
    expect(outcome.text).toBe('Partial ');
    expect(events.filter((event) => event.type === 'error')).toHaveLength(1);
  });

  it('keeps the partial text when the socket is cut mid-answer', async () => {
    const text = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    server.enqueue({ output: [{ type: 'message', text }], cutAfterBytes: 6_000 });
    const { outcome } = await run(turn());
    expect(outcome.status).toBe('error');
    expect(outcome.error?.kind).toBe('stream-cut');
    expect(outcome.text.length).toBeGreaterThan(0);
    expect(text.startsWith(outcome.text)).toBe(true);
    expect(outcome.text).not.toBe(text);
  });

  it('aborts a stream that goes silent after some events, and the server sees the connection close', async () => {
    server.enqueue({ output: [{ type: 'message', text: 'alpha beta gamma delta' }], stallAfterEvents: 6 });
    const { outcome } = await run(turn(), { idleTimeoutMs: 300 });
    expect(outcome.status).toBe('error');
    expect(outcome.error).toMatchObject({ kind: 'idle-timeout', action: 'retry' });
    expect(outcome.error?.message).toContain('0.3 s');
    expect(outcome.text).toBe('alpha beta');
    await server.connectionClosed(0);
    expect(server.requests[0]!.clientClosedEarly).toBe(true);
  });

  it('aborts a stream that sends headers and then nothing', async () => {
    server.enqueue({ output: [{ type: 'message', text: 'never sent' }], stallAfterEvents: 0 });
    const { outcome } = await run(turn(), { idleTimeoutMs: 300 });
    expect(outcome.error?.kind).toBe('idle-timeout');
    expect(outcome.text).toBe('');
  });

  it('stops when the user aborts, keeps the text so far, and closes the connection', async () => {
    const text = Array.from({ length: 60 }, (_, index) => `w${index}`).join(' ');
    server.enqueue({ output: [{ type: 'message', text }], chunkDelayMs: 20 });
    const controller = new AbortController();
    let deltas = 0;
    const { outcome } = await run(turn(), {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'text-delta' && ++deltas === 3) controller.abort();
      },
    });
    expect(outcome.status).toBe('aborted');
    expect(outcome.error?.kind).toBe('aborted');
    expect(outcome.text).toBe('w0 w1 w2');
    await server.connectionClosed(0);
    expect(server.requests[0]!.clientClosedEarly).toBe(true);
  });

  it('reports an abort before the answer started as aborted', async () => {
    server.enqueue(answer('unused'));
    const controller = new AbortController();
    controller.abort();
    const { outcome } = await run(turn(), { signal: controller.signal });
    expect(outcome.status).toBe('aborted');
  });
});

describe('conversation state', () => {
  it('continues a stored conversation with previous_response_id', async () => {
    server.enqueue(answer('First.'), answer('Second.'));
    const first = await run(turn());
    expect(server.hasStoredResponse(first.outcome.responseId!)).toBe(true);
    const second = await run(turn({ prompt: 'More?', previousResponseId: first.outcome.responseId }));
    expect(second.outcome).toMatchObject({ status: 'completed', text: 'Second.' });
    expect((server.requests[1]!.body as { previous_response_id: string }).previous_response_id).toBe(first.outcome.responseId);
  });

  it('rejects an unknown previous response id like the real API', async () => {
    const { outcome } = await run(turn({ previousResponseId: 'resp_missing' }));
    expect(outcome.error).toMatchObject({ kind: 'bad-request', status: 400, param: 'previous_response_id' });
    expect(outcome.error?.message).toContain("Previous response with id 'resp_missing' not found.");
  });

  it('returns a tool output with previous_response_id when responses are stored', async () => {
    server.enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: 'patch', callId: 'call_stored' }] }, answer('Applied.'));
    const first = await run(turn({ prompt: 'Fix it.' }));
    const second = await run(
      turn({ prompt: '', previousResponseId: first.outcome.responseId, toolOutputs: [{ callId: 'call_stored', output: 'Success.' }] }),
    );
    expect(second.outcome).toMatchObject({ status: 'completed', text: 'Applied.' });
  });

  it('needs the history in every request when store is off', async () => {
    const stateless = { ...settings, store: false };
    server.enqueue(
      { output: [{ type: 'reasoning', summary: ['Planning the edit.'] }, { type: 'custom_tool_call', name: 'apply_patch', input: 'patch', callId: 'call_1' }] },
      answer('Done.'),
    );
    const firstTurn = turn({ settings: stateless, prompt: 'Fix it.' });
    const first = await run(firstTurn);
    expect(first.outcome.status).toBe('completed');
    expect(server.hasStoredResponse(first.outcome.responseId!)).toBe(false);

    const withoutHistory = await run(turn({ settings: stateless, prompt: '', toolOutputs: [{ callId: 'call_1', output: 'Success.' }] }));
    expect(withoutHistory.outcome.error).toMatchObject({ kind: 'bad-request', status: 400 });
    expect(withoutHistory.outcome.error?.message).toContain('No tool call found for custom tool call output with call_id call_1.');

    const history = [...buildResponseRequest(firstTurn).input as unknown[], ...toHistoryItems(first.outcome.output)] as TurnRequest['history'];
    const withHistory = await run(turn({ settings: stateless, prompt: '', history, toolOutputs: [{ callId: 'call_1', output: 'Success.' }] }));
    expect(withHistory.outcome).toMatchObject({ status: 'completed', text: 'Done.' });
    const sent = server.requests.at(-1)!.body as { input: { type?: string; encrypted_content?: string }[]; include: string[] };
    expect(sent.include).toEqual(['reasoning.encrypted_content']);
    expect(sent.input.find((item) => item.type === 'reasoning')?.encrypted_content).toMatch(/^gAAAA/);
  });
});
