// Function tools on the wire, through the real SDK against the fake server: streamed arguments,
// several calls in one response, and the follow-up that must answer every call by its call_id,
// chained (store on) or resent in full (store off).
import { describe, expect, it } from 'vitest';
import {
  buildResponseRequest,
  createResponsesClient,
  toHistoryItems,
  type TurnRequest,
} from '../../../src/common/responses';
import { testRequestSettings } from '../../harness/requestSettings';
import { useResponsesServer, WIRE_TEST_API_KEY } from '../../harness/responsesServer';

const READ_FILE = {
  type: 'function' as const,
  name: 'read_file',
  description: 'Reads a file.',
  strict: true,
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
};

const wire = useResponsesServer();

function turn(store: boolean, overrides: Partial<TurnRequest> = {}): TurnRequest {
  return { instructions: 'You are Codewright.', prompt: 'Why does the discount fail?', openFiles: [], settings: testRequestSettings({ store }), tools: [READ_FILE], ...overrides };
}

const run = wire.run;

const twoCalls = {
  output: [
    { type: 'function_call' as const, name: 'read_file', arguments: '{"path":"src/order.ts"}', callId: 'call_order', chunks: 4 },
    { type: 'function_call' as const, name: 'read_file', arguments: '{"path":"src/cart.ts"}', callId: 'call_cart', chunks: 3 },
  ],
};

describe('function calls through the SDK', () => {
  it('streams the arguments of two calls in one response and sends the tools as strict functions', async () => {
    wire.server().enqueue(twoCalls);
    const { outcome, events } = await run(turn(true));
    expect(outcome.status).toBe('completed');
    expect(outcome.toolCalls.map((call) => [call.callId, call.kind, call.name, call.input, call.done])).toEqual([
      ['call_order', 'function', 'read_file', '{"path":"src/order.ts"}', true],
      ['call_cart', 'function', 'read_file', '{"path":"src/cart.ts"}', true],
    ]);
    const deltas = events.filter((event) => event.type === 'tool-input-delta' && event.callId === 'call_order');
    expect(deltas.length).toBe(4);
    const body = wire.server().requests[0]?.body as { tools: unknown[] };
    expect(body.tools).toEqual([READ_FILE]);
  });

  it("ends each call's streamed arguments with a .done event naming the function, as the real API does", async () => {
    wire.server().enqueue(twoCalls);
    const client = createResponsesClient({ apiKey: WIRE_TEST_API_KEY, baseURL: wire.server().baseURL, maxRetries: 0 });
    const raw: { type: string; name?: string }[] = [];
    const stream = await client.responses.create(buildResponseRequest(turn(true)));
    for await (const event of stream) raw.push(event as { type: string; name?: string });
    const done = raw.filter((event) => event.type === 'response.function_call_arguments.done');
    expect(done.map((event) => event.name)).toEqual(['read_file', 'read_file']);
  });

  it('continues a stored response only when every call has its function_call_output (store on)', async () => {
    wire.server().enqueue(twoCalls, { output: [{ type: 'message', text: 'The discount is applied twice.' }] });
    const first = await run(turn(true));
    const followUp = (outputs: { callId: string; output: string }[]) =>
      turn(true, { prompt: '', previousResponseId: first.outcome.responseId, toolOutputs: outputs.map((output) => ({ ...output, kind: 'function' as const })) });

    const missing = await run(followUp([{ callId: 'call_order', output: '1: export const order = 1;' }]));
    expect(missing.outcome.status).toBe('error');
    expect(missing.outcome.error?.message).toContain('No tool output found for function call call_cart');

    const answered = await run(followUp([
      { callId: 'call_order', output: '1: export const order = 1;' },
      { callId: 'call_cart', output: '1: export const cart = 2;' },
    ]));
    expect(answered.outcome.status).toBe('completed');
    expect(answered.outcome.text).toBe('The discount is applied twice.');
    const input = (wire.server().requests[2]?.body as { input: unknown[] }).input;
    expect(input).toEqual([
      { type: 'function_call_output', call_id: 'call_order', output: '1: export const order = 1;' },
      { type: 'function_call_output', call_id: 'call_cart', output: '1: export const cart = 2;' },
    ]);
  });

  it('resends the calls with their outputs when nothing is stored (store off), and refuses an output for an unknown call', async () => {
    wire.server().enqueue(twoCalls, { output: [{ type: 'message', text: 'Found it.' }] });
    const first = await run(turn(false));
    const history = [
      { role: 'user' as const, content: [{ type: 'input_text' as const, text: 'Why does the discount fail?' }] },
      ...toHistoryItems(first.outcome.output),
    ];
    const outputs = [
      { callId: 'call_order', output: 'order', kind: 'function' as const },
      { callId: 'call_cart', output: 'cart', kind: 'function' as const },
    ];
    const unknown = await run(turn(false, { prompt: '', history, toolOutputs: [...outputs, { callId: 'call_nobody', output: 'x', kind: 'function' }] }));
    expect(unknown.outcome.error?.message).toContain('No tool call found for function call output with call_id call_nobody');

    const answered = await run(turn(false, { prompt: '', history, toolOutputs: outputs }));
    expect(answered.outcome.status).toBe('completed');
    const input = (wire.server().requests[2]?.body as { input: { type?: string; call_id?: string }[] }).input;
    expect(input.filter((item) => item.type === 'function_call').map((item) => item.call_id)).toEqual(['call_order', 'call_cart']);
    expect(input.filter((item) => item.type === 'function_call_output').map((item) => item.call_id)).toEqual(['call_order', 'call_cart']);
  });
});
