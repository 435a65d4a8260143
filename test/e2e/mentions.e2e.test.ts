// @-mentions in the real panel of a real VS Code: typing `@` and a few letters lists a workspace
// file that is not open, Enter makes it a chip with focus still in the prompt box, and the next
// request carries the file as an input_file; a mentioned .env is held back like an open one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openChatWorkbench, until, type ChatWorkbench } from '../harness/chatWorkbench';

const RATE_FILE = 'export const discountRate = 0.15;\n';
const SECRET = 'PAYMENT_TOKEN=e2e_mention_do_not_send';

describe('@-mentions in the prompt box', () => {
  let env: ChatWorkbench;

  beforeAll(async () => {
    env = await openChatWorkbench({
      name: 'mentions',
      files: { 'src/app.ts': 'export const answer = 42;\n', 'src/pricing/discountRate.ts': RATE_FILE, '.env': `${SECRET}\n` },
      openFile: 'src/app.ts',
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  function chip(label: string) {
    return env.frame.locator('.chip').filter({ has: env.frame.locator('.chip-label', { hasText: label }) });
  }

  async function requestBody(index: number): Promise<{ raw: string; files: Record<string, string> }> {
    await until(async () => env.fake.requests.length > index, 'the request');
    const body = env.fake.requests[index]?.body as { input?: { content?: { type?: string; filename?: string; file_data?: string }[] }[] };
    const files: Record<string, string> = {};
    for (const part of (body.input ?? []).flatMap((item) => item.content ?? [])) {
      if (part.type === 'input_file' && part.filename && part.file_data) files[part.filename] = Buffer.from(part.file_data.split(',')[1] ?? '', 'base64').toString('utf8');
    }
    return { raw: JSON.stringify(body), files };
  }

  async function mention(typed: string, expectedFirst: string): Promise<void> {
    const input = env.frame.locator('.prompt-input');
    await input.click();
    await input.pressSequentially(typed);
    await until(async () => (await env.frame.locator('[role="option"]').first().getAttribute('title')) === expectedFirst, `${expectedFirst} first in the list`);
    expect(await input.getAttribute('aria-activedescendant')).toBe(await env.frame.locator('[role="option"]').first().getAttribute('id'));
    await input.press('Enter');
  }

  it('lists a closed workspace file for a few typed letters, makes it a chip, and sends it as an input_file', async () => {
    await mention('Why is this rate wrong? @dscrate', 'src/pricing/discountRate.ts');
    await until(async () => (await chip('src/pricing/discountRate.ts').count()) === 1, 'the mentioned file chip');
    const input = env.frame.locator('.prompt-input');
    expect(await input.inputValue()).toBe('Why is this rate wrong? @src/pricing/discountRate.ts ');
    expect(await env.frame.evaluate(() => document.activeElement?.classList.contains('prompt-input'))).toBe(true);
    env.fake.enqueue({ output: [{ type: 'message', text: 'It is 15%.' }] });
    const before = env.fake.requests.length;
    await input.press('Enter');
    const request = await requestBody(before);
    expect(request.files['src/pricing/discountRate.ts']).toBe(RATE_FILE);
    // Sent with that prompt only: the chip is gone afterwards.
    await until(async () => (await chip('src/pricing/discountRate.ts').count()) === 0, 'the mention chip to clear after sending');
    // Leave the panel idle: a send while an answer streams is refused.
    await until(async () => (await env.frame.locator('article.turn').last().getAttribute('data-status')) === 'completed', 'the answer');
  });

  it('holds back a mentioned .env with a chip that says why, and sends no byte of it', async () => {
    await mention('@.env', '.env');
    await until(async () => (await chip('.env').locator('.chip-detail').textContent()) === 'not sent — looks secret', 'the held-back .env chip');
    env.fake.enqueue({ output: [{ type: 'message', text: 'No configuration is attached.' }] });
    const before = env.fake.requests.length;
    await env.frame.locator('.prompt-input').press('Enter');
    const request = await requestBody(before);
    expect(request.raw).toContain('@.env');
    expect(Object.keys(request.files)).not.toContain('.env');
    expect(JSON.stringify(request.files)).not.toContain('e2e_mention_do_not_send');
    expect(request.raw).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 24));
    await until(async () => (await env.frame.locator('article.turn').last().getAttribute('data-status')) === 'completed', 'the answer');
  });
});
