// Product errors: every failure of a Responses API call becomes one `CodewrightError` whose
// `message` tells the user what happened and what to do, and whose `action` names the one
// command that fixes it. Messages never contain the API key.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  OpenAIError,
} from 'openai';

export type CodewrightErrorKind =
  | 'no-api-key'
  | 'auth'
  | 'forbidden'
  | 'model-not-found'
  | 'bad-request'
  | 'input-too-large'
  | 'context-length'
  | 'rate-limit'
  | 'quota'
  | 'server'
  | 'network'
  | 'stream-error'
  | 'response-failed'
  | 'stream-cut'
  | 'idle-timeout'
  | 'aborted';

export type CodewrightErrorAction = 'set-api-key' | 'retry' | 'open-settings' | 'new-chat-with-summary';

export interface CodewrightErrorDetails {
  action?: CodewrightErrorAction;
  /** HTTP status, when the server answered with one. */
  status?: number;
  /** The API's error code (e.g. `invalid_api_key`, `insufficient_quota`), when it sent one. */
  code?: string;
  /** The request parameter the API complained about (400s). */
  param?: string;
  /** How long the server asked us to wait (429), in seconds. */
  retryAfterSeconds?: number;
  /** `x-request-id` of the failed request, for support tickets. */
  requestId?: string;
}

export class CodewrightError extends Error {
  readonly kind: CodewrightErrorKind;
  readonly action?: CodewrightErrorAction;
  readonly status?: number;
  readonly code?: string;
  readonly param?: string;
  readonly retryAfterSeconds?: number;
  readonly requestId?: string;

  constructor(kind: CodewrightErrorKind, message: string, details: CodewrightErrorDetails = {}) {
    super(message);
    this.name = 'CodewrightError';
    this.kind = kind;
    this.action = details.action;
    this.status = details.status;
    this.code = details.code;
    this.param = details.param;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.requestId = details.requestId;
  }
}

/** What the mapper knows about the request that failed. */
export interface ErrorContext {
  /** The configured key: redacted from every message. */
  apiKey?: string;
  model?: string;
  /** The endpoint in use; named in network errors so a wrong proxy URL is obvious. */
  baseURL?: string;
  /** 'stream': the failure happened after the response headers arrived. */
  phase?: 'connect' | 'stream';
  idleTimeoutMs?: number;
}

const SECRET_PATTERN = /\bsk-[A-Za-z0-9_-]{8,}/g;

/** Removes anything that looks like an OpenAI key, and the configured key itself. */
export function redactSecrets(text: string, apiKey?: string): string {
  let redacted = text;
  if (apiKey && apiKey.length >= 4) redacted = redacted.split(apiKey).join('[redacted key]');
  return redacted.replace(SECRET_PATTERN, 'sk-[redacted]');
}

function describeEndpoint(baseURL: string | undefined): string {
  if (!baseURL) return 'api.openai.com';
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers && typeof (headers as Headers).get === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  return undefined;
}

/** Seconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date), rounded up. */
export function retryAfterSecondsFromHeaders(headers: unknown, now = Date.now()): number | undefined {
  const ms = headerValue(headers, 'retry-after-ms');
  if (ms !== undefined && Number.isFinite(Number.parseFloat(ms))) {
    return Math.max(0, Math.ceil(Number.parseFloat(ms) / 1000));
  }
  const after = headerValue(headers, 'retry-after');
  if (after === undefined) return undefined;
  const seconds = Number.parseFloat(after);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(after);
  if (Number.isFinite(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  return undefined;
}

interface ApiErrorBody {
  message?: string;
  code?: string;
  param?: string;
  type?: string;
}

function errorBody(error: unknown): ApiErrorBody {
  if (!error || typeof error !== 'object') return {};
  const record = error as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
  return {
    message: text(record.message),
    code: text(record.code),
    param: text(record.param),
    type: text(record.type),
  };
}

function withPeriod(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

/** The API's code when a request does not fit the model's context window, as a 400
 *  (`param: "input"`) or in a `response.failed` error. */
export const CONTEXT_LENGTH_EXCEEDED = 'context_length_exceeded';

/** The conversation outgrew the model's context window: explained, with the way on. */
export function contextLengthError(model: string | undefined, apiMessage: string | undefined, details: CodewrightErrorDetails = {}): CodewrightError {
  const which = model ? `${model}'s` : "the model's";
  const said = apiMessage ? `: ${withPeriod(apiMessage)}` : '.';
  return new CodewrightError(
    'context-length',
    `This conversation no longer fits in ${which} context window (${CONTEXT_LENGTH_EXCEEDED})${said} Start a new chat with a summary of this one to go on where you left off, or start a new chat.`,
    { ...details, code: CONTEXT_LENGTH_EXCEEDED, action: 'new-chat-with-summary' },
  );
}

/** Builds the product error for a mid-stream `error` event or a `response.failed` payload. */
export function streamFailureError(
  kind: 'stream-error' | 'response-failed',
  payload: unknown,
  context: ErrorContext = {},
): CodewrightError {
  const body = errorBody(payload);
  const apiMessage = body.message ? redactSecrets(body.message, context.apiKey) : undefined;
  const code = body.code ?? body.type;
  const lead = kind === 'stream-error' ? 'The answer stopped with an error from the API' : 'OpenAI could not finish the answer';
  if (code === CONTEXT_LENGTH_EXCEEDED) return contextLengthError(context.model, apiMessage);
  if (code === 'insufficient_quota') {
    return new CodewrightError(
      kind,
      `${lead}: your OpenAI account has no quota left. Check the plan and billing details of the account that owns this key.`,
      { code, action: 'open-settings' },
    );
  }
  if (code === 'rate_limit_exceeded') {
    return new CodewrightError(kind, `${lead}: rate limit reached${apiMessage ? ` (${withPeriod(apiMessage)})` : '.'} Wait a moment and retry.`, {
      code,
      action: 'retry',
    });
  }
  const detail = apiMessage ? `: ${withPeriod(apiMessage)}` : '.';
  return new CodewrightError(kind, `${lead}${detail}${code ? ` (${code})` : ''} Retry the request.`, {
    code,
    action: 'retry',
  });
}

/** Request parameters that come from a `codewright.*` setting, so a 400 about them is fixed there. */
const SETTINGS_PARAMS = new Set(['model', 'reasoning', 'reasoning.effort', 'reasoning.summary', 'text', 'text.verbosity', 'max_output_tokens', 'store']);

/** "(404)." or "(404: The model does not exist.)." */
function statusNote(status: number, apiMessage: string | undefined): string {
  return apiMessage ? `(${status}: ${apiMessage.trim().replace(/\.$/, '')}).` : `(${status}).`;
}

function fromStatus(err: APIError, context: ErrorContext): CodewrightError {
  const status = err.status as number;
  const body = errorBody(err.error);
  const apiMessage = body.message ? redactSecrets(body.message, context.apiKey) : undefined;
  const requestId = err.requestID ?? undefined;
  const base = { status, code: body.code, param: body.param, requestId };
  const model = context.model ? `'${context.model}'` : 'the configured model';
  if (body.code === CONTEXT_LENGTH_EXCEEDED) return contextLengthError(context.model, apiMessage, base);
  if (status === 401) {
    return new CodewrightError(
      'auth',
      `The API key was rejected (401${body.code ? ` ${body.code}` : ''}). Run "Codewright: Set API Key" to store a valid key.`,
      { ...base, action: 'set-api-key' },
    );
  }
  if (status === 403) {
    return new CodewrightError(
      'forbidden',
      `This API key is not allowed to use ${model} ${statusNote(403, apiMessage)} Check the key's project permissions or choose another model in settings.`,
      { ...base, action: 'open-settings' },
    );
  }
  if (status === 404) {
    return new CodewrightError(
      'model-not-found',
      `The model ${model} was not found ${statusNote(404, apiMessage)} Pick an available model in the codewright.model setting, or check codewright.baseURL.`,
      { ...base, action: 'open-settings' },
    );
  }
  if (status === 429) {
    if (body.code === 'insufficient_quota' || body.type === 'insufficient_quota') {
      return new CodewrightError(
        'quota',
        'Your OpenAI account has run out of quota (429 insufficient_quota). Check the plan and billing details of the account that owns this key.',
        { ...base, action: 'open-settings' },
      );
    }
    const retryAfterSeconds = retryAfterSecondsFromHeaders(err.headers);
    const wait = retryAfterSeconds !== undefined ? `Try again in ${retryAfterSeconds} s.` : 'Wait a moment and try again.';
    return new CodewrightError('rate-limit', `Rate limit reached for ${model} even after retrying (429). ${wait}`, {
      ...base,
      retryAfterSeconds,
      action: 'retry',
    });
  }
  if (status >= 500) {
    return new CodewrightError(
      'server',
      `The API had a server error ${statusNote(status, apiMessage)} This is usually temporary; retry in a moment.`,
      { ...base, action: 'retry' },
    );
  }
  const param = body.param ? ` (parameter: ${body.param})` : '';
  return new CodewrightError(
    'bad-request',
    `The API rejected the request (${status}): ${apiMessage ? withPeriod(apiMessage) : 'no details given.'}${param}`,
    { ...base, action: body.param && SETTINGS_PARAMS.has(body.param) ? 'open-settings' : undefined },
  );
}

function causeText(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 4; depth += 1) {
    if (current.message) parts.push(current.message);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') parts.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(': ');
}

/** Maps anything thrown while calling the API to a `CodewrightError`. */
export function toCodewrightError(err: unknown, context: ErrorContext = {}): CodewrightError {
  if (err instanceof CodewrightError) return err;
  const endpoint = describeEndpoint(context.baseURL);
  if (err instanceof APIUserAbortError) {
    return new CodewrightError('aborted', 'Stopped.');
  }
  if (err instanceof APIConnectionTimeoutError) {
    return new CodewrightError('network', `${endpoint} did not answer in time. Check your connection and retry.`, {
      action: 'retry',
    });
  }
  if (err instanceof APIConnectionError) {
    const detail = redactSecrets(causeText((err as { cause?: unknown }).cause), context.apiKey);
    return new CodewrightError(
      'network',
      `Could not reach ${endpoint}${detail ? ` (${detail})` : ''}. Check your network connection and the codewright.baseURL setting, then retry.`,
      { action: 'retry' },
    );
  }
  if (err instanceof APIError) {
    if (typeof err.status === 'number') return fromStatus(err, context);
    // A status-less APIError that is not a connection error is the SDK's rendering of a
    // mid-stream `error` event: its `error` field is the event's nested payload.
    return streamFailureError('stream-error', err.error ?? { message: err.message }, context);
  }
  if (err instanceof OpenAIError && /api key|credentials/i.test(err.message)) {
    return new CodewrightError('no-api-key', 'No OpenAI API key is set. Run "Codewright: Set API Key" or set OPENAI_API_KEY.', {
      action: 'set-api-key',
    });
  }
  const detail = redactSecrets(causeText(err) || String(err), context.apiKey);
  if (context.phase === 'stream') {
    return new CodewrightError(
      'stream-cut',
      `The connection to ${endpoint} broke while the answer was streaming (${detail}). The partial answer is kept; retry to get the rest.`,
      { action: 'retry' },
    );
  }
  return new CodewrightError('network', `The request to ${endpoint} failed (${detail}). Check your connection and retry.`, {
    action: 'retry',
  });
}

/** Why the API refused a request's `previous_response_id`, if that is what the error says:
 *  the response is gone (expired, deleted, another server) or the organization keeps no data
 *  (Zero Data Retention). Either way the conversation can continue by being resent. */
export function previousResponseRefusal(error: CodewrightError | undefined): 'not-found' | 'zero-data-retention' | undefined {
  if (!error) return undefined;
  if (/previous response cannot be used for this organization/i.test(error.message)) return 'zero-data-retention';
  if (error.code === 'previous_response_not_found' || /previous response with id \S+ not found/i.test(error.message)) return 'not-found';
  return undefined;
}

/** The error for a stream that sent nothing for `idleTimeoutMs`. */
export function idleTimeoutError(idleTimeoutMs: number): CodewrightError {
  const seconds = Math.round(idleTimeoutMs / 100) / 10;
  return new CodewrightError(
    'idle-timeout',
    `The answer stalled: nothing arrived for ${seconds} s, so the request was stopped. Retry, or raise codewright.idleTimeoutSeconds if answers often pause this long.`,
    { action: 'retry' },
  );
}

export function noApiKeyError(): CodewrightError {
  return new CodewrightError('no-api-key', 'No OpenAI API key is set. Run "Codewright: Set API Key" or set OPENAI_API_KEY.', {
    action: 'set-api-key',
  });
}
