import { describe, expect, it } from 'vitest';
import type { ExtensionMessage } from '../../../src/common/protocol';
import { API_KEY, BAD_PATCH, GOOD_PATCH, MemoryStore, ORIGINAL, RecordingPatchHost, streamedAnswer, useChatServer, waitFor } from './chatHarness';

const chat = useChatServer();
const harness = chat.harness;

describe('a chat session', () => {
  it('streams an answer with the selection and open files, batching deltas, and ends with usage and cost', async () => {
    const text = 'The function `add` returns the sum of its two arguments. '.repeat(8);
    chat.server().enqueue({
      output: [
        { type: 'reasoning', summary: ['Reading the selection.'] },
        { type: 'message', text, chunks: 60 },
      ],
      usage: { inputTokens: 1000, cachedTokens: 200, outputTokens: 300, reasoningTokens: 100 },
    });
    const before = chat.server().requests.length;
    const h = harness();
    const result = await h.session.send('What does this do?');
    expect(result.ok).toBe(true);
    const turn = await h.ended();
    expect(turn.status).toBe('completed');
    expect(turn.answer).toBe(text);
    expect(turn.reasoning).toContain('Reading the selection.');
    expect(streamedAnswer(h.posted, turn.id)).toBe(text);
    const deltaPosts = h.posted.filter((m) => m.type === 'turnDelta').length;
    expect(deltaPosts).toBeGreaterThan(0);
    expect(deltaPosts).toBeLessThan(61);
    expect(turn.footer?.usage).toEqual({ inputTokens: 1000, cachedInputTokens: 200, outputTokens: 300, reasoningTokens: 100 });
    // gpt-5: 800 × $1.25 + 200 × $0.125 + 300 × $10 per 1M tokens
    expect(turn.footer?.costUsd).toBeCloseTo((800 * 1.25 + 200 * 0.125 + 300 * 10) / 1e6, 10);
    expect(turn.contextLabels).toEqual(['src/math.ts (lines 3–4)', 'src/math.ts']);
    expect(h.contextConsumed).toHaveBeenCalledOnce();

    const request = chat.server().requests[before];
    const body = request.body as { input: { content: { type: string; text?: string; filename?: string }[] }[]; reasoning: unknown };
    const content = body.input.flatMap((item) => item.content);
    expect(content.some((part) => part.type === 'input_text' && part.text?.includes('What does this do?'))).toBe(true);
    expect(content.some((part) => part.type === 'input_text' && part.text?.includes('return a + b;'))).toBe(true);
    expect(content.some((part) => part.type === 'input_file' && part.filename === 'src/math.ts')).toBe(true);
    expect(body.reasoning).toEqual({ effort: 'low', summary: 'auto' });
  });

  it('chains the second turn to the first with previous_response_id when responses are stored', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'First answer.' }] }, { output: [{ type: 'message', text: 'Second answer.' }] });
    const h = harness();
    await h.session.send('First question');
    const first = await h.ended();
    await h.session.send('Second question');
    const second = await h.ended();
    expect(second.answer).toBe('Second answer.');
    const firstResponseId = h.session.turns().find((t) => t.view.id === first.id)?.responseId;
    expect(firstResponseId).toMatch(/^resp_/);
    const last = chat.server().requests[chat.server().requests.length - 1].body as { previous_response_id?: string; store: boolean };
    expect(last.store).toBe(true);
    expect(last.previous_response_id).toBe(firstResponseId);
  });

  it('resends the whole conversation, with encrypted reasoning, when responses are not stored', async () => {
    chat.server().enqueue(
      { output: [{ type: 'reasoning', summary: ['Thinking.'], encryptedContent: 'enc-abc' }, { type: 'message', text: 'One.' }] },
      { output: [{ type: 'message', text: 'Two.' }] },
    );
    const h = harness({ settings: { store: false } });
    await h.session.send('Question one');
    await h.ended();
    await h.session.send('Question two');
    const second = await h.ended();
    expect(second.status).toBe('completed');
    const body = chat.server().requests[chat.server().requests.length - 1].body as { input: { type?: string; role?: string; encrypted_content?: string }[]; previous_response_id?: string; include?: string[] };
    expect(body.previous_response_id).toBeUndefined();
    expect(body.include).toEqual(['reasoning.encrypted_content']);
    expect(body.input.filter((item) => item.role === 'user')).toHaveLength(2);
    expect(body.input.some((item) => item.type === 'reasoning' && item.encrypted_content === 'enc-abc')).toBe(true);
    expect(body.input.some((item) => item.role === 'assistant' || item.type === 'message')).toBe(true);
  });

  it('stops on request, keeps the partial answer, and closes the connection', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'word '.repeat(200), chunks: 200 }], chunkDelayMs: 20 });
    const h = harness();
    const index = chat.server().requests.length;
    await h.session.send('Long answer please');
    await waitFor(() => streamedAnswer(h.posted, 'id-2').length > 20);
    expect(h.session.stop()).toBe(true);
    const turn = await h.ended();
    expect(turn.status).toBe('stopped');
    expect(turn.answer.length).toBeGreaterThan(20);
    expect(turn.answer.length).toBeLessThan('word '.repeat(200).length);
    await chat.server().connectionClosed(index);
    expect(chat.server().requests[index].clientClosedEarly).toBe(true);
  });

  it('retries a stopped turn in place with the same request', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'slow '.repeat(100), chunks: 100 }], chunkDelayMs: 20 }, { output: [{ type: 'message', text: 'Done properly.' }] });
    const h = harness();
    await h.session.send('Explain');
    await waitFor(() => h.posted.some((m) => m.type === 'turnDelta'));
    h.session.stop();
    const stopped = await h.ended();
    expect(stopped.status).toBe('stopped');
    const firstBody = chat.server().requests[chat.server().requests.length - 1].rawBody;
    const retried = h.session.retry(stopped.id);
    expect(retried).toEqual({ ok: true, turnId: stopped.id });
    const turn = await h.ended(stopped.id);
    expect(turn.status).toBe('completed');
    expect(turn.answer).toBe('Done properly.');
    expect(h.session.turns()).toHaveLength(1);
    expect(chat.server().requests[chat.server().requests.length - 1].rawBody).toBe(firstBody);
  });

  it('continues an answer cut by max_output_tokens into the same turn', async () => {
    chat.server().enqueue(
      { output: [{ type: 'message', text: 'Part one, ' }], status: 'incomplete', incompleteReason: 'max_output_tokens' },
      { output: [{ type: 'message', text: 'part two.' }] },
    );
    const h = harness();
    await h.session.send('Write a lot');
    const cut = await h.ended();
    expect(cut.status).toBe('incomplete');
    expect(cut.incompleteReason).toBe('max_output_tokens');
    const incompleteId = h.session.turns()[0].responseId;
    expect(h.session.continue(cut.id).ok).toBe(true);
    const turn = await h.ended(cut.id);
    expect(turn.status).toBe('completed');
    expect(turn.answer).toBe('Part one, part two.');
    const body = chat.server().requests[chat.server().requests.length - 1].body as { previous_response_id?: string };
    expect(body.previous_response_id).toBe(incompleteId);
  });

  it('fails with a Set API Key action and sends nothing when there is no key', async () => {
    const h = harness({ connection: null });
    const before = chat.server().requests.length;
    await h.session.send('Hello');
    const turn = await h.ended();
    expect(turn.status).toBe('failed');
    expect(turn.error?.action).toBe('set-api-key');
    expect(h.missingKey).toHaveBeenCalledOnce();
    expect(chat.server().requests.length).toBe(before);
  });

  it('turns a rejected key into a Set API Key error that does not contain the key', async () => {
    const h = harness({ connection: { apiKey: 'sk-wrong-key-999999999', baseURL: chat.server().baseURL, demo: false } });
    await h.session.send('Hello');
    const turn = await h.ended();
    expect(turn.status).toBe('failed');
    expect(turn.error?.action).toBe('set-api-key');
    expect(JSON.stringify(h.posted)).not.toContain('sk-wrong-key-999999999');
  });

  it('shows a refusal as a refusal', async () => {
    chat.server().enqueue({ output: [{ type: 'refusal', refusal: 'I cannot help with that.' }] });
    const h = harness();
    await h.session.send('Something bad');
    const turn = await h.ended();
    expect(turn.status).toBe('refused');
    expect(turn.refusal).toBe('I cannot help with that.');
  });

  it('refuses a second prompt while an answer is streaming, and an empty prompt', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'tick '.repeat(50), chunks: 50 }], chunkDelayMs: 10 });
    const h = harness();
    expect((await h.session.send('   ')).ok).toBe(false);
    await h.session.send('One');
    const second = await h.session.send('Two');
    expect(second.ok).toBe(false);
    await h.ended();
    expect(h.session.turns()).toHaveLength(1);
  });

  it('includes the text streamed so far in a snapshot taken mid-answer', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'abc '.repeat(60), chunks: 60 }], chunkDelayMs: 15 });
    const h = harness();
    await h.session.send('Go');
    await waitFor(() => h.posted.filter((m) => m.type === 'turnDelta').length >= 2);
    const snapshot = h.session.snapshot(true, false);
    expect(snapshot.generating).toBe(true);
    const partial = snapshot.turns[0].answer;
    expect(partial.length).toBeGreaterThan(0);
    expect('abc '.repeat(60).startsWith(partial)).toBe(true);
    const turn = await h.ended();
    expect(turn.answer).toBe('abc '.repeat(60));
  });

  it('keeps conversations per workspace: lists, reopens and deletes them', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'Saved answer.' }] });
    const store = new MemoryStore();
    const first = harness({ store });
    await first.session.send('Remember this question');
    await first.ended();
    const conversationId = first.session.conversationId;

    const reopened = harness({ store });
    // A new session (window reload) shows the chat that was open.
    expect(reopened.session.conversationId).toBe(conversationId);
    expect(reopened.session.snapshot(true, false).turns.map((t) => t.answer)).toEqual(['Saved answer.']);
    await reopened.session.newChat();
    expect(reopened.session.snapshot(true, false).turns).toEqual([]);
    const history = reopened.session.snapshot(true, false).history;
    expect(history.map((entry) => entry.title)).toEqual(['Remember this question']);
    expect(await reopened.session.open(conversationId)).toBe(true);
    const snapshot = reopened.session.snapshot(true, false);
    expect(snapshot.turns.map((t) => t.answer)).toEqual(['Saved answer.']);
    expect(await reopened.session.open('no-such-conversation')).toBe(false);

    expect(await reopened.session.delete(conversationId)).toBe(true);
    expect(reopened.session.snapshot(true, false).history).toEqual([]);
    expect(reopened.session.snapshot(true, false).turns).toEqual([]);
    expect(await reopened.session.delete(conversationId)).toBe(false);
  });

  it('never stores the API key with the conversation', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'ok' }] });
    const h = harness();
    await h.session.send('Hi');
    await h.ended();
    expect(JSON.stringify([...h.store.data.values()])).not.toContain(API_KEY);
    expect(JSON.stringify(h.posted)).not.toContain(API_KEY);
  });

  it('rejects retry and continue for unknown turns or turns in the wrong state', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'ok' }] });
    const h = harness();
    await h.session.send('Hi');
    const turn = await h.ended();
    expect(h.session.retry('nope').ok).toBe(false);
    expect(h.session.continue('nope').ok).toBe(false);
    expect(h.session.retry(turn.id).ok).toBe(false);
    expect(h.session.continue(turn.id).ok).toBe(false);
  });
});

function lastBody(): { input?: unknown[]; tools?: { name: string; format?: { syntax: string } }[]; previous_response_id?: string } {
  return chat.server().requests[chat.server().requests.length - 1].body as never;
}

function outputsIn(body: { input?: unknown[] }): { call_id: string; output: string }[] {
  return (body.input ?? []).filter((item) => (item as { type?: string }).type === 'custom_tool_call_output') as never;
}

describe('edits proposed with apply_patch', () => {
  it('offers the apply_patch tool with its Lark grammar', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'ok' }] });
    const h = harness({ patches: new RecordingPatchHost({ 'src/math.ts': ORIGINAL }) });
    await h.session.send('Hi');
    await h.ended();
    const tools = lastBody().tools ?? [];
    expect(tools.map((tool) => tool.name)).toEqual(['apply_patch']);
    expect(tools[0].format?.syntax).toBe('lark');
  });

  it('tells the model that paths start with the folder name when the workspace has several folders', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'ok' }] }, { output: [{ type: 'message', text: 'ok' }] });
    const single = harness({ patches: new RecordingPatchHost({}) });
    await single.session.send('Hi');
    await single.ended();
    expect((lastBody() as { instructions?: string }).instructions).not.toContain('several folders');

    const multi = harness({ patches: new RecordingPatchHost({}, ['web', 'api']) });
    await multi.session.send('Hi');
    await multi.ended();
    expect((lastBody() as { instructions?: string }).instructions).toContain(
      'This workspace has several folders (web, api). Every file path, in apply_patch too, starts with its folder\'s name, e.g. web/src/index.ts.',
    );
  });

  it('shows the patch growing, then a checked proposal; applying it edits the files and tells the model', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    chat.server().enqueue(
      { output: [{ type: 'message', text: 'I will fix it.' }, { type: 'custom_tool_call', name: 'apply_patch', input: GOOD_PATCH, chunks: 12, callId: 'call_fix' }], chunkDelayMs: 5 },
      { output: [{ type: 'message', text: 'Done: add() now converts its arguments.' }] },
    );
    const h = harness({ patches: host });
    await h.session.send('Fix add');
    const turn = await h.ended();
    const updates = h.posted.filter((m): m is Extract<ExtensionMessage, { type: 'proposal' }> => m.type === 'proposal');
    expect(updates[0].proposal).toEqual({ id: 'call_fix', status: 'streaming', files: [] });
    expect(updates.some((u) => u.proposal.status === 'streaming' && u.proposal.files.length === 1)).toBe(true);
    const ready = updates[updates.length - 1].proposal;
    expect(ready).toEqual({ id: 'call_fix', status: 'ready', files: [{ path: 'src/math.ts', operation: 'update', added: 1, removed: 1 }] });
    expect(turn.status).toBe('completed');
    expect(host.applied).toHaveLength(0);

    const toolResponseId = h.session.turns()[0].responseId;
    expect(toolResponseId).toMatch(/^resp_/);
    expect(await h.session.previewProposal('call_fix')).toMatchObject({ ok: true });
    expect(host.previews).toEqual(['call_fix']);
    expect(await h.session.applyProposal('call_fix')).toMatchObject({ ok: true });
    expect(host.files['src/math.ts']).toBe('export function add(a, b) {\n  return Number(a) + Number(b);\n}\n');
    const final = await h.ended(turn.id);
    expect(final.answer).toBe('I will fix it.\n\nDone: add() now converts its arguments.');
    expect(final.proposals?.[0].status).toBe('applied');
    const body = lastBody();
    expect(outputsIn(body)).toEqual([{ type: 'custom_tool_call_output', call_id: 'call_fix', output: 'Success. Updated the following files:\nM src/math.ts' }]);
    expect(body.previous_response_id).toBe(toolResponseId);
    expect(await h.session.applyProposal('call_fix')).toMatchObject({ ok: false });
  });

  it('carries the tool call and its result in the history when responses are not stored', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    chat.server().enqueue(
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: GOOD_PATCH, callId: 'call_sl' }] },
      { output: [{ type: 'message', text: 'Applied.' }] },
    );
    const h = harness({ patches: host, settings: { store: false } });
    await h.session.send('Fix add');
    await h.ended();
    expect((await h.session.applyProposal('call_sl')).ok).toBe(true);
    const final = await h.ended();
    expect(final.status).toBe('completed');
    expect(final.answer).toBe('Applied.');
    const body = lastBody();
    expect(body.previous_response_id).toBeUndefined();
    const items = (body.input ?? []) as { type?: string; call_id?: string }[];
    const callIndex = items.findIndex((item) => item.type === 'custom_tool_call' && item.call_id === 'call_sl');
    const outputIndex = items.findIndex((item) => item.type === 'custom_tool_call_output' && item.call_id === 'call_sl');
    expect(callIndex).toBeGreaterThanOrEqual(0);
    expect(outputIndex).toBeGreaterThan(callIndex);
  });

  it('tells the model when the user rejects a proposal, with their reason', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    chat.server().enqueue(
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: GOOD_PATCH, callId: 'call_no' }] },
      { output: [{ type: 'message', text: 'Understood, leaving it.' }] },
    );
    const h = harness({ patches: host });
    await h.session.send('Fix add');
    await h.ended();
    expect(h.session.rejectProposal('call_no', 'keep it simple')).toMatchObject({ ok: true });
    const final = await h.ended();
    expect(final.proposals?.[0]).toMatchObject({ status: 'rejected', rejectReason: 'keep it simple' });
    expect(outputsIn(lastBody())[0].output).toContain('The user rejected this patch. No files were changed. Their reason: keep it simple');
    expect(host.files['src/math.ts']).toBe(ORIGINAL);
  });

  it('sends a patch that does not apply back to the model by itself, and stops after a bounded number of rounds', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    const bad = (id: string) => ({ output: [{ type: 'custom_tool_call' as const, name: 'apply_patch', input: BAD_PATCH, callId: id }] });
    chat.server().enqueue(bad('c1'), bad('c2'), bad('c3'), bad('c4'), { output: [{ type: 'message', text: 'never requested' }] });
    const before = chat.server().requests.length;
    const h = harness({ patches: host });
    await h.session.send('Fix add');
    await h.session.idle();
    // One request from the user, then three automatic rounds carrying the error.
    expect(chat.server().requests.length - before).toBe(4);
    const turn = h.session.turns()[0].view;
    expect(turn.proposals?.map((p) => p.status)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
    // Only the last card's error was not sent: its card must not claim the model was told.
    expect(turn.proposals?.map((p) => p.notSentToModel)).toEqual([undefined, undefined, undefined, 'retries-stopped']);
    expect(turn.proposals?.[0].error).toMatch(/src\/math\.ts/);
    const output = outputsIn(chat.server().requests[before + 1].body as never)[0].output;
    expect(output).toMatch(/No files were changed\.$/);
    expect(host.applied).toHaveLength(0);
    // The next message carries the last error to the model and takes the reply left in the queue.
    await h.session.send('Never mind');
    expect((await h.ended()).answer).toBe('never requested');
    expect(outputsIn(lastBody()).map((o) => o.call_id)).toEqual(['c4']);
    expect(h.session.turns()[0].view.proposals?.[3].notSentToModel).toBeUndefined();
  });

  it('asks before touching sensitive files and does nothing when the user declines', async () => {
    const host = new RecordingPatchHost({ '.vscode/settings.json': '{}\n' });
    host.confirmAnswer = false;
    const patch = '*** Begin Patch\n*** Update File: .vscode/settings.json\n@@\n-{}\n+{"security.workspace.trust.enabled": false}\n*** End Patch';
    chat.server().enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: patch, callId: 'call_s' }] });
    const h = harness({ patches: host });
    await h.session.send('Change settings');
    const turn = await h.ended();
    expect(turn.proposals?.[0].files[0].sensitive).toBe(true);
    const result = await h.session.applyProposal('call_s');
    expect(result.ok).toBe(false);
    expect(host.confirmations).toEqual([['.vscode/settings.json']]);
    expect(host.confirmationReasons).toEqual([[expect.stringContaining('configures the editor')]]);
    expect(host.applied).toHaveLength(0);
    expect(h.session.turns()[0].view.proposals?.[0].status).toBe('ready');
  });

  it('applies nothing in an untrusted workspace and says why', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    host.allowed = { ok: false, reason: 'Trust this workspace to let Codewright edit files.' };
    chat.server().enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: GOOD_PATCH, callId: 'call_t' }] });
    const h = harness({ patches: host });
    await h.session.send('Fix');
    await h.ended();
    expect(await h.session.applyProposal('call_t')).toEqual({ ok: false, error: 'Trust this workspace to let Codewright edit files.' });
    expect(host.applied).toHaveLength(0);
    expect(h.session.turns()[0].view.proposals?.[0].error).toContain('Trust this workspace');
  });

  it('declines a pending proposal when the user sends a new message, and tells the model in that request', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    chat.server().enqueue(
      { output: [{ type: 'custom_tool_call', name: 'apply_patch', input: GOOD_PATCH, callId: 'call_p' }] },
      { output: [{ type: 'message', text: 'Sure.' }] },
    );
    const h = harness({ patches: host });
    await h.session.send('Fix');
    await h.ended();
    await h.session.send('Actually, explain it instead');
    await h.ended();
    const body = lastBody();
    expect(outputsIn(body).map((o) => o.call_id)).toEqual(['call_p']);
    expect(outputsIn(body)[0].output).toContain('The user sent a new message instead of applying it.');
    expect(h.session.turns()[0].view.proposals?.[0].status).toBe('rejected');
  });

  it('ignores apply, reject and preview for proposals it does not know', async () => {
    const h = harness({ patches: new RecordingPatchHost({}) });
    expect((await h.session.applyProposal('nope')).ok).toBe(false);
    expect(h.session.rejectProposal('nope').ok).toBe(false);
    expect((await h.session.previewProposal('nope')).ok).toBe(false);
  });

  it('marks a patch cut off by a stopped answer as unusable', async () => {
    chat.server().enqueue({ output: [{ type: 'custom_tool_call', name: 'apply_patch', input: GOOD_PATCH, chunks: 40, callId: 'call_cut' }], chunkDelayMs: 30 });
    const h = harness({ patches: new RecordingPatchHost({ 'src/math.ts': ORIGINAL }) });
    await h.session.send('Fix');
    await waitFor(() => h.posted.some((m) => m.type === 'proposal'));
    h.session.stop();
    const turn = await h.ended();
    expect(turn.status).toBe('stopped');
    expect(turn.proposals?.[0].status).toBe('invalid');
    expect(turn.proposals?.[0].notSentToModel).toBe('answer-ended');
    expect((await h.session.applyProposal('call_cut')).ok).toBe(false);
  });
});
