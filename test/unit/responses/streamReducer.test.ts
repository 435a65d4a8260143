import { describe, expect, it } from 'vitest';
import { ResponseStreamReducer, type ResponseStreamEvent } from '../../../src/common/responses';
import { expectationOf, recordedResponses, streamRecordingFiles } from './recordingFixtures';

function reduce(events: unknown[]) {
  const emitted: ResponseStreamEvent[] = [];
  const reducer = new ResponseStreamReducer((event) => emitted.push(event));
  for (const event of events) reducer.push(event);
  return { state: reducer.snapshot(), emitted };
}

function joinDeltas(emitted: ResponseStreamEvent[], type: 'text-delta' | 'tool-input-delta' | 'reasoning-summary-delta', itemId?: string) {
  return emitted
    .filter((event) => event.type === type && (itemId === undefined || event.itemId === itemId))
    .map((event) => ('delta' in event ? event.delta : ''))
    .join('');
}

const recordings = streamRecordingFiles().flatMap((file) =>
  recordedResponses(file).map((events, part, all) => ({ name: all.length > 1 ? `${file} #${part + 1}` : file, events })),
);

describe('ResponseStreamReducer on the real recordings', () => {
  it('covers every stream recording, with the concatenated agent loop split into its four responses', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(14);
    expect(recordings.filter((entry) => entry.name.startsWith('vercel-ai__openai-reasoning-encrypted-content')).length).toBe(4);
  });

  describe.each(recordings)('$name', ({ events }) => {
    const expected = expectationOf(events);
    const { state, emitted } = reduce(events);

    it('reduces the text, reasoning summary and tool input the recording contains', () => {
      expect(state.text).toBe(expected.messageTexts.join('\n\n'));
      expect(state.reasoning).toBe(expected.reasoningParts.join('\n\n'));
      expect(state.toolCalls.map(({ callId, name, input }) => ({ callId, name, input }))).toEqual(expected.toolInputs);
    });

    it('streams deltas that add up to the final text of every item', () => {
      for (const message of state.messages) expect(joinDeltas(emitted, 'text-delta', message.itemId)).toBe(message.text);
      for (const call of state.toolCalls) expect(joinDeltas(emitted, 'tool-input-delta', call.itemId)).toBe(call.input);
      expect(joinDeltas(emitted, 'reasoning-summary-delta')).toBe(state.reasoning);
      for (const [itemId, streamed] of expected.deltas) {
        const final = expected.finals.get(itemId);
        if (final !== undefined) expect(final.startsWith(streamed)).toBe(true);
      }
    });

    it('announces each tool call once when its input is complete', () => {
      const done = emitted.filter((event) => event.type === 'tool-call-done');
      expect(done.map((event) => event.itemId)).toEqual(state.toolCalls.map((call) => call.itemId));
      expect(state.toolCalls.every((call) => call.done)).toBe(true);
    });

    it('reports the usage, the terminal status and any error as recorded', () => {
      expect(state.responseId).toBe(expected.responseId);
      expect(state.status).toBe(expected.terminal ?? 'in_progress');
      if (expected.usage) {
        expect(state.usage).toEqual({
          inputTokens: expected.usage.input_tokens,
          cachedInputTokens: expected.usage.cached,
          outputTokens: expected.usage.output_tokens,
          reasoningTokens: expected.usage.reasoning,
          totalTokens: expected.usage.total,
        });
        const terminal = emitted.find((event) => event.type === 'completed' || event.type === 'incomplete');
        expect(terminal && 'usage' in terminal ? terminal.usage : undefined).toEqual(state.usage);
      } else {
        expect(state.usage).toBeUndefined();
      }
      if (expected.errorMessage !== undefined) {
        expect(state.streamError?.message).toBe(expected.errorMessage);
        expect(state.streamError?.code).toBe(expected.errorCode ?? undefined);
        expect(emitted.filter((event) => event.type === 'error')).toHaveLength(1);
      } else {
        expect(state.streamError).toBeUndefined();
      }
      if (expected.failureMessage !== undefined) expect(state.failure?.message).toBe(expected.failureMessage);
    });

    it('keeps the output items of a finished response for a stateless follow-up', () => {
      if (expected.terminal !== 'completed') return;
      const terminal = events.at(-1) as { response: { output: unknown[] } };
      expect(state.output).toEqual(terminal.response.output);
    });
  });
});

describe('ResponseStreamReducer on irregular streams', () => {
  const created = { type: 'response.created', response: { id: 'resp_1', model: 'gpt-5' } };

  it('ignores unknown event types and malformed events', () => {
    const { state, emitted } = reduce([
      created,
      { type: 'response.something_new', payload: 1 },
      null,
      'text',
      { type: 'response.output_text.delta', item_id: 'msg_1', delta: 'Hi' },
      { type: 'response.output_text.delta', delta: 'no item id' },
    ]);
    expect(state.text).toBe('Hi');
    expect(emitted.map((event) => event.type)).toEqual(['created', 'text-delta']);
  });

  it('puts a paragraph break between reasoning summary parts', () => {
    const { state, emitted } = reduce([
      created,
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', summary_index: 0, delta: '**Plan**' },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', summary_index: 1, delta: '**Check**' },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', summary_index: 1, delta: ' done' },
    ]);
    expect(state.reasoning).toBe('**Plan**\n\n**Check** done');
    expect(emitted.filter((event) => event.type === 'reasoning-summary-delta').map((event) => ('delta' in event ? event.delta : ''))).toEqual([
      '**Plan**',
      '\n\n**Check**',
      ' done',
    ]);
  });

  it('fires tool-call-done once even when both the input .done and output_item.done arrive', () => {
    const item = { id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_1', name: 'apply_patch', input: '' };
    const { emitted } = reduce([
      created,
      { type: 'response.output_item.added', output_index: 0, item },
      { type: 'response.custom_tool_call_input.delta', item_id: 'ctc_1', output_index: 0, delta: '*** Begin' },
      { type: 'response.custom_tool_call_input.done', item_id: 'ctc_1', output_index: 0, input: '*** Begin Patch' },
      { type: 'response.output_item.done', output_index: 0, item: { ...item, input: '*** Begin Patch', status: 'completed' } },
    ]);
    const done = emitted.filter((event) => event.type === 'tool-call-done');
    expect(done).toEqual([{ type: 'tool-call-done', itemId: 'ctc_1', callId: 'call_1', name: 'apply_patch', kind: 'custom', input: '*** Begin Patch' }]);
    expect(joinDeltas(emitted, 'tool-input-delta', 'ctc_1')).toBe('*** Begin Patch');
  });

  it('reports an incomplete response with its reason and the partial text', () => {
    const { state, emitted } = reduce([
      created,
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, delta: 'Partial' },
      {
        type: 'response.incomplete',
        response: { id: 'resp_1', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [], usage: null },
      },
    ]);
    expect(state.status).toBe('incomplete');
    expect(state.incompleteReason).toBe('max_output_tokens');
    expect(state.text).toBe('Partial');
    expect(emitted.at(-1)).toMatchObject({ type: 'incomplete', reason: 'max_output_tokens' });
  });

  it('collects a refusal separately from the answer text', () => {
    const { state } = reduce([
      created,
      { type: 'response.refusal.delta', item_id: 'msg_1', output_index: 0, delta: "I can't" },
      { type: 'response.refusal.done', item_id: 'msg_1', output_index: 0, refusal: "I can't help with that." },
    ]);
    expect(state.refusal).toBe("I can't help with that.");
    expect(state.text).toBe('');
  });

  it('takes the text of a message that arrives only in the final response', () => {
    const { state, emitted } = reduce([
      created,
      {
        type: 'response.completed',
        response: {
          id: 'resp_1',
          output: [{ id: 'msg_9', type: 'message', content: [{ type: 'output_text', text: 'Whole answer' }] }],
          usage: { input_tokens: 5, output_tokens: 3, total_tokens: 8 },
        },
      },
    ]);
    expect(state.text).toBe('Whole answer');
    expect(joinDeltas(emitted, 'text-delta', 'msg_9')).toBe('Whole answer');
    expect(state.usage).toEqual({ inputTokens: 5, cachedInputTokens: 0, outputTokens: 3, reasoningTokens: 0, totalTokens: 8 });
  });
});
