// Runs one streamed response through the official SDK: feeds the raw events to the reducer,
// forwards product events, enforces an idle timeout the SDK does not have, tells a user
// abort from an idle abort, and turns every failure into a `CodewrightError` while keeping
// whatever text already arrived.
import OpenAI, { APIConnectionError, APIError } from 'openai';
import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';
import { CodewrightError, idleTimeoutError, noApiKeyError, streamFailureError, toCodewrightError } from './errors';
import { ResponseStreamReducer, type ReducedResponse, type ResponseStreamEvent } from './streamReducer';

export interface ResponsesClientOptions {
  apiKey: string;
  /** Empty or undefined means OpenAI (`https://api.openai.com/v1`). */
  baseURL?: string;
  /** SDK retries of the initial request (connection errors, 408/409/429/5xx). Default 2. */
  maxRetries?: number;
  /** How long to wait for the response headers. Default 10 minutes (the SDK's). */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * The part of the SDK client Codewright calls. The extension bundle ships only these API resources
 * (OPENAI_RESOURCES_USED in build/openaiTrim.mjs; every other one throws there), so code that needs
 * another resource fails the type check until it is added to both.
 */
export type ResponsesClient = Pick<OpenAI, 'responses' | 'models' | 'apiKey' | 'baseURL'>;

/** The SDK client for one key and endpoint. Throws a `no-api-key` error for an empty key. */
export function createResponsesClient(options: ResponsesClientOptions): ResponsesClient {
  if (options.apiKey.trim().length === 0) throw noApiKeyError();
  return new OpenAI({
    apiKey: options.apiKey,
    // Passed explicitly so that an OPENAI_BASE_URL in the environment never redirects the key.
    baseURL: options.baseURL && options.baseURL.trim().length > 0 ? options.baseURL.trim() : OPENAI_BASE_URL,
    maxRetries: options.maxRetries ?? 2,
    ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

export type ResponseOutcomeStatus = 'completed' | 'incomplete' | 'failed' | 'aborted' | 'error';

/** What the stream produced — everything the model wrote, also when the stream broke, stalled
 *  or was stopped — and how the request ended. */
export interface ResponseOutcome
  extends Pick<ReducedResponse, 'responseId' | 'text' | 'reasoning' | 'refusal' | 'toolCalls' | 'usage' | 'output' | 'incompleteReason'> {
  status: ResponseOutcomeStatus;
  /** Set for 'failed', 'error' and 'aborted'. */
  error?: CodewrightError;
  /** How often a dropped background stream was picked up again where it stopped. */
  resumed?: number;
}

/** A background response whose stream drops is streamed again from its last event this often. */
export const MAX_STREAM_RESUMES = 3;

export interface RunResponseOptions {
  signal?: AbortSignal;
  /** Abort when no event arrives for this long after the response headers. */
  idleTimeoutMs: number;
  onEvent?: (event: ResponseStreamEvent) => void;
  /** Redacted from error messages (default: the client's key). */
  apiKey?: string;
  /** Named in network errors (default: the client's base URL). */
  baseURL?: string;
}

/** Idle watchdog that costs nothing per event: events only stamp a time, and the single
 *  timer re-arms itself for the remaining time when it fires early. */
class IdleWatchdog {
  private last = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  fired = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
  ) {}

  start(): void {
    this.last = Date.now();
    this.arm(this.timeoutMs);
  }

  touch(): void {
    this.last = Date.now();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      const idleFor = Date.now() - this.last;
      if (idleFor >= this.timeoutMs) {
        this.fired = true;
        this.timer = undefined;
        this.onIdle();
      } else {
        this.arm(this.timeoutMs - idleFor);
      }
    }, delay);
  }
}

function isStreamErrorEvent(err: unknown): err is APIError {
  return err instanceof APIError && err.status === undefined && !(err instanceof APIConnectionError) && err.error !== undefined;
}

/** Streams one response. Never throws: every failure is in the outcome. */
export async function runResponse(
  client: ResponsesClient,
  params: ResponseCreateParamsStreaming,
  options: RunResponseOptions,
): Promise<ResponseOutcome> {
  const onEvent = options.onEvent ?? (() => undefined);
  const reducer = new ResponseStreamReducer(onEvent);
  // The client's own key is redacted too, so callers cannot forget to pass it.
  const context = { apiKey: options.apiKey ?? client.apiKey ?? undefined, model: params.model, baseURL: options.baseURL ?? client.baseURL };
  const requestAbort = new AbortController();
  const watchdog = new IdleWatchdog(options.idleTimeoutMs, () => requestAbort.abort());
  const userSignal = options.signal;
  const onUserAbort = () => requestAbort.abort();
  userSignal?.addEventListener('abort', onUserAbort, { once: true });
  if (userSignal?.aborted) requestAbort.abort();

  let thrown: unknown;
  let phase = 'connect' as 'connect' | 'stream';
  let lastSequence = -1;
  let resumed = 0;
  let errorEvent = false;
  const consume = async (stream: AsyncIterable<unknown>) => {
    phase = 'stream';
    watchdog.start();
    for await (const raw of stream) {
      // Events already buffered when the user pressed stop are not shown.
      if (requestAbort.signal.aborted) break;
      watchdog.touch();
      const sequence = (raw as { sequence_number?: unknown }).sequence_number;
      if (typeof sequence === 'number') {
        // A resumed stream never shows an event twice.
        if (sequence <= lastSequence) continue;
        lastSequence = sequence;
      }
      reducer.push(raw);
      // A flat `error` event ({type, code, message, param}) does not make the SDK throw; it ends the answer too.
      errorEvent = (raw as { type?: unknown }).type === 'error';
      if (reducer.finished || errorEvent) break;
    }
  };
  try {
    await consume(await client.responses.create(params, { signal: requestAbort.signal }));
  } catch (err) {
    thrown = err;
  }
  // A background response goes on server-side when the connection drops: pick it up again
  // from the last event seen instead of losing the rest of the answer.
  const responseId = () => reducer.snapshot().responseId;
  while (
    params.background === true &&
    !reducer.finished &&
    !errorEvent &&
    !requestAbort.signal.aborted &&
    !isStreamErrorEvent(thrown) &&
    phase === 'stream' &&
    responseId() !== undefined &&
    resumed < MAX_STREAM_RESUMES
  ) {
    resumed++;
    thrown = undefined;
    try {
      const query = { stream: true as const, ...(lastSequence >= 0 ? { starting_after: lastSequence } : {}) };
      await consume(await client.responses.retrieve(responseId() as string, query, { signal: requestAbort.signal }));
    } catch (err) {
      thrown = err;
    }
  }
  // The SDK throws at a mid-stream `error` event; give the reducer the event it swallowed
  // so listeners see the same `error` event as with any other stream.
  if (isStreamErrorEvent(thrown)) reducer.push({ type: 'error', error: thrown.error });
  watchdog.stop();
  userSignal?.removeEventListener('abort', onUserAbort);
  // Stop must also stop the work (and the bill) of a background response, not only the stream.
  const backgroundId = responseId();
  if (params.background === true && userSignal?.aborted && backgroundId !== undefined && !reducer.finished) {
    void client.responses.cancel(backgroundId).catch(() => undefined);
  }

  const state = reducer.snapshot();
  const outcome: ResponseOutcome = {
    status: 'error',
    text: state.text,
    reasoning: state.reasoning,
    refusal: state.refusal,
    toolCalls: state.toolCalls,
    output: state.output,
  };
  if (state.responseId !== undefined) outcome.responseId = state.responseId;
  if (state.usage) outcome.usage = state.usage;
  if (resumed > 0) outcome.resumed = resumed;

  // A finished response stays finished even if a stop or a stall comes after its last event.
  if (state.status === 'completed') {
    outcome.status = 'completed';
  } else if (state.status === 'incomplete') {
    outcome.status = 'incomplete';
    if (state.incompleteReason !== undefined) outcome.incompleteReason = state.incompleteReason;
  } else if (state.status === 'failed') {
    outcome.status = 'failed';
    outcome.error = streamFailureError('response-failed', state.failure ?? {}, context);
  } else if (userSignal?.aborted) {
    outcome.status = 'aborted';
    outcome.error = new CodewrightError('aborted', 'Stopped.');
  } else if (watchdog.fired) {
    outcome.error = idleTimeoutError(options.idleTimeoutMs);
  } else if (state.streamError && (thrown === undefined || isStreamErrorEvent(thrown))) {
    // The server said what went wrong, in either shape of the event: show its message.
    outcome.error = streamFailureError('stream-error', state.streamError, context);
  } else if (thrown !== undefined) {
    outcome.error = toCodewrightError(thrown, { ...context, phase });
  } else {
    // The body ended cleanly but without a terminal event: a proxy or the server cut it.
    outcome.error = toCodewrightError(new Error('the stream ended before the response was complete'), { ...context, phase: 'stream' });
  }
  return outcome;
}

/** Keeps the SDK client of the key and endpoint in use; a new key or endpoint replaces it. */
export class ResponsesClientCache<C extends { apiKey: string; baseURL: string }> {
  private current: { key: string; client: ResponsesClient } | undefined;

  constructor(private readonly create: (connection: C) => ResponsesClient) {}

  get(connection: C): ResponsesClient {
    const key = `${connection.baseURL}\u0000${connection.apiKey}`;
    if (this.current?.key !== key) this.current = { key, client: this.create(connection) };
    return this.current.client;
  }
}
