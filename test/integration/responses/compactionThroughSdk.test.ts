// The fake server's compaction and context windows, driven through the real SDK
// (`client.responses.compact`, `client.responses.create`), as the product meets them.
import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { createResponsesClient } from '../../../src/common/responses';
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
