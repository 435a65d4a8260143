// Images in the prompt box, in headless Chromium under the real CSP: paste or pick an image →
// a chip with a thumbnail that goes with the next prompt only; anything the API does not accept
// is explained and nothing is sent. The estimate near the chips follows chips, images and model.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ChatSnapshot, ModelControls, WebviewMessage } from '../../src/common/protocol';
import { useWebviewPages } from '../harness/webviewPageSetup';
import { openPanel, panelSnapshot, postedByPanel, postToPanel } from './panelFixtures';

/** A valid 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const panel = useWebviewPages();

const gpt5: ModelControls = {
  model: 'gpt-5', reasoningEffort: 'medium', verbosity: 'medium', modelSuggestions: ['gpt-5', 'gpt-5-mini'],
  efforts: ['minimal', 'low', 'medium', 'high'], verbosities: ['low', 'medium', 'high'], inputPricePerMillion: 1.25, imageDetail: 'high',
};

function snapshot(): ChatSnapshot {
  return panelSnapshot({ chips: [{ id: 'file:src/a.ts', kind: 'file', label: 'src/a.ts', detail: '40 KB', bytes: 40_000 }], controls: gpt5 });
}

async function openApp(): Promise<Page> {
  return openPanel(panel, { type: 'snapshot', snapshot: snapshot() });
}

const send = postToPanel;

const posted = postedByPanel;

/** Pastes a file into the prompt box the way the clipboard delivers it. */
async function pasteFile(page: Page, name: string, type: string, base64: string): Promise<void> {
  await page.evaluate(
    ([fileName, fileType, data]) => {
      const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], fileName, { type: fileType }));
      const input = document.querySelector('.prompt-input');
      input?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    [name, type, base64] as const,
  );
}

async function sendPrompt(page: Page, text: string): Promise<WebviewMessage | undefined> {
  await page.locator('.prompt-input').fill(text);
  await page.locator('.prompt-input').press('Enter');
  const all = await posted(page);
  return all.filter((message) => message.type === 'send').pop();
}

describe('images in the prompt box', () => {
  it('shows a pasted PNG as a chip with its thumbnail and sends it with the next prompt', async () => {
    const page = await openApp();
    await pasteFile(page, 'shot.png', 'image/png', PNG);
    const chip = page.locator('.chip-image');
    await chip.waitFor();
    expect(await chip.locator('.chip-label').textContent()).toBe('shot.png');
    expect(await chip.locator('.chip-detail').textContent()).toBe('1 KB · 1×1');
    await page.waitForFunction(() => (document.querySelector('.chip-thumb') as HTMLImageElement | null)?.naturalWidth === 1);
    const message = await sendPrompt(page, 'What is this?');
    expect(message).toEqual({ type: 'send', requestId: 1, prompt: 'What is this?', images: [{ name: 'shot.png', mimeType: 'image/png', data: PNG, width: 1, height: 1 }] });
    // Accepted: the image went with that prompt only.
    await send(page, { type: 'reply', requestId: 1, ok: true });
    expect(await page.locator('.chip-image').count()).toBe(0);
    await page.close();
  });

  it('explains why an unsupported file is not attached and sends nothing of it', async () => {
    const page = await openApp();
    await pasteFile(page, 'logo.svg', 'image/svg+xml', btoa('<svg xmlns="http://www.w3.org/2000/svg"/>'));
    await page.waitForFunction(() => document.querySelector('.composer-note')?.textContent?.includes('logo.svg'));
    expect(await page.locator('.composer-note').textContent()).toBe(
      "logo.svg can't be sent: image/svg+xml is not an image type the API accepts (PNG, JPEG, WEBP or non-animated GIF).",
    );
    expect(await page.locator('.chip-image').count()).toBe(0);
    expect(await sendPrompt(page, 'Hi')).toEqual({ type: 'send', requestId: 1, prompt: 'Hi' });
    await page.close();
  });

  it('refuses a file that claims to be a PNG but is not one', async () => {
    const page = await openApp();
    await pasteFile(page, 'fake.png', 'image/png', btoa('just text'));
    await page.waitForFunction(() => document.querySelector('.composer-note')?.textContent?.includes('fake.png'));
    expect(await page.locator('.chip-image').count()).toBe(0);
    await page.close();
  });

  it('removes an image chip from the keyboard, keeping focus in the chips, and then sends no image', async () => {
    const page = await openApp();
    await pasteFile(page, 'shot.png', 'image/png', PNG);
    await page.locator('.chip-image').waitFor();
    await page.locator('.chip-image button').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.chip-image').length === 0);
    expect(await page.evaluate(() => document.activeElement?.closest('.chips') !== null)).toBe(true);
    expect(await sendPrompt(page, 'Hi')).toEqual({ type: 'send', requestId: 1, prompt: 'Hi' });
    await page.close();
  });

  it('attaches an image through the Attach image file picker', async () => {
    const page = await openApp();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach image' }).click();
    await (await chooser).setFiles({ name: 'picked.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
    await page.locator('.chip-image').waitFor();
    expect(await page.locator('.chip-image .chip-label').textContent()).toBe('picked.png');
    await page.close();
  });

  it('estimates the input in tokens and dollars and follows the images and the model', async () => {
    const page = await openApp();
    const estimate = page.locator('.input-estimate');
    // 40 000 bytes of file → 10 000 tokens at $1.25 per million.
    expect(await estimate.textContent()).toBe('≈ 10.0k tokens · $0.013 input');
    await pasteFile(page, 'shot.png', 'image/png', PNG);
    await page.locator('.chip-image').waitFor();
    // A 1×1 image at high detail on gpt-5: 70 base + one tile of 140.
    expect(await estimate.textContent()).toBe('≈ 10.2k tokens · $0.013 input');
    await send(page, { type: 'controls', controls: { ...gpt5, model: 'gpt-5-mini', inputPricePerMillion: 0.25 } });
    expect(await estimate.textContent()).toBe('≈ 10.0k tokens · $0.003 input');
    await send(page, { type: 'controls', controls: { ...gpt5, model: 'proxy-model', inputPricePerMillion: undefined } });
    expect(await estimate.textContent()).toMatch(/^≈ 10\.\dk input tokens$/);
    await page.close();
  });

  it('counts the instructions and tools in a new chat, and the conversation so far once there is one', async () => {
    const page = await openApp();
    const estimate = page.locator('.input-estimate');
    await send(page, { type: 'controls', controls: { ...gpt5, fixedInputTokens: 1_500 } });
    expect(await estimate.textContent()).toBe('≈ 11.5k tokens · $0.014 input');
    const usage = { inputTokens: 20_000, cachedInputTokens: 0, outputTokens: 3_000, reasoningTokens: 1_000 };
    const footer = { model: 'gpt-5', reasoningEffort: 'medium' as const, verbosity: 'medium' as const, usage, elapsedMs: 1 };
    await send(page, { type: 'turnEnded', turn: { id: 't1', prompt: 'Hi', contextLabels: [], answer: 'Hello', reasoning: '', refusal: '', status: 'completed', footer } });
    // 20 000 input + 2 000 visible output of the last request, plus the 10 000 of the file chip.
    expect(await estimate.textContent()).toBe('≈ 32.0k tokens · $0.040 input');
    await page.close();
  });
});
