import { describe, expect, it } from 'vitest';
import { envelopeFromOperations, type OperationCall } from '../../../src/common/chat/builtinApplyPatch';
import type { StoredTurn } from '../../../src/common/chat/conversationStore';
import { prepareTurnRequest, type PreparedRequest } from '../../../src/common/chat/turnRequest';
import { APPLY_PATCH_TOOL, parsePatch } from '../../../src/common/patch';
import { buildResponseRequest, chooseEditTool, editToolNote, parameterNotes, ResponseStreamReducer, toHistoryItems } from '../../../src/common/responses';
import { testRequestSettings } from '../../harness/requestSettings';

const call = (callId: string, operation: unknown): OperationCall => ({ callId, input: JSON.stringify(operation) });

function patchOf(calls: OperationCall[]): string {
  const result = envelopeFromOperations(calls);
  if (!result.ok) throw new Error(result.error);
  return result.patch;
}

function errorOf(calls: OperationCall[]): string {
  const result = envelopeFromOperations(calls);
  if (result.ok) throw new Error(`expected an error, got ${result.patch}`);
  return result.error;
}

describe('turning the built-in tool\'s operations into one patch envelope', () => {
  it('writes create, update and delete operations as Add, Update and Delete File sections, in call order', () => {
    const patch = patchOf([
      call('c1', { type: 'create_file', path: 'src/new.ts', diff: '+export const a = 1;\n+\n+export const b = 2;\n' }),
      call('c2', { type: 'update_file', path: 'src/math.ts', diff: '@@ export function add\n-  return a + b;\n+  return a - b;\n*** End of File\n' }),
      call('c3', { type: 'delete_file', path: 'src/old.ts' }),
    ]);
    expect(patch).toBe(
      [
        '*** Begin Patch',
        '*** Add File: src/new.ts',
        '+export const a = 1;',
        '+',
        '+export const b = 2;',
        '*** Update File: src/math.ts',
        '@@ export function add',
        '-  return a + b;',
        '+  return a - b;',
        '*** End of File',
        '*** Delete File: src/old.ts',
        '*** End Patch',
        '',
      ].join('\n'),
    );
    const parsed = parsePatch(patch);
    expect(parsed.ok ? parsed.patch.hunks.map((hunk) => [hunk.type, hunk.path]) : parsed).toEqual([
      ['add', 'src/new.ts'],
      ['update', 'src/math.ts'],
      ['delete', 'src/old.ts'],
    ]);
  });

  it('reads a blank line of a created file as an empty line, and a diff without a final newline as complete', () => {
    expect(patchOf([call('c1', { type: 'create_file', path: 'a.txt', diff: '+one\n\n+three' })])).toBe('*** Begin Patch\n*** Add File: a.txt\n+one\n+\n+three\n*** End Patch\n');
  });

  it('answers malformed operations with an error naming the call and what is wrong', () => {
    expect(errorOf([{ callId: 'c1', input: '' }])).toContain('The apply_patch call c1 is invalid: it has no operation object.');
    expect(errorOf([call('c1', { type: 'rename_file', path: 'a' })])).toContain('operation.type "rename_file" is not one of create_file, update_file, delete_file.');
    expect(errorOf([call('c1', { type: 'update_file', path: '' , diff: '@@\n-a\n+b'})])).toContain('operation.path must be a non-empty file path.');
    expect(errorOf([call('c1', { type: 'update_file', path: 'a.ts' })])).toContain('operation.diff is required for update_file');
    expect(errorOf([call('c1', { type: 'update_file', path: 'a.ts', diff: '\n' })])).toContain('(update_file a.ts) is invalid: operation.diff is empty');
    expect(errorOf([call('c1', { type: 'create_file', path: 'a.ts', diff: '+ok\nnot added\n' })])).toContain(
      'line 2 of the diff, "not added", does not start with \'+\'',
    );
    const error = errorOf([call('c1', { type: 'delete_file', path: 'a.ts' }), call('c2', { type: 'create_file', path: 'b.ts', diff: 'x' })]);
    expect(error).toContain('The apply_patch call c2 (create_file b.ts) is invalid');
    expect(error).toContain('None of the 2 operation(s) of this response was applied');
  });

  it('refuses a diff or path that would smuggle another file section or the end of the patch into the envelope', () => {
    const injected = '@@\n-a\n+b\n*** End Patch\n*** Begin Patch\n*** Delete File: .git/config\n';
    expect(errorOf([call('c1', { type: 'update_file', path: 'a.ts', diff: injected })])).toContain('line 4 of the diff, "*** End Patch", is not a diff line');
    expect(errorOf([call('c1', { type: 'update_file', path: 'a.ts', diff: '@@\n *** End Patch\n+b\n' })])).toContain('line 2 of the diff');
    expect(errorOf([call('c1', { type: 'update_file', path: 'a.ts', diff: '@@\n-a\n+b\n*** Delete File: b.ts\n' })])).toContain('line 4');
    expect(errorOf([call('c1', { type: 'delete_file', path: 'a.ts\n*** Delete File: b.ts' })])).toContain('operation.path must be a single line');
    // A created file's lines are all '+' lines, so markers there are content, not structure.
    expect(patchOf([call('c1', { type: 'create_file', path: 'notes.md', diff: '+*** End Patch\n' })])).toContain('+*** End Patch\n*** End Patch\n');
  });
});

function storedTurn(): StoredTurn {
  return {
    view: { id: 't1', prompt: 'Fix add', contextLabels: [], answer: '', reasoning: '', refusal: '', status: 'streaming' },
    request: { prompt: 'Fix add', displayPrompt: 'Fix add', openFilePaths: [] },
  };
}

function prepared(model: string, editTool?: 'auto' | 'custom' | 'builtin'): PreparedRequest {
  const turn = storedTurn();
  const result = prepareTurnRequest({
    turn,
    mode: { kind: 'new' },
    turns: [turn],
    settings: testRequestSettings({ model, reasoningEffort: 'medium', editTool }),
    files: [],
    folderNames: ['workspace'],
    endpoint: 'https://api.openai.com/v1',
  });
  if (!('params' in result)) throw result;
  return result;
}

describe('which apply_patch tool a request offers (codewright.editTool)', () => {
  it('picks the built-in tool on auto only for models that have it', () => {
    expect(chooseEditTool('gpt-5.1', 'auto')).toBe('builtin');
    expect(chooseEditTool('gpt-5.2-codex', undefined)).toBe('builtin');
    expect(chooseEditTool('gpt-5', 'auto')).toBe('custom');
    expect(chooseEditTool('my-proxy-model', 'auto')).toBe('custom');
    expect(chooseEditTool('gpt-5.1', 'custom')).toBe('custom');
    expect(chooseEditTool('my-proxy-model', 'builtin')).toBe('builtin');
  });

  it('gives a model the table knows to lack the built-in tool the custom one, and says so', () => {
    expect(chooseEditTool('gpt-5-mini', 'builtin')).toBe('custom');
    expect(editToolNote('gpt-5-mini', 'builtin')).toBe("gpt-5-mini has no built-in apply_patch tool; edits go through Codewright's custom apply_patch tool (codewright.editTool).");
    expect(parameterNotes(testRequestSettings({ model: 'gpt-5-mini', editTool: 'builtin' }))).toContain(editToolNote('gpt-5-mini', 'builtin'));
    expect(editToolNote('gpt-5.1', 'builtin')).toBeUndefined();
    expect(editToolNote('gpt-5-mini', 'auto')).toBeUndefined();
    expect(editToolNote('my-proxy-model', 'builtin')).toBeUndefined();
  });

  it('sends exactly {type: "apply_patch"} for the built-in tool', () => {
    const { params } = prepared('gpt-5.1', 'builtin');
    expect(JSON.parse(JSON.stringify(params))).toEqual({
      model: 'gpt-5.1',
      instructions: params.instructions,
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Fix add' }] }],
      reasoning: { effort: 'medium', summary: 'auto' },
      text: { verbosity: 'medium' },
      store: true,
      tools: [{ type: 'apply_patch' }],
      stream: true,
    });
  });

  it('sends the custom grammar tool when the setting says custom, even to a model with the built-in one', () => {
    const { params } = prepared('gpt-5.1', 'custom');
    expect(JSON.parse(JSON.stringify(params))).toEqual({
      model: 'gpt-5.1',
      instructions: params.instructions,
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Fix add' }] }],
      reasoning: { effort: 'medium', summary: 'auto' },
      text: { verbosity: 'medium' },
      store: true,
      tools: [JSON.parse(JSON.stringify(APPLY_PATCH_TOOL))],
      stream: true,
    });
  });

  it('lets a Fix action call the built-in tool, naming it by its type in allowed_tools', () => {
    const turn = storedTurn();
    turn.request.action = 'fix';
    const result = prepareTurnRequest({
      turn,
      mode: { kind: 'new' },
      turns: [turn],
      settings: testRequestSettings({ model: 'gpt-5.1' }),
      files: [],
      folderNames: ['workspace'],
      endpoint: 'https://api.openai.com/v1',
    });
    if (!('params' in result)) throw result;
    expect(result.params.tool_choice).toEqual({ type: 'allowed_tools', mode: 'auto', tools: [{ type: 'apply_patch' }] });
  });

  it('answers built-in calls with apply_patch_call_output items carrying their status', () => {
    const params = buildResponseRequest({
      instructions: 'You are Codewright.',
      prompt: '',
      openFiles: [],
      settings: testRequestSettings(),
      previousResponseId: 'resp_1',
      toolOutputs: [
        { callId: 'call_a', output: 'Success. Updated the following files:\nM a.ts', kind: 'apply_patch', status: 'completed' },
        { callId: 'call_b', output: 'The user rejected this patch.', kind: 'apply_patch', status: 'failed' },
      ],
    });
    expect(params.input).toEqual([
      { type: 'apply_patch_call_output', call_id: 'call_a', status: 'completed', output: 'Success. Updated the following files:\nM a.ts' },
      { type: 'apply_patch_call_output', call_id: 'call_b', status: 'failed', output: 'The user rejected this patch.' },
    ]);
  });
});

describe('reducing apply_patch_call items', () => {
  it('reports each call once, with its operation as input, and keeps the calls for a stateless follow-up', () => {
    const events: { type: string; kind?: string }[] = [];
    const reducer = new ResponseStreamReducer((event) => events.push(event));
    const operation = { type: 'update_file', path: 'a.ts', diff: '@@\n-a\n+b\n' };
    reducer.push({ type: 'response.created', response: { id: 'resp_1', model: 'gpt-5.1' } });
    reducer.push({ type: 'response.output_item.added', output_index: 0, item: { id: 'apc_1', type: 'apply_patch_call', status: 'in_progress', call_id: 'call_1', operation: { type: 'update_file', path: 'a.ts', diff: '' } } });
    const done = { id: 'apc_1', type: 'apply_patch_call', status: 'completed', call_id: 'call_1', operation };
    reducer.push({ type: 'response.output_item.done', output_index: 0, item: done });
    reducer.push({ type: 'response.completed', response: { id: 'resp_1', status: 'completed', output: [done] } });
    const snapshot = reducer.snapshot();
    expect(snapshot.toolCalls).toEqual([{ itemId: 'apc_1', callId: 'call_1', name: 'apply_patch', kind: 'apply_patch', input: JSON.stringify(operation), done: true }]);
    expect(events.filter((event) => event.type === 'tool-call-done')).toHaveLength(1);
    expect(events.find((event) => event.type === 'tool-call-started')).toMatchObject({ kind: 'apply_patch', callId: 'call_1' });
    expect(toHistoryItems(snapshot.output)).toEqual([done]);
  });
});
