// The fake server's own wire format, read raw (no SDK), against docs/responses-wire.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeResponsesServer } from '../../fake-server/fakeResponsesServer';

let server: FakeResponsesServer;

beforeAll(async () => {
  server = await FakeResponsesServer.start();
});

afterAll(async () => {
  await server.close();
});

const request = {
  model: 'gpt-5',
  input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
  reasoning: { effort: 'low', summary: 'auto' },
  stream: true,
};

async function post(body: unknown, headers: Record<string, string> = { authorization: 'Bearer sk-test-wire' }, path = '/responses') {
  const response = await fetch(`${server.baseURL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

type Event = Record<string, unknown> & { type: string; sequence_number: number };

function parseFrames(text: string): { eventLine: string; data: Event }[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const lines = block.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^event: /);
      expect(lines[1]).toMatch(/^data: \{/);
      return { eventLine: lines[0]!.slice('event: '.length), data: JSON.parse(lines[1]!.slice('data: '.length)) as Event };
    });
}

describe('fake server wire format', () => {
  it('frames every event as event:/data: with increasing sequence numbers, item ids and obfuscation', async () => {
    server.enqueue({
      output: [
        { type: 'reasoning', summary: ['Thinking about it.'] },
        { type: 'message', text: 'Hello there, friend.', chunks: 4 },
        { type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n', chunks: 3 },
      ],
      usage: { inputTokens: 30, cachedTokens: 10, outputTokens: 50, reasoningTokens: 20 },
    });
    const { status, contentType, text } = await post(request);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    const frames = parseFrames(text);
    for (const { eventLine, data } of frames) expect(eventLine).toBe(data.type);
    expect(frames.map(({ data }) => data.sequence_number)).toEqual(frames.map((_, index) => index));
    const types = frames.map(({ data }) => data.type);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types.at(-1)).toBe('response.completed');
    for (const expected of [
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
    ]) {
      expect(types).toContain(expected);
    }
    expect(types.filter((type) => type === 'response.output_item.added')).toHaveLength(3);
    expect(types.filter((type) => type === 'response.output_item.done')).toHaveLength(3);
    expect(types.filter((type) => type === 'response.output_text.delta')).toHaveLength(4);
    for (const { data } of frames) {
      if (data.type.endsWith('.delta')) {
        expect(typeof data.obfuscation).toBe('string');
        expect(typeof data.item_id).toBe('string');
        expect(typeof data.output_index).toBe('number');
      }
    }
    const toolAdded = frames.find(({ data }) => data.type === 'response.output_item.added' && (data.item as { type: string }).type === 'custom_tool_call');
    expect(toolAdded?.data.item).toMatchObject({ type: 'custom_tool_call', status: 'in_progress', input: '', name: 'apply_patch' });
    expect((toolAdded?.data.item as { id: string }).id).toMatch(/^ctc_/);
    expect((toolAdded?.data.item as { call_id: string }).call_id).toMatch(/^call_/);
    const completed = frames.at(-1)!.data.response as { status: string; output: { type: string }[]; usage: unknown };
    expect(completed.status).toBe('completed');
    expect(completed.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'custom_tool_call']);
    expect(completed.usage).toEqual({
      input_tokens: 30,
      input_tokens_details: { cached_tokens: 10, cache_write_tokens: 0 },
      output_tokens: 50,
      output_tokens_details: { reasoning_tokens: 20 },
      total_tokens: 80,
    });
  });

  it('streams no reasoning summary when the request did not ask for one', async () => {
    server.enqueue({ output: [{ type: 'reasoning', summary: ['Hidden.'] }, { type: 'message', text: 'Answer.' }] });
    const frames = parseFrames((await post({ ...request, reasoning: { effort: 'low' } })).text);
    expect(frames.map(({ data }) => data.type).filter((type) => type.startsWith('response.reasoning_summary'))).toEqual([]);
    const reasoningDone = frames.find(({ data }) => data.type === 'response.output_item.done' && (data.item as { type: string }).type === 'reasoning');
    expect(reasoningDone?.data.item).toMatchObject({ type: 'reasoning', summary: [] });
  });

  it('ends a max_output_tokens answer with response.incomplete and its reason', async () => {
    server.enqueue({ output: [{ type: 'message', text: 'Cut sho' }], status: 'incomplete' });
    const frames = parseFrames((await post({ ...request, max_output_tokens: 16 })).text);
    const last = frames.at(-1)!.data;
    expect(last.type).toBe('response.incomplete');
    expect(last.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, max_output_tokens: 16 });
  });

  it('sends a nested error event followed by response.failed', async () => {
    server.enqueue({
      output: [{ type: 'message', text: 'x' }],
      midStreamError: { afterEvents: 2, error: { type: 'server_error', code: 'server_error', message: 'Boom.' } },
    });
    const frames = parseFrames((await post(request)).text);
    expect(frames.map(({ data }) => data.type)).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
    expect(frames[2]!.data.error).toEqual({ type: 'server_error', code: 'server_error', message: 'Boom.', param: null });
    expect(frames[3]!.data.response).toMatchObject({ status: 'failed', error: { code: 'server_error', message: 'Boom.' } });
  });

  it('sends scripted events exactly, numbering only those without a sequence number, and stores the completed response', async () => {
    const response = { id: 'resp_scripted', object: 'response', status: 'completed', output: [], usage: null };
    server.enqueue({
      kind: 'events',
      events: [
        { type: 'response.created', response: { ...response, status: 'in_progress' } },
        { type: 'response.future_event_type', sequence_number: 7, detail: 'unknown to the client' },
        { type: 'response.completed', response },
      ],
    });
    const frames = parseFrames((await post(request)).text);
    expect(frames.map(({ eventLine, data }) => [eventLine, data.type, data.sequence_number])).toEqual([
      ['response.created', 'response.created', 0],
      ['response.future_event_type', 'response.future_event_type', 7],
      ['response.completed', 'response.completed', 2],
    ]);
    expect(server.hasStoredResponse('resp_scripted')).toBe(true);
  });

  it('answers 401 invalid_api_key without a bearer key', async () => {
    const { status, text } = await post(request, {});
    expect(status).toBe(401);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'invalid_api_key', type: 'invalid_request_error' } });
  });

  it('rejects temperature for gpt-5 models like the real API', async () => {
    const { status, text } = await post({ ...request, temperature: 0.2 });
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({
      error: {
        message: "Unsupported parameter: 'temperature' is not supported with this model.",
        type: 'invalid_request_error',
        param: 'temperature',
        code: 'unsupported_parameter',
      },
    });
  });

  it('answers 400 previous_response_not_found for a response it does not have, like the real API', async () => {
    const { status, text } = await post({ ...request, previous_response_id: 'resp_gone' });
    expect(status).toBe(400);
    expect(JSON.parse(text)).toEqual({
      error: {
        message: "Previous response with id 'resp_gone' not found.",
        type: 'invalid_request_error',
        param: 'previous_response_id',
        code: 'previous_response_not_found',
      },
    });
  });

  it('as a Zero Data Retention organization, stores nothing and refuses any previous response with the API\'s 400', async () => {
    const zdr = await FakeResponsesServer.start({ zeroDataRetention: true });
    try {
      zdr.enqueue({ output: [{ type: 'message', text: 'Hi.' }] });
      const first = await fetch(`${zdr.baseURL}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-wire' },
        body: JSON.stringify({ ...request, store: true }),
      });
      const created = parseFrames(await first.text()).find(({ data }) => data.type === 'response.completed')!.data.response as { id: string };
      expect(zdr.hasStoredResponse(created.id)).toBe(false);
      const second = await fetch(`${zdr.baseURL}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test-wire' },
        body: JSON.stringify({ ...request, previous_response_id: created.id }),
      });
      expect(second.status).toBe(400);
      expect(await second.json()).toEqual({
        error: {
          message: 'Previous response cannot be used for this organization due to Zero Data Retention.',
          type: 'invalid_request_error',
          param: 'previous_response_id',
          code: 'unsupported_parameter',
        },
      });
    } finally {
      await zdr.close();
    }
  });

  it('answers 404 for paths other than /v1/responses', async () => {
    const { status } = await post(request, { authorization: 'Bearer sk-test-wire' }, '/chat/completions');
    expect(status).toBe(404);
  });

  it('says plainly when a test forgot to queue a reply', async () => {
    const { status, text } = await post(request);
    expect(status).toBe(500);
    expect(text).toContain('no reply was queued');
  });
});
