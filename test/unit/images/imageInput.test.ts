import { describe, expect, it } from 'vitest';
import {
  base64ByteLength,
  base64ToBytes,
  imageProblem,
  imagesProblem,
  isAnimatedGif,
  MAX_IMAGE_BYTES,
  MAX_IMAGES_TOTAL_BYTES,
  sniffImageType,
} from '../../../src/common/images/imageInput';
import { ANIMATED_GIF, JPEG_START, PNG_1X1, STILL_GIF, WEBP_START } from './imageFixtures';

describe('pasted images', () => {
  it('are recognised by their bytes as PNG, JPEG, WEBP or GIF', () => {
    expect(sniffImageType(PNG_1X1)).toBe('image/png');
    expect(sniffImageType(JPEG_START)).toBe('image/jpeg');
    expect(sniffImageType(WEBP_START)).toBe('image/webp');
    expect(sniffImageType(STILL_GIF)).toBe('image/gif');
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('BM\x00\x00'))).toBeUndefined();
  });

  it('tell a still GIF from an animated one', () => {
    expect(isAnimatedGif(STILL_GIF)).toBe(false);
    expect(isAnimatedGif(ANIMATED_GIF)).toBe(true);
    expect(isAnimatedGif(STILL_GIF.subarray(0, 20))).toBe(true);
  });

  it('can be sent when they are an accepted type within the size limit', () => {
    expect(imageProblem('shot.png', 'image/png', PNG_1X1)).toBeUndefined();
    expect(imageProblem('still.gif', 'image/gif', STILL_GIF)).toBeUndefined();
    expect(imageProblem('pasted', '', PNG_1X1)).toBeUndefined();
  });

  it('are refused with a reason when the type is not accepted, claimed falsely, animated or too large', () => {
    expect(imageProblem('logo.svg', 'image/svg+xml', Buffer.from('<svg/>'))).toMatch(/logo\.svg can't be sent: image\/svg\+xml is not an image type the API accepts \(PNG, JPEG, WEBP or non-animated GIF\)/);
    expect(imageProblem('fake.png', 'image/png', Buffer.from('not a png'))).toMatch(/not an image type the API accepts/);
    expect(imageProblem('gif.png', 'image/png', STILL_GIF)).toMatch(/not an image type/);
    expect(imageProblem('spin.gif', 'image/gif', ANIMATED_GIF)).toMatch(/animated GIF/);
    const huge = new Uint8Array(MAX_IMAGE_BYTES + 1);
    huge.set(PNG_1X1.subarray(0, 8));
    expect(imageProblem('huge.png', 'image/png', huge)).toMatch(/huge\.png can't be sent: it is 20\.0 MB/);
  });

  it('are refused together when they exceed the per-request total or count', () => {
    expect(imagesProblem([MAX_IMAGES_TOTAL_BYTES / 2, MAX_IMAGES_TOTAL_BYTES / 2])).toBeUndefined();
    expect(imagesProblem([MAX_IMAGES_TOTAL_BYTES / 2, MAX_IMAGES_TOTAL_BYTES / 2 + 1])).toMatch(/more than the 50\.0 MB per request the API documents/);
    expect(imagesProblem(Array.from({ length: 11 }, () => 1))).toMatch(/At most 10 images/);
  });

  it('decode strict base64 only', () => {
    for (const bytes of [PNG_1X1, STILL_GIF, Buffer.from([1]), Buffer.from([1, 2]), Buffer.alloc(0)]) {
      const text = Buffer.from(bytes).toString('base64');
      expect(Buffer.from(base64ToBytes(text) ?? [])).toEqual(Buffer.from(bytes));
      expect(base64ByteLength(text)).toBe(bytes.length);
    }
    expect(base64ToBytes('abc')).toBeUndefined();
    expect(base64ToBytes('ab c')).toBeUndefined();
    expect(base64ToBytes('a=bc')).toBeUndefined();
    expect(base64ToBytes('ab-_')).toBeUndefined();
    expect(base64ToBytes('ab\u00e9c')).toBeUndefined();
  });
});
