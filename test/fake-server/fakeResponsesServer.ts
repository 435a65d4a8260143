// A fake OpenAI Responses API: a real HTTP server on 127.0.0.1 that speaks the wire as
// docs/responses-wire.md describes it, scripted per test, stateful like the real API (stored
// responses, previous_response_id, tool-output checks), with faults on demand, and a recorder of
// every request so tests assert what was actually sent.
//
// Where things live: replies.ts (what a test scripts), streamPlan.ts (a scripted answer → the
// events the real API would send), responseStore.ts (stored responses and request checks),
// wireWriter.ts (SSE framing, error bodies, cuts and pauses), recordings.ts (replaying captures).
// A new endpoint (e.g. GET /v1/responses/{id}) is a route in `handle`; a new reply kind a case in `serve`.
import { backgroundRoute, BackgroundJobs } from './backgroundJobs';
import {
  compactedResponse,
  compactionItemError,
  compactionItemFor,
  compactRequestError,
  compactThresholdOf,
  COMPACT_PATH,
  contextLengthError,
  estimateTokens,
  REAL_CONTEXT_WINDOWS,
  UNKNOWN_CONTEXT_MANAGEMENT,
  visibleConversation,
} from './contextWindow';
import { imageInputError } from './imageInputs';
import { modelParameterError, REAL_API_MODEL_RULES, type ModelRule } from './modelRules';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { asRecord, type JsonRecord } from './json';
import { defaultRecordingsDir, recordingBlocks, splitResponses } from './recordings';
import { httpErrorReply, type FakeReply, type FakeResponder, type RecordedRequest, type RecordingReply, type ResponderContext, type ScriptedError, type StreamDelivery } from './replies';
import { ResponseStore } from './responseStore';
import { planFromEvents, planStream, type StreamPlan } from './streamPlan';
import { frameEvents, sendError, sendJson, sendRawJson, startStream, wasCutByServer, writeBlocks } from './wireWriter';

export * from './replies';

export interface FakeServerOptions {
  /** 0 (default): a random free port. */
  port?: number;
  /** When set, only `Bearer <expectedApiKey>` is accepted; otherwise any non-empty key. */
  expectedApiKey?: string;
  /** Answers when the queue is empty (demo mode). Default: a 500 saying nothing was queued. */
  defaultResponder?: FakeResponder;
  /** Where `recording` replies are read from; default test/fixtures/wire-recordings. */
  recordingsDir?: string;
  /** What each model refuses, keyed by model name; merged over the real API's rules (modelRules.ts). */
  modelRules?: Record<string, ModelRule>;
  /** Act as an organization with Zero Data Retention: nothing is stored, and a request naming a
   *  previous response gets the API's 400 for that. */
  zeroDataRetention?: boolean;
  /** What `GET /v1/models` lists; null answers 404, as proxies without a model list do. */
  models?: string[] | null;
  /** Pace (or cut) of resumed background streams. */
  resumeDelivery?: StreamDelivery;
  /** Context windows (tokens, estimated at 4 characters each) per model, merged over the real
   *  models' (contextWindow.ts); a request that does not fit gets `context_length_exceeded`. */
  contextWindows?: Record<string, number>;
  /** false: `POST /v1/responses/compact` answers 404, as an endpoint without compaction does. */
  compaction?: boolean;
  /** false: `context_management` is refused as an unknown parameter, as an endpoint without server-side compaction does. */
  contextManagement?: boolean;
}

/** A scripted answer with a server-side compaction first; its usage counts the compacted input. */
function withCompaction(reply: FakeReply, item: JsonRecord, inputTokens: number): FakeReply {
  if (reply.kind !== undefined && reply.kind !== 'stream') return reply;
  const scripted = { type: 'compaction' as const, id: String(item.id), encryptedContent: String(item.encrypted_content) };
  return { ...reply, output: [scripted, ...reply.output], usage: { ...reply.usage, inputTokens: reply.usage?.inputTokens ?? inputTokens } };
}

/** A key's model list as OpenAI returns it, trimmed to a few kinds. */
const DEFAULT_MODEL_IDS = ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-5.1', 'gpt-5.1-codex', 'gpt-4.1', 'o3', 'text-embedding-3-small', 'whisper-1', 'gpt-image-1', 'tts-1'];
const MODELS_PATH = /^\/v1\/models\/?(\?.*)?$/;

const RESPONSES_PATH = /^\/v1\/responses\/?(\?.*)?$/;

/** The 401 the real API gives for a missing or wrong key; undefined when the key is accepted. */
function authorizationError(authorization: string, expectedApiKey: string | undefined): ScriptedError | undefined {
  const key = /^Bearer (.+)$/.exec(authorization)?.[1]?.trim() ?? '';
  if (key.length > 0 && (expectedApiKey === undefined || key === expectedApiKey)) return undefined;
  const masked = key.length > 4 ? `${'*'.repeat(Math.min(key.length - 4, 20))}${key.slice(-4)}` : '****';
  return {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message:
      key.length === 0
        ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
        : `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    param: null,
  };
}

export class FakeResponsesServer {
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  readonly baseURL: string;
  private readonly queue: FakeReply[] = [];
  private readonly store: ResponseStore;
  private readonly sockets = new Set<Socket>();
  private readonly closeWaiters = new Map<number, (() => void)[]>();
  private readonly openResponses = new Set<http.ServerResponse>();
  /** Responses created with `background: true`, for resuming and cancelling. */
  readonly background = new BackgroundJobs();
  /** How many compactions this server made (their ids count up). */
  private compactions = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly options: FakeServerOptions,
  ) {
    this.store = new ResponseStore(options.zeroDataRetention);
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
          sendJson(res, 500, { error: { message: `fake server failure: ${String(err)}`, type: 'server_error', param: null, code: null } });
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

  /** Drops the replies no request used yet (what a failed test left queued), and says how many. */
  discardPendingReplies(): number {
    return this.queue.splice(0).length;
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
    return this.store.has(id);
  }

  async close(): Promise<void> {
    for (const res of this.openResponses) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const record = await this.record(req, res);
    if (record.method === 'GET' && MODELS_PATH.test(record.path) && this.options.models !== null) {
      const unauthorized = authorizationError(record.headers.authorization ?? '', this.options.expectedApiKey);
      if (unauthorized) return sendError(res, 401, unauthorized);
      const data = (this.options.models ?? DEFAULT_MODEL_IDS).map((id) => ({ id, object: 'model', created: 1754524800, owned_by: 'system' }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data }));
      return;
    }
    const route = backgroundRoute(record.method, record.path);
    if (route) {
      const unauthorized = authorizationError(record.headers.authorization ?? '', this.options.expectedApiKey);
      if (unauthorized) return sendError(res, 401, unauthorized);
      return this.serveBackground(route, res);
    }
    if (record.method === 'POST' && COMPACT_PATH.test(record.path) && this.options.compaction !== false) {
      const unauthorized = authorizationError(record.headers.authorization ?? '', this.options.expectedApiKey);
      if (unauthorized) return sendError(res, 401, unauthorized);
      return this.compact(record, res);
    }
    if (record.method !== 'POST' || !RESPONSES_PATH.test(record.path)) {
      sendError(res, 404, { type: 'invalid_request_error', code: null, message: `Invalid URL (${record.method} ${record.path})`, param: null });
      return;
    }
    const unauthorized = authorizationError(record.headers.authorization ?? '', this.options.expectedApiKey);
    if (unauthorized) {
      sendError(res, 401, unauthorized);
      return;
    }
    await this.createResponse(record, res);
  }

  /** Reads the request and adds it to `requests`; notices when the client hangs up early. */
  private async record(req: http.IncomingMessage, res: http.ServerResponse): Promise<RecordedRequest> {
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
      if (!res.writableFinished && !wasCutByServer(res)) {
        record.clientClosedEarly = true;
        for (const resolve of this.closeWaiters.get(record.index) ?? []) resolve();
        this.closeWaiters.delete(record.index);
      }
    });
    return record;
  }

  /** POST /v1/responses: checks the request, then answers with the next queued reply. */
  private async createResponse(record: RecordedRequest, res: http.ServerResponse): Promise<void> {
    const request = asRecord(record.body);
    if (!request) {
      sendError(res, 400, {
        type: 'invalid_request_error',
        code: null,
        message: 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly.)',
        param: null,
      });
      return;
    }
    const invalid =
      this.store.validate(request) ?? modelParameterError(request, { ...REAL_API_MODEL_RULES, ...this.options.modelRules }) ?? imageInputError(request) ?? compactionItemError(request.input);
    if (invalid) {
      sendError(res, 400, invalid);
      return;
    }
    const conversation = this.store.conversationOf(request);
    const window = this.contextWindowOf(request.model);
    const management = this.options.contextManagement === false && request.context_management !== undefined ? { error: UNKNOWN_CONTEXT_MANAGEMENT } : compactThresholdOf(request, window);
    if (management.error) return sendError(res, 400, management.error);
    const compaction = this.compactServerSide(request, conversation, management.threshold);
    const seen = compaction ? [...conversation, compaction] : conversation;
    const tooLong = contextLengthError(request, seen, window);
    if (tooLong) return sendError(res, 400, tooLong);
    const reply = this.queue.shift() ?? (await this.defaultReply({ request: record, body: request, conversation }));
    await this.serve(compaction ? withCompaction(reply, compaction, estimateTokens(visibleConversation(seen), request.instructions)) : reply, request, res);
  }

  /** The compaction item of a request whose conversation passed its `compact_threshold`, or undefined. */
  private compactServerSide(request: JsonRecord, conversation: readonly unknown[], threshold: number | undefined): JsonRecord | undefined {
    if (threshold === undefined || estimateTokens(visibleConversation(conversation), request.instructions) <= threshold) return undefined;
    this.compactions += 1;
    return compactionItemFor(conversation, this.compactions);
  }

  private contextWindowOf(model: unknown): number | undefined {
    const windows: Record<string, number> = { ...REAL_CONTEXT_WINDOWS, ...this.options.contextWindows };
    return windows[String(model).replace(/-\d{4}-\d{2}-\d{2}$/, '')];
  }

  /** POST /v1/responses/compact: the conversation (input and/or a stored chain) compacted. */
  private compact(record: RecordedRequest, res: http.ServerResponse): void {
    const body = asRecord(record.body) ?? {};
    const invalid = compactRequestError(body) ?? this.store.previousResponseError(body);
    if (invalid) return sendError(res, 400, invalid);
    this.compactions += 1;
    sendJson(res, 200, compactedResponse(this.store.conversationOf(body), body.instructions, this.compactions));
  }

  private async defaultReply(context: ResponderContext): Promise<FakeReply> {
    if (this.options.defaultResponder) return this.options.defaultResponder(context);
    // x-should-retry: false, so a forgotten reply shows up as one failed request, not three.
    return httpErrorReply(500, {
      message: 'fake server: no reply was queued for this request (enqueue one in the test).',
      headers: { 'x-should-retry': 'false' },
    });
  }

  private async serve(reply: FakeReply, request: JsonRecord, res: http.ServerResponse): Promise<void> {
    switch (reply.kind) {
      case 'http-error':
        sendError(res, reply.status, reply.error, reply.headers);
        return;
      case 'recording':
        await this.serveRecording(reply, res);
        return;
      case 'events':
        await this.streamPlan(planFromEvents(reply.events), reply, request, res);
        return;
      case undefined:
      case 'stream':
        await this.streamPlan(planStream(reply, request), reply, request, res);
        return;
    }
  }

  /** Sends a plan's events; stores the response once the stream has ended normally. */
  private async streamPlan(plan: StreamPlan, delivery: StreamDelivery, request: JsonRecord, res: http.ServerResponse): Promise<void> {
    const blocks = frameEvents(plan.events);
    const responseId = String(asRecord(asRecord(plan.events[0])?.response)?.id ?? '');
    if (request.background === true && responseId !== '') {
      // A background response is finished server-side whatever happens to this connection.
      this.background.add(responseId, blocks, plan.finalResponse);
      if (plan.finalResponse) this.store.remember(request, plan.finalResponse);
    }
    startStream(res);
    if (!(await writeBlocks(res, blocks, delivery))) return;
    if (plan.stall) return; // keep the connection open and silent
    if (plan.finalResponse) this.store.remember(request, plan.finalResponse);
    res.end();
  }

  /** Resume (GET, streaming from a sequence number), retrieve (GET) or cancel (POST …/cancel). */
  private async serveBackground(route: NonNullable<ReturnType<typeof backgroundRoute>>, res: http.ServerResponse): Promise<void> {
    const notFound = { type: 'invalid_request_error', code: null, param: null, message: `Response with id '${route.id}' not found.` };
    if (route.cancel) {
      const cancelled = this.background.cancel(route.id);
      if (cancelled) return sendJson(res, 200, cancelled);
      if (this.store.has(route.id)) {
        return sendError(res, 400, { type: 'invalid_request_error', code: null, param: null, message: 'Only responses created with background=true can be cancelled.' });
      }
      return sendError(res, 404, notFound);
    }
    const blocks = this.background.blocksAfter(route.id, route.startingAfter);
    if (!blocks) return sendError(res, 404, notFound);
    if (!route.stream) return sendJson(res, 200, this.background.final(route.id) ?? {});
    startStream(res);
    if (await writeBlocks(res, blocks, this.options.resumeDelivery ?? {})) res.end();
  }

  private async serveRecording(reply: RecordingReply, res: http.ServerResponse): Promise<void> {
    const file = path.isAbsolute(reply.file) ? reply.file : path.join(this.options.recordingsDir ?? defaultRecordingsDir(), reply.file);
    const text = readFileSync(file, 'utf8');
    const blocks = recordingBlocks(file, text);
    if (blocks === 'http-body') {
      sendRawJson(res, 400, text);
      return;
    }
    const selected = reply.part === undefined ? blocks.map((block) => block.raw) : splitResponses(blocks)[reply.part];
    if (!selected) throw new Error(`fake server: ${reply.file} has no response number ${String(reply.part)}`);
    startStream(res);
    if (await writeBlocks(res, selected, reply)) res.end();
  }
}
