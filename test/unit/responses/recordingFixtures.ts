// Reads test/fixtures/wire-recordings for tests, and computes what each recorded response says
// straight from its JSON, independently of the reducer under test.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultRecordingsDir } from '../../fake-server/recordings';

export const recordingsDir = defaultRecordingsDir();

/** Every recording of a stream (the README and the plain HTTP error body are not streams). */
export function streamRecordingFiles(): string[] {
  return readdirSync(recordingsDir)
    .filter((name) => name !== 'README.md')
    .filter((name) => /^(event|data):/m.test(readFileSync(path.join(recordingsDir, name), 'utf8')) || name.endsWith('.chunks.txt'))
    .sort();
}

export function allRecordingFiles(): string[] {
  return readdirSync(recordingsDir)
    .filter((name) => name !== 'README.md')
    .sort();
}

type Json = Record<string, unknown>;

/** The recorded events, split into responses at each `response.created`. */
export function recordedResponses(file: string): Json[][] {
  const text = readFileSync(path.join(recordingsDir, file), 'utf8');
  const payloads = file.endsWith('.chunks.txt')
    ? text.split('\n').filter((line) => line.trim().length > 0)
    : text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice('data:'.length).trim());
  const responses: Json[][] = [];
  for (const payload of payloads) {
    const event = JSON.parse(payload) as Json;
    if (event.type === 'response.created' || responses.length === 0) responses.push([]);
    responses[responses.length - 1]?.push(event);
  }
  return responses;
}

export interface RecordedExpectation {
  responseId?: string;
  /** Message texts in output order. */
  messageTexts: string[];
  reasoningParts: string[];
  toolInputs: { callId: string; name: string; input: string }[];
  usage?: { input_tokens: number; output_tokens: number; cached: number; reasoning: number; total: number };
  terminal?: 'completed' | 'incomplete' | 'failed';
  errorMessage?: string;
  errorCode?: string | null;
  failureMessage?: string;
  /** item id → concatenated deltas, to compare with the final texts. */
  deltas: Map<string, string>;
  /** item id → final text from a `.done` event or the finished item. */
  finals: Map<string, string>;
}

function record(value: unknown): Json {
  return value !== null && typeof value === 'object' ? (value as Json) : {};
}

/** What one recorded response contains, read straight from its events. */
export function expectationOf(events: Json[]): RecordedExpectation {
  const deltas = new Map<string, string>();
  const finals = new Map<string, string>();
  const kinds = new Map<string, string>();
  const order = new Map<string, number>();
  const calls = new Map<string, { callId: string; name: string }>();
  const summaryParts = new Map<string, string>();
  const summaryDeltas = new Map<string, string>();
  const expectation: RecordedExpectation = { messageTexts: [], reasoningParts: [], toolInputs: [], deltas, finals };
  for (const event of events) {
    const type = String(event.type);
    const itemId = typeof event.item_id === 'string' ? event.item_id : undefined;
    if (type === 'response.created') expectation.responseId = String(record(event.response).id);
    if (type === 'response.output_item.added' || type === 'response.output_item.done') {
      const item = record(event.item);
      const id = String(item.id);
      kinds.set(id, String(item.type));
      if (typeof event.output_index === 'number' && !order.has(id)) order.set(id, event.output_index);
      if (typeof item.call_id === 'string') calls.set(id, { callId: item.call_id, name: String(item.name) });
      if (type === 'response.output_item.done') {
        if (typeof item.input === 'string') finals.set(id, item.input);
        if (typeof item.arguments === 'string') finals.set(id, item.arguments);
        if (Array.isArray(item.content)) finals.set(id, item.content.map((part) => String(record(part).text ?? '')).join(''));
        if (Array.isArray(item.summary)) {
          item.summary.forEach((part, index) => summaryParts.set(`${id}#${index}`, String(record(part).text)));
        }
      }
    }
    if (itemId && typeof event.delta === 'string') {
      if (type === 'response.reasoning_summary_text.delta') {
        const key = `${itemId}#${String(event.summary_index)}`;
        summaryDeltas.set(key, (summaryDeltas.get(key) ?? '') + event.delta);
      } else {
        deltas.set(itemId, (deltas.get(itemId) ?? '') + event.delta);
      }
    }
    if (itemId && type === 'response.output_text.done') finals.set(itemId, String(event.text));
    if (itemId && type === 'response.custom_tool_call_input.done') finals.set(itemId, String(event.input));
    if (itemId && type === 'response.function_call_arguments.done') finals.set(itemId, String(event.arguments));
    if (itemId && type === 'response.reasoning_summary_text.done') summaryParts.set(`${itemId}#${String(event.summary_index)}`, String(event.text));
    if (type === 'error') {
      const error = record(event.error);
      expectation.errorMessage = String(error.message);
      expectation.errorCode = (error.code as string | null | undefined) ?? null;
    }
    if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
      expectation.terminal = type.slice('response.'.length) as RecordedExpectation['terminal'];
      const response = record(event.response);
      if (!expectation.responseId) expectation.responseId = String(response.id);
      const usage = response.usage ? record(response.usage) : undefined;
      if (usage) {
        expectation.usage = {
          input_tokens: Number(usage.input_tokens),
          output_tokens: Number(usage.output_tokens),
          cached: Number(record(usage.input_tokens_details).cached_tokens ?? 0),
          reasoning: Number(record(usage.output_tokens_details).reasoning_tokens ?? 0),
          total: Number(usage.total_tokens),
        };
      }
      if (type === 'response.failed') expectation.failureMessage = String(record(response.error).message);
    }
  }
  const ids = [...kinds.keys()].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  for (const id of ids) {
    const kind = kinds.get(id);
    const text = finals.get(id) ?? deltas.get(id) ?? '';
    if (kind === 'message' && text.length > 0) expectation.messageTexts.push(text);
    if (kind === 'custom_tool_call' || kind === 'function_call') {
      const call = calls.get(id) ?? { callId: '', name: '' };
      expectation.toolInputs.push({ ...call, input: text });
    }
  }
  const summaryKeys = [...new Set([...summaryDeltas.keys(), ...summaryParts.keys()])];
  for (const key of summaryKeys) {
    const text = summaryParts.get(key) ?? summaryDeltas.get(key) ?? '';
    if (text.length > 0) expectation.reasoningParts.push(text);
  }
  return expectation;
}
