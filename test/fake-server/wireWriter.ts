// Writes answers on the wire as the real API does: SSE framing, JSON error bodies, its headers;
// and the transport faults a test can ask for (a pause between events, a cut connection).
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { JsonRecord } from './json';
import type { ScriptedError, StreamDelivery } from './replies';

/** Frames one event as the real API does: an `event:` line, a one-line `data:` JSON, a blank line. */
export function frame(type: string, json: string): string {
  return `event: ${type}\ndata: ${json}\n\n`;
}

/** SSE blocks of events; each gets `sequence_number` = its index unless it already has one. */
export function frameEvents(events: JsonRecord[]): string[] {
  return events.map((event, index) =>
    frame(String(event.type), JSON.stringify(event.sequence_number === undefined ? { ...event, sequence_number: index } : event)),
  );
}

function requestIdHeader(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

/** Marks a response the server cut on purpose, so its closing is not taken for the client's. */
const serverCut = new WeakSet<http.ServerResponse>();

export function wasCutByServer(res: http.ServerResponse): boolean {
  return serverCut.has(res);
}

export function startStream(res: http.ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': requestIdHeader(),
    'openai-processing-ms': '42',
  });
  res.flushHeaders();
}

/** Writes SSE blocks; false when the stream was cut or the client went away. */
export async function writeBlocks(res: http.ServerResponse, blocks: string[], delivery: StreamDelivery): Promise<boolean> {
  const delayMs = delivery.chunkDelayMs ?? 0;
  const { cutAfterBytes, cutAfterEvents } = delivery;
  let written = 0;
  for (const [index, block] of blocks.entries()) {
    if (res.destroyed) return false;
    if (cutAfterEvents !== undefined && index >= cutAfterEvents) {
      serverCut.add(res);
      // Let what was written reach the client first: the cut falls between events.
      await new Promise<void>((resolve) => res.write('', () => resolve()));
      res.socket?.destroy();
      return false;
    }
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (res.destroyed) return false;
    const bytes = Buffer.from(block, 'utf8');
    if (cutAfterBytes !== undefined && written + bytes.length >= cutAfterBytes) {
      const head = bytes.subarray(0, Math.max(0, cutAfterBytes - written));
      serverCut.add(res);
      await new Promise<void>((resolve) => res.write(head, () => resolve()));
      res.socket?.destroy();
      return false;
    }
    written += bytes.length;
    await new Promise<void>((resolve) => {
      if (!res.write(bytes)) res.once('drain', () => resolve());
      else resolve();
    });
  }
  return !res.destroyed;
}

export function sendJson(res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(payload, null, 2);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestIdHeader(),
    ...headers,
  });
  res.end(body);
}

/** The real API's error body: `{"error": {"message", "type", "param", "code"}}`. */
export function sendError(res: http.ServerResponse, status: number, error: ScriptedError, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } }, headers);
}

/** A raw body as recorded (an HTTP error body from a capture). */
export function sendRawJson(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': requestIdHeader() });
  res.end(body);
}
