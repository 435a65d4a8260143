// Images pasted into the prompt box go to the model through the real SDK as input_image parts,
// with that prompt only; the fake server answers a malformed image as the API does.
import { describe, expect, it } from 'vitest';
import type { ImageAttachment } from '../../../src/common/images/imageInput';
import { httpErrorReply } from '../../fake-server/fakeResponsesServer';
import { baseContext, useChatServer } from './chatHarness';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const image: ImageAttachment = { name: 'shot.png', mimeType: 'image/png', data: PNG, width: 1, height: 1 };

const chat = useChatServer();

function imageParts(body: unknown): unknown[] {
  const input = (body as { input?: { content?: { type?: string }[] }[] }).input ?? [];
  return input.flatMap((item) => (Array.isArray(item.content) ? item.content : [])).filter((part) => part.type === 'input_image');
}

describe('a prompt with an image', () => {
  it('sends the image as input_image with the configured detail, with that prompt only', async () => {
    chat.server().enqueue({ output: [{ type: 'message', text: 'A single pixel.' }] }, { output: [{ type: 'message', text: 'Yes.' }] });
    const h = chat.harness({ settings: { imageDetail: 'low' } });
    const before = chat.server().requests.length;
    await h.session.send('What is in this picture?', undefined, { ...baseContext, images: [image] });
    const first = await h.ended();
    expect(first.status).toBe('completed');
    expect(first.contextLabels).toContain('shot.png');
    const [sent] = chat.server().requests.slice(before);
    expect(imageParts(sent?.body)).toEqual([{ type: 'input_image', image_url: `data:image/png;base64,${PNG}`, detail: 'low' }]);
    // The stored conversation names the image instead of keeping its bytes.
    const saved = JSON.stringify([...h.store.data.values()]);
    expect(saved).toContain('(An image was attached here.)');
    expect(saved).not.toContain(PNG.slice(0, 40));

    await h.session.send('Are you sure?');
    await h.ended();
    expect(imageParts(chat.server().requests.at(-1)?.body)).toEqual([]);
  });

  it('resends the image when a failed turn is retried', async () => {
    chat.server().enqueue(httpErrorReply(400), { output: [{ type: 'message', text: 'A pixel.' }] });
    const h = chat.harness();
    const sentTurn = await h.session.send('What is this?', undefined, { ...baseContext, images: [image] });
    const failed = await h.ended();
    expect(failed.status).toBe('failed');
    const before = chat.server().requests.length;
    h.session.retry(sentTurn.ok ? sentTurn.turnId : '');
    await h.ended();
    expect(imageParts(chat.server().requests[before]?.body)).toHaveLength(1);
  });

  it('fails the turn with the API’s message when the server refuses the image', async () => {
    const h = chat.harness();
    const bogus = { ...image, mimeType: 'image/svg+xml' } as unknown as ImageAttachment;
    await h.session.send('What is this?', undefined, { ...baseContext, images: [bogus] });
    const turn = await h.ended();
    expect(turn.status).toBe('failed');
    expect(turn.error?.message).toMatch(/unsupported image/);
  });
});
