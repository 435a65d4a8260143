// The model investigates the workspace within one turn: its function calls run together, every
// call is answered by call_id (chained or resent in full), secret files need the user's consent,
// Stop cancels, and a cap on tool rounds ends the turn with a note.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatSession } from '../../../src/common/chat/chatSession';
import type { ExtensionMessage, ToolCallView } from '../../../src/common/protocol';
import { FakeResponsesServer, type FakeReply } from '../../fake-server/fakeResponsesServer';
import { API_KEY, createHarness, waitFor } from '../chat/chatHarness';
import { NodeReadToolHost } from '../../harness/nodeReadToolHost';

const SECRET = 'STRIPE_KEY=sk_live_do_not_leak_4242';
let server: FakeResponsesServer;
let root: string;
const sessions: ChatSession[] = [];

beforeEach(async () => {
  server = await FakeResponsesServer.start({ expectedApiKey: API_KEY });
  root = mkdtempSync(path.join(tmpdir(), 'cw-tools-'));
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'src/order.ts'), 'import { applyDiscount } from "./discount";\nexport const total = applyDiscount(100, 0.1);\n');
  writeFileSync(path.join(root, 'src/discount.ts'), 'export function applyDiscount(price: number, rate: number) {\n  return price * rate;\n}\n');
  writeFileSync(path.join(root, '.env'), `${SECRET}\n`);
});

afterEach(async () => {
  for (const session of sessions.splice(0)) session.dispose();
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

function calls(...items: { name: string; args: object; id: string }[]): FakeReply {
  return { output: items.map((item) => ({ type: 'function_call' as const, name: item.name, arguments: JSON.stringify(item.args), callId: item.id, chunks: 3 })) };
}

const answer = (text: string): FakeReply => ({ output: [{ type: 'message', text }] });

function inputOf(index: number): { type?: string; call_id?: string; output?: string }[] {
  return (server.requests[index]?.body as { input: { type?: string; call_id?: string; output?: string }[] }).input;
}

function lastRows(posted: ExtensionMessage[]): Map<string, ToolCallView> {
  const rows = new Map<string, ToolCallView>();
  for (const message of posted) if (message.type === 'toolCall') rows.set(message.call.id, message.call);
  return rows;
}

describe('the tool loop', () => {
  it('runs a search and a read of one response together and continues the turn with both outputs (store on)', async () => {
    const host = new NodeReadToolHost(root);
    const harness = createHarness(server, sessions, { readTools: host });
    server.enqueue(
      calls({ name: 'search_text', args: { query: 'applyDiscount', is_regex: null, include: null, max_results: null }, id: 'call_search' }, { name: 'read_file', args: { path: 'src/discount.ts', start_line: null, end_line: null }, id: 'call_read' }),
      answer('The rate is used as the price: multiply by (1 - rate).'),
    );
    const sent = await harness.session.send('Fix the failing discount');
    const turn = await harness.ended(sent.ok ? sent.turnId : undefined);
    expect(turn.status).toBe('completed');
    expect(turn.answer).toContain('multiply by (1 - rate)');
    expect(turn.footer?.toolRounds).toBe(1);

    const first = server.requests[0]?.body as { tools: { type: string; name: string; strict?: boolean }[] };
    expect(first.tools.filter((tool) => tool.type === 'function').map((tool) => [tool.name, tool.strict])).toContainEqual(['read_file', true]);
    const outputs = inputOf(1).filter((item) => item.type === 'function_call_output');
    expect(outputs.map((item) => item.call_id)).toEqual(['call_search', 'call_read']);
    expect(outputs[0].output).toBe(
      [
        '3 matching lines for "applyDiscount":',
        'src/discount.ts:1: export function applyDiscount(price: number, rate: number) {',
        'src/discount.ts-2-   return price * rate;',
        '--',
        'src/order.ts:1: import { applyDiscount } from "./discount";',
        'src/order.ts:2: export const total = applyDiscount(100, 0.1);',
      ].join('\n'),
    );
    expect(outputs[1].output).toBe('src/discount.ts lines 1-3 of 3:\n1: export function applyDiscount(price: number, rate: number) {\n2:   return price * rate;\n3: }');
    expect((server.requests[1]?.body as { previous_response_id?: string }).previous_response_id).toBeDefined();

    const rows = lastRows(harness.posted);
    expect(rows.get('call_read')?.label).toBe('Read `src/discount.ts` 1–3');
    expect(rows.get('call_search')?.label).toBe('Searched `applyDiscount` — 3 results in 2 files');
    expect(rows.get('call_read')?.output).toBe(outputs[1].output);
    // Rows appear while the arguments stream, before the call runs.
    const firstRow = harness.posted.find((m) => m.type === 'toolCall' && m.call.id === 'call_read');
    expect(firstRow?.type === 'toolCall' && firstRow.call.status).toBe('streaming');
  });

  it('resends the calls and their outputs when nothing is stored (store off)', async () => {
    const harness = createHarness(server, sessions, { readTools: new NodeReadToolHost(root), settings: { store: false } });
    server.enqueue(calls({ name: 'list_dir', args: { path: 'src', depth: null }, id: 'call_list' }), answer('Two files.'));
    await harness.session.send('What is in src?');
    const turn = await harness.ended();
    expect(turn.status).toBe('completed');
    const input = inputOf(1);
    expect(input.filter((item) => item.type === 'function_call').map((item) => item.call_id)).toEqual(['call_list']);
    const output = input.find((item) => item.type === 'function_call_output');
    expect(output?.call_id).toBe('call_list');
    expect(output?.output).toContain('discount.ts  file 86 bytes');
  });

  it('asks before reading .env; Deny goes back to the model and the bytes are never sent', async () => {
    const harness = createHarness(server, sessions, { readTools: new NodeReadToolHost(root) });
    server.enqueue(calls({ name: 'read_file', args: { path: '.env', start_line: null, end_line: null }, id: 'call_env' }), answer('I will not use the key.'));
    await harness.session.send('Which Stripe key do we use?');
    await waitFor(() => lastRows(harness.posted).get('call_env')?.status === 'awaiting-consent');
    expect(lastRows(harness.posted).get('call_env')?.consent?.path).toBe('.env');
    expect(harness.session.answerToolConsent('call_env', false)).toBe(true);
    const turn = await harness.ended();
    expect(turn.status).toBe('completed');
    const output = inputOf(1).find((item) => item.type === 'function_call_output');
    expect(output?.output).toContain('The user denied reading .env');
    expect(lastRows(harness.posted).get('call_env')?.label).toBe('Read `.env` — denied');
    for (const request of server.requests) expect(request.rawBody).not.toContain('sk_live_do_not_leak');
  });

  it('reads .env once after Allow once', async () => {
    const harness = createHarness(server, sessions, { readTools: new NodeReadToolHost(root) });
    server.enqueue(calls({ name: 'read_file', args: { path: '.env', start_line: null, end_line: null }, id: 'call_env' }), answer('Found it.'));
    await harness.session.send('Which Stripe key do we use?');
    await waitFor(() => lastRows(harness.posted).get('call_env')?.status === 'awaiting-consent');
    harness.session.answerToolConsent('call_env', true);
    await harness.ended();
    expect(inputOf(1).find((item) => item.type === 'function_call_output')?.output).toContain(SECRET);
  });

  it('refuses paths outside the workspace without asking anyone', async () => {
    const harness = createHarness(server, sessions, { readTools: new NodeReadToolHost(root) });
    server.enqueue(calls({ name: 'read_file', args: { path: '../../etc/passwd', start_line: null, end_line: null }, id: 'call_out' }, { name: 'read_file', args: { path: '/etc/passwd', start_line: null, end_line: null }, id: 'call_abs' }), answer('Cannot.'));
    await harness.session.send('Read the passwords');
    await harness.ended();
    const outputs = inputOf(1).filter((item) => item.type === 'function_call_output');
    expect(outputs[0].output).toContain("leads outside the workspace folder");
    expect(outputs[1].output).toContain('it is an absolute path');
    expect(server.requests[1]?.rawBody).not.toContain('root:x:0');
  });

  it('stops at codewright.maxToolRounds and says so; the next message answers the calls that did not run', async () => {
    const harness = createHarness(server, sessions, { readTools: new NodeReadToolHost(root), settings: { maxToolRounds: 2 } });
    const read = (id: string) => calls({ name: 'read_file', args: { path: 'src/order.ts', start_line: 1, end_line: 1 }, id });
    server.enqueue(read('call_1'), read('call_2'), read('call_3'));
    await harness.session.send('Keep reading');
    const turn = await harness.ended();
    expect(server.requests).toHaveLength(3);
    expect(turn.status).toBe('completed');
    expect(turn.notes?.join(' ')).toContain('Stopped after 2 rounds of tool calls (codewright.maxToolRounds)');
    expect(turn.footer?.toolRounds).toBe(2);
    expect(lastRows(harness.posted).get('call_3')?.label).toContain('not run (tool-round limit)');

    server.enqueue(answer('Done.'));
    await harness.session.send('Go on');
    const next = await harness.ended();
    expect(next.status).toBe('completed');
    const carried = inputOf(3).find((item) => item.type === 'function_call_output');
    expect(carried?.call_id).toBe('call_3');
    expect(carried?.output).toContain('Not run');
  });

  it('Stop while a call waits for consent ends the turn; the next message continues without it', async () => {
    const harness = createHarness(server, sessions, { readTools: new NodeReadToolHost(root) });
    server.enqueue(calls({ name: 'read_file', args: { path: '.env', start_line: null, end_line: null }, id: 'call_env' }));
    await harness.session.send('Read the env');
    await waitFor(() => lastRows(harness.posted).get('call_env')?.status === 'awaiting-consent');
    harness.session.stop();
    const turn = await harness.ended();
    expect(turn.status).toBe('stopped');
    expect(server.requests).toHaveLength(1);
    server.enqueue(answer('Ok.'));
    await harness.session.send('Never mind');
    expect((await harness.ended()).status).toBe('completed');
    // The stopped turn is not part of the conversation the next request continues.
    expect(inputOf(1).some((item) => item.type === 'function_call_output')).toBe(false);
    expect(lastRows(harness.posted).get('call_env')?.status).toBe('cancelled');
    expect(server.requests[1]?.rawBody).not.toContain('sk_live_do_not_leak');
  });
});

describe('a chat saved while a tool call waited', () => {
  it('comes back with the row marked interrupted, without consent buttons', async () => {
    const first = createHarness(server, sessions, { readTools: new NodeReadToolHost(root) });
    server.enqueue(answer('Hello.'));
    await first.session.send('Hi');
    await first.ended();
    // As saved by a window that closed while the model waited for consent.
    for (const value of first.store.data.values()) {
      const turns = (value as { turns?: { view: { toolCalls?: ToolCallView[] } }[] }).turns;
      if (turns?.[0]) turns[0].view.toolCalls = [{ id: 'call_env', name: 'read_file', label: 'Read `.env`', status: 'awaiting-consent', consent: { path: '.env', reason: 'it looks like a secret' } }];
    }
    const reopened = createHarness(server, sessions, { readTools: new NodeReadToolHost(root), store: first.store });
    const row = reopened.session.snapshot(true, false).turns[0]?.toolCalls?.[0];
    expect(row).toEqual({ id: 'call_env', name: 'read_file', label: 'Read `.env` — interrupted', status: 'cancelled' });
  });
});
