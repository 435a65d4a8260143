// The fake server's compaction and context windows, driven through the real SDK
// (`client.responses.compact`, `client.responses.create`), as the product meets them.
import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import type { ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import { compactThresholdFor, contextManagementParam, createResponsesClient, fromLatestCompaction, toHistoryItems } from '../../../src/common/responses';
import type { FakeResponsesServer } from '../../fake-server/fakeResponsesServer';
import { useResponsesServer, WIRE_TEST_API_KEY } from '../../harness/responsesServer';

const client = (baseURL: string) => createResponsesClient({ apiKey: WIRE_TEST_API_KEY, baseURL, maxRetries: 0 });
const LONG = 'log line '.repeat(4_000);

async function failure(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof APIError) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

describe('POST /v1/responses/compact', () => {
  const wire = useResponsesServer({ contextWindows: { 'gpt-5': 5_000 } });

  it('answers a response.compaction: the user messages, then one compaction item, with usage', async () => {
    const compacted = await client(wire.server().baseURL).responses.compact({
      model: 'gpt-5',
      input: [
        { role: 'user', content: 'Read the log' },
        { role: 'assistant', content: LONG },
      ],
    });
    expect(compacted.object).toBe('response.compaction');
    expect(compacted.output.map((item) => (item as { type?: string; role?: string }).type ?? (item as { role?: string }).role)).toEqual(['user', 'compaction']);
    expect(compacted.usage.input_tokens).toBeGreaterThan(9_000);
  });

  it('turns a conversation that does not fit into one that does: its compaction item counts for little', async () => {
    const sdk = client(wire.server().baseURL);
    const history = [
      { role: 'user' as const, content: 'Read the log' },
      { role: 'assistant' as const, content: LONG },
    ];
    const tooLong = await failure(sdk.responses.create({ model: 'gpt-5', input: [...history, { role: 'user', content: 'And?' }], stream: true }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.error).toEqual({ message: 'Your input exceeds the context window of this model. Please adjust your input and try again.', type: 'invalid_request_error', param: 'input', code: 'context_length_exceeded' });

    const compacted = await sdk.responses.compact({ model: 'gpt-5', input: history });
    wire.server().enqueue({ output: [{ type: 'message', text: 'It fits now.' }] });
    const stream = await sdk.responses.create({ model: 'gpt-5', input: [...(compacted.output as never[]), { role: 'user', content: 'And?' }], stream: true, store: false });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('response.completed');
  });

  it('refuses a compaction item it did not issue, and a request that names nothing to compact', async () => {
    const sdk = client(wire.server().baseURL);
    const forged = await failure(sdk.responses.create({ model: 'gpt-5', input: [{ type: 'compaction', encrypted_content: 'made up' }], stream: true }));
    expect(forged.status).toBe(400);
    expect(forged.error).toMatchObject({ code: 'invalid_encrypted_content' });
    const empty = await failure(sdk.responses.compact({ model: 'gpt-5' }));
    expect(empty.status).toBe(400);
  });
});

describe('an endpoint without compaction', () => {
  const wire = useResponsesServer({ compaction: false });

  it('answers 404 to POST /v1/responses/compact, as a server without the route does', async () => {
    const error = await failure(client(wire.server().baseURL).responses.compact({ model: 'gpt-5', input: 'hi' }));
    expect(error.status).toBe(404);
  });
});

/** A tool loop as a stateless (store: false) turn runs it: every round reads another big file,
 *  and the next request resends the conversation (from its latest compaction item on) plus the
 *  new tool output. Returns each round's output item types, or the error that ended the loop. */
async function toolLoop(baseURL: string, rounds: number, contextManagement: boolean): Promise<{ outputs: string[][]; error?: APIError; inputTokens: number[] }> {
  const sdk = client(baseURL);
  let history: ResponseInputItem[] = [{ role: 'user', content: 'Read every log file, then say what failed.' }];
  let pending: ResponseInputItem[] = [];
  const outputs: string[][] = [];
  const inputTokens: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const input = [...fromLatestCompaction(history), ...pending];
    try {
      const stream = await sdk.responses.create({
        model: 'gpt-5',
        input,
        store: false,
        stream: true,
        ...(contextManagement && { context_management: contextManagementParam(compactThresholdFor(6_000, null)) }),
      });
      let output: ResponseOutputItem[] = [];
      for await (const event of stream) {
        if (event.type === 'response.completed') {
          output = event.response.output;
          inputTokens.push(event.response.usage?.input_tokens ?? 0);
        }
      }
      outputs.push(output.map((item) => item.type));
      history = [...input, ...toHistoryItems(output)];
      const callId = (output.find((item) => item.type === 'function_call') as { call_id?: string } | undefined)?.call_id;
      pending = callId ? [{ type: 'function_call_output', call_id: callId, output: `log ${round}: ${'ok '.repeat(2_000)}` }] : [];
    } catch (err) {
      if (err instanceof APIError) return { outputs, error: err, inputTokens };
      throw err;
    }
  }
  return { outputs, inputTokens };
}

function scriptReads(server: FakeResponsesServer, reads: number): void {
  for (let index = 0; index < reads; index += 1) {
    server.enqueue({ output: [{ type: 'function_call', name: 'read_file', arguments: JSON.stringify({ path: `log${index}.txt` }), callId: `call_read_${index}` }] });
  }
  server.enqueue({ output: [{ type: 'message', text: 'The third job failed.' }] });
}

describe('server-side compaction (context_management) in a tool loop', () => {
  // 6k tokens: each tool output (~6k characters) is about 1.5k of them, so the fourth round would not fit.
  const wire = useResponsesServer({ contextWindows: { 'gpt-5': 6_000 } });

  it('fails with context_length_exceeded once the input outgrows the window, without it', async () => {
    scriptReads(wire.server(), 6);
    const loop = await toolLoop(wire.server().baseURL, 7, false);
    expect(loop.error?.status).toBe(400);
    expect(loop.error?.code).toBe('context_length_exceeded');
  });

  it('completes with it: the answer streams a compaction item first, and the resent conversation starts from it', async () => {
    scriptReads(wire.server(), 6);
    const loop = await toolLoop(wire.server().baseURL, 7, true);
    expect(loop.error).toBeUndefined();
    expect(loop.outputs.at(-1)).toEqual(['message']);
    const compacted = loop.outputs.filter((types) => types[0] === 'compaction');
    expect(compacted.length).toBeGreaterThan(0);
    expect(compacted[0]).toEqual(['compaction', 'function_call']);
    // Usage counts what the model saw: the compacted conversation, never more than the threshold plus one round.
    expect(Math.max(...loop.inputTokens)).toBeLessThan(6_000);
    const lastRequest = wire.server().requests.at(-1)?.body as { input: { type?: string }[] };
    expect(lastRequest.input.filter((item) => item.type === 'compaction')).toHaveLength(1);
  });

  it('refuses a malformed entry by name', async () => {
    const sdk = client(wire.server().baseURL);
    const wrongType = await failure(sdk.responses.create({ model: 'gpt-5', input: 'hi', stream: true, context_management: [{ type: 'summarize' }] }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.error).toMatchObject({ param: 'context_management[0].type', code: 'invalid_value' });
  });
});

describe('an endpoint without server-side compaction', () => {
  const wire = useResponsesServer({ contextManagement: false });

  it("answers 400 unknown_parameter naming context_management", async () => {
    const error = await failure(client(wire.server().baseURL).responses.create({ model: 'gpt-5', input: 'hi', stream: true, context_management: contextManagementParam(1_000) }));
    expect(error.status).toBe(400);
    expect(error.error).toEqual({ type: 'invalid_request_error', code: 'unknown_parameter', param: 'context_management', message: "Unknown parameter: 'context_management'." });
  });
});
