// Long conversations through the real SDK against the fake server: a chat whose last answer
// filled most of the model's context window is compacted (POST /responses/compact) before the
// next prompt, and the compaction item then stands for the earlier turns — chained or resent,
// stored or not; an endpoint without compaction gets a note instead; a context overflow is
// explained with "New Chat with Summary"; and that summary seeds a new chat without the transcript.
import { describe, expect, it } from 'vitest';
import { useChatServer } from './chatHarness';
import type { RecordedRequest } from '../../fake-server/fakeResponsesServer';

type Body = { input?: unknown[]; previous_response_id?: string; tools?: { type: string }[]; store?: boolean; model?: string };

const body = (request: RecordedRequest | undefined): Body => (request?.body ?? {}) as Body;
const itemTypes = (request: RecordedRequest | undefined): string[] => (body(request).input ?? []).map((item) => String((item as { type?: unknown; role?: unknown }).type ?? (item as { role?: unknown }).role));
const since = (requests: readonly RecordedRequest[], start: number) => requests.slice(start).map((request) => request.path);

/** gpt-5 has a 400k-token window: 330k in + 10k out is 85 % of it. */
const nearlyFull = { inputTokens: 330_000, outputTokens: 10_000 };

describe('a chat that filled most of the context window', () => {
  const chat = useChatServer();

  it.each([
    ['stored responses', true],
    ['nothing stored (store: false)', false],
  ])('is compacted before the next prompt, and the compaction item stands for the earlier turns (%s)', async (_label, store) => {
    const server = chat.server();
    server.enqueue(
      { output: [{ type: 'message', text: 'A long answer.' }], usage: nearlyFull },
      { output: [{ type: 'message', text: 'Still with you.' }], usage: { inputTokens: 900, outputTokens: 20 } },
      { output: [{ type: 'message', text: 'Third.' }] },
    );
    const start = server.requests.length;
    const h = chat.harness({ settings: { store } });
    await h.session.send('Read everything');
    const first = await h.ended();
    expect(first.footer?.context).toEqual({ usedTokens: 340_000, windowTokens: 400_000 });

    await h.session.send('And now?');
    const second = await h.ended();
    expect(since(server.requests, start)).toEqual(['/v1/responses', '/v1/responses/compact', '/v1/responses']);
    const compact = body(server.requests[start + 1]);
    if (store) expect(compact.previous_response_id).toMatch(/^resp_/);
    else expect(itemTypes(server.requests[start + 1])).toContain('message');
    const next = server.requests[start + 2];
    expect(body(next).previous_response_id).toBeUndefined();
    expect(itemTypes(next)).toContain('compaction');
    // The open file went with both prompts; a stored chat resends the earlier one only as a mention.
    const files = (JSON.stringify(body(next).input).match(/"type":"input_file"/g) ?? []).length;
    expect(files).toBe(store ? 1 : 2);
    expect(second.status).toBe('completed');
    expect(second.notes?.join(' ')).toMatch(/filled 85% of gpt-5's 400k-token context window, so the conversation so far was compacted/);
    expect(second.footer?.context).toEqual({ usedTokens: 920, windowTokens: 400_000 });

    // The next prompt is not compacted again; a stored chat chains from the compacted answer, a
    // stateless one resends the compaction item with the turns after it.
    await h.session.send('Once more');
    await h.ended();
    const third = server.requests[start + 3];
    expect(since(server.requests, start)).toHaveLength(4);
    if (store) expect(body(third).previous_response_id).toMatch(/^resp_/);
    else expect(itemTypes(third).filter((type) => type === 'compaction')).toHaveLength(1);
  });

  it('is not compacted while the window has room', async () => {
    const server = chat.server();
    server.enqueue({ output: [{ type: 'message', text: 'Short.' }], usage: { inputTokens: 1000, outputTokens: 10 } }, { output: [{ type: 'message', text: 'Again.' }] });
    const start = server.requests.length;
    const h = chat.harness();
    await h.session.send('Hi');
    await h.ended();
    await h.session.send('Hi again');
    const second = await h.ended();
    expect(since(server.requests, start)).toEqual(['/v1/responses', '/v1/responses']);
    expect(second.notes ?? []).toEqual([]);
  });
});

describe('a nearly full chat on an endpoint without compaction', () => {
  const chat = useChatServer({ compaction: false });

  it('sends the prompt anyway and says that New Chat with Summary is the way on', async () => {
    const server = chat.server();
    server.enqueue({ output: [{ type: 'message', text: 'Long.' }], usage: nearlyFull }, { output: [{ type: 'message', text: 'Fine.' }] });
    const start = server.requests.length;
    const h = chat.harness();
    await h.session.send('Read everything');
    await h.ended();
    await h.session.send('And now?');
    const second = await h.ended();
    expect(since(server.requests, start)).toEqual(['/v1/responses', '/v1/responses/compact', '/v1/responses']);
    expect(second.status).toBe('completed');
    expect(second.notes?.join(' ')).toMatch(/fills 85% of gpt-5's 400k-token context window and this endpoint cannot compact conversations.*New Chat with Summary/);
  });
});

describe('a conversation that no longer fits the window', () => {
  const chat = useChatServer({ contextWindows: { 'gpt-5': 3_000 } });

  it('fails with an explanation and the New Chat with Summary action instead of a raw API error', async () => {
    const server = chat.server();
    const h = chat.harness();
    const start = server.requests.length;
    await h.session.send(`Explain this log:\n${'error line '.repeat(2_000)}`);
    const turn = await h.ended();
    expect(server.requests.length - start).toBe(1);
    expect(turn.status).toBe('failed');
    expect(turn.error?.action).toBe('new-chat-with-summary');
    expect(turn.error?.message).toContain("no longer fits in gpt-5's context window (context_length_exceeded)");
    expect(turn.error?.message).toContain('Start a new chat with a summary');
  });
});

describe('New Chat with Summary', () => {
  const chat = useChatServer();

  it.each([true, false])('starts a new chat whose first turn is the summary, asked without tools, and later prompts carry only the summary (store %s)', async (store) => {
    const server = chat.server();
    server.enqueue(
      { output: [{ type: 'message', text: 'Use a Map for the cache.' }] },
      { output: [{ type: 'message', text: 'Added eviction after 100 entries.' }] },
      { output: [{ type: 'message', text: '- Goal: cache with eviction\n- Done: Map + LRU' }] },
      { output: [{ type: 'message', text: 'Next: tests.' }] },
    );
    const h = chat.harness({ settings: { store } });
    await h.session.send('How do I cache lookups?');
    await h.ended();
    await h.session.send('Add eviction');
    await h.ended();
    const oldId = h.session.conversationId;
    const start = server.requests.length;

    let openedWith: string[] | undefined;
    const started = await h.session.newChatWithSummary(() => {
      openedWith = h.session.turns().map((turn) => turn.view.id);
    });
    expect(started.ok).toBe(true);
    // The panel is shown the new chat while it is still empty, before its summary turn starts.
    expect(openedWith).toEqual([]);
    const summary = await h.ended();
    expect(h.session.conversationId).not.toBe(oldId);
    expect(summary.prompt).toBe('Summary of “How do I cache lookups?”');
    expect(summary.answer).toBe('- Goal: cache with eviction\n- Done: Map + LRU');
    const asked = body(server.requests[start]);
    expect(asked.tools).toBeUndefined();
    expect(asked.previous_response_id).toBeUndefined();
    const askedText = JSON.stringify(asked.input);
    for (const part of ['How do I cache lookups?', 'Use a Map for the cache.', 'Add eviction', 'Added eviction after 100 entries.']) expect(askedText).toContain(part);

    await h.session.send('What next?');
    await h.ended();
    const followUp = body(server.requests[start + 1]);
    expect(followUp.previous_response_id).toBeUndefined();
    const followText = JSON.stringify(followUp.input);
    expect(followText).toContain('- Goal: cache with eviction');
    expect(followText).not.toContain('Use a Map for the cache.');
    expect(h.session.snapshot(true, false).history.map((entry) => entry.title)).toContain('How do I cache lookups? (continued)');
  });

  it('refuses to summarize a chat without an answer', async () => {
    const h = chat.harness();
    expect(await h.session.newChatWithSummary()).toEqual({ ok: false, error: 'This chat has no answer to summarize yet.' });
  });
});
