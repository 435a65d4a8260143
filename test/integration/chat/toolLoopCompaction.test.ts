// A long tool loop inside one turn, through the real SDK against the fake server: every round
// after the first asks the API to compact server-side (context_management); a compaction item the
// answer carries travels on in a stateless chat, standing for what it replaced, and the turn says
// so; an endpoint that does not know the field gets the request again without it.
import { describe, expect, it } from 'vitest';
import { BAD_PATCH, ORIGINAL, RecordingPatchHost, useChatServer } from './chatHarness';
import type { FakeReply, RecordedRequest } from '../../fake-server/fakeResponsesServer';

type Item = { type?: string; role?: string; call_id?: string };
type Body = { input?: Item[]; context_management?: unknown };

const body = (request: RecordedRequest | undefined): Body => (request?.body ?? {}) as Body;
const badPatch = (callId: string) => ({ type: 'custom_tool_call' as const, name: 'apply_patch', input: BAD_PATCH, callId });
/** What this fake server writes into its compaction items (it refuses any other). */
const compactionItem = { type: 'compaction' as const, id: 'cmp_round_2', encryptedContent: 'fakecmp1.3.900' };
const callsIn = (request: RecordedRequest | undefined) => (body(request).input ?? []).filter((item) => item.type === 'custom_tool_call').map((item) => item.call_id);

describe('a tool loop that fills the context window within one turn', () => {
  const chat = useChatServer();

  it('asks for server-side compaction on its tool rounds, carries the compaction item on and resends nothing it replaced (store: false)', async () => {
    const server = chat.server();
    const replies: FakeReply[] = [
      { output: [badPatch('call_bad_1')] },
      { output: [compactionItem, badPatch('call_bad_2')] },
      { output: [{ type: 'message', text: 'The patch does not apply; here is why.' }] },
      { output: [{ type: 'message', text: 'Sure.' }] },
    ];
    server.enqueue(...replies);
    const start = server.requests.length;
    const h = chat.harness({ patches: new RecordingPatchHost({ 'src/math.ts': ORIGINAL }), settings: { store: false } });
    await h.session.send('Fix add');
    await h.session.idle();
    const turn = h.session.turns()[0].view;
    const requests = server.requests.slice(start);
    expect(requests).toHaveLength(3);
    expect(body(requests[0]).context_management).toBeUndefined();
    for (const round of requests.slice(1)) expect(body(round).context_management).toEqual([{ type: 'compaction', compact_threshold: 320_000 }]);
    const third = body(requests[2]).input ?? [];
    expect(third.filter((item) => item.type === 'compaction')).toHaveLength(1);
    expect(callsIn(requests[2])).toEqual(['call_bad_2']);
    expect(third.some((item) => item.role === 'user')).toBe(true);
    expect(turn.status).toBe('completed');
    expect(turn.notes?.join(' ')).toContain("tool rounds filled most of gpt-5's context window, so the API compacted the conversation so far (server-side compaction)");

    // The next prompt goes on from the compaction item too, and asks for no server-side compaction.
    await h.session.send('Thanks');
    await h.ended();
    const next = server.requests[start + 3];
    expect(body(next).context_management).toBeUndefined();
    expect((body(next).input ?? []).filter((item) => item.type === 'compaction')).toHaveLength(1);
    expect(callsIn(next)).toEqual(['call_bad_2']);
  });
});

describe('a tool loop on an endpoint without server-side compaction', () => {
  const chat = useChatServer({ contextManagement: false });

  it('sends the tool round again without context_management, says so, and leaves it out from then on', async () => {
    const server = chat.server();
    server.enqueue(
      { output: [badPatch('call_bad_1')] },
      { output: [badPatch('call_bad_2')] },
      { output: [{ type: 'message', text: 'Done.' }] },
    );
    const start = server.requests.length;
    const h = chat.harness({ patches: new RecordingPatchHost({ 'src/math.ts': ORIGINAL }) });
    await h.session.send('Fix add');
    await h.session.idle();
    const requests = server.requests.slice(start);
    expect(requests.map((request) => body(request).context_management !== undefined)).toEqual([false, true, false, false]);
    const turn = h.session.turns()[0].view;
    expect(turn.status).toBe('completed');
    expect(turn.notes?.join(' ')).toContain('gpt-5 does not take context_management; it was left out (remembered until VS Code restarts).');
  });
});
