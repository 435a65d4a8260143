// What goes to the model besides text, and what a turn may spend, in a real VS Code (code-server):
// an image pasted or dropped into the prompt box becomes a chip with a thumbnail and reaches the
// API as an `input_image` data URL with the detail setting; a type the API does not take is
// explained and never sent; and a turn whose tool rounds pass codewright.maxCostPerTurn stops
// starting rounds and says so with the figure. One code-server for all of it.
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeReply, FakeResponsesServer } from '../fake-server/fakeResponsesServer';
import { openChatWorkbench, sendFromPanel, until, type ChatWorkbench } from '../harness/chatWorkbench';
import { scaledTimeout } from '../harness/workbench';

/** A valid 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
/** A valid 1×1 GIF. */
const GIF = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
/** gpt-5's list prices: $1.25 per million input tokens, $10 per million output tokens. */
const ROUND_USAGE = { inputTokens: 20_000, outputTokens: 500 };
const ROUND_COST = (20_000 * 1.25 + 500 * 10) / 1_000_000; // $0.03
const COST_CAP = 0.05;

type ContentPart = { type: string; text?: string; image_url?: string; detail?: string };
type InputItem = { type?: string; role?: string; content?: ContentPart[] | string };
type Body = { input: InputItem[] };

function answer(text: string): FakeReply {
  return { output: [{ type: 'message', text }], usage: { inputTokens: 300, outputTokens: 20 } };
}

/** Every input_image part of request `index`. */
function imagesOf(fake: FakeResponsesServer, index: number): ContentPart[] {
  const input = (fake.requests[index].body as Body).input;
  return input.flatMap((item) => (Array.isArray(item.content) ? item.content : [])).filter((part) => part.type === 'input_image');
}

/**
 * Hands `base64` as a file named `name` of type `type` to the prompt box the way Chromium delivers a
 * clipboard paste, or a drop from a file manager onto the composer.
 */
async function giveFile(frame: Frame, how: 'paste' | 'drop', name: string, type: string, base64: string): Promise<void> {
  await frame.evaluate(
    ([kind, fileName, fileType, data]) => {
      const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], fileName, { type: fileType }));
      if (kind === 'paste') {
        document.querySelector('.prompt-input')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      } else {
        // Only the drop: a dragover inside a webview makes the workbench cover the webviews until the drag ends.
        document.querySelector('.prompt-input')?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    },
    [how, name, type, base64] as const,
  );
}

describe('images and the cost cap in a real VS Code', () => {
  let env: ChatWorkbench;
  let fake: FakeResponsesServer;
  let frame: Frame;

  const lastTurn = () => frame.locator('article.turn').last();
  const imageChips = () => frame.locator('.chip-image');

  /** Waits until the last turn has ended (no spinner, a final status). */
  async function lastTurnEnded(): Promise<void> {
    await lastTurn().locator('.status-generating').waitFor({ state: 'detached', timeout: scaledTimeout(60_000) });
    await until(async () => !(await frame.locator('#codewright-app').evaluate((app) => app.classList.contains('is-generating'))), 'the panel to stop generating');
  }

  beforeAll(async () => {
    env = await openChatWorkbench({
      name: 'model-inputs',
      files: { 'src/app.ts': 'export const answer = 42;\n' },
      userSettings: { 'codewright.imageDetail': 'high', 'codewright.maxCostPerTurn': COST_CAP, 'codewright.model': 'gpt-5' },
    });
    ({ fake, frame } = env);
  });

  afterAll(async () => {
    await env?.close();
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(() => env?.screenshot(task.name));
  });

  it('shows a pasted image as a chip with its thumbnail and sends it as an input_image data URL with the detail setting', async () => {
    await giveFile(frame, 'paste', 'screenshot.png', 'image/png', PNG);
    const chip = imageChips().filter({ hasText: 'screenshot.png' });
    await chip.waitFor();
    // The thumbnail is the image itself, decoded (1×1), not a placeholder.
    await until(() => chip.locator('img.chip-thumb').evaluate((img) => (img as HTMLImageElement).naturalWidth === 1), 'the thumbnail to decode');
    expect(((await chip.locator('.chip-detail').textContent()) ?? '').trim()).toMatch(/·\s*1×1$/);

    const before = fake.requests.length;
    fake.enqueue(answer('A single transparent pixel.'));
    await sendFromPanel(frame, 'What is in this screenshot?');
    await lastTurnEnded();
    expect(fake.requests).toHaveLength(before + 1);
    expect(imagesOf(fake, before)).toEqual([{ type: 'input_image', image_url: `data:image/png;base64,${PNG}`, detail: 'high' }]);
    // The image went with that prompt only: the chip is gone and the next request carries no image.
    expect(await imageChips().count()).toBe(0);
  });

  it('attaches an image dropped onto the prompt box, and the next prompt goes without it', async () => {
    await giveFile(frame, 'drop', 'diagram.gif', 'image/gif', GIF);
    await imageChips().filter({ hasText: 'diagram.gif' }).waitFor();
    const before = fake.requests.length;
    fake.enqueue(answer('A diagram.'), answer('No image this time.'));
    await sendFromPanel(frame, 'Describe the diagram.');
    await lastTurnEnded();
    expect(imagesOf(fake, before)).toEqual([{ type: 'input_image', image_url: `data:image/gif;base64,${GIF}`, detail: 'high' }]);
    await sendFromPanel(frame, 'And now?');
    await lastTurnEnded();
    expect(imagesOf(fake, before + 1)).toEqual([]);
  });

  it('explains why an SVG is not attached, and sends nothing of it', async () => {
    await giveFile(frame, 'paste', 'logo.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'));
    const note = frame.locator('.composer-note');
    await until(async () => ((await note.textContent()) ?? '').includes('logo.svg'), 'the note about logo.svg');
    expect(((await note.textContent()) ?? '').trim()).toBe(
      "logo.svg can't be sent: image/svg+xml is not an image type the API accepts (PNG, JPEG, WEBP or non-animated GIF).",
    );
    expect(await imageChips().count()).toBe(0);
    const before = fake.requests.length;
    fake.enqueue(answer('Nothing attached.'));
    await sendFromPanel(frame, 'Anything attached?');
    await lastTurnEnded();
    expect(imagesOf(fake, before)).toEqual([]);
    expect(fake.requests[before].rawBody).not.toContain('svg');
  });

  it('stops starting tool rounds once the turn has cost more than codewright.maxCostPerTurn, and says so with the figure', async () => {
    const before = fake.requests.length;
    const search = (callId: string): FakeReply => ({
      output: [{ type: 'function_call', name: 'search_text', arguments: JSON.stringify({ query: 'answer', is_regex: false, include: null, max_results: null }), callId }],
      usage: ROUND_USAGE,
    });
    // Two rounds are scripted; a third request would find no reply and fail the turn with a 500.
    fake.enqueue(search('call_round_1'), search('call_round_2'));
    await sendFromPanel(frame, 'Where is the answer defined?');
    const note = lastTurn().locator('.turn-note', { hasText: 'maxCostPerTurn' });
    await note.waitFor({ timeout: scaledTimeout(60_000) });
    await lastTurnEnded();

    // Round 1 ($0.03) stayed under the $0.05 cap, so its results went back; round 2 took the turn to $0.06.
    expect(fake.requests).toHaveLength(before + 2);
    const spent = (ROUND_COST * 2).toFixed(4);
    expect(((await note.textContent()) ?? '').replace(/\s+/g, ' ').trim()).toBe(
      `This turn has cost about $${spent}, which reached codewright.maxCostPerTurn ($${COST_CAP}), so no further tool round was started. Send a message to go on; the tool results go with it.`,
    );
  });
});
