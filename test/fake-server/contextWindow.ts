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

/** The `response.compaction` object for a conversation: its user messages, then one compaction item. */
export function compactedResponse(conversation: readonly unknown[], instructions: unknown, sequence: number): JsonRecord {
  const visible = visibleConversation(conversation);
  const userMessages = conversation.filter(isUserMessage);
  const replaced = conversation.length - userMessages.length;
  const inputTokens = estimateTokens(visible, instructions);
  const compaction = { id: `cmp_fake_${sequence}`, type: 'compaction', encrypted_content: `${ENCRYPTED_PREFIX}${replaced}.${sequence}` };
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
