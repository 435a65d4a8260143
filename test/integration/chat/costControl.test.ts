// Cost control: a turn starts no further tool round once its estimated spend reaches
// codewright.maxCostPerTurn, and every footer shows what caching saved, the chat's total and today's.
import { describe, expect, it } from 'vitest';
import { BAD_PATCH, MemoryStore, ORIGINAL, RecordingPatchHost, useChatServer } from './chatHarness';

const chat = useChatServer();
const harness = chat.harness;

const badPatchReply = {
  output: [{ type: 'custom_tool_call' as const, name: 'apply_patch', input: BAD_PATCH, callId: 'call_bad' }],
  // gpt-5: 1000 × $1.25 + 1000 × $10 per 1M = $0.01125
  usage: { inputTokens: 1000, outputTokens: 1000 },
};

describe('the cost cap of a turn', () => {
  it('starts no automatic tool round once the turn has cost the cap, and says so with the figure', async () => {
    chat.server().enqueue(badPatchReply);
    const before = chat.server().requests.length;
    const h = harness({ patches: new RecordingPatchHost({ 'src/math.ts': ORIGINAL }), settings: { maxCostPerTurn: 0.01 } });
    await h.session.send('Fix add');
    await h.session.idle();
    const turn = h.session.turns()[0].view;
    expect(chat.server().requests.length - before).toBe(1);
    expect(turn.notes?.join(' ')).toMatch(/about \$0\.011\d/);
    expect(turn.notes?.join(' ')).toContain('codewright.maxCostPerTurn ($0.01)');
  });

  it('tells the panel the turn is over when the cap keeps the next round from starting', async () => {
    chat.server().enqueue(badPatchReply);
    const h = harness({ patches: new RecordingPatchHost({ 'src/math.ts': ORIGINAL }), settings: { maxCostPerTurn: 0.01 } });
    await h.session.send('Fix add');
    await h.session.idle();
    const generating = h.posted.filter((message) => message.type === 'generating');
    expect(generating.at(-1)).toEqual({ type: 'generating', generating: false });
    expect(h.session.generating).toBe(false);
  });

  it('lets the round start while the turn is under the cap', async () => {
    chat.server().enqueue(badPatchReply, { output: [{ type: 'message', text: 'I see why it failed.' }], usage: { inputTokens: 10, outputTokens: 10 } });
    const before = chat.server().requests.length;
    const h = harness({ patches: new RecordingPatchHost({ 'src/math.ts': ORIGINAL }), settings: { maxCostPerTurn: 0.05 } });
    await h.session.send('Fix add');
    await h.session.idle();
    expect(chat.server().requests.length - before).toBe(2);
    expect(h.session.turns()[0].view.notes ?? []).toEqual([]);
  });
});

describe('spend totals in the footer', () => {
  it('shows what caching saved, the conversation total and today across chats of this workspace', async () => {
    const store = new MemoryStore();
    chat.server().enqueue(
      { output: [{ type: 'message', text: 'One.' }], usage: { inputTokens: 1_000_000, cachedTokens: 800_000, outputTokens: 0 } },
      { output: [{ type: 'message', text: 'Two.' }], usage: { inputTokens: 0, outputTokens: 100_000 } },
      { output: [{ type: 'message', text: 'Three.' }], usage: { inputTokens: 0, outputTokens: 100_000 } },
    );
    const h = harness({ store });
    await h.session.send('First');
    const first = await h.ended();
    // 200k uncached × $1.25 + 800k cached × $0.125 = $0.35; caching saved 800k × $1.125 = $0.90.
    expect(first.footer?.costUsd).toBeCloseTo(0.35, 10);
    expect(first.footer?.cacheSavingsUsd).toBeCloseTo(0.9, 10);
    await h.session.send('Second');
    const second = await h.ended();
    expect(second.footer?.conversationCostUsd).toBeCloseTo(1.35, 10);
    expect(second.footer?.todayCostUsd).toBeCloseTo(1.35, 10);

    await h.session.newChat();
    await h.session.send('Other chat');
    const other = await h.ended();
    expect(other.footer?.conversationCostUsd).toBeCloseTo(1, 10);
    expect(other.footer?.todayCostUsd).toBeCloseTo(2.35, 10);
  });
});
