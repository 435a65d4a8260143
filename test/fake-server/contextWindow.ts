// Context windows and compaction as the real API has them:
// - A request whose conversation (the stored chain plus its own input and instructions) does not
//   fit the model's context window is refused before any event with the API's 400:
//     {"error":{"message":"Your input exceeds the context window of this model. Please adjust your
//      input and try again.","type":"invalid_request_error","param":"input","code":"context_length_exceeded"}}
// - `POST /v1/responses/compact` (openai-node 6.x `client.responses.compact`) takes `model` and
//   `input` and/or `previous_response_id` (+ `instructions`, `prompt_cache_key`) and answers a
//   `response.compaction` object: `output` = every user message of the conversation followed by a
//   single `{type: "compaction", id, encrypted_content}` item, with `usage`. The compaction item is
//   opaque; sent back as input it stands for everything it replaced, in far fewer tokens.
// - Server-side compaction: a create request with `context_management: [{type: "compaction",
//   compact_threshold: N}]` whose conversation renders to more than N tokens is compacted before the
//   model answers; the stream then carries the `compaction` item as an output item of its own
//   (output_item.added/.done, before the answer's items), and the model sees only the user messages
//   and that item plus what follows it. The API's default threshold when N is left out is not
//   documented; this server uses 80 % of the model's window then. An endpoint that does not know the
//   field answers 400 `unknown_parameter` naming `context_management`.
// Tokens are estimated as the real tokenizer roughly counts English and code: 4 characters each.
import { asRecord, type JsonRecord } from './json';
import type { ScriptedError } from './replies';

export const COMPACT_PATH = /^\/v1\/responses\/compact\/?(\?.*)?$/;

/** What this server writes into its compaction items; a compaction item it did not issue is refused. */
const ENCRYPTED_PREFIX = 'fakecmp1.';
/** What one compaction item counts for in the window. */
export const COMPACTION_ITEM_TOKENS = 200;

/** The real models' windows (input + output); models not listed have no limit here. */
export const REAL_CONTEXT_WINDOWS: Readonly<Record<string, number>> = {
  'gpt-5': 400_000,
  'gpt-5-mini': 400_000,
  'gpt-5-nano': 400_000,
  'gpt-5-codex': 400_000,
  'gpt-5.1': 400_000,
  'gpt-5.1-codex': 400_000,
  'gpt-5.1-codex-max': 400_000,
  'gpt-5.2': 400_000,
};

export const CONTEXT_LENGTH_EXCEEDED: ScriptedError = {
  type: 'invalid_request_error',
  code: 'context_length_exceeded',
  param: 'input',
  message: 'Your input exceeds the context window of this model. Please adjust your input and try again.',
};

function isCompactionItem(item: unknown): boolean {
  return asRecord(item)?.type === 'compaction';
}

/** Estimated tokens of these items: compaction items count as a small fixed amount. */
export function estimateTokens(items: readonly unknown[], instructions?: unknown): number {
  let chars = typeof instructions === 'string' ? instructions.length : 0;
  let tokens = 0;
  for (const item of items) {
    if (isCompactionItem(item)) tokens += COMPACTION_ITEM_TOKENS;
    else chars += JSON.stringify(item ?? '').length;
  }
  return tokens + Math.ceil(chars / 4);
}

/** What the model sees of a conversation: the latest compaction item stands for everything but
 *  the user messages before it. */
export function visibleConversation(conversation: readonly unknown[]): unknown[] {
  let last = -1;
  conversation.forEach((item, index) => {
    if (isCompactionItem(item)) last = index;
  });
  return last < 0 ? [...conversation] : [...conversation.slice(0, last).filter(isUserMessage), ...conversation.slice(last)];
}

/** The 400 for a request that does not fit `window`, or undefined. */
export function contextLengthError(request: JsonRecord, conversation: readonly unknown[], window: number | undefined): ScriptedError | undefined {
  if (window === undefined) return undefined;
  const maxOutput = typeof request.max_output_tokens === 'number' ? request.max_output_tokens : 0;
  return estimateTokens(visibleConversation(conversation), request.instructions) + maxOutput > window ? CONTEXT_LENGTH_EXCEEDED : undefined;
}

/** The 400 for a compaction item in the input that this server did not issue. */
export function compactionItemError(input: unknown): ScriptedError | undefined {
  const items = Array.isArray(input) ? input : [];
  for (const [index, item] of items.entries()) {
    const record = asRecord(item);
    if (record?.type !== 'compaction') continue;
    if (typeof record.encrypted_content !== 'string' || !record.encrypted_content.startsWith(ENCRYPTED_PREFIX)) {
      return { type: 'invalid_request_error', code: 'invalid_encrypted_content', param: `input[${index}].encrypted_content`, message: 'The encrypted content could not be decrypted or parsed.' };
    }
  }
  return undefined;
}

/** The 400s of `POST /v1/responses/compact` for a body that names nothing to compact. */
export function compactRequestError(body: JsonRecord): ScriptedError | undefined {
  if (typeof body.model !== 'string' || body.model === '') {
    return { type: 'invalid_request_error', code: 'missing_required_parameter', param: 'model', message: "Missing required parameter: 'model'." };
  }
  const hasInput = typeof body.input === 'string' || (Array.isArray(body.input) && body.input.length > 0);
  if (!hasInput && typeof body.previous_response_id !== 'string') {
    return { type: 'invalid_request_error', code: null, param: 'input', message: 'Either input or previous_response_id must be provided.' };
  }
  return compactionItemError(body.input);
}

function isUserMessage(item: unknown): boolean {
  const record = asRecord(item);
  return record?.role === 'user' && (record.type === undefined || record.type === 'message');
}

/** The compaction item standing for `conversation` (all but its user messages). */
export function compactionItemFor(conversation: readonly unknown[], sequence: number): JsonRecord {
  const replaced = conversation.length - conversation.filter(isUserMessage).length;
  return { id: `cmp_fake_${sequence}`, type: 'compaction', encrypted_content: `${ENCRYPTED_PREFIX}${replaced}.${sequence}` };
}

/** The `response.compaction` object for a conversation: its user messages, then one compaction item. */
export function compactedResponse(conversation: readonly unknown[], instructions: unknown, sequence: number): JsonRecord {
  const visible = visibleConversation(conversation);
  const userMessages = conversation.filter(isUserMessage);
  const inputTokens = estimateTokens(visible, instructions);
  const compaction = compactionItemFor(conversation, sequence);
  return {
    id: `resp_compact_fake_${sequence}`,
    object: 'response.compaction',
    created_at: Math.floor(Date.now() / 1000),
    output: [...userMessages, compaction],
    usage: {
      input_tokens: inputTokens,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: COMPACTION_ITEM_TOKENS,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: inputTokens + COMPACTION_ITEM_TOKENS,
    },
  };
}

export const UNKNOWN_CONTEXT_MANAGEMENT: ScriptedError = {
  type: 'invalid_request_error',
  code: 'unknown_parameter',
  param: 'context_management',
  message: "Unknown parameter: 'context_management'.",
};

function invalidContextManagement(param: string, message: string): ScriptedError {
  return { type: 'invalid_request_error', code: 'invalid_value', param, message };
}

/** `context_management` of a create request: the token count past which it asks for server-side
 *  compaction (undefined: none asked for), or the API's 400 for a malformed field. */
export function compactThresholdOf(request: JsonRecord, window: number | undefined): { threshold?: number; error?: ScriptedError } {
  const field = request.context_management;
  if (field === undefined || field === null) return {};
  if (!Array.isArray(field)) return { error: invalidContextManagement('context_management', "Invalid type for 'context_management': expected an array of objects.") };
  let threshold: number | undefined;
  for (const [index, entry] of field.entries()) {
    const record = asRecord(entry);
    if (record?.type !== 'compaction') {
      return { error: invalidContextManagement(`context_management[${index}].type`, `Invalid value: '${String(record?.type)}'. Supported values are: 'compaction'.`) };
    }
    const asked = record.compact_threshold;
    if (asked !== undefined && asked !== null && (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 1)) {
      return { error: invalidContextManagement(`context_management[${index}].compact_threshold`, `Invalid 'context_management[${index}].compact_threshold': expected a positive integer.`) };
    }
    threshold = typeof asked === 'number' ? asked : window === undefined ? undefined : Math.floor(window * 0.8);
  }
  return { threshold };
}
