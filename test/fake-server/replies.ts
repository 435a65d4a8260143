// What a test scripts: the replies the fake Responses server gives, one per request, and what a
// responder sees of the request it answers.
import type { JsonRecord } from './json';

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
  | { type: 'function_call'; name: string; arguments: string; chunks?: number | string[]; callId?: string }
  /** The built-in `apply_patch` tool's call. The operation goes out as scripted (a test may script
   *  a malformed one); with `diffChunks` its diff also streams as
   *  `response.apply_patch_call_operation_diff.delta` events, then `.done`. */
  | { type: 'apply_patch_call'; operation: ScriptedPatchOperation; callId?: string; diffChunks?: number | string[] }
  /** A server-side compaction (`context_management`): the opaque item, added and done at once. */
  | { type: 'compaction'; id: string; encryptedContent: string };

/** `operation` of an `apply_patch_call`: `diff` (V4A) for create_file and update_file. */
export interface ScriptedPatchOperation {
  type: 'create_file' | 'update_file' | 'delete_file' | (string & {});
  path: string;
  diff?: string;
}

export interface ScriptedUsage {
  inputTokens?: number;
  cachedTokens?: number;
  /** `input_tokens_details.cache_write_tokens`: input written to the prompt cache. */
  cacheWriteTokens?: number;
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

/** How the bytes of a streamed answer go out. */
export interface StreamDelivery {
  /** Pause between events. */
  chunkDelayMs?: number;
  /** Destroy the socket after this many body bytes. */
  cutAfterBytes?: number;
  /** Destroy the socket after this many whole events (however large they are). */
  cutAfterEvents?: number;
}

/** A streamed answer planned from its output items (streamPlan.ts), optionally with a fault part-way. */
export interface StreamReply extends StreamDelivery {
  kind?: 'stream';
  output: ScriptedItem[];
  usage?: ScriptedUsage;
  /** 'incomplete' ends with `response.incomplete` (reason default max_output_tokens). */
  status?: 'completed' | 'incomplete';
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  /** After this many events: a mid-stream `error` event (nested payload), then `response.failed`. */
  midStreamError?: { afterEvents: number; error: ScriptedError };
  /** Send this many events (0: headers only), then go silent with the connection open. */
  stallAfterEvents?: number;
}

/**
 * Exactly these events, in this order: for wire shapes the planner does not make (unknown event
 * types, gaps, items out of order). Each event gets `sequence_number` = its index unless it has
 * one. A final `response.completed`/`response.incomplete` is stored (unless `store: false`) so
 * later requests can continue it.
 */
export interface EventsReply extends StreamDelivery {
  kind: 'events';
  events: JsonRecord[];
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
export interface RecordingReply extends StreamDelivery {
  kind: 'recording';
  file: string;
  part?: number;
}

export type FakeReply = StreamReply | EventsReply | HttpErrorReply | RecordingReply;

/** What a responder sees: the request, and the stored conversation it continues. */
export interface ResponderContext {
  request: RecordedRequest;
  body: Record<string, unknown>;
  /** Input items of the stored chain (oldest first) followed by this request's own input. */
  conversation: unknown[];
}

export type FakeResponder = (context: ResponderContext) => FakeReply | Promise<FakeReply>;

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
