// Reduces the raw Responses API event stream to product events and a final state.
//
// Real streams are messier than the SDK's types: sequence numbers can be trimmed, output
// indexes are sparse, `.done` events go missing, items arrive without `.added`, and new event
// types appear. So every event is read as unknown JSON, every field is checked, unknown event
// types are ignored, and each piece of state can be completed from whichever event carries
// it first (`.delta`s, the `.done` event, `output_item.done`, or the terminal `response`).
import type { ResponseOutputItem } from 'openai/resources/responses/responses';
import {
  asIndex,
  asRecord,
  asString,
  normalizeErrorPayload,
  normalizeUsage,
  type JsonRecord,
  type ReducedMessage,
  type ReducedResponse,
  type ReducedStatus,
  type ResponseStreamEvent,
  type StreamErrorPayload,
  type TokenUsage,
  type ToolCall,
  type ToolCallKind,
} from './streamTypes';
import {
  appendText,
  BUILTIN_APPLY_PATCH_NAME,
  collectItems,
  isToolItem,
  itemKindOf,
  newItemState,
  ReasoningSummaries,
  reconcileRefusal,
  reconcileText,
  toolCallKind,
  type ItemKind,
  type ItemState,
} from './streamItems';

export { normalizeErrorPayload, normalizeUsage };
export type { ReducedMessage, ReducedResponse, ReducedStatus, ResponseStreamEvent, StreamErrorPayload, TokenUsage, ToolCall, ToolCallKind };
export { toHistoryItems } from './historyItems';

export class ResponseStreamReducer {
  private readonly items = new Map<string, ItemState>();
  private arrivals = 0;
  private responseId?: string;
  private model?: string;
  private status: ReducedStatus = 'in_progress';
  private usage?: TokenUsage;
  private terminalOutput?: ResponseOutputItem[];
  private incompleteReason?: string;
  private failure?: StreamErrorPayload;
  private streamError?: StreamErrorPayload;
  private readonly summaries: ReasoningSummaries;

  constructor(private readonly emit: (event: ResponseStreamEvent) => void = () => undefined) {
    this.summaries = new ReasoningSummaries(emit);
  }

  /** Feeds one raw event (the parsed `data:` JSON). Never throws on unexpected input. */
  push(raw: unknown): void {
    const event = asRecord(raw);
    if (!event) return;
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        this.onResponseStarted(asRecord(event.response));
        return;
      case 'response.output_item.added':
        this.onItemAdded(event);
        return;
      case 'response.output_item.done':
        this.onItemDone(event);
        return;
      case 'response.output_text.delta':
        this.onTextDelta(event);
        return;
      case 'response.output_text.done':
        this.onTextDone(event);
        return;
      case 'response.refusal.delta':
        this.onRefusalDelta(event);
        return;
      case 'response.refusal.done':
        this.onRefusalDone(event);
        return;
      case 'response.reasoning_summary_text.delta':
        this.onSummaryDelta(event);
        return;
      case 'response.reasoning_summary_text.done':
        this.onSummaryDone(event);
        return;
      case 'response.custom_tool_call_input.delta':
        this.onToolInputDelta(event, 'custom_tool_call');
        return;
      case 'response.function_call_arguments.delta':
        this.onToolInputDelta(event, 'function_call');
        return;
      case 'response.apply_patch_call_operation_diff.delta':
        this.onDiffDelta(event);
        return;
      case 'response.custom_tool_call_input.done':
        this.onToolInputDone(event, 'custom_tool_call', asString(event.input));
        return;
      case 'response.function_call_arguments.done':
        this.onToolInputDone(event, 'function_call', asString(event.arguments));
        return;
      case 'response.completed':
        this.onTerminal('completed', asRecord(event.response));
        return;
      case 'response.incomplete':
        this.onTerminal('incomplete', asRecord(event.response));
        return;
      case 'response.failed':
        this.onTerminal('failed', asRecord(event.response));
        return;
      case 'error':
        this.streamError = normalizeErrorPayload(event);
        this.emit({ type: 'error', error: this.streamError });
        return;
      default:
        // content_part.*, reasoning_summary_part.*, annotations, new event types: nothing to do.
        return;
    }
  }

  /** True once `response.completed`, `.incomplete` or `.failed` arrived. */
  get finished(): boolean {
    return this.status !== 'in_progress';
  }

  get currentResponseId(): string | undefined {
    return this.responseId;
  }

  /** The accumulated state. Joins the text chunks, so call it once at the end, not per event. */
  snapshot(): ReducedResponse {
    const { messages, refusals, toolCalls } = collectItems(this.orderedItems());
    const reasoning = this.summaries.text();
    const result: ReducedResponse = {
      status: this.status,
      text: messages
        .map((message) => message.text)
        .filter((text) => text.length > 0)
        .join('\n\n'),
      messages,
      reasoning,
      refusal: refusals.join('\n\n'),
      toolCalls,
      output: this.outputItems(),
    };
    if (this.responseId !== undefined) result.responseId = this.responseId;
    if (this.model !== undefined) result.model = this.model;
    if (this.usage) result.usage = this.usage;
    if (this.incompleteReason !== undefined) result.incompleteReason = this.incompleteReason;
    if (this.failure) result.failure = this.failure;
    if (this.streamError) result.streamError = this.streamError;
    return result;
  }

  private onResponseStarted(response: JsonRecord | undefined): void {
    const id = asString(response?.id);
    if (id === undefined || this.responseId !== undefined) return;
    this.responseId = id;
    this.model = asString(response?.model);
    this.emit({ type: 'created', responseId: id });
  }

  private item(id: string, kind: ItemKind, outputIndex?: number): ItemState {
    let item = this.items.get(id);
    if (!item) {
      item = newItemState(id, kind, outputIndex, this.arrivals++);
      this.items.set(id, item);
    } else {
      if (item.kind === 'other' && kind !== 'other') item.kind = kind;
      if (item.outputIndex === undefined && outputIndex !== undefined) item.outputIndex = outputIndex;
    }
    return item;
  }

  /** Takes call id, name and phase from an item object, and announces a tool call once. */
  private absorbItemFields(item: ItemState, raw: JsonRecord): void {
    const phase = asString(raw.phase);
    if (phase !== undefined) item.phase = phase;
    if (!isToolItem(item.kind)) return;
    item.callId = asString(raw.call_id) ?? item.callId;
    item.name = item.kind === 'apply_patch_call' ? BUILTIN_APPLY_PATCH_NAME : (asString(raw.name) ?? item.name);
    if (!item.toolStarted && item.callId.length > 0) {
      item.toolStarted = true;
      const operation = asRecord(raw.operation);
      const type = asString(operation?.type);
      const path = asString(operation?.path);
      this.emit({
        type: 'tool-call-started',
        itemId: item.id,
        callId: item.callId,
        name: item.name,
        kind: toolCallKind(item.kind),
        ...(item.kind === 'apply_patch_call' && type !== undefined && path !== undefined ? { operation: { type, path } } : {}),
      });
    }
  }

  private onItemAdded(event: JsonRecord): void {
    const raw = asRecord(event.item);
    const id = asString(raw?.id);
    if (!raw || id === undefined) return;
    const item = this.item(id, itemKindOf(raw.type), asIndex(event.output_index));
    this.absorbItemFields(item, raw);
  }

  private onItemDone(event: JsonRecord): void {
    const raw = asRecord(event.item);
    if (!raw) return;
    const id = asString(raw.id) ?? `item_at_${String(asIndex(event.output_index) ?? this.arrivals)}`;
    const item = this.item(id, itemKindOf(raw.type), asIndex(event.output_index));
    item.doneItem = raw as unknown as ResponseOutputItem;
    this.completeItemFrom(item, raw);
  }

  /** Fills in whatever the deltas missed from a full item (output_item.done or response.output). */
  private completeItemFrom(item: ItemState, raw: JsonRecord): void {
    this.absorbItemFields(item, raw);
    if (item.kind === 'message' && Array.isArray(raw.content)) {
      raw.content.forEach((part: unknown, index: number) => {
        const content = asRecord(part);
        if (content?.type === 'output_text' && typeof content.text === 'string') {
          reconcileText(item, index, content.text, this.emit);
        } else if (content?.type === 'refusal' && typeof content.refusal === 'string') {
          reconcileRefusal(item, content.refusal, this.emit);
        }
      });
    } else if (item.kind === 'reasoning' && Array.isArray(raw.summary)) {
      raw.summary.forEach((part: unknown, index: number) => {
        const text = asString(asRecord(part)?.text);
        if (text !== undefined) this.summaries.reconcile(item, index, text);
      });
    } else if (item.kind === 'custom_tool_call') {
      this.finishToolCall(item, asString(raw.input));
    } else if (item.kind === 'function_call') {
      this.finishToolCall(item, asString(raw.arguments));
    } else if (item.kind === 'apply_patch_call') {
      // No events between `added` and `done`: the finished item holds the whole operation.
      this.finishToolCall(item, raw.operation === undefined ? '' : JSON.stringify(raw.operation));
    }
  }

  private onTextDelta(event: JsonRecord): void {
    const id = asString(event.item_id);
    const delta = asString(event.delta);
    if (id === undefined || delta === undefined) return;
    const item = this.item(id, 'message', asIndex(event.output_index));
    appendText(item, asIndex(event.content_index) ?? 0, delta);
    if (delta.length > 0) this.emit({ type: 'text-delta', itemId: id, delta });
  }

  private onTextDone(event: JsonRecord): void {
    const id = asString(event.item_id);
    const text = asString(event.text);
    if (id === undefined || text === undefined) return;
    reconcileText(this.item(id, 'message', asIndex(event.output_index)), asIndex(event.content_index) ?? 0, text, this.emit);
  }

  private onRefusalDelta(event: JsonRecord): void {
    const id = asString(event.item_id);
    const delta = asString(event.delta);
    if (id === undefined || delta === undefined) return;
    this.item(id, 'message', asIndex(event.output_index)).refusalParts.push(delta);
    if (delta.length > 0) this.emit({ type: 'refusal-delta', itemId: id, delta });
  }

  private onRefusalDone(event: JsonRecord): void {
    const id = asString(event.item_id);
    const refusal = asString(event.refusal);
    if (id === undefined || refusal === undefined) return;
    reconcileRefusal(this.item(id, 'message', asIndex(event.output_index)), refusal, this.emit);
  }

  private onSummaryDelta(event: JsonRecord): void {
    const id = asString(event.item_id);
    const delta = asString(event.delta);
    if (id === undefined || delta === undefined || delta.length === 0) return;
    this.summaries.delta(this.item(id, 'reasoning', asIndex(event.output_index)), asIndex(event.summary_index) ?? 0, delta);
  }

  private onSummaryDone(event: JsonRecord): void {
    const id = asString(event.item_id);
    const text = asString(event.text);
    if (id === undefined || text === undefined) return;
    this.summaries.reconcile(this.item(id, 'reasoning', asIndex(event.output_index)), asIndex(event.summary_index) ?? 0, text);
  }

  private onToolInputDelta(event: JsonRecord, kind: 'custom_tool_call' | 'function_call'): void {
    const id = asString(event.item_id);
    const delta = asString(event.delta);
    if (id === undefined || delta === undefined) return;
    const item = this.item(id, kind, asIndex(event.output_index));
    if (item.toolDone) return;
    item.toolInput.push(delta);
    if (delta.length > 0) this.emit({ type: 'tool-input-delta', itemId: id, callId: item.callId, delta });
  }

  /** A built-in apply_patch call's diff streaming: passed on as input deltas of the call (the
   *  finished item's operation stays authoritative). */
  private onDiffDelta(event: JsonRecord): void {
    const id = asString(event.item_id);
    const delta = asString(event.delta);
    if (id === undefined || delta === undefined || delta.length === 0) return;
    const item = this.item(id, 'apply_patch_call', asIndex(event.output_index));
    if (item.toolDone || !item.toolStarted) return;
    this.emit({ type: 'tool-input-delta', itemId: id, callId: item.callId, delta });
  }

  private onToolInputDone(event: JsonRecord, kind: 'custom_tool_call' | 'function_call', input: string | undefined): void {
    const id = asString(event.item_id);
    if (id === undefined) return;
    this.finishToolCall(this.item(id, kind, asIndex(event.output_index)), input);
  }

  /** Completes a tool call once; `input` (when known) is authoritative over the deltas. */
  private finishToolCall(item: ItemState, input: string | undefined): void {
    if (item.toolDone) return;
    if (input !== undefined) {
      const streamed = item.toolInput.join('');
      if (input !== streamed) {
        // The built-in tool's input is its operation's JSON, not a continuation of the streamed diff.
        if (input.startsWith(streamed) && item.toolStarted && item.kind !== 'apply_patch_call') {
          this.emit({ type: 'tool-input-delta', itemId: item.id, callId: item.callId, delta: input.slice(streamed.length) });
        }
        item.toolInput = [input];
      }
    }
    item.toolDone = true;
    this.emit({
      type: 'tool-call-done',
      itemId: item.id,
      callId: item.callId,
      name: item.name,
      kind: isToolItem(item.kind) ? toolCallKind(item.kind) : 'custom',
      input: item.toolInput.join(''),
    });
  }

  private onTerminal(status: Exclude<ReducedStatus, 'in_progress'>, response: JsonRecord | undefined): void {
    if (this.finished) return;
    const id = asString(response?.id);
    if (id !== undefined && this.responseId === undefined) {
      this.responseId = id;
      this.model = asString(response?.model);
    }
    const output = Array.isArray(response?.output) ? (response.output as unknown[]) : [];
    output.forEach((value, index) => {
      const raw = asRecord(value);
      const itemId = asString(raw?.id);
      if (!raw || itemId === undefined) return;
      const item = this.item(itemId, itemKindOf(raw.type), this.items.get(itemId)?.outputIndex ?? index);
      this.completeItemFrom(item, raw);
    });
    if (output.length > 0) this.terminalOutput = output as ResponseOutputItem[];
    this.usage = normalizeUsage(response?.usage);
    this.status = status;
    if (status === 'completed') {
      this.emit({ type: 'completed', responseId: this.responseId ?? '', usage: this.usage, output: this.outputItems() });
    } else if (status === 'incomplete') {
      this.incompleteReason = asString(asRecord(response?.incomplete_details)?.reason) ?? 'unknown';
      this.emit({
        type: 'incomplete',
        responseId: this.responseId,
        reason: this.incompleteReason,
        usage: this.usage,
        output: this.outputItems(),
      });
    } else {
      this.failure = normalizeErrorPayload(response?.error ?? {});
      this.emit({ type: 'failed', responseId: this.responseId, error: this.failure });
    }
  }

  private orderedItems(): ItemState[] {
    const position = (item: ItemState) => item.outputIndex ?? Number.MAX_SAFE_INTEGER;
    return [...this.items.values()].sort((a, b) => position(a) - position(b) || a.arrival - b.arrival);
  }

  private outputItems(): ResponseOutputItem[] {
    if (this.terminalOutput) return this.terminalOutput;
    const done: ResponseOutputItem[] = [];
    for (const item of this.orderedItems()) if (item.doneItem) done.push(item.doneItem);
    return done;
  }
}
