// Demo mode's scripted conversation answers from what the extension actually sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyUpdateChunks, parsePatch } from '../../../src/common/patch';
import { buildResponseRequest, createResponsesClient, runResponse, type TurnRequest } from '../../../src/common/responses';
import { createDemoResponder } from '../../fake-server/demoResponder';
import { FakeResponsesServer } from '../../fake-server/fakeResponsesServer';
import { testRequestSettings } from '../../harness/requestSettings';

let server: FakeResponsesServer;

beforeAll(async () => {
  server = await FakeResponsesServer.start({ defaultResponder: createDemoResponder({ chunkDelayMs: 0 }) });
});

afterAll(async () => {
  await server.close();
});

const selectionText = 'export function add(a: number, b: number) {\n  return a + b;\n}';
const mathFile = `// math\n\n\n\n${selectionText}\n`;

function turn(prompt: string, overrides: Partial<TurnRequest> = {}): TurnRequest {
  return {
    instructions: 'You are Codewright.',
    prompt,
    selection: { path: 'src/math.ts', languageId: 'typescript', startLine: 5, endLine: 7, text: selectionText },
    openFiles: [
      { path: 'src/math.ts', content: mathFile },
      { path: 'src/index.ts', content: "export * from './math';\n" },
    ],
    settings: testRequestSettings({ verbosity: 'low' }),
    ...overrides,
  };
}

async function ask(request: TurnRequest) {
  const client = createResponsesClient({ apiKey: 'any-demo-key', baseURL: server.baseURL, maxRetries: 0 });
  let textDeltas = 0;
  const outcome = await runResponse(client, buildResponseRequest(request), {
    idleTimeoutMs: 5_000,
    onEvent: (event) => {
      if (event.type === 'text-delta') textDeltas += 1;
    },
  });
  return { outcome, textDeltas };
}

describe('demo responder', () => {
  it('describes the selection, its line range and the open files it received, in many chunks', async () => {
    const { outcome, textDeltas } = await ask(turn('Explain this code.'));
    expect(outcome.status).toBe('completed');
    expect(outcome.text).toContain('Demo mode');
    expect(outcome.text).toContain('`src/math.ts` (typescript), lines 5–7 (3 lines)');
    expect(outcome.text).toContain('2 open files: `src/math.ts`, `src/index.ts`');
    expect(outcome.text).toContain('export function add(a: number, b: number) {');
    expect(outcome.reasoning).toContain('demo server');
    expect(textDeltas).toBeGreaterThan(20);
  });

  it('answers a change request with an apply_patch call that adds a comment above the selection', async () => {
    const tools = [{ type: 'custom' as const, name: 'apply_patch', description: 'Edit files with a patch.' }];
    const { outcome } = await ask(turn('Fix the add function.', { tools }));
    expect(outcome.toolCalls).toHaveLength(1);
    const call = outcome.toolCalls[0]!;
    expect(call.name).toBe('apply_patch');
    expect(call.input).toBe(
      [
        '*** Begin Patch',
        '*** Update File: src/math.ts',
        '@@',
        '+// Reviewed by Codewright (demo): lines 5-7.',
        ' export function add(a: number, b: number) {',
        '   return a + b;',
        ' }',
        '*** End Patch',
        '',
      ].join('\n'),
    );
  });

  it('proposes a patch the patch engine applies to the file it was sent', async () => {
    const tools = [{ type: 'custom' as const, name: 'apply_patch', description: 'Edit files with a patch.' }];
    const { outcome } = await ask(turn('Please update this.', { tools }));
    const parsed = parsePatch(outcome.toolCalls[0]!.input);
    if (!parsed.ok) throw new Error(parsed.message);
    const hunk = parsed.patch.hunks[0]!;
    if (hunk.type !== 'update') throw new Error(`expected an update hunk, got ${hunk.type}`);
    const patched = applyUpdateChunks(mathFile, hunk.chunks, hunk.path);
    expect(patched).toBe(`// math\n\n\n\n// Reviewed by Codewright (demo): lines 5-7.\n${selectionText}\n`);
  });

  it('acknowledges the tool result on the follow-up turn', async () => {
    const tools = [{ type: 'custom' as const, name: 'apply_patch', description: 'Edit files with a patch.' }];
    const first = await ask(turn('Change the add function.', { tools }));
    const followUp = await ask(
      turn('', {
        selection: undefined,
        openFiles: [],
        tools,
        previousResponseId: first.outcome.responseId,
        toolOutputs: [{ callId: first.outcome.toolCalls[0]!.callId, output: 'Success. Updated the following files:\nM src/math.ts' }],
      }),
    );
    expect(followUp.outcome.status).toBe('completed');
    expect(followUp.outcome.text).toContain('M src/math.ts');
  });
});
