// The project's instruction files travel in `instructions`, after Codewright's own: the same bytes in
// every request of a turn (tool rounds included) and in the next turn while the files did not change,
// so the prompt cache keeps hitting.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODEWRIGHT_INSTRUCTIONS } from '../../../src/common/chat/instructions';
import { composeInstructions } from '../../../src/common/instructions/instructionBlock';
import { ALL_INSTRUCTIONS_ON, InstructionFinder } from '../../../src/common/instructions/instructionSources';
import { httpErrorReply } from '../../fake-server/replies';
import { NodeReadToolHost } from '../../harness/nodeReadToolHost';
import { MemoryInstructionFs } from '../../unit/instructions/memoryInstructionFs';
import { baseContext, useChatServer } from './chatHarness';

const chat = useChatServer();
let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cw-instructions-'));
  writeFileSync(path.join(root, 'notes.md'), 'hello\n');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const fs = new MemoryInstructionFs({ 'AGENTS.md': 'Run npm test before you answer.', '.github/instructions/ts.instructions.md': "---\napplyTo: '**/*.ts'\n---\nNever use any." });

async function projectBlock(): Promise<string> {
  return composeInstructions(await new InstructionFinder(fs).find([''], ['src/math.ts'], ALL_INSTRUCTIONS_ON)).block;
}

function instructionsOf(index: number): string {
  return (chat.server().requests[index]?.body as { instructions: string }).instructions;
}

describe('project instructions in requests', () => {
  it('sends the same instructions in every request of a turn and of the next turn, and none once the files are gone', async () => {
    const harness = chat.harness({ readTools: new NodeReadToolHost(root) });
    const server = chat.server();
    server.enqueue(
      { output: [{ type: 'function_call', name: 'read_file', arguments: JSON.stringify({ path: 'notes.md', start_line: null, end_line: null }), callId: 'call_read', chunks: 2 }] },
      { output: [{ type: 'message', text: 'Read it.' }] },
      { output: [{ type: 'message', text: 'Again.' }] },
      { output: [{ type: 'message', text: 'Without.' }] },
    );
    const block = await projectBlock();
    const first = await harness.session.send('Look at notes', 'Look at notes', { ...baseContext, projectInstructions: block });
    await harness.ended(first.ok ? first.turnId : undefined);
    const second = await harness.session.send('And now?', 'And now?', { ...baseContext, projectInstructions: await projectBlock() });
    await harness.ended(second.ok ? second.turnId : undefined);
    const third = await harness.session.send('Plain', 'Plain', { ...baseContext });
    await harness.ended(third.ok ? third.turnId : undefined);

    expect(server.requests).toHaveLength(4);
    expect(instructionsOf(0).startsWith(`${CODEWRIGHT_INSTRUCTIONS}\n\n`)).toBe(true);
    expect(instructionsOf(0)).toContain('<project_instructions source="AGENTS.md">\nRun npm test before you answer.\n</project_instructions>');
    expect(instructionsOf(0)).toContain('Never use any.');
    // The tool round of the first turn and the second turn: byte-identical.
    expect(instructionsOf(1)).toBe(instructionsOf(0));
    expect(instructionsOf(2)).toBe(instructionsOf(0));
    expect(instructionsOf(3)).toBe(CODEWRIGHT_INSTRUCTIONS);
  });

  it('a Retry sends the instructions the turn went out with', async () => {
    const harness = chat.harness();
    const server = chat.server();
    server.enqueue(httpErrorReply(400), { output: [{ type: 'message', text: 'ok' }] });
    const sent = await harness.session.send('Hi', 'Hi', { ...baseContext, projectInstructions: await projectBlock() });
    const failed = await harness.ended(sent.ok ? sent.turnId : undefined);
    expect(failed.status).toBe('failed');
    expect(harness.session.retry(failed.id).ok).toBe(true);
    await harness.ended(failed.id);
    expect(instructionsOf(1)).toBe(instructionsOf(0));
    expect(instructionsOf(1)).toContain('Run npm test before you answer.');
  });
});
