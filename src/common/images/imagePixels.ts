// The pixel size of an image, read from its header bytes (never from what the webview claims):
// PNG's IHDR, GIF's logical screen, WEBP's VP8/VP8L/VP8X header, JPEG's start-of-frame marker.

export interface PixelSize {
  width: number;
  height: number;
}

/** The largest long edge the API documents any model looking at: 6000 px at `detail: "original"`
 *  (GPT-5.4 on); at `high` an image is scaled to fit 2048×2048 and at `low` to 512×512 anyway, so
 *  more pixels only cost upload time. */
export const MAX_IMAGE_EDGE_PX = 6000;

const u16be = (bytes: Uint8Array, at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
const u16le = (bytes: Uint8Array, at: number) => (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
const u24le = (bytes: Uint8Array, at: number) => u16le(bytes, at) | ((bytes[at + 2] ?? 0) << 16);
const u32be = (bytes: Uint8Array, at: number) => ((bytes[at] ?? 0) * 2 ** 24) + (((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0));
const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));

function pngSize(bytes: Uint8Array): PixelSize | undefined {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return undefined;
  return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
}

function gifSize(bytes: Uint8Array): PixelSize | undefined {
  return bytes.length < 10 ? undefined : { width: u16le(bytes, 6), height: u16le(bytes, 8) };
}

function webpSize(bytes: Uint8Array): PixelSize | undefined {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8X' && bytes.length >= 30) return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
  if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = (bytes[21] ?? 0) | ((bytes[22] ?? 0) << 8) | ((bytes[23] ?? 0) << 16) | ((bytes[24] ?? 0) << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30 && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
  }
  return undefined;
}

/** Start-of-frame markers carry the size; DHT (C4), JPG (C8) and DAC (CC) share the range but do not. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(bytes: Uint8Array): PixelSize | undefined {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2; // markers without a length
      continue;
    }
    if (isStartOfFrame(marker)) return { width: u16be(bytes, at + 7), height: u16be(bytes, at + 5) };
    at += 2 + u16be(bytes, at + 2);
  }
  return undefined;
}

/** The image's pixel size from its header, or undefined when the header cannot be read. */
export function imagePixelSize(bytes: Uint8Array, mimeType: string): PixelSize | undefined {
  switch (mimeType) {
    case 'image/png':
      return pngSize(bytes);
    case 'image/gif':
      return gifSize(bytes);
    case 'image/webp':
      return webpSize(bytes);
    case 'image/jpeg':
      return jpegSize(bytes);
    default:
      return undefined;
  }
}

/** Why an image of this size is not sent, or undefined. */
export function pixelProblem(label: string, size: PixelSize | undefined): string | undefined {
  if (!size) return undefined;
  if (size.width === 0 || size.height === 0) return `${label} can't be sent: its header says it has no pixels (${size.width}×${size.height}); it is damaged.`;
  const longEdge = Math.max(size.width, size.height);
  if (longEdge <= MAX_IMAGE_EDGE_PX) return undefined;
  return `${label} can't be sent: it is ${size.width}×${size.height} px, and the API looks at no more than ${MAX_IMAGE_EDGE_PX} px on the long edge (2048 px at detail "high"). Scale it down.`;
}
