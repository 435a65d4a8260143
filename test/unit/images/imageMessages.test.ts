import { describe, expect, it } from 'vitest';
import { parseWebviewMessage, replyToInvalidSend } from '../../../src/common/webviewMessages';
import { MAX_IMAGE_BYTES } from '../../../src/common/images/imageInput';
import { ANIMATED_GIF, base64, PNG_1X1 } from './imageFixtures';

const png = { name: 'shot.png', mimeType: 'image/png', data: base64(PNG_1X1), width: 1, height: 1 };

function send(images: unknown): unknown {
  return parseWebviewMessage({ type: 'send', requestId: 1, prompt: 'What is this?', images });
}

describe('a prompt sent with images from the webview', () => {
  it('is accepted with a valid PNG', () => {
    expect(send([png])).toEqual({ type: 'send', requestId: 1, prompt: 'What is this?', images: [png] });
  });

  it('is rejected whole when an image has a type the API does not accept', () => {
    expect(send([{ ...png, mimeType: 'image/svg+xml', data: base64(Buffer.from('<svg/>')) }])).toBeUndefined();
    expect(send([{ ...png, mimeType: 'image/bmp' }])).toBeUndefined();
  });

  it('is rejected when the bytes are not the image type they claim, or an animated GIF', () => {
    expect(send([{ ...png, mimeType: 'image/jpeg' }])).toBeUndefined();
    expect(send([{ ...png, data: base64(Buffer.from('plain text, not a PNG')) }])).toBeUndefined();
    expect(send([{ ...png, name: 'a.gif', mimeType: 'image/gif', data: base64(ANIMATED_GIF) }])).toBeUndefined();
  });

  it('is rejected when the data is not strict base64', () => {
    expect(send([{ ...png, data: `data:image/png;base64,${png.data}` }])).toBeUndefined();
    expect(send([{ ...png, data: png.data.slice(0, -1) }])).toBeUndefined();
    expect(send([{ ...png, data: 42 }])).toBeUndefined();
  });

  it('is rejected when an image is larger than the limit', () => {
    const big = Buffer.alloc(MAX_IMAGE_BYTES + 3);
    PNG_1X1.copy(big);
    expect(send([{ ...png, data: base64(big) }])).toBeUndefined();
  });

  it('is rejected when too many images or malformed dimensions come along', () => {
    expect(send(Array.from({ length: 11 }, () => png))).toBeUndefined();
    expect(send([{ ...png, width: -1 }])).toBeUndefined();
    expect(send('not a list')).toBeUndefined();
  });

  it('gets a failed reply instead of silence when its images are refused, so the panel can send again', () => {
    const raw = { type: 'send', requestId: 7, prompt: 'What is this?', images: [{ ...png, mimeType: 'image/bmp' }] };
    expect(parseWebviewMessage(raw)).toBeUndefined();
    expect(replyToInvalidSend(raw)).toMatchObject({ type: 'reply', requestId: 7, ok: false, error: expect.stringMatching(/^Not sent: an attached image/) });
    expect(replyToInvalidSend({ type: 'stop' })).toBeUndefined();
    expect(replyToInvalidSend({ type: 'send', requestId: 'x' })).toBeUndefined();
  });
});
