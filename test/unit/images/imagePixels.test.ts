// An image's pixel size comes from its own header, and one larger than any model looks at is
// refused with a message that says what to do.
import { describe, expect, it } from 'vitest';
import { imageProblem } from '../../../src/common/images/imageInput';
import { imagePixelSize, MAX_IMAGE_EDGE_PX } from '../../../src/common/images/imagePixels';
import { parseWebviewMessage } from '../../../src/common/webviewMessages';
import { base64, PNG_1X1, STILL_GIF } from './imageFixtures';

/** The 1×1 PNG with its IHDR saying `width`×`height`. */
function pngOf(width: number, height: number): Buffer {
  const png = Buffer.from(PNG_1X1);
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  return png;
}

/** A JPEG: SOI, an APP0 segment, then a baseline start-of-frame saying `width`×`height`. */
function jpegOf(width: number, height: number): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [0xff, 0xc0, 0x00, 0x11, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof, 0xff, 0xd9]);
}

/** A WEBP with a VP8X header saying `width`×`height`. */
function webpOf(width: number, height: number): Buffer {
  const le24 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255];
  return Buffer.concat([Buffer.from('RIFF'), Buffer.from([22, 0, 0, 0]), Buffer.from('WEBPVP8X'), Buffer.from([10, 0, 0, 0, 0, 0, 0, 0, ...le24(width - 1), ...le24(height - 1)])]);
}

describe('the pixel size of an image', () => {
  it('is read from the PNG, GIF, JPEG and WEBP headers', () => {
    expect(imagePixelSize(pngOf(1920, 1080), 'image/png')).toEqual({ width: 1920, height: 1080 });
    expect(imagePixelSize(STILL_GIF, 'image/gif')).toEqual({ width: 1, height: 1 });
    expect(imagePixelSize(jpegOf(800, 600), 'image/jpeg')).toEqual({ width: 800, height: 600 });
    expect(imagePixelSize(webpOf(3000, 2000), 'image/webp')).toEqual({ width: 3000, height: 2000 });
  });

  it('is unknown for a header that cannot be read, which does not by itself refuse the image', () => {
    expect(imagePixelSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), 'image/jpeg')).toBeUndefined();
  });
});

describe('an image larger than any model looks at', () => {
  it(`is refused past ${MAX_IMAGE_EDGE_PX} px on the long edge, with the size and what to do`, () => {
    expect(imageProblem('wide.png', 'image/png', pngOf(6000, 400))).toBeUndefined();
    expect(imageProblem('wide.png', 'image/png', pngOf(6001, 400))).toBe(
      'wide.png can\'t be sent: it is 6001×400 px, and the API looks at no more than 6000 px on the long edge (2048 px at detail "high"). Scale it down.',
    );
    expect(imageProblem('tall.jpg', 'image/jpeg', jpegOf(300, 9000))).toMatch(/300×9000 px/);
    expect(imageProblem('big.webp', 'image/webp', webpOf(8000, 8000))).toMatch(/8000×8000 px/);
  });

  it('is refused when its header says it has no pixels', () => {
    expect(imageProblem('empty.png', 'image/png', pngOf(0, 10))).toMatch(/has no pixels \(0×10\); it is damaged/);
  });

  it('takes its size from the bytes, not from what the webview says', () => {
    const message = parseWebviewMessage({ type: 'send', requestId: 1, prompt: 'Look', images: [{ name: 'shot.png', mimeType: 'image/png', data: base64(pngOf(640, 480)), width: 1, height: 1 }] });
    expect(message).toMatchObject({ images: [{ width: 640, height: 480 }] });
  });
});
