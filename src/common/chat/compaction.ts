// Long conversations: when a chat's last response filled most of the model's context window, the
// conversation so far is compacted before the next prompt goes out, so the prompt does not fail
// with `context_length_exceeded`. Compaction is the Responses API's `POST /responses/compact`
// (openai-node `client.responses.compact`): it takes the conversation (`input` items, or
// `previous_response_id` for a stored chain) and returns its user messages followed by one opaque,
// encrypted `compaction` item that carries the rest in far fewer tokens. Those items then stand for
// the compacted turns in every later request — also when nothing is stored (store: false), where
// they travel in `input` like any other history. An endpoint without the route (a proxy, an older
// server) answers 404 or 400; the chat then says so and offers a new chat seeded with a summary.
import type { ResponseCompactParams } from 'openai/resources/responses/responses';
import { toCodewrightError, type CodewrightError, type ResponsesClient } from '../responses';
import type { StoredConversation } from './conversationStore';
import type { BuiltTurnRequest } from './turnRequest';

/** Compact before a new prompt once the last response held this share of the window. */
export const COMPACT_AT_RATIO = 0.8;

export type ContextUse = NonNullable<StoredConversation['context']>;

export function contextRatio(context: ContextUse | undefined): number {
  return context && context.windowTokens > 0 ? context.usedTokens / context.windowTokens : 0;
}

function percent(context: ContextUse): string {
  return `${Math.round(contextRatio(context) * 100)}%`;
}

function thousands(tokens: number): string {
  return tokens >= 1000 ? `${Math.round(tokens / 1000)}k` : String(tokens);
}

/** Whether the conversation should be compacted before the next prompt: its last response (with
 *  this model) filled the window past the threshold, and there is something new to compact. */
export function needsCompaction(conversation: StoredConversation, model: string, throughTurnId: string | undefined): boolean {
  const context = conversation.context;
  if (!context || context.model !== model || throughTurnId === undefined) return false;
  if (conversation.compaction?.throughTurnId === throughTurnId) return false;
  return contextRatio(context) >= COMPACT_AT_RATIO;
}

/** The body of the compaction request: the same conversation the next request would carry. */
export function compactParams(model: string, built: BuiltTurnRequest, cacheKey: string): ResponseCompactParams | undefined {
  const { request } = built;
  const base: ResponseCompactParams = { model, instructions: request.instructions, prompt_cache_key: cacheKey };
  if (request.previousResponseId) return { ...base, previous_response_id: request.previousResponseId };
  if (request.history && request.history.length > 0) return { ...base, input: request.history };
  return undefined;
}

export type CompactionResult = { items: unknown[] } | { error: CodewrightError };

/** Asks the API to compact; never throws. */
export async function compactConversation(client: ResponsesClient, params: ResponseCompactParams, signal: AbortSignal): Promise<CompactionResult> {
  try {
    const compacted = await client.responses.compact(params, { signal });
    const items = Array.isArray(compacted.output) ? (compacted.output as unknown[]) : [];
    if (!items.some((item) => (item as { type?: unknown }).type === 'compaction')) {
      return { error: toCodewrightError(new Error('the compaction answer held no compaction item'), { model: String(params.model) }) };
    }
    return { items };
  } catch (err) {
    return { error: toCodewrightError(err, { model: String(params.model) }) };
  }
}

/** Whether a failed compaction means the endpoint or model has none (rather than a passing fault). */
export function compactionUnsupported(error: CodewrightError): boolean {
  return error.status === 404 || error.status === 400 || error.status === 405 || error.status === 501;
}

export function compactedNote(context: ContextUse): string {
  return `This chat filled ${percent(context)} of ${context.model}'s ${thousands(context.windowTokens)}-token context window, so the conversation so far was compacted (the API keeps its gist in far fewer tokens) before this prompt went out.`;
}

export function compactionFailedNote(context: ContextUse, error: CodewrightError, unsupported: boolean): string {
  const why = unsupported ? 'this endpoint cannot compact conversations' : `compacting failed (${error.message})`;
  return `This chat fills ${percent(context)} of ${context.model}'s ${thousands(context.windowTokens)}-token context window and ${why}. If an answer fails for lack of room, use New Chat with Summary to go on in a fresh chat.`;
}

export function serverCompactedNote(model: string): string {
  return `This turn's tool rounds filled most of ${model}'s context window, so the API compacted the conversation so far (server-side compaction) and the turn went on.`;
}
