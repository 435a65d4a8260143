// What a stateless (store: false) follow-up resends of a finished response's output.
import type { ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';

// A `compaction` item (the API's opaque, encrypted stand-in for earlier context) is kept like the
// rest: without it a stateless chat would lose what it replaced.
const HISTORY_ITEM_TYPES = new Set(['message', 'reasoning', 'custom_tool_call', 'function_call', 'apply_patch_call', 'compaction']);

/** The output items a stateless (store: false) follow-up must resend, as input items.
 *  Built-in tool results the API re-derives itself are left out. */
export function toHistoryItems(output: readonly ResponseOutputItem[]): ResponseInputItem[] {
  return output.filter((item) => HISTORY_ITEM_TYPES.has(item.type)) as ResponseInputItem[];
}
