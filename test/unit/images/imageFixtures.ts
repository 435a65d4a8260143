// Small real image files for the image tests: a 1×1 PNG, a JPEG header, a still and an animated GIF.

/** A valid 1×1 transparent PNG. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The start of a JPEG file (SOI + APP0 JFIF). */
export const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

/** A RIFF/WEBP container header. */
export const WEBP_START = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);

function gif(frames: number): Buffer {
  const header = Buffer.from('GIF89a');
  // 1×1 screen, global color table of 2 entries.
  const screen = Buffer.from([1, 0, 1, 0, 0x80, 0, 0]);
  const colors = Buffer.from([0, 0, 0, 255, 255, 255]);
  const loop = Buffer.concat([Buffer.from([0x21, 0xff, 0x0b]), Buffer.from('NETSCAPE2.0'), Buffer.from([3, 1, 0, 0, 0])]);
  const frame = Buffer.from([
    0x21, 0xf9, 4, 0, 10, 0, 0, 0, // graphic control extension
    0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, // image descriptor
    2, 2, 0x4c, 0x01, 0, // LZW data
  ]);
  return Buffer.concat([header, screen, colors, ...(frames > 1 ? [loop] : []), ...Array.from({ length: frames }, () => frame), Buffer.from([0x3b])]);
}

export const STILL_GIF = gif(1);
export const ANIMATED_GIF = gif(3);

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
