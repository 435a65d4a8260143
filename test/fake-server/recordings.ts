// The wire recordings in test/fixtures/wire-recordings (see its README for where each capture
// comes from): where they live, and how a file splits into the SSE blocks the fake server replays.
import path from 'node:path';
import { frame } from './wireWriter';

/** test/fixtures/wire-recordings of this repository (tests and the bundled fake server run from its root). */
export function defaultRecordingsDir(): string {
  return path.resolve(process.cwd(), 'test', 'fixtures', 'wire-recordings');
}

export interface RecordingBlock {
  raw: string;
  type: string;
}

function typeOf(json: string): string {
  const parsed: unknown = JSON.parse(json);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return '';
  const type = (parsed as Record<string, unknown>).type;
  return typeof type === 'string' ? type : '';
}

/** Splits a recording into SSE blocks whose concatenation is the served body; 'http-body' for a
 *  file that is not a stream (an HTTP error body). */
export function recordingBlocks(file: string, text: string): RecordingBlock[] | 'http-body' {
  if (file.endsWith('.chunks.txt')) {
    return text
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => {
        const type = typeOf(line) || 'message';
        return { raw: frame(type, line), type };
      });
  }
  if (!/^(event|data):/m.test(text)) return 'http-body';
  const blocks: RecordingBlock[] = [];
  const pattern = /[\s\S]*?(?:\r?\n\r?\n|$)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0].length === 0) break;
    const eventLine = /^event: ?(.*)$/m.exec(match[0]);
    const dataLine = /^data: ?(.*)$/m.exec(match[0]);
    let type = eventLine?.[1]?.trim() ?? '';
    if (!type && dataLine) {
      try {
        type = typeOf(dataLine[1] ?? '');
      } catch {
        type = '';
      }
    }
    blocks.push({ raw: match[0], type });
  }
  return blocks;
}

/** Groups blocks into responses, each starting at a `response.created`. */
export function splitResponses(blocks: RecordingBlock[]): string[][] {
  const responses: string[][] = [];
  for (const block of blocks) {
    if (block.type === 'response.created' || responses.length === 0) responses.push([]);
    responses[responses.length - 1]?.push(block.raw);
  }
  return responses;
}
