import { describe, expect, it } from 'vitest';
import { buildResponseRequest, CodewrightError, type TurnRequest } from '../../../src/common/responses';
import { itemsToKeep } from '../../../src/common/chat/turnRequest';
import { testRequestSettings } from '../../harness/requestSettings';
import { base64, PNG_1X1 } from './imageFixtures';

const image = { name: 'shot.png', mimeType: 'image/png' as const, data: base64(PNG_1X1) };

function turn(overrides: Partial<TurnRequest> = {}): TurnRequest {
  return { instructions: 'You are Codewright.', prompt: 'What is wrong here?', openFiles: [], settings: testRequestSettings(), ...overrides };
}

describe('a prompt with a pasted image', () => {
  it('sends the image as an input_image data URL before the prompt, with detail auto by default', () => {
    const params = buildResponseRequest(turn({ images: [image] }));
    expect(JSON.parse(JSON.stringify(params.input))).toEqual([
      {
        role: 'user',
        content: [
          { type: 'input_image', image_url: `data:image/png;base64,${image.data}`, detail: 'auto' },
          { type: 'input_text', text: 'What is wrong here?' },
        ],
      },
    ]);
  });

  it('sends the detail codewright.imageDetail names', () => {
    const params = buildResponseRequest(turn({ images: [image, image], settings: testRequestSettings({ imageDetail: 'low' }) }));
    const content = (params.input as { content: { type: string; detail?: string }[] }[])[0]?.content ?? [];
    expect(content.filter((part) => part.type === 'input_image').map((part) => part.detail)).toEqual(['low', 'low']);
  });

  it('refuses images that together exceed the API limit per request', () => {
    const big = { ...image, data: 'A'.repeat(Math.ceil((26 * 1024 * 1024) / 3) * 4) };
    expect(() => buildResponseRequest(turn({ images: [big, big] }))).toThrow(CodewrightError);
  });

  it('keeps only a mention of the image in a stored conversation, not its bytes', () => {
    const params = buildResponseRequest(turn({ images: [image] }));
    const kept = JSON.stringify(itemsToKeep(params.input as unknown[], true));
    expect(kept).not.toContain(image.data);
    expect(kept).toContain('(An image was attached here.)');
    expect(JSON.stringify(itemsToKeep(params.input as unknown[], false))).toContain(image.data);
  });
});
