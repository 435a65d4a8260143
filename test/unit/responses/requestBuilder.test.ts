import { describe, expect, it } from 'vitest';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import {
  buildResponseRequest,
  bytesToBase64,
  CodewrightError,
  formatSelection,
  MAX_INPUT_FILE_BYTES,
  type TurnRequest,
} from '../../../src/common/responses';
import { testRequestSettings } from '../../harness/requestSettings';

const settings = testRequestSettings({ reasoningEffort: 'medium', verbosity: 'low' });

function dataUrl(text: string): string {
  return `data:text/plain;base64,${Buffer.from(text, 'utf8').toString('base64')}`;
}

function turn(overrides: Partial<TurnRequest> = {}): TurnRequest {
  return { instructions: 'You are Codewright.', prompt: 'Explain this.', openFiles: [], settings, ...overrides };
}

describe('buildResponseRequest', () => {
  it('sends the selection and prompt as input_text and each open file as a base64 input_file', () => {
    const params = buildResponseRequest(
      turn({
        selection: { path: 'src/math.ts', languageId: 'typescript', startLine: 3, endLine: 4, text: 'const a = 1;\nconst b = 2;' },
        openFiles: [
          { path: 'src/math.ts', languageId: 'typescript', content: 'export const x = "é";\n' },
          { path: 'README.md', content: '# Title\n' },
        ],
      }),
    );
    expect(JSON.parse(JSON.stringify(params))).toEqual({
      model: 'gpt-5',
      instructions: 'You are Codewright.',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_file', filename: 'src/math.ts', file_data: dataUrl('export const x = "é";\n') },
            { type: 'input_file', filename: 'README.md', file_data: dataUrl('# Title\n') },
            {
              type: 'input_text',
              text: 'Selected code from `src/math.ts` (typescript), lines 3-4:\n```typescript\nconst a = 1;\nconst b = 2;\n```',
            },
            { type: 'input_text', text: 'Explain this.' },
          ],
        },
      ],
      reasoning: { effort: 'medium', summary: 'auto' },
      text: { verbosity: 'low' },
      store: true,
      stream: true,
    });
  });

  it('never sends temperature, top_p or logprobs', () => {
    const params = buildResponseRequest(turn({ settings: { ...settings, maxOutputTokens: 500, store: false } }));
    for (const key of ['temperature', 'top_p', 'logprobs', 'top_logprobs']) expect(params).not.toHaveProperty(key);
  });

  it('leaves the summary out of reasoning when the summary setting is off', () => {
    const params = buildResponseRequest(turn({ settings: { ...settings, reasoningSummary: 'off', reasoningEffort: 'minimal' } }));
    expect(params.reasoning).toEqual({ effort: 'minimal' });
  });

  it('sends max_output_tokens only when it is set', () => {
    expect(buildResponseRequest(turn())).not.toHaveProperty('max_output_tokens');
    expect(buildResponseRequest(turn({ settings: { ...settings, maxOutputTokens: 2048 } })).max_output_tokens).toBe(2048);
  });

  it('chains a stored conversation with previous_response_id and no history or include', () => {
    const params = buildResponseRequest(turn({ previousResponseId: 'resp_123', prompt: 'And now?' }));
    expect(params.previous_response_id).toBe('resp_123');
    expect(params).not.toHaveProperty('include');
    expect(params.input).toEqual([{ role: 'user', content: [{ type: 'input_text', text: 'And now?' }] }]);
  });

  it('resends the whole history with encrypted reasoning when store is off', () => {
    const history: ResponseInputItem[] = [
      { role: 'user', content: [{ type: 'input_text', text: 'First question' }] },
      { id: 'rs_1', type: 'reasoning', summary: [], encrypted_content: 'gAAAA-secret' },
      {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        status: 'completed',
        content: [{ type: 'output_text', text: 'First answer', annotations: [] }],
      },
    ];
    const params = buildResponseRequest(turn({ settings: { ...settings, store: false }, history, prompt: 'Second question' }));
    expect(JSON.parse(JSON.stringify(params))).toEqual({
      model: 'gpt-5',
      instructions: 'You are Codewright.',
      input: [...history, { role: 'user', content: [{ type: 'input_text', text: 'Second question' }] }],
      reasoning: { effort: 'medium', summary: 'auto' },
      text: { verbosity: 'low' },
      store: false,
      include: ['reasoning.encrypted_content'],
      stream: true,
    });
  });

  it('sends tool outputs as custom_tool_call_output items, without a user message when there is no prompt', () => {
    const tools = [{ type: 'custom' as const, name: 'apply_patch', description: 'Edit files', format: { type: 'text' as const } }];
    const params = buildResponseRequest(
      turn({
        prompt: '',
        previousResponseId: 'resp_9',
        toolOutputs: [{ callId: 'call_1', output: 'Success. Updated the following files:\nM src/a.ts' }],
        tools,
        toolChoice: 'auto',
      }),
    );
    expect(JSON.parse(JSON.stringify(params))).toEqual({
      model: 'gpt-5',
      instructions: 'You are Codewright.',
      input: [{ type: 'custom_tool_call_output', call_id: 'call_1', output: 'Success. Updated the following files:\nM src/a.ts' }],
      reasoning: { effort: 'medium', summary: 'auto' },
      text: { verbosity: 'low' },
      store: true,
      previous_response_id: 'resp_9',
      tools,
      tool_choice: 'auto',
      stream: true,
    });
  });

  it('rejects an open file of 10 MB or more, naming the file', () => {
    const big = 'x'.repeat(MAX_INPUT_FILE_BYTES);
    expect(() => buildResponseRequest(turn({ openFiles: [{ path: 'big.log', content: big }] }))).toThrowError(/big\.log is 10\.0 MB.*under 10 MB/);
  });

  it('rejects open files that add up to more than 32 MB', () => {
    const nineMegabytes = 'y'.repeat(9 * 1024 * 1024);
    const openFiles = ['a', 'b', 'c', 'd'].map((name) => ({ path: `${name}.txt`, content: nineMegabytes }));
    let caught: unknown;
    try {
      buildResponseRequest(turn({ openFiles }));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CodewrightError);
    expect((caught as CodewrightError).kind).toBe('input-too-large');
    expect((caught as CodewrightError).message).toMatch(/more than 32 MB \(reached at d\.txt\)/);
  });

  it('refuses to mix stored chaining with a stateless history', () => {
    expect(() => buildResponseRequest(turn({ settings: { ...settings, store: false }, previousResponseId: 'resp_1' }))).toThrowError(/history/);
  });

  it('refuses a request that both chains and resends the history', () => {
    const history: ResponseInputItem[] = [{ role: 'user', content: [{ type: 'input_text', text: 'First question' }] }];
    expect(() => buildResponseRequest(turn({ previousResponseId: 'resp_1', history }))).toThrowError(/not both/);
  });

  it('resends the history of a stored conversation without previous_response_id when the server lost it', () => {
    const history: ResponseInputItem[] = [
      { role: 'user', content: [{ type: 'input_text', text: 'First question' }] },
      { role: 'assistant', content: 'First answer' },
    ];
    const params = buildResponseRequest(turn({ history, prompt: 'Second question' }));
    expect(params.store).toBe(true);
    expect(params).not.toHaveProperty('previous_response_id');
    expect(params.input).toEqual([...history, { role: 'user', content: [{ type: 'input_text', text: 'Second question' }] }]);
  });

  it('refuses an empty turn', () => {
    expect(() => buildResponseRequest(turn({ prompt: '' }))).toThrowError(/Nothing to send/);
  });
});

describe('bytesToBase64', () => {
  it('encodes every length and byte value exactly as Node does, padding included', () => {
    const bytes = Uint8Array.from({ length: 770 }, (_, index) => (index * 37 + 11) % 256);
    for (const length of [0, 1, 2, 3, 4, 5, 6, 255, 256, 257, 770]) {
      const slice = bytes.subarray(0, length);
      expect(bytesToBase64(slice)).toBe(Buffer.from(slice).toString('base64'));
    }
  });
});

describe('formatSelection', () => {
  it('uses a longer fence when the selection itself contains a code fence', () => {
    const text = 'Example:\n```js\nx()\n```';
    expect(formatSelection({ path: 'doc.md', languageId: 'markdown', startLine: 7, endLine: 7, text })).toBe(
      'Selected code from `doc.md` (markdown), line 7:\n````markdown\nExample:\n```js\nx()\n```\n````',
    );
  });
});
