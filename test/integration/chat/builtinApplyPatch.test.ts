// The Responses API's built-in apply_patch tool, through the real SDK against the fake server:
// the tool offered per codewright.editTool, every apply_patch_call of a response shown as one
// proposal, applied or refused all together, and each call answered with its apply_patch_call_output.
import { describe, expect, it } from 'vitest';
import type { ExtensionMessage } from '../../../src/common/protocol';
import type { ScriptedItem } from '../../fake-server/replies';
import { ORIGINAL, RecordingPatchHost, useChatServer, type Harness, type HarnessOptions } from './chatHarness';

const chat = useChatServer();
const harness = (options: HarnessOptions = {}): Harness => chat.harness({ ...options, settings: { model: 'gpt-5.1', ...options.settings } });

interface WireItem {
  type?: string;
  call_id?: string;
  status?: string;
  output?: string;
}

function lastBody(): { input?: WireItem[]; tools?: { type: string; name?: string }[]; previous_response_id?: string } {
  return chat.server().requests[chat.server().requests.length - 1].body as never;
}

function patchOutputs(body: { input?: WireItem[] }): WireItem[] {
  return (body.input ?? []).filter((item) => item.type === 'apply_patch_call_output');
}

const UPDATE_DIFF = '@@\n export function add(a, b) {\n-  return a + b;\n+  return Number(a) + Number(b);\n }\n';
const FIXED = 'export function add(a, b) {\n  return Number(a) + Number(b);\n}\n';

const twoCalls: ScriptedItem[] = [
  { type: 'message', text: 'Fixing add and adding a helper.' },
  { type: 'apply_patch_call', callId: 'call_math', operation: { type: 'update_file', path: 'src/math.ts', diff: UPDATE_DIFF } },
  { type: 'apply_patch_call', callId: 'call_util', operation: { type: 'create_file', path: 'src/util.ts', diff: '+export const one = 1;\n+\n+export const two = 2;\n' } },
];

function proposals(posted: ExtensionMessage[]) {
  return posted.filter((m): m is Extract<ExtensionMessage, { type: 'proposal' }> => m.type === 'proposal').map((m) => m.proposal);
}

describe('the built-in apply_patch tool', () => {
  it('is offered instead of the custom grammar tool to models that have it, unless codewright.editTool says otherwise', async () => {
    const answer = { output: [{ type: 'message' as const, text: 'ok' }] };
    chat.server().enqueue(answer, answer, answer, answer);
    for (const [settings, expected] of [
      [{ model: 'gpt-5.1' }, [{ type: 'apply_patch' }]],
      [{ model: 'gpt-5' }, ['custom']],
      [{ model: 'gpt-5.1', editTool: 'custom' as const }, ['custom']],
      [{ model: 'gpt-5', editTool: 'builtin' as const }, ['custom']],
    ] as const) {
      const h = harness({ patches: new RecordingPatchHost({}), settings });
      await h.session.send('Hi');
      const turn = await h.ended();
      const tools = lastBody().tools ?? [];
      expect(tools.map((tool) => (tool.type === 'custom' ? tool.type : tool))).toEqual(expected);
      // Asking for the built-in tool on a model without it is said on the turn.
      expect((turn.notes ?? []).some((note) => note.includes('has no built-in apply_patch tool'))).toBe('editTool' in settings && settings.editTool === 'builtin');
    }
  });

  it('shows two calls of one response as one proposal; Apply edits both files and answers each call with apply_patch_call_output', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    chat.server().enqueue({ output: twoCalls, chunkDelayMs: 80 }, { output: [{ type: 'message', text: 'Both done.' }] });
    const h = harness({ patches: host });
    await h.session.send('Fix add');
    const turn = await h.ended();
    const cards = proposals(h.posted);
    expect(new Set(cards.map((card) => card.id))).toEqual(new Set(['call_math']));
    expect(cards[0]).toEqual({ id: 'call_math', status: 'streaming', files: [] });
    // The card grows by a file as each call finishes.
    expect(cards.some((card) => card.status === 'streaming' && card.files.map((file) => file.path).join() === 'src/math.ts')).toBe(true);
    expect(cards[cards.length - 1]).toEqual({
      id: 'call_math',
      status: 'ready',
      files: [
        { path: 'src/math.ts', operation: 'update', added: 1, removed: 1 },
        { path: 'src/util.ts', operation: 'add', added: 3, removed: 0 },
      ],
    });
    expect(host.applied).toHaveLength(0);
    const toolResponseId = h.session.turns()[0].responseId;

    expect(await h.session.applyProposal('call_math')).toMatchObject({ ok: true });
    expect(host.applied).toHaveLength(1);
    expect(host.files['src/math.ts']).toBe(FIXED);
    expect(host.files['src/util.ts']).toBe('export const one = 1;\n\nexport const two = 2;\n');
    const final = await h.ended(turn.id);
    expect(final.answer).toBe('Fixing add and adding a helper.\n\nBoth done.');
    expect(final.proposals?.map((p) => [p.id, p.status])).toEqual([['call_math', 'applied']]);
    const body = lastBody();
    expect(body.previous_response_id).toBe(toolResponseId);
    const success = 'Success. Updated the following files:\nM src/math.ts\nA src/util.ts';
    expect(patchOutputs(body)).toEqual([
      { type: 'apply_patch_call_output', call_id: 'call_math', status: 'completed', output: success },
      { type: 'apply_patch_call_output', call_id: 'call_util', status: 'completed', output: success },
    ]);
    expect((body.input ?? []).some((item) => item.type === 'custom_tool_call_output')).toBe(false);
  });

  it('grows the card line by line when the API streams an operation\'s diff', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    const lines = UPDATE_DIFF.split(/(?<=\n)/);
    chat.server().enqueue({
      output: [{ type: 'apply_patch_call', callId: 'call_live', operation: { type: 'update_file', path: 'src/math.ts', diff: UPDATE_DIFF }, diffChunks: lines }],
      chunkDelayMs: 80,
    });
    const h = harness({ patches: host });
    await h.session.send('Fix add');
    await h.ended();
    const cards = proposals(h.posted);
    const counts = cards.filter((card) => card.status === 'streaming' && card.files.length === 1).map((card) => `${card.files[0].removed}/${card.files[0].added}`);
    expect(counts).toContain('1/0');
    expect(cards[cards.length - 1]).toEqual({ id: 'call_live', status: 'ready', files: [{ path: 'src/math.ts', operation: 'update', added: 1, removed: 1 }] });
  });

  it('resends the calls before their outputs when responses are not stored', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    chat.server().enqueue({ output: twoCalls }, { output: [{ type: 'message', text: 'Applied.' }] });
    const h = harness({ patches: host, settings: { store: false } });
    await h.session.send('Fix add');
    await h.ended();
    expect((await h.session.applyProposal('call_math')).ok).toBe(true);
    const final = await h.ended();
    expect(final.status).toBe('completed');
    const items = lastBody().input ?? [];
    expect(lastBody().previous_response_id).toBeUndefined();
    const types = items.filter((item) => item.type?.startsWith('apply_patch')).map((item) => `${item.type}:${item.call_id}`);
    expect(types).toEqual(['apply_patch_call:call_math', 'apply_patch_call:call_util', 'apply_patch_call_output:call_math', 'apply_patch_call_output:call_util']);
  });

  it('answers every call as failed with the reason when the user rejects the proposal, and changes nothing', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    chat.server().enqueue({ output: twoCalls }, { output: [{ type: 'message', text: 'Leaving it.' }] });
    const h = harness({ patches: host });
    await h.session.send('Fix add');
    await h.ended();
    expect(h.session.rejectProposal('call_math', 'no helper file')).toMatchObject({ ok: true });
    await h.ended();
    const outputs = patchOutputs(lastBody());
    expect(outputs.map((o) => [o.call_id, o.status])).toEqual([
      ['call_math', 'failed'],
      ['call_util', 'failed'],
    ]);
    expect(outputs[0].output).toContain('The user rejected this patch. No files were changed. Their reason: no helper file');
    expect(host.files).toEqual({ 'src/math.ts': ORIGINAL });
  });

  it('declines a pending card when the user sends a new message, answering every call as failed in that request', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    chat.server().enqueue({ output: twoCalls }, { output: [{ type: 'message', text: 'Something else, then.' }] });
    const h = harness({ patches: host });
    await h.session.send('Fix add');
    await h.ended();
    await h.session.send('Actually, explain it instead');
    const final = await h.ended();
    expect(final.status).toBe('completed');
    const outputs = patchOutputs(lastBody());
    expect(outputs.map((o) => [o.call_id, o.status])).toEqual([
      ['call_math', 'failed'],
      ['call_util', 'failed'],
    ]);
    expect(outputs[0].output).toContain('The user sent a new message instead of applying it.');
    expect(h.session.turns()[0].view.proposals?.[0].status).toBe('rejected');
    expect(host.files).toEqual({ 'src/math.ts': ORIGINAL });
  });

  it('applies nothing when one call of the response does not fit, and sends the error back on every call by itself', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    chat.server().enqueue(
      {
        output: [
          { type: 'apply_patch_call', callId: 'call_ok', operation: { type: 'create_file', path: 'src/new.ts', diff: '+export {};\n' } },
          { type: 'apply_patch_call', callId: 'call_missing', operation: { type: 'update_file', path: 'src/gone.ts', diff: '@@\n-old\n+new\n' } },
        ],
      },
      { output: [{ type: 'message', text: 'I will look at the files first.' }] },
    );
    const h = harness({ patches: host });
    await h.session.send('Edit');
    await h.session.idle();
    const final = await h.ended();
    expect(final.proposals?.[0]).toMatchObject({ id: 'call_ok', status: 'invalid' });
    expect(final.proposals?.[0].error).toContain('src/gone.ts');
    const outputs = patchOutputs(lastBody());
    expect(outputs.map((o) => [o.call_id, o.status])).toEqual([
      ['call_ok', 'failed'],
      ['call_missing', 'failed'],
    ]);
    expect(outputs[1].output).toContain('No files were changed');
    expect(host.files).toEqual({ 'src/math.ts': ORIGINAL });
  });

  it('tells the model exactly which operation is malformed', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    chat.server().enqueue(
      { output: [{ type: 'apply_patch_call', callId: 'call_rename', operation: { type: 'rename_file', path: 'src/math.ts' } }] },
      { output: [{ type: 'message', text: 'Sorry.' }] },
    );
    const h = harness({ patches: host });
    await h.session.send('Rename');
    await h.session.idle();
    await h.ended();
    const [output] = patchOutputs(lastBody());
    expect(output).toMatchObject({ call_id: 'call_rename', status: 'failed' });
    expect(output.output).toContain('The apply_patch call call_rename is invalid: operation.type "rename_file" is not one of create_file, update_file, delete_file.');
  });

  it('asks before touching a sensitive file, as the custom tool does', async () => {
    const host = new RecordingPatchHost({ 'src/math.ts': ORIGINAL });
    host.confirmAnswer = false;
    chat.server().enqueue({ output: [{ type: 'apply_patch_call', callId: 'call_env', operation: { type: 'create_file', path: '.env', diff: '+TOKEN=x\n' } }] });
    const h = harness({ patches: host });
    await h.session.send('Add env');
    await h.ended();
    expect(await h.session.applyProposal('call_env')).toMatchObject({ ok: false });
    expect(host.confirmations).toEqual([['.env']]);
    expect(host.files['.env']).toBeUndefined();
  });
});
