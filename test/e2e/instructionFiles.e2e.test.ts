// The project's instruction files in a real VS Code: AGENTS.md and a matching .instructions.md show
// as chips in the panel and go in the request's instructions — byte-identical from turn to turn (the
// prompt cache keeps hitting); a removed chip leaves its file out of one request only.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';

const ROOT_RULE = 'Root rule: run npm test before answering.';
const TS_RULE = 'TypeScript rule: never use any.';

describe('instruction files the project already has', () => {
  let env: ChatWorkbench;

  beforeAll(async () => {
    env = await openChatWorkbench({
      name: 'instruction-files',
      files: {
        'AGENTS.md': `${ROOT_RULE}\n`,
        '.github/instructions/ts.instructions.md': `---\napplyTo: '**/*.ts'\n---\n${TS_RULE}\n`,
        '.github/instructions/py.instructions.md': "---\napplyTo: '**/*.py'\n---\nPython rule.\n",
        'src/app.ts': 'export const answer = 42;\n',
      },
      openFile: 'src/app.ts',
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  const instructionLabels = () => env.frame.locator('.chip-instructions .chip-label').allTextContents();

  async function instructionsOf(index: number): Promise<string> {
    await until(async () => env.fake.requests.length > index, 'the request');
    return (env.fake.requests[index]?.body as { instructions: string }).instructions;
  }

  async function ask(prompt: string): Promise<string> {
    env.fake.enqueue({ output: [{ type: 'message', text: `Answer to ${prompt}` }] });
    const before = env.fake.requests.length;
    await sendFromPanel(env.frame, prompt);
    const instructions = await instructionsOf(before);
    await until(async () => (await env.frame.locator('article.turn').last().getAttribute('data-status')) === 'completed', `the answer to ${prompt}`);
    return instructions;
  }

  it('shows AGENTS.md and the matching instruction file as chips and sends them the same way twice', async () => {
    await until(async () => (await instructionLabels()).length === 2, 'the instruction chips');
    expect(await instructionLabels()).toEqual(['AGENTS.md', '.github/instructions/ts.instructions.md']);
    const first = await ask('First question');
    expect(first).toContain(ROOT_RULE);
    expect(first).toContain(TS_RULE);
    expect(first).not.toContain('Python rule');
    expect(await ask('Second question')).toBe(first);
  });

  it('leaves out a file whose chip was removed, for the next request only', async () => {
    const chip = env.frame.locator('.chip-instructions').filter({ has: env.frame.locator('.chip-label', { hasText: /^AGENTS\.md$/ }) });
    await chip.locator('button[data-action="remove-chip"]').click();
    await until(async () => !(await instructionLabels()).includes('AGENTS.md'), 'the AGENTS.md chip to go');
    const without = await ask('Without the root rules');
    expect(without).not.toContain(ROOT_RULE);
    expect(without).toContain(TS_RULE);
    await until(async () => (await instructionLabels()).includes('AGENTS.md'), 'the AGENTS.md chip to come back');
    expect(await ask('With them again')).toContain(ROOT_RULE);
  });
});
