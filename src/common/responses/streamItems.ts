// The state the stream reducer keeps per output item, and how one item's text, refusal and
// reasoning summary are reconciled when a later event (`.done`, `output_item.done`, the terminal
// `response`) carries the full value: the missing tail is emitted as a delta when the streamed
// chunks are its prefix, and the full value replaces the chunks either way.
import type { ResponseOutputItem } from 'openai/resources/responses/responses';
import type { ReducedMessage, ResponseStreamEvent, ToolCall, ToolCallKind } from './streamTypes';

export type ItemKind = 'message' | 'reasoning' | 'custom_tool_call' | 'function_call' | 'apply_patch_call' | 'other';
export type ToolItemKind = 'custom_tool_call' | 'function_call' | 'apply_patch_call';
export type Emit = (event: ResponseStreamEvent) => void;

export interface ItemState {
  id: string;
  kind: ItemKind;
  outputIndex?: number;
  arrival: number;
  phase?: string;
  /** Message text chunks per content_index. */
  textParts: Map<number, string[]>;
  refusalParts: string[];
  /** Reasoning summary chunks per summary_index. */
  summaryParts: Map<number, string[]>;
  toolInput: string[];
  callId: string;
  name: string;
  toolStarted: boolean;
  toolDone: boolean;
  /** The full item from `output_item.done`. */
  doneItem?: ResponseOutputItem;
}

export function newItemState(id: string, kind: ItemKind, outputIndex: number | undefined, arrival: number): ItemState {
  return {
    id,
    kind,
    outputIndex,
    arrival,
    textParts: new Map(),
    refusalParts: [],
    summaryParts: new Map(),
    toolInput: [],
    callId: '',
    name: '',
    toolStarted: false,
    toolDone: false,
  };
}

export function itemKindOf(type: unknown): ItemKind {
  switch (type) {
    case 'message':
    case 'reasoning':
    case 'custom_tool_call':
    case 'function_call':
    case 'apply_patch_call':
      return type;
    default:
      return 'other';
  }
}

export function isToolItem(kind: ItemKind): kind is ToolItemKind {
  return kind === 'custom_tool_call' || kind === 'function_call' || kind === 'apply_patch_call';
}

export function toolCallKind(kind: ToolItemKind): ToolCallKind {
  return kind === 'custom_tool_call' ? 'custom' : kind === 'function_call' ? 'function' : 'apply_patch';
}

/** The built-in tool's items carry no `name`; the product knows them by the tool's type. */
export const BUILTIN_APPLY_PATCH_NAME = 'apply_patch';

/** A message's text: its content parts in content_index order. */
export function messageText(item: ItemState): string {
  return [...item.textParts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, parts]) => parts.join(''))
    .join('');
}

/** The messages, refusals and tool calls of the items, in the order given. A message that is
 *  only a refusal is not also listed as an empty message. */
export function collectItems(ordered: readonly ItemState[]): { messages: ReducedMessage[]; refusals: string[]; toolCalls: ToolCall[] } {
  const messages: ReducedMessage[] = [];
  const refusals: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const item of ordered) {
    if (item.kind === 'message') {
      const text = messageText(item);
      if (text.length > 0 || item.refusalParts.length === 0) {
        messages.push(item.phase === undefined ? { itemId: item.id, text } : { itemId: item.id, text, phase: item.phase });
      }
      if (item.refusalParts.length > 0) refusals.push(item.refusalParts.join(''));
    } else if (isToolItem(item.kind)) {
      toolCalls.push({ itemId: item.id, callId: item.callId, name: item.name, kind: toolCallKind(item.kind), input: item.toolInput.join(''), done: item.toolDone });
    }
  }
  return { messages, refusals, toolCalls };
}

/** Adds one streamed chunk to a content part. */
export function appendText(item: ItemState, contentIndex: number, delta: string): void {
  let parts = item.textParts.get(contentIndex);
  if (!parts) item.textParts.set(contentIndex, (parts = []));
  parts.push(delta);
}

/** Makes one content part equal `full`, emitting the missing tail as a delta when the
 *  streamed text is its prefix, and announcing the item's final text when it changed. */
export function reconcileText(item: ItemState, contentIndex: number, full: string, emit: Emit): void {
  const parts = item.textParts.get(contentIndex) ?? [];
  const streamed = parts.join('');
  if (streamed === full) return;
  if (full.startsWith(streamed)) {
    emit({ type: 'text-delta', itemId: item.id, delta: full.slice(streamed.length) });
  }
  item.textParts.set(contentIndex, [full]);
  emit({ type: 'text-done', itemId: item.id, text: messageText(item) });
}

export function reconcileRefusal(item: ItemState, full: string, emit: Emit): void {
  const streamed = item.refusalParts.join('');
  if (streamed === full) return;
  if (full.startsWith(streamed)) emit({ type: 'refusal-delta', itemId: item.id, delta: full.slice(streamed.length) });
  item.refusalParts = [full];
}

/** The reasoning summary parts of a whole response, in the order they started: one text with a
 *  paragraph break between parts, whose deltas concatenated equal the final text. */
export class ReasoningSummaries {
  private readonly order: { item: ItemState; index: number }[] = [];

  constructor(private readonly emit: Emit) {}

  /** A streamed chunk of part `index` of the item. Empty chunks are ignored. */
  delta(item: ItemState, index: number, delta: string): void {
    if (delta.length === 0) return;
    this.push(item, index, this.part(item, index), delta);
  }

  /** The full text of part `index`, from a `.done` event or a finished item. */
  reconcile(item: ItemState, index: number, full: string): void {
    const parts = this.part(item, index);
    const streamed = parts.join('');
    if (streamed === full || full.length === 0) return;
    if (full.startsWith(streamed)) this.push(item, index, parts, full.slice(streamed.length));
    parts.length = 0;
    parts.push(full);
  }

  /** All parts joined by paragraph breaks; empty parts are left out. */
  text(): string {
    return this.order
      .map(({ item, index }) => (item.summaryParts.get(index) ?? []).join(''))
      .filter((part) => part.length > 0)
      .join('\n\n');
  }

  private part(item: ItemState, index: number): string[] {
    let parts = item.summaryParts.get(index);
    if (parts) return parts;
    parts = [];
    item.summaryParts.set(index, parts);
    this.order.push({ item, index });
    return parts;
  }

  /** A new part after earlier text starts with a paragraph break, so the deltas concatenated
   *  equal `text()`. */
  private push(item: ItemState, index: number, parts: string[], delta: string): void {
    const separator = parts.length === 0 && this.hasTextBefore(item, index) ? '\n\n' : '';
    parts.push(delta);
    this.emit({ type: 'reasoning-summary-delta', itemId: item.id, summaryIndex: index, delta: separator + delta });
  }

  private hasTextBefore(item: ItemState, index: number): boolean {
    for (const entry of this.order) {
      if (entry.item === item && entry.index === index) return false;
      if ((entry.item.summaryParts.get(entry.index) ?? []).some((chunk) => chunk.length > 0)) return true;
    }
    return false;
  }
}
