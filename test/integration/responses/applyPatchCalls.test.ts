// The built-in apply_patch tool on the wire, through the real SDK against the fake server: calls
// arrive whole (added, then done with the operation), and the follow-up answers them by call_id
// with apply_patch_call_output, chained or resent.
import { describe, expect, it } from 'vitest';
import { buildResponseRequest, createResponsesClient, toHistoryItems, type ResponseOutcome, type TurnRequest } from '../../../src/common/responses';
import { testRequestSettings } from '../../harness/requestSettings';
import { useResponsesServer, WIRE_TEST_API_KEY } from '../../harness/responsesServer';

const wire = useResponsesServer();

function turn(store: boolean, overrides: Partial<TurnRequest> = {}): TurnRequest {
  return { instructions: 'You are Codewright.', prompt: 'Add a helper.', openFiles: [], settings: testRequestSettings({ model: 'gpt-5.1', store }), tools: [{ type: 'apply_patch' }], ...overrides };
}

async function run(request: TurnRequest): Promise<ResponseOutcome> {
  return (await wire.run(request)).outcome;
}

const create = { type: 'create_file' as const, path: 'src/util.ts', diff: '+export const one = 1;\n' };
const remove = { type: 'delete_file' as const, path: 'src/old.ts' };
const twoCalls = {
  output: [
    { type: 'apply_patch_call' as const, callId: 'call_create', operation: create },
    { type: 'apply_patch_call' as const, callId: 'call_delete', operation: remove },
  ],
};

describe('apply_patch_call items through the SDK', () => {
  it('streams each call as added (in progress) then done with its whole operation, and no events between', async () => {
    wire.server().enqueue(twoCalls);
    const client = createResponsesClient({ apiKey: WIRE_TEST_API_KEY, baseURL: wire.server().baseURL, maxRetries: 0 });
    const raw: { type: string; item?: { type?: string; status?: string; operation?: unknown } }[] = [];
    for await (const event of await client.responses.create(buildResponseRequest(turn(true)))) raw.push(event as never);
    const itemEvents = raw.filter((event) => event.item?.type === 'apply_patch_call').map((event) => [event.type, event.item?.status]);
    expect(itemEvents).toEqual([
      ['response.output_item.added', 'in_progress'],
      ['response.output_item.done', 'completed'],
      ['response.output_item.added', 'in_progress'],
      ['response.output_item.done', 'completed'],
    ]);
    expect(raw.filter((event) => event.type === 'response.output_item.done').map((event) => event.item?.operation)).toEqual([create, remove]);
    expect((wire.server().requests[0]?.body as { tools: unknown[] }).tools).toEqual([{ type: 'apply_patch' }]);
  });

  it('continues a stored response with an apply_patch_call_output per call, and refuses one for an unknown call', async () => {
    wire.server().enqueue(twoCalls, { output: [{ type: 'message', text: 'Done.' }] });
    const first = await run(turn(true));
    expect(first.toolCalls.map((call) => [call.callId, call.kind, JSON.parse(call.input)])).toEqual([
      ['call_create', 'apply_patch', create],
      ['call_delete', 'apply_patch', remove],
    ]);
    const followUp = (callIds: string[]) =>
      turn(true, { prompt: '', previousResponseId: first.responseId, toolOutputs: callIds.map((callId) => ({ callId, output: 'Success.', kind: 'apply_patch' as const, status: 'completed' as const })) });
    const unknown = await run(followUp(['call_create', 'call_nobody']));
    expect(unknown.error?.message).toContain('No tool call found for apply patch call output with call_id call_nobody');
    const answered = await run(followUp(['call_create', 'call_delete']));
    expect(answered.status).toBe('completed');
    expect(answered.text).toBe('Done.');
  });

  it('resends the calls before their outputs when nothing is stored, and refuses an output status the API does not know', async () => {
    wire.server().enqueue(twoCalls, { output: [{ type: 'message', text: 'Done.' }] });
    const first = await run(turn(false));
    const history = [{ role: 'user' as const, content: [{ type: 'input_text' as const, text: 'Add a helper.' }] }, ...toHistoryItems(first.output)];
    const outputs = (status: string) => ['call_create', 'call_delete'].map((callId) => ({ callId, output: 'x', kind: 'apply_patch' as const, status: status as 'completed' }));
    const bad = await run(turn(false, { prompt: '', history, toolOutputs: outputs('done') }));
    expect(bad.error?.message).toContain("Invalid value: 'done'");
    const answered = await run(turn(false, { prompt: '', history, toolOutputs: outputs('failed') }));
    expect(answered.status).toBe('completed');
    const input = (wire.server().requests[2]?.body as { input: { type?: string; call_id?: string }[] }).input;
    expect(input.filter((item) => item.type?.startsWith('apply_patch')).map((item) => `${item.type}:${item.call_id}`)).toEqual([
      'apply_patch_call:call_create',
      'apply_patch_call:call_delete',
      'apply_patch_call_output:call_create',
      'apply_patch_call_output:call_delete',
    ]);
  });
});
