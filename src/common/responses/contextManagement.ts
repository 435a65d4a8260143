// Server-side compaction inside one turn. A long tool loop (read, search, read again…) grows the
// input of every round, and the compaction before a new prompt (chat/compaction.ts) cannot help
// once the turn has started. The Responses API compacts by itself when a request carries
// `context_management: [{type: "compaction", compact_threshold: N}]` and its conversation renders to
// more than N tokens: the answer's stream then carries an opaque, encrypted `compaction` output item
// that stands for everything before it. With `store: false` that item must travel in the next
// request's input like any other output item; the items it replaced (except the user's messages,
// which `POST /responses/compact` also keeps) need not travel any more.
//
// It is sent on tool-output and Continue rounds only: a new prompt is already preceded by the
// explicit compaction (which the chat keeps and notes for every later turn), and a second,
// server-side one at the same threshold on that request would only compact the same conversation
// twice. An endpoint that does not know the field answers 400 naming it; the parameter fallback
// then leaves it out for that model (parameterFallback.ts).
import type { ResponseCreateParamsStreaming } from 'openai/resources/responses/responses';

/** Compact once the conversation holds this share of the window (the same as before a new prompt). */
export const SERVER_COMPACT_RATIO = 0.8;

/** The `compact_threshold` for a model's window: 80 % of it, and always room for the longest answer asked for. */
export function compactThresholdFor(windowTokens: number, maxOutputTokens: number | null): number {
  const roomForAnswer = maxOutputTokens === null ? windowTokens : windowTokens - maxOutputTokens;
  return Math.max(1, Math.floor(Math.min(windowTokens * SERVER_COMPACT_RATIO, roomForAnswer)));
}

export function contextManagementParam(threshold: number): NonNullable<ResponseCreateParamsStreaming['context_management']> {
  return [{ type: 'compaction', compact_threshold: threshold }];
}

function typeOf(item: unknown): unknown {
  return typeof item === 'object' && item !== null ? (item as { type?: unknown }).type : undefined;
}

function isUserMessage(item: unknown): boolean {
  const record = typeof item === 'object' && item !== null ? (item as { role?: unknown; type?: unknown }) : {};
  return record.role === 'user' && (record.type === undefined || record.type === 'message');
}

/** Whether a response's output holds a compaction item. */
export function holdsCompaction(items: readonly unknown[]): boolean {
  return items.some((item) => typeOf(item) === 'compaction');
}

/** Resent history from its latest compaction item on: the user messages before it (as the compact
 *  endpoint returns them), the item, and everything after it. Without one, the history unchanged. */
export function fromLatestCompaction<T>(items: readonly T[]): T[] {
  let latest = -1;
  items.forEach((item, index) => {
    if (typeOf(item) === 'compaction') latest = index;
  });
  return latest < 0 ? [...items] : [...items.slice(0, latest).filter(isUserMessage), ...items.slice(latest)];
}
