// What the stream reducer produces, and the readers it checks raw event JSON with: token usage,
// error payloads, tool calls, the product's stream events and the reduced response.
import type { ResponseOutputItem } from 'openai/resources/responses/responses';

export interface TokenUsage {
  inputTokens: number;
  /** Part of `inputTokens` served from the prompt cache. */
  cachedInputTokens: number;
  /** Part of `inputTokens` written to the prompt cache (`input_tokens_details.cache_write_tokens`);
   *  set only when the usage reports some. */
  cacheWriteTokens?: number;
  /** Includes `reasoningTokens`. */
  outputTokens: number;
  reasoningTokens: number;
  totalTokens: number;
}

/** An error as the API describes it (mid-stream `error` event or `response.error`). */
export interface StreamErrorPayload {
  message: string;
  code?: string;
  type?: string;
  param?: string;
}

/** 'apply_patch': a call of the built-in apply_patch tool; its `input` is the JSON of its `operation`. */
export type ToolCallKind = 'custom' | 'function' | 'apply_patch';

export interface ToolCall {
  itemId: string;
  callId: string;
  name: string;
  kind: ToolCallKind;
  /** Custom tools: the raw input text. Function tools: the JSON arguments string. The built-in
   *  apply_patch tool: the JSON of the item's `operation` ('' when it had none). */
  input: string;
  /** False while the input is still streaming (or when the stream broke before it ended). */
  done: boolean;
}

export type ResponseStreamEvent =
  | { type: 'created'; responseId: string }
  | { type: 'text-delta'; itemId: string; delta: string }
  /** The authoritative full text of one message item (after its deltas). */
  | { type: 'text-done'; itemId: string; text: string }
  | { type: 'refusal-delta'; itemId: string; delta: string }
  /** Deltas of later summary parts start with a paragraph break. */
  | { type: 'reasoning-summary-delta'; itemId: string; summaryIndex: number; delta: string }
  /** `operation`: the built-in apply_patch call's type and path, known before its diff streams. */
  | { type: 'tool-call-started'; itemId: string; callId: string; name: string; kind: ToolCallKind; operation?: { type: string; path: string } }
  | { type: 'tool-input-delta'; itemId: string; callId: string; delta: string }
  /** Fired exactly once per tool call. */
  | { type: 'tool-call-done'; itemId: string; callId: string; name: string; kind: ToolCallKind; input: string }
  | { type: 'completed'; responseId: string; usage?: TokenUsage; output: ResponseOutputItem[] }
  | { type: 'incomplete'; responseId?: string; reason: string; usage?: TokenUsage; output: ResponseOutputItem[] }
  | { type: 'failed'; responseId?: string; error: StreamErrorPayload }
  | { type: 'error'; error: StreamErrorPayload };

export type ReducedStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ReducedMessage {
  itemId: string;
  text: string;
  /** `commentary` or `final_answer` on models that label their messages. */
  phase?: string;
}

/** Everything the stream said, accumulated. */
export interface ReducedResponse {
  responseId?: string;
  model?: string;
  status: ReducedStatus;
  /** All message texts, in output order, separated by a blank line. */
  text: string;
  messages: ReducedMessage[];
  /** The reasoning summary parts, separated by a blank line. */
  reasoning: string;
  refusal: string;
  toolCalls: ToolCall[];
  usage?: TokenUsage;
  /** The output items, for a stateless follow-up (reasoning items carry `encrypted_content`). */
  output: ResponseOutputItem[];
  incompleteReason?: string;
  /** `response.error` of a failed response. */
  failure?: StreamErrorPayload;
  /** The payload of a mid-stream `error` event. */
  streamError?: StreamErrorPayload;
}

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asIndex(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Normalizes the API's `usage` object; undefined when it is absent or null. */
export function normalizeUsage(value: unknown): TokenUsage | undefined {
  const usage = asRecord(value);
  if (!usage) return undefined;
  const inputTokens = count(usage.input_tokens);
  const outputTokens = count(usage.output_tokens);
  const inputDetails = asRecord(usage.input_tokens_details);
  const normalized: TokenUsage = {
    inputTokens,
    cachedInputTokens: count(inputDetails?.cached_tokens),
    outputTokens,
    reasoningTokens: count(asRecord(usage.output_tokens_details)?.reasoning_tokens),
    totalTokens: usage.total_tokens === undefined ? inputTokens + outputTokens : count(usage.total_tokens),
  };
  const cacheWriteTokens = count(inputDetails?.cache_write_tokens);
  if (cacheWriteTokens > 0) normalized.cacheWriteTokens = cacheWriteTokens;
  return normalized;
}

/** Reads an error payload whether nested (`{error:{…}}`) or flat (`{code, message}`). */
export function normalizeErrorPayload(value: unknown): StreamErrorPayload {
  const outer = asRecord(value) ?? {};
  const inner = asRecord(outer.error) ?? outer;
  const text = (field: unknown) => (typeof field === 'string' && field.length > 0 ? field : undefined);
  return {
    message: text(inner.message) ?? text(outer.message) ?? 'The API reported an error without a message.',
    code: text(inner.code) ?? text(outer.code),
    type: text(inner.type) === 'error' ? undefined : text(inner.type),
    param: text(inner.param) ?? text(outer.param),
  };
}
