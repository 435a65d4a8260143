// Base64 for file and image bytes, shared by the request builder (extension host) and the prompt
// box's image chips (webview). Kept apart from the request builder so the webview bundle does not
// pull in the OpenAI SDK with it.

const utf8 = new TextEncoder();
const BASE64_DIGITS = utf8.encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/** Two base64 digits per 12 bits, as the 16-bit word (in platform byte order) holding their two ASCII bytes. */
const BASE64_PAIRS = Uint16Array.from({ length: 4096 }, (_, bits) => {
  const first = BASE64_DIGITS[bits >> 6] ?? 0;
  const second = BASE64_DIGITS[bits & 63] ?? 0;
  return LITTLE_ENDIAN ? first | (second << 8) : (first << 8) | second;
});
const ascii = new TextDecoder();

/** Base64 without btoa, whose binary-string round trip took over a second for 50 files of 100 KB. */
export function bytesToBase64(bytes: Uint8Array): string {
  const length = Math.ceil(bytes.length / 3) * 4;
  const buffer = new ArrayBuffer(length + (length % 2));
  const words = new Uint16Array(buffer);
  const digits = new Uint8Array(buffer, 0, length);
  const whole = bytes.length - (bytes.length % 3);
  let word = 0;
  for (let at = 0; at < whole; at += 3) {
    const bits = ((bytes[at] ?? 0) << 16) | ((bytes[at + 1] ?? 0) << 8) | (bytes[at + 2] ?? 0);
    words[word++] = BASE64_PAIRS[bits >>> 12] ?? 0;
    words[word++] = BASE64_PAIRS[bits & 4095] ?? 0;
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const bits = ((bytes[whole] ?? 0) << 16) | ((rest === 2 ? (bytes[whole + 1] ?? 0) : 0) << 8);
    let at = word * 2;
    digits[at++] = BASE64_DIGITS[bits >>> 18] ?? 0;
    digits[at++] = BASE64_DIGITS[(bits >>> 12) & 63] ?? 0;
    digits[at++] = rest === 2 ? (BASE64_DIGITS[(bits >>> 6) & 63] ?? 0) : 61;
    digits[at] = 61;
  }
  return ascii.decode(digits);
}
