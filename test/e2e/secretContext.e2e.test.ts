// A file that looks secret, open in an editor, in a real VS Code: the panel shows its chip as not
// sent, no request carries its bytes, and one click on the chip sends it with the next prompt.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';

const SECRET = 'STRIPE_KEY=sk_live_e2e_do_not_send';

describe('secret-looking files as context', () => {
  let env: ChatWorkbench;

  beforeAll(async () => {
    env = await openChatWorkbench({
      name: 'secret-context',
      files: { '.env': `${SECRET}\n`, 'src/app.ts': 'export const answer = 42;\n' },
      openFile: '.env',
    });
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  function envChip() {
    return env.frame.locator('.chip').filter({ has: env.frame.locator('.chip-label', { hasText: /^\.env$/ }) });
  }

  /** Everything request `index` carries, with attached files decoded (they travel as base64 data URLs). */
  async function requestText(index: number): Promise<string> {
    await until(async () => env.fake.requests.length > index, 'the request');
    const raw = JSON.stringify(env.fake.requests[index]?.body);
    const decoded = [...raw.matchAll(/data:[^;"]+;base64,([A-Za-z0-9+/=]+)/g)].map((match) => Buffer.from(match[1] ?? '', 'base64').toString('utf8'));
    return [raw, ...decoded].join('\n');
  }

  it('shows the visible .env as not sent and sends a prompt without its bytes', async () => {
    await until(async () => (await envChip().getAttribute('class'))?.includes('chip-held'), 'the held-back .env chip');
    expect(await envChip().locator('.chip-detail').textContent()).toBe('not sent — looks secret');
    expect(await envChip().getAttribute('title')).toContain('environment file');
    env.fake.enqueue({ output: [{ type: 'message', text: 'I cannot see any configuration.' }] });
    const before = env.fake.requests.length;
    await sendFromPanel(env.frame, 'What is in my config?');
    const request = await requestText(before);
    expect(request).toContain('What is in my config?');
    expect(request).not.toContain('.env');
    expect(request).not.toContain('sk_live_e2e_do_not_send');
    // Leave the panel idle: a send while an answer streams is refused.
    await until(async () => (await env.frame.locator('article.turn').last().getAttribute('data-status')) === 'completed', 'the answer');
  });

  it('sends the .env with the next prompt once the user clicks its chip', async () => {
    await envChip().locator('button[data-action="add-chip"]').click();
    await until(async () => (await envChip().locator('button[data-action="remove-chip"]').count()) === 1, 'the .env chip to be sent');
    expect(await envChip().getAttribute('class')).not.toContain('chip-held');
    env.fake.enqueue({ output: [{ type: 'message', text: 'It holds a Stripe key.' }] });
    const before = env.fake.requests.length;
    await sendFromPanel(env.frame, 'And now?');
    const request = await requestText(before);
    expect(request).toContain('"filename":".env"');
    expect(request).toContain('sk_live_e2e_do_not_send');
    // Leave the panel idle: a send while an answer streams is refused.
    await until(async () => (await env.frame.locator('article.turn').last().getAttribute('data-status')) === 'completed', 'the answer');
  });
});
