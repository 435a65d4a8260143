// What a finished turn's footer says: the whole turn's tokens and cost across its rounds, and
// whether an output limit was set for it.
import { describe, expect, it } from 'vitest';
import { BAD_PATCH, ORIGINAL, RecordingPatchHost, useChatServer } from './chatHarness';

const chat = useChatServer();
const harness = chat.harness;

describe('the footer of a turn', () => {
  it('counts the tokens and cost of every round of the turn, including the automatic tool round', async () => {
    chat.server().enqueue(
      {
        output: [{ type: 'custom_tool_call', name: 'apply_patch', input: BAD_PATCH, callId: 'call_bad' }],
        usage: { inputTokens: 1000, cachedTokens: 100, outputTokens: 300, reasoningTokens: 50 },
      },
      { output: [{ type: 'message', text: 'That patch did not fit; here is why.' }], usage: { inputTokens: 2000, cachedTokens: 1000, outputTokens: 40, reasoningTokens: 0 } },
    );
    const h = harness({ patches: new RecordingPatchHost({ 'src/math.ts': ORIGINAL }) });
    await h.session.send('Fix add');
    await h.session.idle();
    const turn = h.session.turns()[0].view;
    expect(turn.status).toBe('completed');
    expect(turn.footer?.usage).toEqual({ inputTokens: 3000, cachedInputTokens: 1100, outputTokens: 340, reasoningTokens: 50 });
    // gpt-5: uncached input $1.25, cached $0.125, output $10 per 1M tokens, summed over both rounds.
    const first = (900 * 1.25 + 100 * 0.125 + 300 * 10) / 1e6;
    const second = (1000 * 1.25 + 1000 * 0.125 + 40 * 10) / 1e6;
    expect(turn.footer?.costUsd).toBeCloseTo(first + second, 10);
  });

  it('starts counting again when the turn is retried', async () => {
    chat.server().enqueue(
      { kind: 'http-error', status: 500, error: { type: 'server_error', code: null, message: 'Boom.' }, headers: { 'x-should-retry': 'false' } },
      { output: [{ type: 'message', text: 'Fine now.' }], usage: { inputTokens: 10, outputTokens: 5 } },
    );
    const h = harness();
    await h.session.send('Hello');
    const failed = await h.ended();
    expect(failed.status).toBe('failed');
    h.session.retry(failed.id);
    const turn = await h.ended(failed.id);
    expect(turn.footer?.usage).toEqual({ inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, reasoningTokens: 0 });
  });

  it('names the output limit only when codewright.maxOutputTokens set one', async () => {
    const cut = { output: [{ type: 'message' as const, text: 'Cut here' }], status: 'incomplete' as const, incompleteReason: 'max_output_tokens' as const };
    chat.server().enqueue(cut, cut);
    const unset = harness();
    await unset.session.send('Write a lot');
    const ownLimit = await unset.ended();
    expect(ownLimit.incompleteReason).toBe('max_output_tokens');
    expect(ownLimit.footer?.maxOutputTokens).toBeUndefined();
    const set = harness({ settings: { maxOutputTokens: 2048 } });
    await set.session.send('Write a lot');
    expect((await set.ended()).footer?.maxOutputTokens).toBe(2048);
  });
});
