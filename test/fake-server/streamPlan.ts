// Plans a scripted streamed answer as the list of events the real API would send for it: the
// response shell, each output item's events, usage, the terminal event, then any scripted fault.
// A new kind of output item gets a case in `planItem`; a new fault goes into `applyFaults`.
import { randomBytes } from 'node:crypto';
import { asRecord, type JsonRecord } from './json';
import type { ScriptedItem, StreamReply } from './replies';

/** The events to send, in order (sequence numbers are added when written). */
export interface StreamPlan {
  events: JsonRecord[];
  /** The response to store when the stream has been sent; undefined when nothing is stored (failed, stalled). */
  finalResponse: JsonRecord | undefined;
  /** After the events, go silent with the connection open. */
  stall: boolean;
}

/** What one output item adds to the stream: its events and its finished form in `response.output`. */
interface ItemStream {
  events: JsonRecord[];
  item: JsonRecord;
  /** Characters of visible output, for the usage estimate. */
  outputChars: number;
}

/** What every item planner needs to know about the request and the item's place. */
interface ItemContext {
  outputIndex: number;
  /** The item ends an incomplete response (it stops part-way). */
  cutShort: boolean;
  summaryRequested: boolean;
  includeEncrypted: boolean;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(25).toString('hex')}`;
}

/** Real deltas carry random padding so their size does not reveal the token. */
function obfuscation(delta: string): string {
  return randomToken(Math.max(2, 16 - delta.length) + (delta.length % 3));
}

/** Splits text into streaming pieces: word by word by default. */
export function splitIntoChunks(text: string, chunks?: number | string[]): string[] {
  if (Array.isArray(chunks)) {
    if (chunks.join('') !== text) throw new Error('fake server: scripted chunks do not join to the full text');
    return chunks;
  }
  const codePoints = Array.from(text);
  if (typeof chunks === 'number') {
    const count = Math.max(1, Math.min(chunks, codePoints.length));
    const size = Math.ceil(codePoints.length / count);
    const pieces: string[] = [];
    for (let start = 0; start < codePoints.length; start += size) pieces.push(codePoints.slice(start, start + size).join(''));
    return pieces.length > 0 ? pieces : [''];
  }
  const words = text.match(/\s*\S+|\s+$/g);
  return words && words.length > 0 ? words : [text];
}

/** The `response` object of the lifecycle events, shaped like the real API's. */
function responseShell(reply: StreamReply, request: JsonRecord, id: string, createdAt: number) {
  const reasoningParam = asRecord(request.reasoning) ?? {};
  const textParam = asRecord(request.text) ?? {};
  return (status: string, output: unknown[], usage: unknown): JsonRecord => ({
    id,
    object: 'response',
    created_at: createdAt,
    status,
    background: request.background === true,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: reply.incompleteReason ?? 'max_output_tokens' } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: null,
    model: request.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: request.previous_response_id ?? null,
    prompt_cache_key: null,
    reasoning: { effort: reasoningParam.effort ?? 'medium', summary: reasoningParam.summary ?? null },
    safety_identifier: null,
    service_tier: 'default',
    store: request.store !== false,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: textParam.verbosity ?? 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_logprobs: 0,
    top_p: 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  });
}

/** Builds the full event list of a scripted answer, faults included. */
export function planStream(reply: StreamReply, request: JsonRecord): StreamPlan {
  const shell = responseShell(reply, request, newId('resp'), Math.floor(Date.now() / 1000));
  const incomplete = reply.status === 'incomplete';
  const reasoningParam = asRecord(request.reasoning) ?? {};
  const events: JsonRecord[] = [
    { type: 'response.created', response: shell('in_progress', [], null) },
    { type: 'response.in_progress', response: shell('in_progress', [], null) },
  ];
  const output: JsonRecord[] = [];
  let outputChars = 0;
  reply.output.forEach((scripted, outputIndex) => {
    const planned = planItem(scripted, {
      outputIndex,
      cutShort: incomplete && outputIndex === reply.output.length - 1,
      summaryRequested: typeof reasoningParam.summary === 'string' && reasoningParam.summary.length > 0,
      includeEncrypted: Array.isArray(request.include) && request.include.includes('reasoning.encrypted_content'),
    });
    events.push(...planned.events, { type: 'response.output_item.done', output_index: outputIndex, item: planned.item });
    output.push(planned.item);
    outputChars += planned.outputChars;
  });
  const hasReasoning = reply.output.some((item) => item.type === 'reasoning');
  const finalResponse = shell(incomplete ? 'incomplete' : 'completed', output, usageOf(reply, request, outputChars, hasReasoning));
  events.push({ type: incomplete ? 'response.incomplete' : 'response.completed', response: finalResponse });
  return applyFaults(reply, { events, finalResponse, stall: false });
}

/** The events of one output item up to (not including) its `response.output_item.done`. */
function planItem(scripted: ScriptedItem, context: ItemContext): ItemStream {
  switch (scripted.type) {
    case 'message':
    case 'refusal':
      return planMessage(scripted, context);
    case 'reasoning':
      return planReasoning(scripted, context);
    case 'custom_tool_call':
    case 'function_call':
      return planToolCall(scripted, context);
    case 'apply_patch_call':
      return planApplyPatchCall(scripted, context);
    case 'compaction': {
      const item = { id: scripted.id, type: 'compaction', encrypted_content: scripted.encryptedContent };
      return { events: [{ type: 'response.output_item.added', output_index: context.outputIndex, item }], item, outputChars: 0 };
    }
  }
}

/** The built-in apply_patch tool's call: `added` (in progress, the operation without its diff
 *  yet), optionally the diff streaming in pieces, then `output_item.done` with the whole operation. */
function planApplyPatchCall(scripted: Extract<ScriptedItem, { type: 'apply_patch_call' }>, context: ItemContext): ItemStream {
  const id = newId('apc');
  const callId = scripted.callId ?? `call_${randomToken(24)}`;
  const operation = { ...scripted.operation };
  const started = { type: operation.type, path: operation.path, ...(operation.diff !== undefined ? { diff: '' } : {}) };
  const events: JsonRecord[] = [
    {
      type: 'response.output_item.added',
      output_index: context.outputIndex,
      item: { id, type: 'apply_patch_call', status: 'in_progress', call_id: callId, operation: started },
    },
  ];
  if (scripted.diffChunks !== undefined && operation.diff !== undefined) {
    const base = { item_id: id, output_index: context.outputIndex };
    for (const delta of splitIntoChunks(operation.diff, scripted.diffChunks)) {
      events.push({ type: 'response.apply_patch_call_operation_diff.delta', ...base, delta, obfuscation: obfuscation(delta) });
    }
    events.push({ type: 'response.apply_patch_call_operation_diff.done', ...base, diff: operation.diff });
  }
  const item = { id, type: 'apply_patch_call', status: 'completed', call_id: callId, operation };
  return { events, item, outputChars: (operation.diff ?? '').length + operation.path.length };
}

function planMessage(scripted: Extract<ScriptedItem, { type: 'message' | 'refusal' }>, context: ItemContext): ItemStream {
  const id = newId('msg');
  const base = { item_id: id, output_index: context.outputIndex, content_index: 0 };
  const isRefusal = scripted.type === 'refusal';
  const full = isRefusal ? scripted.refusal : scripted.text;
  const phase = scripted.type === 'message' && scripted.phase ? { phase: scripted.phase } : {};
  const emptyPart = isRefusal ? { type: 'refusal', refusal: '' } : { type: 'output_text', annotations: [], logprobs: [], text: '' };
  const fullPart = isRefusal ? { type: 'refusal', refusal: full } : { type: 'output_text', annotations: [], logprobs: [], text: full };
  const events: JsonRecord[] = [
    {
      type: 'response.output_item.added',
      output_index: context.outputIndex,
      item: { id, type: 'message', status: 'in_progress', content: [], ...phase, role: 'assistant' },
    },
    { type: 'response.content_part.added', ...base, part: emptyPart },
  ];
  for (const delta of splitIntoChunks(full, scripted.chunks)) {
    events.push(
      isRefusal
        ? { type: 'response.refusal.delta', ...base, delta, obfuscation: obfuscation(delta) }
        : { type: 'response.output_text.delta', ...base, delta, logprobs: [], obfuscation: obfuscation(delta) },
    );
  }
  events.push(
    isRefusal
      ? { type: 'response.refusal.done', ...base, refusal: full }
      : { type: 'response.output_text.done', ...base, text: full, logprobs: [] },
    { type: 'response.content_part.done', ...base, part: fullPart },
  );
  const item = { id, type: 'message', status: context.cutShort ? 'incomplete' : 'completed', content: [fullPart], ...phase, role: 'assistant' };
  return { events, item, outputChars: full.length };
}

function planReasoning(scripted: Extract<ScriptedItem, { type: 'reasoning' }>, context: ItemContext): ItemStream {
  // Like the real API, summaries stream only when the request asked for them.
  const summary = context.summaryRequested ? scripted.summary : [];
  const id = newId('rs');
  const encrypted = context.includeEncrypted ? { encrypted_content: scripted.encryptedContent ?? `gAAAAAB${randomBytes(96).toString('base64url')}` } : {};
  const events: JsonRecord[] = [{ type: 'response.output_item.added', output_index: context.outputIndex, item: { id, type: 'reasoning', ...encrypted, summary: [] } }];
  summary.forEach((text, summaryIndex) => {
    const base = { item_id: id, output_index: context.outputIndex, summary_index: summaryIndex };
    events.push({ type: 'response.reasoning_summary_part.added', ...base, part: { type: 'summary_text', text: '' } });
    for (const delta of splitIntoChunks(text, scripted.chunks)) {
      events.push({ type: 'response.reasoning_summary_text.delta', ...base, delta, obfuscation: obfuscation(delta) });
    }
    events.push(
      { type: 'response.reasoning_summary_text.done', ...base, text },
      { type: 'response.reasoning_summary_part.done', ...base, part: { type: 'summary_text', text } },
    );
  });
  const item = { id, type: 'reasoning', ...encrypted, summary: summary.map((text) => ({ type: 'summary_text', text })) };
  return { events, item, outputChars: 0 };
}

function planToolCall(scripted: Extract<ScriptedItem, { type: 'custom_tool_call' | 'function_call' }>, context: ItemContext): ItemStream {
  const isCustom = scripted.type === 'custom_tool_call';
  const id = newId(isCustom ? 'ctc' : 'fc');
  const callId = scripted.callId ?? `call_${randomToken(24)}`;
  const full = isCustom ? scripted.input : scripted.arguments;
  const field = isCustom ? 'input' : 'arguments';
  const events: JsonRecord[] = [
    {
      type: 'response.output_item.added',
      output_index: context.outputIndex,
      item: { id, type: scripted.type, status: 'in_progress', call_id: callId, [field]: '', name: scripted.name },
    },
  ];
  const deltaType = isCustom ? 'response.custom_tool_call_input.delta' : 'response.function_call_arguments.delta';
  for (const delta of splitIntoChunks(full, scripted.chunks)) {
    events.push({ type: deltaType, item_id: id, output_index: context.outputIndex, delta, obfuscation: obfuscation(delta) });
  }
  events.push({
    type: isCustom ? 'response.custom_tool_call_input.done' : 'response.function_call_arguments.done',
    item_id: id,
    output_index: context.outputIndex,
    [field]: full,
    // The real `.done` of function arguments names the function too (the custom-tool one does not).
    ...(isCustom ? {} : { name: scripted.name }),
  });
  const item = { id, type: scripted.type, status: 'completed', call_id: callId, [field]: full, name: scripted.name };
  return { events, item, outputChars: full.length };
}

/** Scripted token counts, or estimates from the request and output size. */
function usageOf(reply: StreamReply, request: JsonRecord, outputChars: number, hasReasoning: boolean): JsonRecord {
  const scripted = reply.usage ?? {};
  const inputTokens = scripted.inputTokens ?? Math.max(1, Math.ceil(JSON.stringify(request.input ?? '').length / 4));
  const reasoningTokens = scripted.reasoningTokens ?? (hasReasoning ? 64 : 0);
  const outputTokens = scripted.outputTokens ?? Math.ceil(outputChars / 4) + reasoningTokens;
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: scripted.cachedTokens ?? 0, cache_write_tokens: scripted.cacheWriteTokens ?? 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoningTokens },
    total_tokens: inputTokens + outputTokens,
  };
}

/** A mid-stream error (nested `error` event, then `response.failed`) or a stall, part-way through the plan. */
function applyFaults(reply: StreamReply, plan: StreamPlan): StreamPlan {
  const finalResponse = plan.finalResponse ?? {};
  if (reply.midStreamError) {
    const { afterEvents, error } = reply.midStreamError;
    const failed = {
      ...finalResponse,
      status: 'failed',
      error: { code: error.code ?? error.type, message: error.message },
      output: [],
      usage: null,
    };
    const events = [
      ...plan.events.slice(0, afterEvents),
      { type: 'error', error: { type: error.type, code: error.code, message: error.message, param: error.param ?? null } },
      { type: 'response.failed', response: failed },
    ];
    return { events, finalResponse: undefined, stall: false };
  }
  if (reply.stallAfterEvents !== undefined) {
    return { events: plan.events.slice(0, reply.stallAfterEvents), finalResponse: undefined, stall: true };
  }
  return plan;
}

/** A plan of exactly the scripted events; a final completed or incomplete response is stored. */
export function planFromEvents(events: JsonRecord[]): StreamPlan {
  const last = events[events.length - 1];
  const terminal = last?.type === 'response.completed' || last?.type === 'response.incomplete' ? asRecord(last.response) : undefined;
  return { events, finalResponse: terminal, stall: false };
}
