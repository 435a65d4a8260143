// Bytes ↔ text ↔ lines, without ever losing a byte: the BOM, each line's own ending and the
// presence or absence of a final newline survive a round trip exactly.

import type { PatchError } from './patchTypes';
import { patchError } from './patchTypes';

export interface DecodedFile {
  /** The text without the BOM. */
  readonly text: string;
  readonly bom: boolean;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8 = new TextEncoder();

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2];
}

/** Decodes a file for editing; refuses binary (NUL bytes) and anything that is not valid UTF-8. */
export function decodeFileBytes(bytes: Uint8Array, path: string): DecodedFile | PatchError {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return patchError(
      'encoding',
      `${path} is UTF-16 encoded; apply_patch only edits UTF-8 files and never re-encodes one.`,
      path,
    );
  }
  if (bytes.indexOf(0) !== -1) {
    return patchError(
      'binary',
      `${path} looks like a binary file (it contains NUL bytes); apply_patch only edits text files. Use Delete File and Add File to replace it.`,
      path,
    );
  }
  const bom = hasUtf8Bom(bytes);
  try {
    return { text: strictUtf8.decode(bom ? bytes.subarray(3) : bytes), bom };
  } catch {
    return patchError(
      'encoding',
      `${path} is not valid UTF-8, so it cannot be edited without changing its encoding; apply_patch never re-encodes a file.`,
      path,
    );
  }
}

export function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

export function encodeText(text: string, bom: boolean): Uint8Array {
  const body = utf8.encode(text);
  if (!bom) return body;
  const bytes = new Uint8Array(body.length + 3);
  bytes.set(UTF8_BOM, 0);
  bytes.set(body, 3);
  return bytes;
}

export type LineEnding = '\n' | '\r\n' | '';

export interface SplitText {
  /** Each line without its ending. */
  readonly texts: string[];
  /** Each line's own ending; only the last line can have '' (no final newline). */
  readonly endings: LineEnding[];
}

/** Splits at `\n` (a preceding `\r` belongs to the ending). `joinLines(splitLines(t))` is `t`. */
export function splitLines(text: string): SplitText {
  const texts: string[] = [];
  const endings: LineEnding[] = [];
  let start = 0;
  let newline: number;
  while ((newline = text.indexOf('\n', start)) !== -1) {
    if (newline > start && text.charCodeAt(newline - 1) === 13) {
      texts.push(text.slice(start, newline - 1));
      endings.push('\r\n');
    } else {
      texts.push(text.slice(start, newline));
      endings.push('\n');
    }
    start = newline + 1;
  }
  if (start < text.length) {
    texts.push(text.slice(start));
    endings.push('');
  }
  return { texts, endings };
}

export function joinLines(lines: { readonly texts: readonly string[]; readonly endings: readonly LineEnding[] }): string {
  const pieces: string[] = [];
  for (let index = 0; index < lines.texts.length; index++) {
    pieces.push(lines.texts[index] ?? '', lines.endings[index] ?? '');
  }
  return pieces.join('');
}

/** The ending most lines use (`\n` when there is none or on a tie). */
export function dominantEnding(endings: readonly LineEnding[]): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (const ending of endings) {
    if (ending === '\r\n') crlf++;
    else if (ending === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}
