// What @-mentions become on the wire, through the real SDK against the fake Responses server: a
// mentioned file goes as an input_file like an open editor's file, @problems as an input_text with
// the diagnostics, both before the prompt; Retry resends them unchanged.
import { describe, expect, it } from 'vitest';
import { applyContextBudget } from '../../../src/common/chat/contextBudget';
import type { ChatContext } from '../../../src/common/chat/chatSession';
import { problemsText } from '../../../src/common/mentions/mentionContext';
import { httpErrorReply } from '../../fake-server/fakeResponsesServer';
import { useChatServer } from './chatHarness';

const chat = useChatServer();

const MENTIONED = 'export const rate = 0.15;\n';
const problems = problemsText([{ path: 'src/cart.ts', line: 7, column: 3, severity: 'error', message: "Cannot find name 'rate'.", code: '2304', source: 'ts' }]);

/** The context the editor tracker builds after "@src/pricing/rate.ts" and "@problems". */
function mentionedContext(): ChatContext {
  const budget = applyContextBudget([
    { path: 'src/pricing/rate.ts', content: MENTIONED },
    { path: '@problems', content: problems.text, sendAs: 'text' },
  ]);
  return {
    files: budget.included,
    chips: [
      { id: 'file:file:///w/src/pricing/rate.ts', kind: 'file', label: 'src/pricing/rate.ts', detail: '26 B' },
      { id: 'mention:problems', kind: 'problems', label: '@problems', detail: problems.summary },
    ],
  };
}

interface Part {
  type?: string;
  filename?: string;
  file_data?: string;
  text?: string;
}

function userParts(body: unknown): Part[] {
  const input = (body as { input?: { role?: string; content?: Part[] }[] }).input ?? [];
  return input.filter((item) => item.role === 'user').flatMap((item) => item.content ?? []);
}

describe('@-mentions in the request', () => {
  it('sends a mentioned file as input_file and @problems as input_text, before the prompt', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'rate is not imported.' }] });
    const h = chat.harness();
    const before = chat.server().requests.length;
    await h.session.send('Why does @src/pricing/rate.ts not reach the cart? @problems', undefined, mentionedContext());
    const turn = await h.ended();
    expect(turn.status).toBe('completed');
    expect(turn.contextLabels).toEqual(['src/pricing/rate.ts', '@problems']);
    const parts = userParts(chat.server().requests[before]?.body);
    expect(parts.map((part) => part.type)).toEqual(['input_file', 'input_text', 'input_text']);
    expect(parts[0]?.filename).toBe('src/pricing/rate.ts');
    expect(parts[0]?.file_data).toBe(`data:text/plain;base64,${Buffer.from(MENTIONED).toString('base64')}`);
    expect(parts[1]?.text).toBe(problems.text);
    expect(parts[1]?.text).toContain("src/cart.ts:7:3 error ts 2304: Cannot find name 'rate'.");
    expect(parts[2]?.text).toBe('Why does @src/pricing/rate.ts not reach the cart? @problems');
  });

  it('resends the mentioned file and problems when a failed turn is retried', async () => {
    chat.server().enqueue(httpErrorReply(500), { output: [{ type: 'message', text: 'Fixed.' }] });
    const h = chat.harness();
    const sent = await h.session.send('Fix @problems', undefined, mentionedContext());
    expect((await h.ended()).status).toBe('failed');
    const before = chat.server().requests.length;
    h.session.retry(sent.ok ? sent.turnId : '');
    await h.ended();
    const parts = userParts(chat.server().requests[before]?.body);
    expect(parts.filter((part) => part.type === 'input_file').map((part) => part.filename)).toEqual(['src/pricing/rate.ts']);
    expect(parts.some((part) => part.text === problems.text)).toBe(true);
  });
});
