// The model investigates the workspace in a real VS Code (code-server) before it edits: it searches,
// reads a file that is not open, asks the TypeScript server for a definition, and patches; every
// follow-up request carries the call's output. A secret file needs the user's consent, and a
// denial reaches the model while the file's bytes reach no request.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeReply, FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';
import { placeCursor, scaledTimeout } from '../harness/workbench';

const DISCOUNT = ['// A rate of 0.1 takes 10% off the price.', 'export function applyDiscount(price: number, rate: number): number {', '  return price * rate;', '}', ''].join('\n');
const CHECKOUT = [
  "import { applyDiscount } from './discount';",
  '',
  '// Members get 10% off: checkoutTotal(1000) must be 900.',
  'export function checkoutTotal(price: number): number {',
  '  return applyDiscount(price, 0.1);',
  '}',
  '',
].join('\n');
const FIXED = DISCOUNT.replace('price * rate;', 'price * (1 - rate);');
const PATCH = [
  '*** Begin Patch',
  '*** Update File: src/discount.ts',
  '@@',
  ' export function applyDiscount(price: number, rate: number): number {',
  '-  return price * rate;',
  '+  return price * (1 - rate);',
  ' }',
  '*** End Patch',
].join('\n');
const SECRET = 'STRIPE_KEY=sk_live_tools_e2e_never_send';

type InputItem = { type?: string; call_id?: string; output?: string };
type Body = { input: InputItem[]; previous_response_id?: string };

function functionCall(name: string, args: object, callId: string): FakeReply {
  return { output: [{ type: 'function_call', name, arguments: JSON.stringify(args), callId, chunks: 4 }], chunkDelayMs: 20 };
}

describe('the model finds what it needs in the workspace, in a real VS Code', () => {
  let env: ChatWorkbench;
  let fake: FakeResponsesServer;
  let page: Page;
  let frame: Frame;

  const onDisk = (path: string) => readFileSync(join(env.workspaceDir, path), 'utf8');
  const lastTurn = () => frame.locator('article.turn').last();
  const row = (callId: string) => lastTurn().locator(`.tool-call-row[data-call-id="${callId}"]`);
  const rowText = async (callId: string) => ((await row(callId).locator('summary').textContent()) ?? '').replace(/\s+/g, ' ').trim();

  /** The function_call_output items request `index` carries. */
  async function outputsOf(index: number): Promise<InputItem[]> {
    await until(async () => fake.requests.length > index, `request ${index}`);
    return (fake.requests[index].body as Body).input.filter((item) => item.type === 'function_call_output');
  }

  beforeAll(async () => {
    env = await openChatWorkbench({
      name: 'workspace-tools',
      files: {
        'tsconfig.json': `${JSON.stringify({ compilerOptions: { strict: true, target: 'ES2020', module: 'ES2020' }, include: ['src'] }, null, 2)}\n`,
        'src/discount.ts': DISCOUNT,
        'src/checkout.ts': CHECKOUT,
        '.env': `${SECRET}\n`,
      },
      openFile: 'src/checkout.ts',
    });
    ({ fake, page, frame } = env);
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  it('fixes a discount whose cause is in a file that is not open: search, read, definition, patch, Apply', async () => {
    // The TypeScript server is ready once it answers a hover on the call in checkout.ts.
    await placeCursor(page, 5, 12);
    await until(
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        const hover = page.locator('.monaco-hover', { hasText: 'rate: number' }).first();
        return hover.waitFor({ state: 'visible', timeout: 3_000 }).then(
          () => true,
          () => false,
        );
      },
      'the TypeScript server to answer a hover',
      180_000,
    );
    await page.keyboard.press('Escape');
    expect(await page.locator('.tabs-container .tab[aria-label*="discount.ts"]').count()).toBe(0);

    const first = fake.requests.length;
    fake.enqueue(
      functionCall('search_text', { query: 'applyDiscount', is_regex: false, include: null, max_results: null }, 'call_search'),
      functionCall('read_file', { path: 'src/discount.ts', start_line: null, end_line: null }, 'call_read'),
      functionCall('go_to_definition', { path: 'src/checkout.ts', line: 5, column: 10 }, 'call_definition'),
      {
        output: [
          { type: 'message', text: '`applyDiscount` returns the discount instead of the discounted price.' },
          { type: 'custom_tool_call', name: 'apply_patch', input: PATCH, chunks: 6, callId: 'call_patch' },
        ],
      },
      { output: [{ type: 'message', text: 'Fixed: checkoutTotal(1000) is now 900.' }] },
    );
    await sendFromPanel(frame, 'Fix the failing discount');

    expect(await outputsOf(first + 1)).toEqual([
      {
        type: 'function_call_output',
        call_id: 'call_search',
        output: [
          '3 matching lines for "applyDiscount":',
          "src/checkout.ts:1: import { applyDiscount } from './discount';",
          'src/checkout.ts-2- ',
          '--',
          'src/checkout.ts-4- export function checkoutTotal(price: number): number {',
          'src/checkout.ts:5:   return applyDiscount(price, 0.1);',
          'src/checkout.ts-6- }',
          '--',
          'src/discount.ts-1- // A rate of 0.1 takes 10% off the price.',
          'src/discount.ts:2: export function applyDiscount(price: number, rate: number): number {',
          'src/discount.ts-3-   return price * rate;',
        ].join('\n'),
      },
    ]);
    expect(await outputsOf(first + 2)).toEqual([
      {
        type: 'function_call_output',
        call_id: 'call_read',
        output: ['src/discount.ts lines 1-4 of 4:', ...DISCOUNT.split('\n').slice(0, 4).map((line, index) => `${index + 1}: ${line}`)].join('\n'),
      },
    ]);
    expect(await outputsOf(first + 3)).toEqual([
      { type: 'function_call_output', call_id: 'call_definition', output: 'src/discount.ts:2:17: export function applyDiscount(price: number, rate: number): number {' },
    ]);
    // Each round chains from the previous response: only the new output travels.
    for (const index of [first + 1, first + 2, first + 3]) expect((fake.requests[index].body as Body).previous_response_id).toMatch(/^resp_/);

    const proposal = lastTurn().locator('.proposal').last();
    await until(async () => (await proposal.getAttribute('data-status')) === 'ready', 'a ready proposal');
    expect(await rowText('call_search')).toContain('Searched applyDiscount — 3 results in 2 files');
    expect(await rowText('call_read')).toContain('Read src/discount.ts 1–4');
    expect(await rowText('call_definition')).toContain('Definition at src/checkout.ts:5 → src/discount.ts:2');
    expect(await lastTurn().locator('.tool-call[data-status="done"]').count()).toBe(3);
    // Nothing is written before the user applies.
    expect(onDisk('src/discount.ts')).toBe(DISCOUNT);

    await proposal.locator('[data-action="apply-proposal"]').click();
    await until(async () => onDisk('src/discount.ts') === FIXED, 'the fixed discount on disk');
    await until(async () => fake.requests.length > first + 4, 'the apply_patch result request');
    const patchOutput = (fake.requests[first + 4].body as Body).input.find((item) => item.type === 'custom_tool_call_output');
    expect(patchOutput?.call_id).toBe('call_patch');
    expect(patchOutput?.output).toContain('Success. Updated the following files:\nM src/discount.ts');
    await until(async () => ((await lastTurn().locator('.answer').textContent()) ?? '').includes('is now 900'), 'the final answer');
    expect(onDisk('src/checkout.ts')).toBe(CHECKOUT);
    // Leave the panel idle: a send while an answer streams is refused.
    await until(async () => (await lastTurn().getAttribute('data-status')) === 'completed', 'the turn to end');
  }, scaledTimeout(360_000));

  it('asks before the model reads .env; Deny goes back to the model and the bytes reach no request', async () => {
    const first = fake.requests.length;
    fake.enqueue(functionCall('read_file', { path: '.env', start_line: null, end_line: null }, 'call_env'), {
      output: [{ type: 'message', text: 'Understood, I will not read it.' }],
    });
    await sendFromPanel(frame, 'Which Stripe key do I use?');

    const card = row('call_env').locator('.tool-consent');
    await card.waitFor({ state: 'visible' });
    expect(((await card.locator('.tool-consent-text').textContent()) ?? '').replace(/\s+/g, ' ')).toMatch(/^The model wants to read \.env — it looks like a secret \(.+\)\.$/);
    expect((await card.locator('button').allTextContents()).map((text) => text.trim())).toEqual(['Allow once', 'Deny']);
    // Nothing went back while the card waits.
    expect(fake.requests.length).toBe(first + 1);

    await card.locator('button', { hasText: 'Deny' }).click();
    expect(await outputsOf(first + 1)).toEqual([
      { type: 'function_call_output', call_id: 'call_env', output: 'The user denied reading .env. Do not try to read it another way; answer without it or ask the user.' },
    ]);
    await until(async () => (await row('call_env').locator('.tool-call').getAttribute('data-status')) === 'denied', 'the denied row');
    expect(await row('call_env').locator('.tool-consent').count()).toBe(0);
    await until(async () => ((await lastTurn().locator('.answer').textContent()) ?? '').includes('I will not read it'), 'the answer after the denial');
    await until(async () => (await lastTurn().getAttribute('data-status')) === 'completed', 'the turn to end');

    // No request of this whole session carried the secret, plain or base64-encoded.
    const everything = fake.requests.map((request) => JSON.stringify(request.body)).join('\n');
    expect(everything).not.toContain('sk_live_tools_e2e_never_send');
    expect(everything).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 24));
  });
});
