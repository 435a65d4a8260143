// A fake OpenAI Responses API: a real HTTP server on 127.0.0.1 that speaks the wire as
// docs/responses-wire.md describes it, scripted per test, stateful like the
// real API (stored responses, previous_response_id, tool-output checks), with faults on
// demand, and a recorder of every request so tests assert what was actually sent.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { defaultRecordingsDir, frame, recordingBlocks, splitResponses } from './recordings';

/** One request as the server received it. */
export interface RecordedRequest {
  index: number;
  method: string;
  /** Path with query, e.g. `/v1/responses`. */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  rawBody: string;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  /** True when the client closed the connection before the server finished answering. */
  clientClosedEarly: boolean;
}

/** An output item of a scripted reply. `chunks`: a number of roughly equal pieces, or the
 *  exact pieces (they must join to the full text); default: word by word. */
export type ScriptedItem =
  | { type: 'message'; text: string; chunks?: number | string[]; phase?: 'commentary' | 'final_answer' }
  | { type: 'refusal'; refusal: string; chunks?: number | string[] }
  /** The summary streams only when the request sets `reasoning.summary`, as on the real API. */
  | { type: 'reasoning'; summary: string[]; chunks?: number; encryptedContent?: string }
  | { type: 'custom_tool_call'; name: string; input: string; chunks?: number | string[]; callId?: string }
  | { type: 'function_call'; name: string; arguments: string; chunks?: number | string[]; callId?: string };

export interface ScriptedUsage {
  inputTokens?: number;
  cachedTokens?: number;
  /** Includes reasoningTokens, as on the real API. */
  outputTokens?: number;
  reasoningTokens?: number;
}

export interface ScriptedError {
  type: string;
  code: string | null;
  message: string;
  param?: string | null;
}

/** A streamed answer, optionally with a fault part-way. */
export interface StreamReply {
  kind?: 'stream';
  output: ScriptedItem[];
  usage?: ScriptedUsage;
  /** 'incomplete' ends with `response.incomplete` (reason default max_output_tokens). */
  status?: 'completed' | 'incomplete';
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  /** Pause between events. */
  chunkDelayMs?: number;
  /** After this many events: a mid-stream `error` event (nested payload), then `response.failed`. */
  midStreamError?: { afterEvents: number; error: ScriptedError };
  /** Destroy the socket after this many body bytes. */
  cutAfterBytes?: number;
  /** Send this many events (0: headers only), then go silent with the connection open. */
  stallAfterEvents?: number;
}

/** An HTTP error before any event. */
export interface HttpErrorReply {
  kind: 'http-error';
  status: number;
  error: ScriptedError;
  headers?: Record<string, string>;
}

/** A file from test/fixtures/wire-recordings served byte for byte (chunks.txt files get their
 *  `event:`/`data:` framing added). `part` picks the nth response of a concatenated file. */
export interface RecordingReply {
  kind: 'recording';
  file: string;
  part?: number;
  chunkDelayMs?: number;
  cutAfterBytes?: number;
}

export type FakeReply = StreamReply | HttpErrorReply | RecordingReply;

/** What a responder sees: the request, and the stored conversation it continues. */
export interface ResponderContext {
  request: RecordedRequest;
  body: Record<string, unknown>;
  /** Input items of the stored chain (oldest first) followed by this request's own input. */
  conversation: unknown[];
}

export type FakeResponder = (context: ResponderContext) => FakeReply | Promise<FakeReply>;

export interface FakeServerOptions {
  /** 0 (default): a random free port. */
  port?: number;
  /** When set, only `Bearer <expectedApiKey>` is accepted; otherwise any non-empty key. */
  expectedApiKey?: string;
  /** Answers when the queue is empty (demo mode). Default: a 500 saying nothing was queued. */
  defaultResponder?: FakeResponder;
  /** Where `recording` replies are read from; default test/fixtures/wire-recordings. */
  recordingsDir?: string;
}

interface StoredResponse {
  id: string;
  previousId?: string;
  input: unknown[];
  output: unknown[];
}

type JsonRecord = Record<string, unknown>;

function asRecord(value: unknown): JsonRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(25).toString('hex')}`;
}

/** Real deltas carry random padding so their size does not reveal the token. */
function obfuscation(delta: string): string {
  return randomToken(Math.max(2, 16 - delta.length) + (delta.length % 3));
}

/** Splits text into streaming pieces: word by word by default. */
export function splitIntoChunks(text: string, chunks?: number | string[]): string[] {
  if (Array.isArray(chunks)) {
    if (chunks.join('') !== text) throw new Error('fake server: scripted chunks do not join to the full text');
    return chunks;
  }
  const codePoints = Array.from(text);
  if (typeof chunks === 'number') {
    const count = Math.max(1, Math.min(chunks, codePoints.length));
    const size = Math.ceil(codePoints.length / count);
    const pieces: string[] = [];
    for (let start = 0; start < codePoints.length; start += size) pieces.push(codePoints.slice(start, start + size).join(''));
    return pieces.length > 0 ? pieces : [''];
  }
  const words = text.match(/\s*\S+|\s+$/g);
  return words && words.length > 0 ? words : [text];
}

/** Typical error bodies of the real API, by status. */
export function httpErrorReply(
  status: number,
  overrides: Partial<ScriptedError> & { headers?: Record<string, string> } = {},
): HttpErrorReply {
  const defaults: Record<number, ScriptedError> = {
    400: { type: 'invalid_request_error', code: null, message: 'Invalid request.', param: null },
    401: {
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      message: 'Incorrect API key provided: sk-****. You can find your API key at https://platform.openai.com/account/api-keys.',
      param: null,
    },
    403: {
      type: 'invalid_request_error',
      code: 'unsupported_country_region_territory',
      message: 'Project does not have access to this model.',
      param: null,
    },
    404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.', param: 'model' },
    429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests per min (RPM): Limit 3, Used 3.', param: null },
    500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!', param: null },
    503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.', param: null },
  };
  const { headers, ...errorOverrides } = overrides;
  const base = defaults[status] ?? { type: 'api_error', code: null, message: `HTTP ${status}`, param: null };
  return { kind: 'http-error', status, error: { ...base, ...errorOverrides }, ...(headers ? { headers } : {}) };
}

interface PlannedStream {
  events: JsonRecord[];
  /** The response to store when the stream ends normally. */
  finalResponse: JsonRecord;
}

export class FakeResponsesServer {
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  readonly baseURL: string;
  private readonly queue: FakeReply[] = [];
  private readonly stored = new Map<string, StoredResponse>();
  private readonly sockets = new Set<Socket>();
  private readonly closeWaiters = new Map<number, (() => void)[]>();
  private readonly openResponses = new Set<http.ServerResponse>();

  private constructor(
    private readonly server: http.Server,
    private readonly options: FakeServerOptions,
  ) {
    const address = server.address() as AddressInfo;
    this.baseURL = `http://127.0.0.1:${address.port}/v1`;
  }

  static async start(options: FakeServerOptions = {}): Promise<FakeResponsesServer> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const fake = new FakeResponsesServer(server, options);
    server.on('connection', (socket) => {
      socket.setNoDelay(true);
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      fake.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          fake.sendJson(res, 500, { error: { message: `fake server failure: ${String(err)}`, type: 'server_error', param: null, code: null } });
        } else {
          res.destroy();
        }
      });
    });
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Queues replies, used one per request in order. */
  enqueue(...replies: FakeReply[]): void {
    this.queue.push(...replies);
  }

  get pendingReplies(): number {
    return this.queue.length;
  }

  /** Resolves when the client closes request `index`'s connection before the answer ended. */
  connectionClosed(index: number): Promise<void> {
    if (this.requests[index]?.clientClosedEarly) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.closeWaiters.get(index) ?? [];
      waiters.push(resolve);
      this.closeWaiters.set(index, waiters);
    });
  }

  /** Whether a response with this id is stored (store was not false). */
  hasStoredResponse(id: string): boolean {
    return this.stored.has(id);
  }

  async close(): Promise<void> {
    for (const res of this.openResponses) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    let body: unknown;
    try {
      body = rawBody.length > 0 ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const record: RecordedRequest = {
      index: this.requests.length,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      rawBody,
      body,
      clientClosedEarly: false,
    };
    this.requests.push(record);
    this.openResponses.add(res);
    res.on('close', () => {
      this.openResponses.delete(res);
      if (!res.writableFinished && !(res as { serverCut?: boolean }).serverCut) {
        record.clientClosedEarly = true;
        for (const resolve of this.closeWaiters.get(record.index) ?? []) resolve();
        this.closeWaiters.delete(record.index);
      }
    });

    if (record.method !== 'POST' || !/^\/v1\/responses\/?(\?.*)?$/.test(record.path)) {
      this.sendError(res, 404, { type: 'invalid_request_error', code: null, message: `Invalid URL (${record.method} ${record.path})`, param: null });
      return;
    }
    const auth = headers.authorization ?? '';
    const key = /^Bearer (.+)$/.exec(auth)?.[1]?.trim() ?? '';
    if (key.length === 0 || (this.options.expectedApiKey !== undefined && key !== this.options.expectedApiKey)) {
      const masked = key.length > 4 ? `${'*'.repeat(Math.min(key.length - 4, 20))}${key.slice(-4)}` : '****';
      this.sendError(res, 401, {
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        message:
          key.length === 0
            ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            : `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        param: null,
      });
      return;
    }
    const request = asRecord(body);
    if (!request) {
      this.sendError(res, 400, {
        type: 'invalid_request_error',
        code: null,
        message: 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly.)',
        param: null,
      });
      return;
    }
    const invalid = this.validate(request);
    if (invalid) {
      this.sendError(res, 400, invalid);
      return;
    }
    const conversation = this.conversationOf(request);
    const reply = this.queue.shift() ?? (await this.defaultReply({ request: record, body: request, conversation }));
    await this.serve(reply, request, res);
  }

  private async defaultReply(context: ResponderContext): Promise<FakeReply> {
    if (this.options.defaultResponder) return this.options.defaultResponder(context);
    // x-should-retry: false, so a forgotten reply shows up as one failed request, not three.
    return httpErrorReply(500, {
      message: 'fake server: no reply was queued for this request (enqueue one in the test).',
      headers: { 'x-should-retry': 'false' },
    });
  }

  /** The checks the real API makes that this product depends on. */
  private validate(request: JsonRecord): ScriptedError | undefined {
    const invalid = (message: string, param: string | null, code: string | null = null): ScriptedError => ({
      type: 'invalid_request_error',
      code,
      message,
      param,
    });
    if (typeof request.model !== 'string' || request.model.length === 0) return invalid("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
    if (/^gpt-5/.test(request.model)) {
      for (const param of ['temperature', 'top_p', 'logprobs']) {
        if (request[param] !== undefined && request[param] !== null) {
          return invalid(`Unsupported parameter: '${param}' is not supported with this model.`, param, 'unsupported_parameter');
        }
      }
    }
    if (request.stream !== true) return invalid('This fake server only answers streaming requests (stream: true).', 'stream');
    const previousId = request.previous_response_id;
    if (typeof previousId === 'string' && !this.stored.has(previousId)) {
      return invalid(`Previous response with id '${previousId}' not found.`, 'previous_response_id', 'previous_response_not_found');
    }
    const input = Array.isArray(request.input) ? request.input : [];
    const knownCalls = new Set<string>();
    const collectCalls = (items: unknown[]) => {
      for (const item of items) {
        const record = asRecord(item);
        if ((record?.type === 'custom_tool_call' || record?.type === 'function_call') && typeof record.call_id === 'string') {
          knownCalls.add(record.call_id);
        }
      }
    };
    collectCalls(input);
    for (const stored of this.chain(typeof previousId === 'string' ? previousId : undefined)) {
      collectCalls(stored.input);
      collectCalls(stored.output);
    }
    for (const item of input) {
      const record = asRecord(item);
      if (record?.type === 'custom_tool_call_output' || record?.type === 'function_call_output') {
        const callId = String(record.call_id);
        if (!knownCalls.has(callId)) {
          const what = record.type === 'custom_tool_call_output' ? 'custom tool call' : 'function call';
          return invalid(`No tool call found for ${what} output with call_id ${callId}.`, 'input');
        }
      }
    }
    return undefined;
  }

  /** The stored responses a request continues, oldest first. */
  private chain(previousId: string | undefined): StoredResponse[] {
    const chain: StoredResponse[] = [];
    let id = previousId;
    while (id !== undefined) {
      const stored = this.stored.get(id);
      if (!stored) break;
      chain.unshift(stored);
      id = stored.previousId;
    }
    return chain;
  }

  private conversationOf(request: JsonRecord): unknown[] {
    const previousId = typeof request.previous_response_id === 'string' ? request.previous_response_id : undefined;
    const items: unknown[] = [];
    for (const stored of this.chain(previousId)) items.push(...stored.input, ...stored.output);
    items.push(...normalizeInput(request.input));
    return items;
  }

  private async serve(reply: FakeReply, request: JsonRecord, res: http.ServerResponse): Promise<void> {
    if (reply.kind === 'http-error') {
      this.sendError(res, reply.status, reply.error, reply.headers);
      return;
    }
    if (reply.kind === 'recording') {
      await this.serveRecording(reply, res);
      return;
    }
    const plan = this.plan(reply, request);
    let events = plan.events;
    let stallAfter: number | undefined;
    if (reply.midStreamError) {
      const responseId = String(asRecord(plan.finalResponse)?.id);
      events = events.slice(0, reply.midStreamError.afterEvents);
      const { error } = reply.midStreamError;
      events.push({ type: 'error', error: { type: error.type, code: error.code, message: error.message, param: error.param ?? null } });
      events.push({
        type: 'response.failed',
        response: { ...plan.finalResponse, id: responseId, status: 'failed', error: { code: error.code ?? error.type, message: error.message }, output: [], usage: null },
      });
    } else if (reply.stallAfterEvents !== undefined) {
      events = events.slice(0, reply.stallAfterEvents);
      stallAfter = reply.stallAfterEvents;
    }
    const blocks = events.map((event, index) => frame(String(event.type), JSON.stringify({ ...event, sequence_number: index })));
    this.startStream(res);
    const completed = await this.writeBlocks(res, blocks, reply.chunkDelayMs ?? 0, reply.cutAfterBytes);
    if (!completed) return;
    if (stallAfter !== undefined) return; // keep the connection open and silent
    if (!reply.midStreamError && request.store !== false) {
      const response = plan.finalResponse;
      this.stored.set(String(response.id), {
        id: String(response.id),
        previousId: typeof request.previous_response_id === 'string' ? request.previous_response_id : undefined,
        input: normalizeInput(request.input),
        output: response.output as unknown[],
      });
    }
    res.end();
  }

  private startStream(res: http.ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': `req_${randomBytes(16).toString('hex')}`,
      'openai-processing-ms': '42',
    });
    res.flushHeaders();
  }

  /** Writes SSE blocks; false when the stream was cut or the client went away. */
  private async writeBlocks(res: http.ServerResponse, blocks: string[], delayMs: number, cutAfterBytes?: number): Promise<boolean> {
    let written = 0;
    for (const block of blocks) {
      if (res.destroyed) return false;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (res.destroyed) return false;
      const bytes = Buffer.from(block, 'utf8');
      if (cutAfterBytes !== undefined && written + bytes.length >= cutAfterBytes) {
        const head = bytes.subarray(0, Math.max(0, cutAfterBytes - written));
        (res as { serverCut?: boolean }).serverCut = true;
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

  private async serveRecording(reply: RecordingReply, res: http.ServerResponse): Promise<void> {
    const file = path.isAbsolute(reply.file) ? reply.file : path.join(this.options.recordingsDir ?? defaultRecordingsDir(), reply.file);
    const text = readFileSync(file, 'utf8');
    const blocks = recordingBlocks(file, text);
    if (blocks === 'http-body') {
      const status = 400;
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${randomBytes(16).toString('hex')}` });
      res.end(text);
      return;
    }
    const selected = reply.part === undefined ? blocks.map((block) => block.raw) : splitResponses(blocks)[reply.part];
    if (!selected) throw new Error(`fake server: ${reply.file} has no response number ${String(reply.part)}`);
    this.startStream(res);
    if (await this.writeBlocks(res, selected, reply.chunkDelayMs ?? 0, reply.cutAfterBytes)) res.end();
  }

  private sendError(res: http.ServerResponse, status: number, error: ScriptedError, headers: Record<string, string> = {}): void {
    this.sendJson(res, status, { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } }, headers);
  }

  private sendJson(res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
    const body = JSON.stringify(payload, null, 2);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-request-id': `req_${randomBytes(16).toString('hex')}`,
      ...headers,
    });
    res.end(body);
  }

  /** Builds the full event list of a scripted answer (sequence numbers are added when written). */
  private plan(reply: StreamReply, request: JsonRecord): PlannedStream {
    const responseId = newId('resp');
    const createdAt = Math.floor(Date.now() / 1000);
    const includeEncrypted = Array.isArray(request.include) && request.include.includes('reasoning.encrypted_content');
    const incomplete = reply.status === 'incomplete';
    const reasoningParam = asRecord(request.reasoning) ?? {};
    const textParam = asRecord(request.text) ?? {};
    const summaryRequested = typeof reasoningParam.summary === 'string' && reasoningParam.summary.length > 0;
    const responseShell = (status: string, output: unknown[], usage: unknown): JsonRecord => ({
      id: responseId,
      object: 'response',
      created_at: createdAt,
      status,
      background: false,
      error: null,
      incomplete_details: status === 'incomplete' ? { reason: reply.incompleteReason ?? 'max_output_tokens' } : null,
      instructions: request.instructions ?? null,
      max_output_tokens: request.max_output_tokens ?? null,
      max_tool_calls: null,
      model: request.model,
      output,
      parallel_tool_calls: true,
      previous_response_id: request.previous_response_id ?? null,
      prompt_cache_key: null,
      reasoning: { effort: reasoningParam.effort ?? 'medium', summary: reasoningParam.summary ?? null },
      safety_identifier: null,
      service_tier: 'default',
      store: request.store !== false,
      temperature: 1,
      text: { format: { type: 'text' }, verbosity: textParam.verbosity ?? 'medium' },
      tool_choice: request.tool_choice ?? 'auto',
      tools: request.tools ?? [],
      top_logprobs: 0,
      top_p: 1,
      truncation: 'disabled',
      usage,
      user: null,
      metadata: {},
    });

    const events: JsonRecord[] = [];
    events.push({ type: 'response.created', response: responseShell('in_progress', [], null) });
    events.push({ type: 'response.in_progress', response: responseShell('in_progress', [], null) });
    const output: JsonRecord[] = [];
    let outputChars = 0;
    let hasReasoning = false;

    reply.output.forEach((scripted, outputIndex) => {
      const last = outputIndex === reply.output.length - 1;
      switch (scripted.type) {
        case 'message':
        case 'refusal': {
          const id = newId('msg');
          const isRefusal = scripted.type === 'refusal';
          const full = isRefusal ? scripted.refusal : scripted.text;
          outputChars += full.length;
          const phase = scripted.type === 'message' && scripted.phase ? { phase: scripted.phase } : {};
          events.push({
            type: 'response.output_item.added',
            output_index: outputIndex,
            item: { id, type: 'message', status: 'in_progress', content: [], ...phase, role: 'assistant' },
          });
          const emptyPart = isRefusal ? { type: 'refusal', refusal: '' } : { type: 'output_text', annotations: [], logprobs: [], text: '' };
          const fullPart = isRefusal ? { type: 'refusal', refusal: full } : { type: 'output_text', annotations: [], logprobs: [], text: full };
          events.push({ type: 'response.content_part.added', item_id: id, output_index: outputIndex, content_index: 0, part: emptyPart });
          for (const delta of splitIntoChunks(full, scripted.chunks)) {
            events.push(
              isRefusal
                ? { type: 'response.refusal.delta', item_id: id, output_index: outputIndex, content_index: 0, delta, obfuscation: obfuscation(delta) }
                : {
                    type: 'response.output_text.delta',
                    item_id: id,
                    output_index: outputIndex,
                    content_index: 0,
                    delta,
                    logprobs: [],
                    obfuscation: obfuscation(delta),
                  },
            );
          }
          events.push(
            isRefusal
              ? { type: 'response.refusal.done', item_id: id, output_index: outputIndex, content_index: 0, refusal: full }
              : { type: 'response.output_text.done', item_id: id, output_index: outputIndex, content_index: 0, text: full, logprobs: [] },
          );
          events.push({ type: 'response.content_part.done', item_id: id, output_index: outputIndex, content_index: 0, part: fullPart });
          const item = { id, type: 'message', status: incomplete && last ? 'incomplete' : 'completed', content: [fullPart], ...phase, role: 'assistant' };
          events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
          output.push(item);
          return;
        }
        case 'reasoning': {
          hasReasoning = true;
          // Like the real API, summaries stream only when the request asked for them.
          const summary = summaryRequested ? scripted.summary : [];
          const id = newId('rs');
          const encrypted = includeEncrypted ? { encrypted_content: scripted.encryptedContent ?? `gAAAAAB${randomBytes(96).toString('base64url')}` } : {};
          events.push({ type: 'response.output_item.added', output_index: outputIndex, item: { id, type: 'reasoning', ...encrypted, summary: [] } });
          summary.forEach((text, summaryIndex) => {
            events.push({
              type: 'response.reasoning_summary_part.added',
              item_id: id,
              output_index: outputIndex,
              summary_index: summaryIndex,
              part: { type: 'summary_text', text: '' },
            });
            for (const delta of splitIntoChunks(text, scripted.chunks)) {
              events.push({
                type: 'response.reasoning_summary_text.delta',
                item_id: id,
                output_index: outputIndex,
                summary_index: summaryIndex,
                delta,
                obfuscation: obfuscation(delta),
              });
            }
            events.push({ type: 'response.reasoning_summary_text.done', item_id: id, output_index: outputIndex, summary_index: summaryIndex, text });
            events.push({
              type: 'response.reasoning_summary_part.done',
              item_id: id,
              output_index: outputIndex,
              summary_index: summaryIndex,
              part: { type: 'summary_text', text },
            });
          });
          const item = { id, type: 'reasoning', ...encrypted, summary: summary.map((text) => ({ type: 'summary_text', text })) };
          events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
          output.push(item);
          return;
        }
        case 'custom_tool_call':
        case 'function_call': {
          const isCustom = scripted.type === 'custom_tool_call';
          const id = newId(isCustom ? 'ctc' : 'fc');
          const callId = scripted.callId ?? `call_${randomToken(24)}`;
          const full = isCustom ? scripted.input : scripted.arguments;
          outputChars += full.length;
          const field = isCustom ? 'input' : 'arguments';
          events.push({
            type: 'response.output_item.added',
            output_index: outputIndex,
            item: { id, type: scripted.type, status: 'in_progress', call_id: callId, [field]: '', name: scripted.name },
          });
          const deltaType = isCustom ? 'response.custom_tool_call_input.delta' : 'response.function_call_arguments.delta';
          for (const delta of splitIntoChunks(full, scripted.chunks)) {
            events.push({ type: deltaType, item_id: id, output_index: outputIndex, delta, obfuscation: obfuscation(delta) });
          }
          events.push({
            type: isCustom ? 'response.custom_tool_call_input.done' : 'response.function_call_arguments.done',
            item_id: id,
            output_index: outputIndex,
            [field]: full,
          });
          const item = { id, type: scripted.type, status: 'completed', call_id: callId, [field]: full, name: scripted.name };
          events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
          output.push(item);
          return;
        }
      }
    });

    const scriptedUsage = reply.usage ?? {};
    const inputTokens = scriptedUsage.inputTokens ?? Math.max(1, Math.ceil(JSON.stringify(request.input ?? '').length / 4));
    const reasoningTokens = scriptedUsage.reasoningTokens ?? (hasReasoning ? 64 : 0);
    const outputTokens = scriptedUsage.outputTokens ?? Math.ceil(outputChars / 4) + reasoningTokens;
    const usage = {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: scriptedUsage.cachedTokens ?? 0 },
      output_tokens: outputTokens,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
      total_tokens: inputTokens + outputTokens,
    };
    const finalResponse = responseShell(incomplete ? 'incomplete' : 'completed', output, usage);
    events.push({ type: incomplete ? 'response.incomplete' : 'response.completed', response: finalResponse });
    return { events, finalResponse };
  }
}

/** String input becomes one user message, as the real API treats it. */
function normalizeInput(input: unknown): unknown[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  return Array.isArray(input) ? input : [];
}
