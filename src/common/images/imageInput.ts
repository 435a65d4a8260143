// Images the user pastes or drops into the prompt box, checked the same way in the webview (to
// explain at once) and in the extension host (the webview is untrusted): only the types the
// Responses API accepts for `input_image`, within its documented limits. The images and vision
// guide documents PNG, JPEG, WEBP and non-animated GIF; per request "up to 50 MB total payload"
// and "up to 500 individual image inputs" (raised in 2026 to 512 MB and 1,500); and models look at
// no more than 6000 px on an image's long edge ("original" detail; "high" scales to fit 2048 px).
// Codewright stays within the stricter, older request limits so proxies and older deployments
// take its requests too, and caps one prompt well below them (see the constants).
import { imagePixelSize, pixelProblem } from './imagePixels';

/** The image types the API accepts: PNG, JPEG, WEBP and non-animated GIF. */
export const IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export type ImageMimeType = (typeof IMAGE_MIME_TYPES)[number];

/** The API's documented payload per request (50 MB; 512 MB since 2026): all images of one prompt fit in the smaller. */
export const MAX_IMAGES_TOTAL_BYTES = 50 * 1024 * 1024;
/** One image may not take the whole request: the files and the prompt travel with it. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** The API takes 500 (now 1,500) images per request; more than 10 in one prompt is almost certainly a mistaken drop. */
export const MAX_IMAGES_PER_PROMPT = 10;

export type ImageDetail = 'auto' | 'low' | 'high';
export const IMAGE_DETAILS: readonly ImageDetail[] = ['auto', 'low', 'high'];

/** An image going with the next prompt, as the webview sends it and the request carries it. */
export interface ImageAttachment {
  /** The file's name (or "pasted image.png"), shown on the chip and in the transcript. */
  name: string;
  mimeType: ImageMimeType;
  /** The image file's bytes, base64-encoded (no data: prefix). */
  data: string;
  /** Pixel size when the webview could decode it (for the token estimate). */
  width?: number;
  height?: number;
}

export function isImageMimeType(value: unknown): value is ImageMimeType {
  return IMAGE_MIME_TYPES.includes(value as ImageMimeType);
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((byte, index) => bytes[at + index] === byte);
}

const ASCII = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

/** The image type the bytes actually are (by their signature), whatever the file claims. */
export function sniffImageType(bytes: Uint8Array): ImageMimeType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ASCII('GIF87a')) || startsWith(bytes, ASCII('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ASCII('RIFF')) && startsWith(bytes, ASCII('WEBP'), 8)) return 'image/webp';
  return undefined;
}

/** Skips a run of GIF data sub-blocks starting at `at`; returns the index after the terminator, or -1. */
function skipSubBlocks(bytes: Uint8Array, at: number): number {
  let position = at;
  while (position < bytes.length) {
    const size = bytes[position] ?? 0;
    position += 1;
    if (size === 0) return position;
    position += size;
  }
  return -1;
}

/** Whether a GIF has more than one frame (the API accepts only still GIFs). A GIF too damaged to
 *  walk counts as animated: it is refused rather than sent to be refused by the API. */
export function isAnimatedGif(bytes: Uint8Array): boolean {
  const packed = bytes[10] ?? 0;
  let position = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0);
  let frames = 0;
  while (position < bytes.length) {
    const marker = bytes[position];
    if (marker === 0x3b) return frames > 1;
    if (marker === 0x21) {
      position = skipSubBlocks(bytes, position + 2);
    } else if (marker === 0x2c) {
      frames += 1;
      if (frames > 1) return true;
      const local = bytes[position + 9] ?? 0;
      position += 10 + (local & 0x80 ? 3 * 2 ** ((local & 0x07) + 1) : 0);
      position = skipSubBlocks(bytes, position + 1);
    } else {
      return true;
    }
    if (position < 0) return true;
  }
  return frames !== 1;
}

/** Why this image cannot be sent, or undefined when it can. `claimedType` is what the file says it is. */
export function imageProblem(name: string, claimedType: string, bytes: Uint8Array): string | undefined {
  const label = name.trim() === '' ? 'The image' : name;
  const actual = sniffImageType(bytes);
  if (!actual || (claimedType !== '' && claimedType !== actual)) {
    const claimed = claimedType === '' ? 'this file' : claimedType;
    return `${label} can't be sent: ${claimed} is not an image type the API accepts (PNG, JPEG, WEBP or non-animated GIF).`;
  }
  if (actual === 'image/gif' && isAnimatedGif(bytes)) {
    return `${label} can't be sent: it is an animated GIF, and the API accepts only still GIFs. Send a PNG screenshot of the frame instead.`;
  }
  if (bytes.length > MAX_IMAGE_BYTES) {
    return `${label} can't be sent: it is ${formatMegabytes(bytes.length)}, more than the ${formatMegabytes(MAX_IMAGE_BYTES)} Codewright sends per image. Crop or scale it down.`;
  }
  return pixelProblem(label, imagePixelSize(bytes, actual));
}

/** Why these images cannot go together in one prompt, or undefined. */
export function imagesProblem(sizes: readonly number[]): string | undefined {
  if (sizes.length > MAX_IMAGES_PER_PROMPT) return `At most ${MAX_IMAGES_PER_PROMPT} images go with one prompt; remove some.`;
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total > MAX_IMAGES_TOTAL_BYTES) {
    return `The images add up to ${formatMegabytes(total)}, more than the ${formatMegabytes(MAX_IMAGES_TOTAL_BYTES)} per request the API documents (and Codewright keeps to). Remove some.`;
  }
  return undefined;
}

const BASE64_VALUES = new Int16Array(128).fill(-1);
for (const [index, char] of Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/').entries()) {
  BASE64_VALUES[char.charCodeAt(0)] = index;
}

/** Decodes strict base64 (padded, no whitespace); undefined for anything else. */
export function base64ToBytes(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((text.length / 4) * 3 - padding);
  let out = 0;
  for (let at = 0; at < text.length; at += 4) {
    let bits = 0;
    for (let digit = 0; digit < 4; digit += 1) {
      const code = text.charCodeAt(at + digit);
      const isPad = code === 61 && at + 4 === text.length && digit >= 4 - padding;
      const value = isPad ? 0 : code < 128 ? (BASE64_VALUES[code] ?? -1) : -1;
      if (value < 0) return undefined;
      bits = (bits << 6) | value;
    }
    if (out < bytes.length) bytes[out++] = (bits >>> 16) & 255;
    if (out < bytes.length) bytes[out++] = (bits >>> 8) & 255;
    if (out < bytes.length) bytes[out++] = bits & 255;
  }
  return bytes;
}

/** The decoded size of a base64 string, without decoding it. */
export function base64ByteLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor(text.length / 4) * 3 - padding;
}

/** The `image_url` of an `input_image` part. */
export function imageDataUrl(image: Pick<ImageAttachment, 'mimeType' | 'data'>): string {
  return `data:${image.mimeType};base64,${image.data}`;
}
